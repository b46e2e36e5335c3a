"""The benchmark's own documents (bench/queries/) stay valid, answered, and without variables.

`python -m bench --peers` sends them with no variables body, as ../shared/perf/bench.sh does:
the variables' defaults must carry them, and a document the schema stopped accepting would
only show as errors in a benchmark nobody runs in CI.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from gateway.backends import Backend

QUERIES = Path(__file__).resolve().parents[2] / "bench" / "queries"


async def test_mixed_document_answers_with_its_defaults(backend: Backend) -> None:
    result = await backend.gateway.query((QUERIES / "mixed.graphql").read_text())

    assert "errors" not in result, result
    a, b, page = result["data"]["a"], result["data"]["b"], result["data"]["page"]
    assert (a["__typename"], a["id"], b["id"]) == ("Customer", "7", "8")
    assert a["billingAddress"]["__typename"] == "BillingAddress"
    assert "city" in a["billingAddress"]  # the inline fragment on the Address interface
    assert "shippingAddress" in b  # @include(if: $withShipping = true)
    assert "code" not in b  # @skip(if: $compact = true)
    assert len(page["nodes"]) == 20  # $size = 20
    assert page["pageInfo"]["hasNextPage"] is True


@pytest.mark.parametrize("path", sorted(QUERIES.glob("*.graphql")), ids=lambda path: path.stem)
async def test_every_bench_document_is_answered_without_errors(
    backend: Backend, path: Path
) -> None:
    result = await backend.gateway.query(path.read_text())

    assert "errors" not in result, result
    assert all(value is not None for value in result["data"].values()), result
