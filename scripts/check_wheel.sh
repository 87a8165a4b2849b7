#!/usr/bin/env bash
# The wheel a user gets from pip works on its own: build it, install it (not editable) into a
# fresh virtual environment with its dependencies, and run the main jobs from outside the
# source tree, so nothing can be imported from the checkout by accident.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

python3 -m pip wheel -q --disable-pip-version-check --no-deps . -w "$work/dist"
python3 -m venv "$work/venv"
"$work/venv/bin/pip" install -q --disable-pip-version-check "$work"/dist/extractor-*.whl

cd "$work"  # away from the checkout
where=$("$work/venv/bin/python" -c "import extractor; print(extractor.__file__)")
case "$where" in
  "$work/venv/"*) ;;
  *) echo "check_wheel: extractor was imported from $where, not from the installed wheel" >&2; exit 1 ;;
esac

"$work/venv/bin/extract" "$root/samples/seed.docx" -o "$work/seed.json"
"$work/venv/bin/python" - "$work/seed.json" <<'PY'
import json, sys
record = json.load(open(sys.argv[1], encoding="utf-8"))
assert record["meta"]["department"] == "华容县住房和城乡建设局", record["meta"]
assert any(f["rule"] == "figure.mismatch" and f["found"] == "2346万元" for f in record["findings"])
PY

status=0
"$work/venv/bin/extract" check "$root/samples/p1_school_planted.docx" > "$work/check.txt" || status=$?
if [ "$status" -ne 1 ]; then
  echo "check_wheel: extract check on a planted sample exited $status, expected 1 (errors found)" >&2
  cat "$work/check.txt" >&2
  exit 1
fi
grep -q "sum.parts" "$work/check.txt"

# OCR from the installed wheel alone: the seed's narrative page as a 200 dpi image, recognised
# with the models shipped in rapidocr-onnxruntime's wheel (no network is reachable in CI).
"$work/venv/bin/python" - "$root/samples/seed.pdf" "$work/page.png" <<'PY'
import sys, pypdfium2
pypdfium2.PdfDocument(sys.argv[1])[7].render(scale=200 / 72).to_pil().convert("RGB").save(sys.argv[2], dpi=(200, 200))
PY
"$work/venv/bin/extract" "$work/page.png" -o "$work/page.json"
"$work/venv/bin/python" - "$work/page.json" <<'PY'
import json, sys
record = json.load(open(sys.argv[1], encoding="utf-8"))
assert record["source"]["ocr_pages"] == [1], record["source"]
assert "2346万元" in [f["quantity"]["raw"] for f in record["figures"]], [f["quantity"]["raw"] for f in record["figures"]]
PY
echo "check_wheel: the installed wheel extracts the seed, checks a planted sample and reads a scanned page" >&2
