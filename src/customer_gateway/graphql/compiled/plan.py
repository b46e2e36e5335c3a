"""An operation's plan, run: each root field started at once, then completed in order.

What the per-field executor does, for the fields a plan knows: nullable root fields that fail
become `null` plus an error located at their path; a non-null one that fails nulls `data`.
The loads of every `customer(id:)` are started before anything is awaited, so the loader
batches them into one upstream call, as it does under graphql-core.
"""

from __future__ import annotations

import asyncio
import dataclasses
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from typing import Any

from graphql import ExecutionResult, FieldNode, located_error
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
    # The order in which fields finish matters only when a non-null one may fail (see
    # `_response`); noting it costs a callback through the event loop per field.
    ranked: bool = dataclasses.field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "ranked", any(root.non_null for root in self.fields))

    async def run(self, executor: Executor[Any]) -> ExecutionResult:
        context: GatewayContext = executor.context_value
        started: list[Any] = []
        finished: list[int] = []  # field positions in the order their work ended
        for position, field in enumerate(self.fields):
            try:
                pending = field.start(context, executor)
            except Exception as exc:  # reported below, at the field's path
                pending = _Failed(exc)
                finished.append(position)
            if self.ranked and isinstance(pending, asyncio.Future):
                pending.add_done_callback(_noting(finished, position))
            started.append(pending)
        outcomes: list[Any] = []
        unwritable: Unwritable | None = None
        for field, pending in zip(self.fields, started, strict=True):
            try:
                if isinstance(pending, _Failed):
                    raise pending.error
                value = await pending if hasattr(pending, "__await__") else pending
                outcomes.append(value if field.finish is None else field.finish(value))
            except Unwritable as exc:
                unwritable = exc  # every field is still awaited: no task is left behind
                outcomes.append(None)
            except Exception as exc:
                outcomes.append(_Failed(exc))
        if unwritable is not None:
            raise unwritable
        return self._response(executor, outcomes, finished)

    def _response(
        self, executor: Executor[Any], outcomes: list[Any], finished: list[int]
    ) -> ExecutionResult:
        """As graphql-core answers: the first non-null field to fail nulls the response, and
        only the errors of fields that failed before it are reported with it."""
        rank = {position: index for index, position in enumerate(finished)}
        failed = [
            position
            for position, (field, outcome) in enumerate(zip(self.fields, outcomes, strict=True))
            if field.non_null and isinstance(outcome, _Failed)
        ]
        nulling = (
            min(failed, key=lambda position: rank.get(position, len(rank))) if failed else None
        )
        deadline = len(rank) if nulling is None else rank.get(nulling, len(rank))
        data: dict[str, Any] = {}
        errors = executor.collected_errors
        for position, (field, outcome) in enumerate(zip(self.fields, outcomes, strict=True)):
            if not isinstance(outcome, _Failed):
                data[field.key] = outcome
            elif not field.non_null and rank.get(position, len(rank)) <= deadline:
                error = located_error(outcome.error, field.nodes, [field.key])
                errors.add(error, Path(None, field.key, "Query"))
                data[field.key] = None
        if nulling is not None:
            field = self.fields[nulling]
            failure = outcomes[nulling]
            errors.add(located_error(failure.error, field.nodes, [field.key]), None)
        result = executor.build_response(None if nulling is not None else data)
        assert isinstance(result, ExecutionResult)
        return result


def _noting(finished: list[int], position: int) -> Callable[[object], None]:
    def note(_: object) -> None:
        finished.append(position)

    return note


@dataclass(frozen=True, slots=True)
class _Failed:
    error: Exception
