"""Parts of the filing generator (samples/generate.py): data pools, the filing model, planting,
rendering to builder blocks and the truth file. Test infrastructure; never imported by the
extractor."""
