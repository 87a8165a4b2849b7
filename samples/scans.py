"""Simulated scans of the sample filings, so an OCR reader can be scored against known truth.

A filing that reaches us scanned was printed, signed, stamped with the unit's red seal and fed
through a scanner: the pages come back as slightly rotated, noisy JPEG images with no text layer.
This script does the same to the text PDFs whose truth we already hold (samples/NAME.pdf and
samples/generated/gNNN.pdf), so a reader of scans can be measured on exactly those filings.

    python samples/scans.py                      # every samples/*.pdf at 200 dpi
    python samples/scans.py --dpi 150 200 300 seed v1_school samples/generated/g001.pdf
    python samples/scans.py --no-seal --no-skew  # one degradation at a time

Output: <out>/<dpi>/<stem>.pdf (default out: samples/.build/scans). A run with a degradation
switched off writes to <out>/<dpi>-noseal/ and the like, so variants never overwrite one another.
A scan newer than its input and than this script is kept, so calling it again is cheap.

Everything is deterministic: the randomness is seeded from the file name and dpi (zlib.crc32, not
Python's salted hash()), and the same input always gives the same bytes.
"""
from __future__ import annotations

import argparse
import functools
import io
import json
import math
import os
import random
import subprocess
import sys
import tempfile
import time
import zlib
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass
from pathlib import Path

import cv2
import img2pdf
import numpy as np
import numpy.typing as npt
from PIL import Image, ImageDraw, ImageFilter, ImageFont

HERE = Path(__file__).resolve().parent
DEFAULT_OUT = HERE / ".build" / "scans"
FALLBACK_SEAL_TEXT = "绩效自评专用章"  # for a PDF without a truth file naming its department
IMAGE_FORMATS = {"png": "PNG", "jpg": "JPEG", "jpeg": "JPEG", "tif": "TIFF", "tiff": "TIFF"}

Alpha = npt.NDArray[np.float32]
Pixels = npt.NDArray[np.uint8]  # height x width x RGB


@dataclass(frozen=True)
class Degradation:
    """What happens to a page between the printer and the PDF we receive."""

    seal: bool = True
    skew: bool = True
    noise: bool = True
    jpeg_quality: int = 80

    def folder(self, dpi: int) -> str:
        """The output folder for this variant: plain `200` for the full treatment, `200-noseal` etc. otherwise."""
        off = [name for name, on in (("seal", self.seal), ("skew", self.skew), ("noise", self.noise)) if not on]
        quality = [] if self.jpeg_quality == Degradation.jpeg_quality else [f"q{self.jpeg_quality}"]
        return "-".join([str(dpi)] + [f"no{name}" for name in off] + quality)


# --- public API -------------------------------------------------------------------------------


def make_scan(  # noqa: PLR0913 - one flag per degradation, as on the command line
    pdf: Path,
    out: Path,
    dpi: int = 200,
    seal: bool = True,
    skew: bool = True,
    noise: bool = True,
    jpeg_quality: int = 80,
    seed: int | None = None,
) -> Path:
    """Write `out`, an image-only PDF of `pdf` as it would come back from a scanner.

    Each page is an RGB JPEG (the seal is red: a grayscale scan would lose what tells it from the
    text), placed on a page of the original's physical size, so page geometry stays comparable.
    The file is written beside `out` and renamed, so an interrupted run never leaves a truncated
    scan that a later run would take as up to date.
    """
    look = Degradation(seal, skew, noise, jpeg_quality)
    pages = degraded_pages(Path(pdf), dpi, look, seed)
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    partial = out.with_name(out.name + ".part")
    # A fixed dpi makes the page width pixels / dpi inches: the original's A4, portrait or landscape.
    # No dates, and img2pdf's own writer, whose /ID is a digest of the content: with pikepdf >= 10 it
    # asks for a random one (it compares version strings, and "10.18.0" < "6.2.0"), so bytes would vary.
    layout = img2pdf.get_fixed_dpi_layout_fun((dpi, dpi))
    partial.write_bytes(img2pdf.convert(pages, layout_fun=layout, nodate=True, engine=img2pdf.Engine.internal))
    partial.replace(out)
    return out


