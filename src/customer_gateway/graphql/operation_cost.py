"""The cost estimate on strawberry's path: refuse an operation too dear, report what it cost."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from graphql import ExecutionResult, GraphQLError
from strawberry.extensions import SchemaExtension

from customer_gateway.graphql.context import GatewayContext
from customer_gateway.graphql.cost import CostRules, check_cost, cost_extension, estimate_calls
from customer_gateway.model.errors import CostTooHigh


class OperationCost(SchemaExtension):
    """After validation, before any resolver: estimate the operation's upstream calls and
    refuse it above `limit`; every response gets `extensions.cost`."""

    def __init__(self, *, limit: int, max_batch: int, coalescing: bool) -> None:
        self.limit = limit
        self.max_batch = max_batch
        self.coalescing = coalescing

    def on_execute(self) -> Iterator[None]:
        execution = self.execution_context
        context = execution.context
        if isinstance(context, GatewayContext) and execution.graphql_document is not None:
            rules = CostRules.of(
                context.backend,
                max_batch=self.max_batch,
                coalescing=self.coalescing,
                customer_key=context.customer_key is not None,
            )
            context.calls.estimated = estimate_calls(
                execution.graphql_document,
                execution.variables,
                execution.operation_name,
                rules,
            )
            try:
                check_cost(context.calls.estimated, self.limit)
            except CostTooHigh as refused:
                # A result set here means strawberry executes nothing.
                error = GraphQLError(refused.message, original_error=refused)
                execution.result = ExecutionResult(data=None, errors=[error])
        yield

    def get_results(self) -> dict[str, Any]:
        context = self.execution_context.context
        if not isinstance(context, GatewayContext):
            return {}
        return {"cost": cost_extension(context.calls, context.throttle())}
