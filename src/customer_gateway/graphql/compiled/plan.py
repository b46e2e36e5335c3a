"""An operation's plan, run: each root field started at once, then completed in order.

What the per-field executor does, for the fields a plan knows: nullable root fields that fail
become `null` plus an error located at their path; a non-null one that fails nulls `data`.
The lookups (`customer(id:)`) of an operation are loaded together, by the loader's batch
function, into the same upstream calls graphql-core's run makes through the loader, without
a future per lookup.
"""

from __future__ import annotations

import asyncio
import dataclasses
from collections.abc import Awaitable, Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from graphql import ExecutionResult, FieldNode, located_error
from graphql.execution import Executor
from graphql.pyutils import Path

from customer_gateway.graphql.compiled.writers import ObjectWriter, Unwritable
from customer_gateway.graphql.context import GatewayContext
from customer_gateway.graphql.loaders import CustomerKey
from customer_gateway.graphql.reads import admin_customers
from customer_gateway.model.records import CustomerField


@dataclass(frozen=True, slots=True)
class Lookup:
    """A `customer(id:)`: the id this request asks for, and the customer fields it selects."""

    customer_id: Callable[[Executor[Any]], str]
    fields: frozenset[CustomerField]


@dataclass(frozen=True, slots=True)
class RootField:
    """One response key of the root: how to start it and how to write what it returns."""

    key: str
    nodes: Sequence[FieldNode]
    non_null: bool
    # Returns the value, or an awaitable of it; may raise (a refused caller, a bad argument).
    # None for a lookup: the lookups of an operation are started together.
    start: Callable[[GatewayContext, Executor[Any]], Any] | None
    finish: Callable[[Any], Any] | None = None
    lookup: Lookup | None = None


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
    # Only lookups: they need no task of their own to run beside other fields.
    lookups_only: bool = dataclasses.field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "ranked", any(root.non_null for root in self.fields))
        only = all(root.lookup is not None for root in self.fields)
        object.__setattr__(self, "lookups_only", only)

    async def run(self, executor: Executor[Any]) -> ExecutionResult:
        context: GatewayContext = executor.context_value
        started: list[Any] = []
        finished: list[int] = []  # field positions in the order their work ended
        keys: dict[int, CustomerKey] = {}  # the lookups' keys, by field position
        for position, field in enumerate(self.fields):
            try:
                if field.lookup is not None:
                    keys[position] = (field.lookup.customer_id(executor), field.lookup.fields)
                    pending = _LOOKUP
                else:
                    assert field.start is not None
                    pending = field.start(context, executor)
            except Exception as exc:  # reported below, at the field's path
                pending = _Failed(exc)
                finished.append(position)
            if self.ranked and isinstance(pending, asyncio.Future):
                pending.add_done_callback(_noting(finished, [position]))
            started.append(pending)
        lookups = self._lookups(context, keys, finished)
        found: Mapping[CustomerKey, Any] = {}
        outcomes: list[Any] = []
        unwritable: Unwritable | None = None
        for position, (field, pending) in enumerate(zip(self.fields, started, strict=True)):
            try:
                if isinstance(pending, _Failed):
                    raise pending.error
                if pending is _LOOKUP:
                    if lookups is not None:
                        found = await lookups
                        lookups = None
                    value = found[keys[position]]
                    if isinstance(value, Exception):
                        raise value
                else:
                    value = await pending if hasattr(pending, "__await__") else pending
                outcomes.append(value if field.finish is None else field.finish(value))
            except Unwritable as exc:
                unwritable = exc  # every field is still awaited: no task is left behind
                outcomes.append(None)
            except Exception as exc:
                outcomes.append(_Failed(exc))
        if unwritable is not None:
            # graphql-core runs the operation again: what was found spares it the calls.
            context.customers.remember(found)
            raise unwritable
        return self._response(executor, outcomes, finished)

    def _lookups(
        self, context: GatewayContext, keys: dict[int, CustomerKey], finished: list[int]
    ) -> Awaitable[Mapping[CustomerKey, Any]] | None:
        """Every lookup's customer, loaded together; a refusal (scope) fails each lookup."""
        if not keys:
            return None
        try:
            lookups = admin_customers(context, list(keys.values()))
            if not self.lookups_only:
                lookups = concurrently(lookups)
        except Exception as exc:  # failed as it started, like any other field
            finished.extend(keys)
            return _failed_lookups(exc, keys.values())
        if self.ranked:
            assert isinstance(lookups, asyncio.Future)
            lookups.add_done_callback(_noting(finished, list(keys)))
        return lookups

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


def _noting(finished: list[int], positions: list[int]) -> Callable[[object], None]:
    def note(_: object) -> None:
        finished.extend(positions)

    return note


def _failed_lookups(
    error: Exception, keys: Iterable[CustomerKey]
) -> asyncio.Future[Mapping[CustomerKey, Any]]:
    failed: asyncio.Future[Mapping[CustomerKey, Any]] = asyncio.get_running_loop().create_future()
    failed.set_result(dict.fromkeys(keys, error))
    return failed


_LOOKUP = object()  # a started lookup: its customer comes with the operation's other lookups


@dataclass(frozen=True, slots=True)
class _Failed:
    error: Exception
