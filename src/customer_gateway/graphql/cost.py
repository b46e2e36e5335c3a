"""What an operation will cost upstream, predicted from its document before any call.

Counted in upstream calls, the way the gateway makes them (DESIGN.md "Mapping rules"):

    customer(id:)            one lookup per `ids_per_call` distinct ids of the operation
    customers                one call per page (none for `filter: {ids: []}`), one more
                             for `totalCount`
    customersCount           one call
    me                       one storefront call when the request has a customer key
    createCustomer           one, plus one read-back when `customer` is selected
    updateCustomer           the backend's `update` calls, plus the read-back
    deleteCustomers          one lookup and one delete, or one delete per id (Ecwid)
    authenticateCustomer     one;  logIn: one, plus one when `customer` is selected
    updateMe                 one, plus the read-back, when the request has a customer key

With coalescing on, identical reads of a query share a call and are counted once. Calls a
backend cannot make (NOT_SUPPORTED) count nothing. The estimate takes a parsed graphql-core
document, so strawberry's path and a compiled one give the same answer; `cost_extension` writes
the response's `extensions.cost` in the shape Shopify's users know.
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

import orjson
from graphql import (
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    InlineFragmentNode,
    OperationDefinitionNode,
    OperationType,
    SelectionSetNode,
    value_from_ast_untyped,
)
from graphql.language import DirectiveNode

from customer_gateway.backends.base import CallCosts, CustomerBackend
from customer_gateway.model.calls import CallMeter, ThrottleStatus
from customer_gateway.model.errors import CostTooHigh


@dataclass(frozen=True, slots=True)
class CostRules:
    ids_per_call: int  # distinct `customer(id:)` ids one lookup fetches
    calls: CallCosts  # what the backend's operations cost
    coalescing: bool  # identical reads in flight share one call
    customer_key: bool  # the request carries a storefront customer key

    @classmethod
    def of(
        cls, backend: CustomerBackend, *, max_batch: int, coalescing: bool, customer_key: bool
    ) -> CostRules:
        per_call = min(max_batch, backend.ids_per_lookup or max_batch)
        return cls(per_call, backend.call_costs, coalescing, customer_key)


def estimate_calls(
    document: DocumentNode,
    variables: Mapping[str, Any] | None,
    operation_name: str | None,
    rules: CostRules,
) -> int:
    """The upstream calls the operation is predicted to make (0 if it names no operation)."""
    operation = _operation(document, operation_name)
    if operation is None:
        return 0
    values = {
        definition.variable.name.value: value_from_ast_untyped(definition.default_value)
        for definition in operation.variable_definitions or ()
        if definition.default_value is not None
    }
    values.update(variables or {})
    walk = _Walk(document, values)
    fields = list(walk.fields(operation.selection_set))
    if operation.operation is OperationType.MUTATION:
        return sum(_write_calls(field, walk, rules) for field in fields)
    return _read_calls(fields, walk, rules)


def check_cost(estimated: int, limit: int) -> None:
    """Raise `CostTooHigh` (COST_ESTIMATED_TOO_EXPENSIVE) when `estimated` is over `limit`."""
    if estimated > limit:
        raise CostTooHigh(estimated, limit)


def cost_extension(meter: CallMeter, throttle: ThrottleStatus | None) -> dict[str, Any]:
    """`extensions.cost`: predicted and actual upstream calls, and the budget they draw on."""
    return {
        "requestedQueryCost": meter.estimated,
        "actualQueryCost": meter.sent,
        "throttleStatus": None
        if throttle is None
        else {
            "maximumAvailable": throttle.maximum_available,
            "currentlyAvailable": throttle.currently_available,
            "restoreRate": throttle.restore_rate,
        },
    }


def _read_calls(fields: list[FieldNode], walk: _Walk, rules: CostRules) -> int:
    ids: set[str] = set()
    reads: list[Hashable] = []
    for field in fields:
        name = field.name.value
        if name == "customer":
            ids.add(str(walk.argument(field, "id")))
        elif name == "customers":
            arguments = walk.arguments(field)
            if _matches_nothing(arguments.get("filter")):
                continue
            reads.append(("page", _frozen(arguments), walk.names(field)))
            if "totalCount" in walk.child_names(field):
                reads.append(("total", _frozen(arguments)))
        elif name == "customersCount":
            conditions = walk.argument(field, "filter")
            if not _matches_nothing(conditions):
                reads.append(("count", _frozen(conditions)))
        elif name == "me" and rules.customer_key and rules.calls.storefront:
            reads.append(("me", walk.names(field)))
    lookups = math.ceil(len(ids) / rules.ids_per_call)
    return lookups + (len(set(reads)) if rules.coalescing else len(reads))


def _write_calls(field: FieldNode, walk: _Walk, rules: CostRules) -> int:
    costs = rules.calls
    name = field.name.value
    read_back = 1 if "customer" in walk.child_names(field) else 0
    if name == "createCustomer":
        return 1 + read_back
    if name == "updateCustomer":
        return costs.update + read_back
    if name == "deleteCustomers":
        ids = walk.argument(field, "ids")
        distinct = len({str(i) for i in ids}) if isinstance(ids, list) else 1
        if not distinct:
            return 0
        return distinct if costs.delete_per_id else int(costs.delete_lookup) + 1
    if name == "authenticateCustomer":
        return 1 if costs.authenticate else 0
    if name == "logIn":
        return 1 + read_back if costs.storefront else 0
    if name == "updateMe":
        return 1 + read_back if costs.storefront and rules.customer_key else 0
    return 0


def _matches_nothing(conditions: object) -> bool:
    return isinstance(conditions, dict) and conditions.get("ids") == []


def _frozen(value: object) -> bytes:
    return orjson.dumps(value, option=orjson.OPT_SORT_KEYS, default=str)


def _operation(document: DocumentNode, name: str | None) -> OperationDefinitionNode | None:
    operations = [d for d in document.definitions if isinstance(d, OperationDefinitionNode)]
    if name is None:
        return operations[0] if len(operations) == 1 else None
    return next((op for op in operations if op.name and op.name.value == name), None)


class _Walk:
    """The fields of selection sets, through fragments, as `@skip`/`@include` leave them."""

    def __init__(self, document: DocumentNode, variables: dict[str, Any]) -> None:
        self.variables = variables
        self.fragments = {
            d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)
        }

    def fields(self, selection_set: SelectionSetNode | None) -> Iterator[FieldNode]:
        pending = [] if selection_set is None else [selection_set]
        while pending:
            for selection in pending.pop().selections:
                if not self._included(selection.directives):
                    continue
                if isinstance(selection, FieldNode):
                    yield selection
                elif isinstance(selection, InlineFragmentNode):
                    pending.append(selection.selection_set)
                elif isinstance(selection, FragmentSpreadNode):
                    fragment = self.fragments.get(selection.name.value)
                    if fragment is not None:
                        pending.append(fragment.selection_set)

    def child_names(self, field: FieldNode) -> set[str]:
        return {child.name.value for child in self.fields(field.selection_set)}

    def names(self, field: FieldNode) -> frozenset[str]:
        """Every field name below `field`: what decides the upstream fields it asks for."""
        found: set[str] = set()
        pending = [field]
        while pending:
            for child in self.fields(pending.pop().selection_set):
                found.add(child.name.value)
                pending.append(child)
        return frozenset(found)

    def arguments(self, field: FieldNode) -> dict[str, Any]:
        return {
            argument.name.value: value_from_ast_untyped(argument.value, self.variables)
            for argument in field.arguments or ()
        }

    def argument(self, field: FieldNode, name: str) -> Any:
        return self.arguments(field).get(name)

    def _included(self, directives: tuple[DirectiveNode, ...] | None) -> bool:
        for directive in directives or ():
            name = directive.name.value
            if name not in ("skip", "include"):
                continue
            condition = next(
                (a.value for a in directive.arguments or () if a.name.value == "if"), None
            )
            value = None if condition is None else value_from_ast_untyped(condition, self.variables)
            if (name == "skip" and value is True) or (name == "include" and value is False):
                return False
        return True