def make_image_pages(  # noqa: PLR0913 - as make_scan, plus the image format
    pdf: Path,
    out_dir: Path,
    dpi: int = 200,
    fmt: str = "png",
    seal: bool = True,
    skew: bool = True,
    noise: bool = True,
    jpeg_quality: int = 80,
    seed: int | None = None,
) -> list[Path]:
    """Write the pages make_scan would put in its PDF as out_dir/page-001.<fmt>, ... (png, jpg or tif).

    The pixels are the very ones of the scan PDF (the JPEG is decoded, not made again), so a reader
    of page images and a reader of scanned PDFs can be compared on identical input.
    """
    kind = IMAGE_FORMATS.get(fmt.lower().lstrip("."))
    if kind is None:
        raise ValueError(f"unknown image format {fmt!r}: one of {', '.join(IMAGE_FORMATS)}")
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    paths = []
    for number, jpeg in enumerate(degraded_pages(Path(pdf), dpi, Degradation(seal, skew, noise, jpeg_quality), seed), 1):
        path = out_dir / f"page-{number:03d}.{fmt.lower().lstrip('.')}"
        if kind == "JPEG":
            path.write_bytes(jpeg)
        else:
            extra = {"compression": "tiff_deflate"} if kind == "TIFF" else {}
            Image.open(io.BytesIO(jpeg)).save(path, kind, dpi=(dpi, dpi), **extra)
        paths.append(path)
    return paths


def default_seed(pdf: Path, dpi: int) -> int:
    """A seed stable across runs and machines: the file name and dpi, not its folder or Python's salted hash()."""
    return zlib.crc32(f"{pdf.name}@{dpi}".encode())


# --- pages ------------------------------------------------------------------------------------


def degraded_pages(pdf: Path, dpi: int, look: Degradation, seed: int | None = None) -> list[bytes]:
    """The JPEG bytes of every page of `pdf`, rendered at `dpi` and degraded.

    The seal goes on the first and the last page, where a filing is signed. Each page and each
    degradation draws from its own random.Random, seeded from `seed`, so switching one degradation
    off leaves the others exactly as they were: a --no-seal scan differs from the sealed one only by
    the seal, and the effect of each can be measured alone.
    """
    seed = default_seed(pdf, dpi) if seed is None else seed
    text = seal_text(pdf)
    with tempfile.TemporaryDirectory(prefix="scan-") as tmp:
        files = render(pdf, dpi, Path(tmp))
        stamped = {0, len(files) - 1}
        pages = []
        for index, file in enumerate(files):
            with Image.open(file) as rendered:
                page = rendered.convert("RGB")
            streams = functools.partial(rng, seed, index)
            pages.append(degrade(page, dpi, look, text if index in stamped else None, streams))
    return pages


def render(pdf: Path, dpi: int, folder: Path) -> list[Path]:
    """Every page of `pdf` as an image file, in page order (pdftoppm pads the numbers to equal width).

    PackBits TIFF rather than PNG: the same pixels, but pdftoppm's PNG compression takes 15 times
    as long as the rendering itself (10 s against 0.7 s for the 23 pages of seed at 200 dpi).
    """
    command = ["pdftoppm", "-r", str(dpi), "-tiff", "-tiffcompression", "packbits", str(pdf), str(folder / "page")]
    subprocess.run(command, check=True, capture_output=True)
    return sorted(folder.glob("page-*.tif"))


def rng(seed: int, page: int, aspect: str) -> random.Random:
    """The random stream of one degradation of one page (a str seed is hashed with SHA-512: stable)."""
    return random.Random(f"{seed}/{page}/{aspect}")


def degrade(page: Image.Image, dpi: int, look: Degradation, seal: str | None, streams: Callable[[str], random.Random]) -> bytes:
    """Stamp (if `seal` names the text), rotate, add noise, and encode as JPEG, in the order a real page goes."""
    if look.seal and seal is not None:
        page = stamp(page, dpi, seal, streams("seal"))
    pixels = np.asarray(page)
    if look.skew:
        pixels = skew(pixels, streams("skew"))
    if look.noise:
        pixels = add_noise(pixels, dpi, streams("noise"))
    buffer = io.BytesIO()
    Image.fromarray(pixels, "RGB").save(buffer, "JPEG", quality=look.jpeg_quality, dpi=(dpi, dpi))
    return buffer.getvalue()


