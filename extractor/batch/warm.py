"""Imported by the batch fork server: load and warm everything once, before any worker forks."""
from .isolate import warm_up

warm_up()
