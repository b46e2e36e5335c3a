"""Benchmarks: the gateway beside Apollo Server 5 (`make bench`, peers.py), upstream calls per
operation and gateway overhead (`python -m bench`), hostile requests (hardening.py).

Nothing here is asserted: the figures are for people to read and compare between commits.
"""
