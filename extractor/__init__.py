"""extractor: structured records from Chinese performance self-evaluation filings (绩效自评)."""

__version__ = "0.1.0"
