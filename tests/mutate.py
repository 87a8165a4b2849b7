"""Mutations of sample filings for fuzzing: damaged zip members and XML, flipped PDF bytes."""
from __future__ import annotations

import io
import random
import zipfile
from pathlib import Path

SAMPLES = Path(__file__).resolve().parents[1] / "samples"
XML_SNIPPETS = [b"<w:tbl>", b"</w:tc>", b"<w:vMerge/>", b'<w:gridSpan w:val="999999"/>', b'<w:gridSpan w:val="-3"/>',
                b"<w:p>", b"&amp;", b"&undefined;", b"<![CDATA[", b"\x00", b"\xff\xfe", "附件9".encode(), b"<w:t>",
                b'<w:vMerge w:val="restart"/>', b'<w:gridBefore w:val="50"/>', b"]]>", b"<!DOCTYPE x>"]


HTML_SNIPPETS = [b"<table>", b"</td>", b"<td rowspan=\"99999\">", b"<td colspan=\"-1\">", b"<tr>", b"<br>",
                 b"<img src=\"x.png\">", b"&#0;", b"\xff\xfe", b"<meta charset=\"utf-16\">", b"<div id=\"zoom\">",
                 b"<table><tr><td><table>", b"</table>", b"<!--", b"<script>", b"\xe9", "附件9".encode("gbk")]
OFD_SNIPPETS = [b'<ofd:TextCode X="1e308" Y="nan" DeltaX="g 999999999 1">', b'Boundary="a b c"', b'CTM="0 0 0 0 0 0"',
                b"<ofd:PathObject><ofd:AbbreviatedData>M 1 L", b'DeltaX="g g g"', b"<ofd:TextObject>", b'Size="-5"',
                b'BaseLoc="../../../etc/passwd"', b"<!DOCTYPE x>", b"\x00"]


def mutate_docx(data: bytes, rng: random.Random, main: str = "word/document.xml",
                snippets: list[bytes] = XML_SNIPPETS) -> bytes:
    with zipfile.ZipFile(io.BytesIO(data)) as src:
        members = [(info.filename, src.read(info)) for info in src.infolist()]
    choice = rng.random()
    if choice < 0.1 and len(members) > 1:
        members.pop(rng.randrange(len(members)))  # a missing part
    else:
        index = next((i for i, (name, _) in enumerate(members) if name == main), 0)
        if rng.random() < 0.3:
            index = rng.randrange(len(members))
        name, body = members[index]
        members[index] = (name, mutate_bytes(body, rng, snippets))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name, body in members:
            z.writestr(name, body)
    result = out.getvalue()
    if rng.random() < 0.1:
        result = mutate_bytes(result, rng, [])  # damage the container itself
    return result


def mutate_bytes(data: bytes, rng: random.Random, snippets: list[bytes]) -> bytes:
    data = bytearray(data)
    for _ in range(rng.randint(1, 6)):
        kind = rng.random()
        at = rng.randrange(max(1, len(data)))
        if kind < 0.3:
            data[at:at + 1] = bytes([rng.getrandbits(8)])
        elif kind < 0.5 and snippets:
            data[at:at] = rng.choice(snippets)
        elif kind < 0.65:
            del data[at:at + rng.randint(1, 400)]
        elif kind < 0.8:
            span = data[at:at + rng.randint(1, 200)]
            data[at:at] = span * rng.randint(1, 5)
        elif kind < 0.9:
            del data[at:]
        else:
            data[at:at] = bytes(rng.getrandbits(8) for _ in range(rng.randint(1, 64)))
    return bytes(data)


def mutated_web(rng: random.Random, sources: list[Path]) -> tuple[str, bytes]:
    """A mutated copy of a saved page (.html, .mht) or an OFD among `sources`: (suffix, bytes)."""
    source = rng.choice(sources)
    data = source.read_bytes()
    if source.suffix == ".ofd":
        return ".ofd", mutate_docx(data, rng, "Doc_0/Pages/Page_0/Content.xml", OFD_SNIPPETS)
    return source.suffix, mutate_bytes(data, rng, HTML_SNIPPETS)


def mutated(rng: random.Random) -> tuple[str, bytes]:
    """A mutated copy of a random sample: (suffix, bytes)."""
    sources = sorted(SAMPLES.glob("*.docx")) + sorted(SAMPLES.glob("*.pdf"))
    source = rng.choice(sources)
    data = source.read_bytes()
    if source.suffix == ".docx":
        return ".docx", mutate_docx(data, rng)
    return ".pdf", mutate_bytes(data, rng, [b"obj", b"endobj", b"stream", b"xref", b"/Type /Page", b"<<", b">>", b"0 0 R"])
