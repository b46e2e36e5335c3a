"""What a GraphQL operation selected on a `Customer`, as the fields a backend must fetch.

Walks the field nodes of the operation (aliases, inline fragments and named fragments merged);
`@skip`/`@include` are not evaluated, so a skipped field is fetched anyway: harmless, cheaper
than evaluating directives. Names that are not customer fields (`__typename`) fetch nothing.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from typing import Any

import strawberry
from graphql import FieldNode, FragmentDefinitionNode, FragmentSpreadNode, InlineFragmentNode

from customer_gateway.model.records import CustomerField

# The GraphQL names of `Customer` fields are the values of `CustomerField`.
_FIELDS: Mapping[str, CustomerField] = {field.value: field for field in CustomerField}
_ID_ONLY = frozenset({CustomerField.ID})

Fragments = Mapping[str, FragmentDefinitionNode]


def customer_fields(info: strawberry.Info[Any, Any], *path: str) -> frozenset[CustomerField]:
    """The fields selected on the `Customer` found at `path` below the current field, plus id.

    `customer_fields(info)` for a field of type `Customer`; `customer_fields(info, "nodes")`
    and `customer_fields(info, "edges", "node")` inside a connection, and so on.
    """
    raw = info._raw_info
    return fields_at(raw.field_nodes, raw.fragments, *path)


def fields_at(
    nodes: Iterable[FieldNode], fragments: Fragments, *path: str
) -> frozenset[CustomerField]:
    """The same, from the field's nodes (a compiled plan has no `info`)."""
    for name in path:
        nodes = [child for child in _children(nodes, fragments) if child.name.value == name]
    return selected(nodes, fragments)


def selected(nodes: Iterable[FieldNode], fragments: Fragments) -> frozenset[CustomerField]:
    names = {child.name.value for child in _children(nodes, fragments)}
    found = {_FIELDS[name] for name in names if name in _FIELDS}
    return _ID_ONLY.union(found)


def _children(nodes: Iterable[FieldNode], fragments: Fragments) -> Iterator[FieldNode]:
    """The sub-fields of `nodes`, looking through fragments (each named fragment once)."""
    seen: set[str] = set()
    pending = [node.selection_set for node in nodes if node.selection_set is not None]
    while pending:
        for selection in pending.pop().selections:
            if isinstance(selection, FieldNode):
                yield selection
            elif isinstance(selection, InlineFragmentNode):
                pending.append(selection.selection_set)
            elif isinstance(selection, FragmentSpreadNode):
                name = selection.name.value
                fragment = fragments.get(name)
                if fragment is not None and name not in seen:
                    seen.add(name)
                    pending.append(fragment.selection_set)
