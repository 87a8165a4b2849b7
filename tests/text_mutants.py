"""Mutations of real sentences for fuzzing the prose interpreters: the characters and phrases
that drive them (numbers, units, 其中, 占…的, brackets, document numbers, dates) inserted,
dropped, repeated and cut at random places, plus sentences run together."""
from __future__ import annotations

import random
from pathlib import Path

from extractor.document import Document, Paragraph, Provenance
from extractor.pipeline import report_of
from extractor.readers import Source, read_document
from extractor.report import Report

SAMPLES = Path(__file__).resolve().parents[1] / "samples"

PIECES = ["其中", "其中：", "占", "的", "%", "万元", "元", "亿元", "个", "户", "人次", "平方米", "㎡", "立方米", "‰",
          "较上年", "增长", "减少", "提高到", "由", "共计", "合计", "约", "近", "余", "多", "以上", "≥", "≤", "不低于",
          "（", "）", "(", ")", "《", "》", "〔", "〕", "号", "。", "，", "；", "：", "、", "年", "月", "日", "第",
          "十", "百", "千", "万", "亿", "零", "两", "二十一", "〇", "0", "1", "9", ".", ",", "5029", "2436.00", "０８",
          "\u00a0", "\u3000", "\u200b", "𠀀", "\n", "12月31日", "2023年", "湘财预〔2021〕330号", "执行率", "到位率",
          "满意度", "下一步", "计划", "已完成", "1" * 40, "九" * 60, "9" * 400]


def seed_sentences() -> list[str]:
    """Paragraphs of the real-text corpus and of the samples' narrative, as the raw material."""
    sentences = []
    for path in sorted((SAMPLES / "real").glob("*.txt")):
        sentences += [line for line in path.read_text(encoding="utf-8").split("\n") if line.strip()]
    for path in sorted(SAMPLES.glob("*.docx")):  # and the samples' own narrative
        document, _ = read_document(path)
        sentences += [b.text for b in document.blocks if isinstance(b, Paragraph) and len(b.text) > 20]
    return sentences


def mutate(sentence: str, rng: random.Random, pool: list[str]) -> str:
    """One to six random edits of a sentence."""
    text = sentence
    for _ in range(rng.randint(1, 6)):
        edit = rng.random()
        at = rng.randint(0, len(text))
        if edit < 0.45:
            text = text[:at] + rng.choice(PIECES) + text[at:]
        elif edit < 0.6 and text:
            end = min(len(text), at + rng.randint(1, 8))
            text = text[:at] + text[end:]
        elif edit < 0.7 and text:
            end = min(len(text), at + rng.randint(1, 30))
            text = text[:at] + text[at:end] * rng.randint(2, 6) + text[end:]
        elif edit < 0.8:
            text = text[:at]
        elif edit < 0.9:
            text = text + rng.choice(pool)
        else:
            other = rng.choice(pool)
            cut = rng.randint(0, len(other))
            text = text[:at] + other[cut:] + text[at:]
    return text[:5000]


# What a mutated text is extracted as: its paragraphs as a read document, from a nameless source.
SOURCE = Source(file="mutant.docx", sha256="0" * 64, size=0, format="docx")


def document_of(paragraphs: list[str]) -> Document:
    blocks = [Paragraph(text=text, provenance=Provenance(block=i, paragraph=i)) for i, text in enumerate(paragraphs)]
    return Document(format="docx", blocks=blocks)


def report_of_narrative(*paragraphs: str) -> Report:
    """The record of a filing that is one 2022 report attachment holding these paragraphs."""
    return report_of(document_of(["附件1", "2022年度部门整体支出绩效自评报告", *paragraphs]), SOURCE)