def skew(pixels: Pixels, rand: random.Random) -> Pixels:
    """The page turned by up to 2 degrees either way about its centre, as fed crooked into the
    scanner, on the same canvas (the corners it leaves are white).

    OpenCV's bilinear warp: a scanner's image is soft anyway, and it takes a twentieth of the time
    of Pillow's bicubic rotate (0.05 s against 0.3 s for an A4 page at 200 dpi).
    """
    height, width = pixels.shape[:2]
    matrix = cv2.getRotationMatrix2D((width / 2, height / 2), rand.uniform(-2.0, 2.0), 1.0)
    rotated = cv2.warpAffine(pixels, matrix, (width, height), flags=cv2.INTER_LINEAR, borderValue=(255, 255, 255))
    return np.asarray(rotated, dtype=np.uint8)  # no copy: it tells the type checker what OpenCV's stubs do not


def add_noise(pixels: Pixels, dpi: int, rand: random.Random) -> Pixels:
    """A few specks of dust or toner, and mild sensor noise: gaussian, the same on the three
    channels (a scanner's noise is mostly in brightness), added with saturation by OpenCV."""
    speckled = pixels.copy()
    height, width = pixels.shape[:2]
    for _ in range(rand.randint(4, 15)):
        centre = (rand.randrange(width), rand.randrange(height))
        radius = max(1, round(rand.uniform(0.6, 2.0) * dpi / 200))
        cv2.circle(speckled, centre, radius, (rand.randint(0, 90),) * 3, thickness=-1, lineType=cv2.LINE_AA)
    # OpenCV's generator, seeded from `rand`: four times as fast as numpy's for a page of samples.
    grain = np.empty((height, width), dtype=np.float32)
    cv2.setRNGSeed(rand.randrange(2**31))
    cv2.randn(grain, np.zeros(1), np.full(1, rand.uniform(2.0, 4.0)))  # mean and sigma, as arrays for the stubs
    return np.asarray(cv2.add(speckled, cv2.cvtColor(grain, cv2.COLOR_GRAY2RGB), dtype=cv2.CV_8U), dtype=np.uint8)


# --- the seal ---------------------------------------------------------------------------------


