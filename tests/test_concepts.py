"""Concepts as rule-based named entities: spaCy's SpanRuler and the compiled expression label
the same spans on every text of every corpus, so the extractor's output does not depend on
which one ran (nlp.py)."""
import os
import subprocess
import sys

import pytest

from extractor import nlp
from extractor.document import Paragraph, Table
from extractor.errors import MissingTool
from extractor.pipeline import extract_file
from extractor.readers import read_document

from conftest import SAMPLES

pytest.importorskip("spacy", reason="spaCy is a dev dependency (pip install -e '.[dev]')")


def corpus_texts() -> list[str]:
    """Every paragraph and table cell of the samples and the generated filings, and every line
    of the real-text excerpts."""
    texts = []
    for path in sorted(SAMPLES.glob("*.docx")) + sorted((SAMPLES / "generated").glob("*.docx")):
        document, _ = read_document(path)
        for block in document.blocks:
            if isinstance(block, Paragraph):
                texts.append(block.text)
            elif isinstance(block, Table):
                texts += [cell.text for cell in block.cells]
    for path in sorted((SAMPLES / "real").glob("*.txt")):
        texts += path.read_text(encoding="utf-8").splitlines()
    return [t for t in texts if t.strip()]


def test_the_span_ruler_and_the_expression_label_the_same_spans_on_every_corpus_text():
    texts = corpus_texts()
    assert len(texts) > 10_000
    differing = [t[:80] for t in texts if nlp.span_ruler_concepts(t) != nlp.regex_concepts(t)]
    assert differing == []
    labelled = sum(bool(nlp.regex_concepts(t)) for t in texts)
    assert labelled > 1_000  # the comparison is not over texts without concepts


def test_the_span_ruler_puts_the_concepts_in_doc_spans():
    doc = nlp.span_ruler()("占本年收入合计的47.43%，资金到位率100%")
    assert sorted((s.start_char, s.text, s.label_, s.id_) for s in doc.spans["concepts"]) == [
        (1, "本年收入合计", "CONCEPT", "收入合计"), (3, "收入合计", "CONCEPT", "收入合计"),
        (15, "资金到位", "CONCEPT", "到位资金"), (15, "资金到位率", "CONCEPT", "到位率"), (17, "到位率", "CONCEPT", "到位率")]


@pytest.mark.parametrize("name", ["seed.docx", "p1_school_planted.docx"])
def test_a_filing_extracted_with_the_span_ruler_gives_the_same_record(monkeypatch, name):
    default = extract_file(SAMPLES / name).model_dump(exclude={"source"})
    monkeypatch.setenv(nlp.ENGINE_VARIABLE, "span_ruler")
    assert extract_file(SAMPLES / name).model_dump(exclude={"source"}) == default


def test_the_span_ruler_without_spacy_is_a_clear_error(monkeypatch):
    import builtins

    real_import = builtins.__import__

    def no_spacy(name, *args, **kwargs):
        if name == "spacy":
            raise ImportError(name)
        return real_import(name, *args, **kwargs)

    nlp.span_ruler.cache_clear()
    monkeypatch.setattr(builtins, "__import__", no_spacy)
    with pytest.raises(MissingTool, match="needs spaCy"):
        nlp.span_ruler()
    monkeypatch.undo()
    nlp.span_ruler.cache_clear()



def test_the_span_ruler_without_spacy_stops_the_run_with_one_line():
    # a set-up error is not the file's: no record with every paragraph's figures lost, but exit 8
    code = ("import sys; sys.modules['spacy'] = None; from extractor.cli import main; "
            "sys.argv = ['extract', sys.argv[1]]; raise SystemExit(main())")
    proc = subprocess.run([sys.executable, "-c", code, str(SAMPLES / "seed.docx")], capture_output=True, text=True,
                          env={**os.environ, nlp.ENGINE_VARIABLE: "span_ruler"}, timeout=120)
    assert (proc.returncode, proc.stdout) == (8, "")
    assert proc.stderr.strip().endswith("EXTRACTOR_NER=span_ruler needs spaCy: pip install spacy")
    assert len(proc.stderr.strip().splitlines()) == 1
