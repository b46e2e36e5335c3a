"""The cost estimate of every operation: refuse one too dear, report what it cost.

`CostEstimates` keeps each estimate (LRU) by what it depends on: the document's text, the
operation, the variables' values and the backend's rules. A repeated request is one
dictionary lookup. `OperationCost` applies it on strawberry's path; `GatewaySchema.execute`
applies the same two steps to the prepared operations it runs itself.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterator, Mapping
from typing import Any

import orjson
from graphql import DocumentNode, ExecutionResult, GraphQLError
from strawberry.extensions import SchemaExtension

from customer_gateway.graphql.context import GatewayContext
from customer_gateway.graphql.cost import CostRules, check_cost, cost_extension, estimate_calls
from customer_gateway.graphql.lru import Lru
from customer_gateway.model.errors import CostTooHigh


class CostEstimates:
    def __init__(
        self, *, limit: int, max_batch: int, coalescing: bool, maxsize: int = 1024
    ) -> None:
        self.limit = limit
        self.max_batch = max_batch
        self.coalescing = coalescing
        self._estimates: Lru[Hashable, int] = Lru(maxsize)

    def before(
        self,
        context: object,
        query: str | None,
        document: DocumentNode,
        variables: Mapping[str, Any] | None,
        operation_name: str | None,
    ) -> GraphQLError | None:
        """Before any resolver: note the estimate on the request's meter; the error refusing
        the operation when it is over the limit (COST_ESTIMATED_TOO_EXPENSIVE)."""
        if not isinstance(context, GatewayContext):
            return None
        rules = CostRules.of(
            context.backend,
            max_batch=self.max_batch,
            coalescing=self.coalescing,
            customer_key=context.customer_key is not None,
        )
        key = _key(query, operation_name, variables, rules)
        estimated = None if key is None else self._estimates.get(key)
        if estimated is None:
            estimated = estimate_calls(document, variables, operation_name, rules)
            if key is not None:
                self._estimates.put(key, estimated)
        context.calls.estimated = estimated
        try:
            check_cost(estimated, self.limit)
        except CostTooHigh as refused:
            return GraphQLError(refused.message, original_error=refused)
        return None

    def results(self, context: object) -> dict[str, Any]:
        """The response's `extensions`: its `cost`."""
        if not isinstance(context, GatewayContext):
            return {}
        return {"cost": cost_extension(context.calls, context.throttle())}


def _key(
    query: str | None,
    operation_name: str | None,
    variables: Mapping[str, Any] | None,
    rules: CostRules,
) -> Hashable | None:
    """What an estimate depends on; None when it cannot be kept (no text, odd variables)."""
    if query is None:
        return None
    try:
        values = orjson.dumps(variables, option=orjson.OPT_SORT_KEYS)
    except TypeError:
        return None
    return (query, operation_name, values, rules)


class OperationCost(SchemaExtension):
    """After validation, before any resolver: estimate the operation's upstream calls and
    refuse it above the limit; every response gets `extensions.cost`."""

    def __init__(self, estimates: CostEstimates) -> None:
        self.estimates = estimates

    def on_execute(self) -> Iterator[None]:
        execution = self.execution_context
        if execution.graphql_document is not None:
            refused = self.estimates.before(
                execution.context,
                execution.query,
                execution.graphql_document,
                execution.variables,
                execution.operation_name,
            )
            if refused is not None:
                # A result set here means strawberry executes nothing.
                execution.result = ExecutionResult(data=None, errors=[refused])
        yield

    def get_results(self) -> dict[str, Any]:
        return self.estimates.results(self.execution_context.context)