def stamp(page: Image.Image, dpi: int, text: str, rand: random.Random) -> Image.Image:
    """The page with the unit's seal over the end of its last text, blended like ink (multiply):
    the text under the seal stays dark, the paper turns red."""
    diameter = round(4.2 / 2.54 * dpi)  # the 4.2 cm of a unit's official seal
    alpha = seal_alpha(diameter, text, rand)
    cx, cy = seal_centre(page, diameter // 2, rand)
    colour = np.array([rand.randint(190, 225), rand.randint(20, 50), rand.randint(30, 60)], dtype=np.float32) / 255
    size = alpha.shape[0]
    left, top = cx - size // 2, cy - size // 2
    box = (max(left, 0), max(top, 0), min(left + size, page.width), min(top + size, page.height))
    region = np.array(page.crop(box), dtype=np.float32)
    region *= 1 - alpha[box[1] - top : box[3] - top, box[0] - left : box[2] - left, None] * (1 - colour)
    stamped = page.copy()
    stamped.paste(Image.fromarray(region.round().astype(np.uint8), "RGB"), box[:2])
    return stamped


def seal_centre(page: Image.Image, radius: int, rand: random.Random) -> tuple[int, int]:
    """Where a signer stamps: over the end of the last lines of text, toward the right.

    The bottom tenth of the page (footer, page number) is not text a signer stamps; a page with
    nothing in its right half is stamped over its last line anywhere, a blank one at the bottom right.
    """
    dark = np.asarray(page.convert("L")) < 128
    height, width = dark.shape
    body = dark[: int(height * 0.9)]
    rows = np.flatnonzero(body[:, width // 2 :].sum(axis=1) > 2)
    if rows.size == 0:
        rows = np.flatnonzero(body.sum(axis=1) > 2)
    if rows.size == 0:
        x, y = width * 0.72, height * 0.78
    else:
        bottom = int(rows[-1])
        columns = np.flatnonzero(body[max(bottom - radius, 0) : bottom + 1].any(axis=0))
        x, y = columns[-1] - 0.6 * radius, bottom - 0.5 * radius
    x += rand.uniform(-0.25, 0.25) * radius
    y += rand.uniform(-0.25, 0.25) * radius
    margin = 0.03 * min(width, height)
    x = min(max(x, width * 0.55), width - radius - margin)
    y = min(max(y, radius + margin), height - radius - margin)
    return round(x), round(y)


def seal_alpha(diameter: int, text: str, rand: random.Random) -> Alpha:
    """The seal's ink coverage (0 to 1) on a square a little larger than the seal: ring, star and the
    unit's name along the upper arc, turned as a hand stamps it, with uneven ink."""
    size = diameter + 8
    shape = Image.new("L", (size, size), 0)
    draw = ImageDraw.Draw(shape)
    centre, radius = size / 2, diameter / 2
    ring = max(2, round(diameter * 0.028))
    draw.ellipse((centre - radius, centre - radius, centre + radius, centre + radius), outline=255, width=ring)
    draw.polygon(star(centre, 0.17 * diameter), fill=255)
    font = cjk_font()
    if font is not None:
        arc_text(shape, text, font, glyph=round(diameter * 0.14), radius=radius - ring - diameter * 0.1)
    shape = shape.rotate(rand.uniform(-20, 20), resample=Image.Resampling.BICUBIC)
    shape = shape.filter(ImageFilter.GaussianBlur(diameter / 400))  # ink spreads a little into the paper
    coverage = np.array(shape, dtype=np.float32)
    coverage /= 255
    return roughen(coverage, rand)


def star(centre: float, outer: float) -> list[tuple[float, float]]:
    """The ten corners of a five-pointed star pointing up (inner radius: the regular star's 0.382)."""
    corners = []
    for k in range(10):
        r = outer if k % 2 == 0 else outer * 0.382
        angle = -math.pi / 2 + k * math.pi / 5
        corners.append((centre + r * math.cos(angle), centre + r * math.sin(angle)))
    return corners


def arc_text(shape: Image.Image, text: str, font: tuple[str, int], glyph: int, radius: float) -> None:
    """Draw `text` along the upper arc, left to right, each character upright toward the rim, as on
    an official seal; the span grows with the name, up to the usual 250 degrees."""
    face = ImageFont.truetype(font[0], glyph, index=font[1])
    span = min(250.0, max(120.0, 24.0 * len(text)))
    step = span / max(len(text) - 1, 1)
    centre = shape.width / 2
    cell = round(glyph * 1.5)
    for k, char in enumerate(text):
        angle = -span / 2 + k * step if len(text) > 1 else 0.0  # degrees clockwise from the top
        tile = Image.new("L", (cell, cell), 0)
        ImageDraw.Draw(tile).text((cell / 2, cell / 2), char, fill=255, font=face, anchor="mm")
        tile = tile.rotate(-angle, resample=Image.Resampling.BICUBIC)
        x = centre + radius * math.sin(math.radians(angle))
        y = centre - radius * math.cos(math.radians(angle))
        shape.paste(255, (round(x - cell / 2), round(y - cell / 2)), tile)


def roughen(alpha: Alpha, rand: random.Random) -> Alpha:
    """Uneven ink: blotches of thinner ink, one side pressed harder, and small gaps where the pad
    did not touch; never full strength, so the text under it still shows."""
    size = alpha.shape[0]
    generator = np.random.default_rng(rand.getrandbits(64))
    coarse = Image.fromarray((generator.uniform(0.55, 1.0, (6, 6)) * 255).astype(np.uint8), "L")
    blotches = np.asarray(coarse.resize((size, size), Image.Resampling.BICUBIC), dtype=np.float32) / 255
    direction = rand.uniform(0, 2 * math.pi)
    ys, xs = np.mgrid[0:size, 0:size].astype(np.float32) / size - 0.5
    pressure = 1 - rand.uniform(0.1, 0.35) * (0.5 - (xs * math.cos(direction) + ys * math.sin(direction)))
    gaps = np.where(generator.random((size, size), dtype=np.float32) < 0.08, 0.3, 1.0).astype(np.float32)
    return np.clip(alpha * blotches * pressure * gaps * rand.uniform(0.8, 0.92), 0, 1).astype(np.float32)


@functools.cache
def cjk_font() -> tuple[str, int] | None:
    """A font file (and face index, for a .ttc) that has Chinese: Noto Sans CJK SC if fontconfig has
    it, else any font it lists for zh; None without one, and the seal has no text."""
    try:
        chinese = fontconfig(["fc-list", "-f", "%{file}|%{index}\n", ":lang=zh"])
        preferred = fontconfig(["fc-match", "-f", "%{file}|%{index}\n", "Noto Sans CJK SC:bold"])
    except (OSError, subprocess.CalledProcessError):
        return None
    # fc-match always answers, with a Latin font when it has no CJK one: trust it only if it is listed for zh.
    for candidate in preferred + sorted(chinese):
        if candidate in chinese:
            path, _, index = candidate.partition("|")
            return path, int(index or 0)
    return None


def fontconfig(command: list[str]) -> list[str]:
    """The non-blank lines a fontconfig tool prints (one font per line, in the format asked for)."""
    lines = subprocess.run(command, check=True, capture_output=True, text=True).stdout.splitlines()
    return [line for line in lines if line.strip()]


def seal_text(pdf: Path) -> str:
    """The unit's name, as its seal bears it: the department in the sample's truth file
    (NAME.truth.json beside the PDF; the samples' form or the generated ones')."""
    try:
        truth = json.loads(pdf.with_suffix(".truth.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return FALLBACK_SEAL_TEXT
    if not isinstance(truth, dict):
        return FALLBACK_SEAL_TEXT
    meta = truth.get("records", {}).get("meta") or [truth]
    department = meta[0].get("department") if isinstance(meta[0], dict) else None
    return department if isinstance(department, str) and department else FALLBACK_SEAL_TEXT


# --- command line -----------------------------------------------------------------------------


def resolve(name: str) -> Path:
    """A PDF path as given, or a sample name: samples/NAME.pdf, else samples/generated/NAME.pdf."""
    path = Path(name)
    if path.suffix.lower() == ".pdf" and path.is_file():
        return path
    stem = path.stem if path.suffix.lower() == ".pdf" else name
    for candidate in (HERE / f"{stem}.pdf", HERE / "generated" / f"{stem}.pdf"):
        if candidate.is_file():
            return candidate
    raise FileNotFoundError(f"no PDF {name!r}: not a file, nor samples/{stem}.pdf, nor samples/generated/{stem}.pdf")


def up_to_date(out: Path, source: Path) -> bool:
    """The scan exists and is newer than its PDF and than this script (a change here remakes it)."""
    if not out.exists():
        return False
    made = out.stat().st_mtime
    return made > source.stat().st_mtime and made > Path(__file__).stat().st_mtime


def scan_one(pdf: Path, out: Path, dpi: int, look: Degradation) -> tuple[bool, str]:
    """Make one scan and say how it went in one line (it runs in a worker process, where an
    exception would lose pdftoppm's message on its way back)."""
    start = time.perf_counter()
    try:
        make_scan(pdf, out, dpi, look.seal, look.skew, look.noise, look.jpeg_quality)
    except subprocess.CalledProcessError as error:
        return False, f"{pdf}: pdftoppm failed: {error.stderr.decode(errors='replace').strip()}"
    return True, f"{out}  {out.stat().st_size / 1e6:.1f} MB  {time.perf_counter() - start:.1f}s"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Simulated scans of the sample filings (image-only PDFs).")
    parser.add_argument("names", nargs="*", metavar="NAME", help="a PDF, or a sample name (seed, v1_school, g001)")
    parser.add_argument("--dpi", nargs="+", default=["200"], help="scan resolutions (default 200)")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="output folder (default samples/.build/scans)")
    parser.add_argument("--no-seal", dest="seal", action="store_false", help="no red seal")
    parser.add_argument("--no-skew", dest="skew", action="store_false", help="pages not rotated")
    parser.add_argument("--no-noise", dest="noise", action="store_false", help="no noise or specks")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="files made at once (default: one per core)")
    args = parser.parse_args(argv)
    # `--dpi 150 300 seed` takes the names too (nargs="+" is greedy): what is not a number is a name.
    dpis = [int(value) for value in args.dpi if value.isdigit()] or [200]
    names = [value for value in args.dpi if not value.isdigit()] + args.names
    try:
        pdfs = [resolve(name) for name in names] or sorted(HERE.glob("*.pdf"))
    except FileNotFoundError as error:
        parser.error(str(error))
    look = Degradation(args.seal, args.skew, args.noise)
    todo = [(pdf, args.out / look.folder(dpi) / f"{pdf.stem}.pdf", dpi) for dpi in dpis for pdf in pdfs]
    todo = [(pdf, out, dpi) for pdf, out, dpi in todo if not up_to_date(out, pdf)]
    todo.sort(key=lambda job: -job[0].stat().st_size * job[2] ** 2)  # the longest first, so the workers finish together
    failed = False
    with ProcessPoolExecutor(max(1, min(args.jobs, len(todo)))) as pool:
        for future in as_completed([pool.submit(scan_one, pdf, out, dpi, look) for pdf, out, dpi in todo]):
            ok, line = future.result()
            print(line, file=sys.stdout if ok else sys.stderr, flush=True)
            failed = failed or not ok
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
