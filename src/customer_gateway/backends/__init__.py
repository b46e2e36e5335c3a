"""Backends: one `CustomerBackend` per upstream (`base.py`), each in its own package."""
