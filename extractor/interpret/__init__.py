"""Interpreters: each turns a Document (through a Context) into one kind of record."""
