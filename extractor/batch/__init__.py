"""Bulk digitisation: many filings into one DuckDB database (and JSONL, Parquet), resumable,
isolated per file, on local processes or a Dask cluster."""
