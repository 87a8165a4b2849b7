"""Precision and recall of every record type on every sample with a truth file.

    python benchmarks/accuracy.py [samples] [--show]

The same as `extract eval samples/`; exits 1 unless every figure is 1.0.
"""
import sys

from extractor.cli import main

if __name__ == "__main__":
    sys.exit(main(["eval", *sys.argv[1:]]))
