"""Benchmarks: upstream calls per operation and gateway overhead, printed as tables.

Run with `make bench` (or `.venv/bin/python -m bench --help`). Nothing here is asserted:
the figures are for people to read and compare between commits.
"""
