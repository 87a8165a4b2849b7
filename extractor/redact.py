"""Redaction, a step of its own after extraction: the filer's name and every phone number
masked in every string of a Report.

Masking runs over EVERY string of the record (paragraph and cell texts, meta, figures,
findings…), because the filer's line is repeated in several attachments and quoted in
sentences. Names come from meta and from every filler label in the document; phones from meta,
from every phone label, and from any mobile or area-coded landline anywhere.
"""
from __future__ import annotations

from typing import Any, Callable, Iterator

from .document import Document
from .interpret.meta import contacts_in_document, contacts_in_text, unlabelled_phones
from .report import Report


def mask_name(name: str) -> str:
    """黄可夫 -> 黄**: the family name stays, so a reader still sees a person was named."""
    return name[0] + "*" * (len(name) - 1)


def mask_phone(phone: str) -> str:
    """17673492670 -> 176******70; 0730-1234567 -> 073*-*****67 (separators kept)."""
    digits = [i for i, ch in enumerate(phone) if ch.isdigit()]
    hidden = set(digits[3:-2]) if len(digits) > 5 else set(digits)
    return "".join("*" if i in hidden else ch for i, ch in enumerate(phone))


def redact(report: Report) -> Report:
    """A copy of the report with the filer's name and every phone number masked."""
    data = report.model_dump()  # Python values: Decimals stay Decimals
    names, phones = _contacts(report, data)
    return Report.model_validate(_map_strings(data, _masker(names, phones)))


def _contacts(report: Report, data: dict) -> tuple[set[str], set[str]]:
    document = Document(format=report.source.format, blocks=report.blocks)
    names, phones = contacts_in_document(document)
    for text in set(_strings(data)):
        more_names, more_phones = contacts_in_text(text)
        names |= more_names
        phones |= more_phones
    names |= {report.meta.filler} if report.meta.filler else set()
    phones |= {report.meta.phone} if report.meta.phone else set()
    return names, phones


def _masker(names: set[str], phones: set[str]) -> Callable[[str], str]:
    by_length = sorted(names, key=len, reverse=True), sorted(phones, key=len, reverse=True)
    anywhere = unlabelled_phones()

    def mask(text: str) -> str:
        for name in by_length[0]:
            text = text.replace(name, mask_name(name))
        for phone in by_length[1]:
            text = text.replace(phone, mask_phone(phone))
        return anywhere.sub(lambda m: mask_phone(m.group(0)), text)

    return mask


def _strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for v in value.values():
            yield from _strings(v)
    elif isinstance(value, list):
        for v in value:
            yield from _strings(v)


def _map_strings(value: Any, change: Callable[[str], str]) -> Any:
    if isinstance(value, str):
        return change(value)
    if isinstance(value, dict):
        return {k: _map_strings(v, change) for k, v in value.items()}
    if isinstance(value, list):
        return [_map_strings(v, change) for v in value]
    return value
