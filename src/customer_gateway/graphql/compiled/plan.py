"""An operation's plan, run: each root field started at once, then completed in order.

What the per-field executor does, for the fields a plan knows: nullable root fields that fail
become `null` plus an error located at their path; a non-null one that fails nulls `data`.
The loads of every `customer(id:)` are started before anything is awaited, so the loader
batches them into one upstream call, as it does under graphql-core.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from typing import Any

from graphql import ExecutionResult, FieldNode, GraphQLError, located_error
from graphql.execution import Executor
from graphql.pyutils import Path

from customer_gateway.graphql.compiled.writers import ObjectWriter, Unwritable
from customer_gateway.graphql.context import GatewayContext


@dataclass(frozen=True, slots=True)
class RootField:
    """One response key of the root: how to start it and how to write what it returns."""

    key: str
    nodes: Sequence[FieldNode]
    non_null: bool
    # Returns the value, or an awaitable of it; may raise (a refused caller, a bad argument).
    start: Callable[[GatewayContext, Executor[Any]], Any]
    finish: Callable[[Any], Any] | None = None


def finish_object(writer: ObjectWriter) -> Callable[[Any], Any]:
    """A nullable object: the writer's dict, or null when there is none."""

    def finish(record: Any) -> Any:
        return None if record is None else writer(record)

    return finish


def concurrently(awaitable: Awaitable[Any]) -> Awaitable[Any]:
    """Start a coroutine now (a task), as graphql-core starts sibling fields together."""
    return asyncio.ensure_future(awaitable)


@dataclass(frozen=True, slots=True)
class OperationPlan:
    fields: tuple[RootField, ...]

    async def run(self, executor: Executor[Any]) -> ExecutionResult:
        context: GatewayContext = executor.context_value
        started: list[Any] = []
        for field in self.fields:
            try:
                started.append(field.start(context, executor))
            except Exception as exc:  # reported below, at the field's path
                started.append(_Failed(exc))
        data: dict[str, Any] | None = {}
        errors = executor.collected_errors
        unwritable: Unwritable | None = None
        for field, pending in zip(self.fields, started, strict=True):
            try:
                if isinstance(pending, _Failed):
                    raise pending.error
                value = await pending if hasattr(pending, "__await__") else pending
                if field.finish is not None:
                    value = field.finish(value)
            except Unwritable as exc:
                unwritable = exc  # every field is still awaited: no task is left behind
                continue
            except Exception as exc:
                if data is None:
                    continue  # the response is already null: graphql-core drops these too
                error: GraphQLError = located_error(exc, field.nodes, [field.key])
                if field.non_null:
                    errors.add(error, None)
                    data = None
                else:
                    errors.add(error, Path(None, field.key, "Query"))
                    data[field.key] = None
                continue
            if data is not None:
                data[field.key] = value
        if unwritable is not None:
            raise unwritable
        result = executor.build_response(data)
        assert isinstance(result, ExecutionResult)
        return result


@dataclass(frozen=True, slots=True)
class _Failed:
    error: Exception
