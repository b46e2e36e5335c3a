"""Compiled operations: a query made once per document into a plan, run instead of graphql-core's
per-field executor (`executor.py` decides; `compiler.py` builds; `plan.py` runs; `writers.py` and
`connection.py` write records straight into the response)."""
