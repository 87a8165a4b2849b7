"""Make docs/review.png, the README's picture of the review page: the seed's review with its
2346/2436 finding clicked, in headless Chromium (Debian's package, driven by Playwright).

    python scripts/review_screenshot.py
"""
from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parents[1]


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        page_file = Path(tmp) / "review.html"
        subprocess.run([sys.executable, "-m", "extractor.cli", "review", str(ROOT / "samples" / "seed.docx"), "-o",
                        str(page_file)], check=True)
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=shutil.which("chromium"), args=["--no-sandbox"])
            page = browser.new_page(viewport={"width": 1280, "height": 760})
            page.goto(page_file.as_uri())
            page.locator(".finding", has_text="2346万元").first.click()
            out = ROOT / "docs" / "review.png"
            out.parent.mkdir(exist_ok=True)
            page.screenshot(path=str(out))
            browser.close()
    print(out.relative_to(ROOT))
    return 0


if __name__ == "__main__":
    sys.exit(main())
