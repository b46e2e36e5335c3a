"""Persisted operations: a manifest of the apps' operations, and automatic persisted queries."""
