"""What the compiler reads off graphql-core's collected fields, and what it refuses."""

from __future__ import annotations

from collections.abc import Sequence

from graphql import FieldNode, ListValueNode, ObjectValueNode, ValueNode, VariableNode
from graphql.execution.collect_fields import FieldDetails

FieldDetailsList = Sequence[FieldDetails]


class Unsupported(Exception):
    """The operation has something a plan does not do; its message says what."""


def field_name(details: FieldDetailsList) -> str:
    return details[0].node.name.value


def field_nodes(details: FieldDetailsList) -> list[FieldNode]:
    return [detail.node for detail in details]


def check(details: FieldDetailsList) -> None:
    for detail in details:
        if detail.defer_usage is not None or detail.fragment_variable_values is not None:
            raise Unsupported("@defer or fragment arguments")


def has_variables(value: ValueNode) -> bool:
    if isinstance(value, VariableNode):
        return True
    if isinstance(value, ObjectValueNode):
        return any(has_variables(field.value) for field in value.fields)
    if isinstance(value, ListValueNode):
        return any(has_variables(item) for item in value.values)
    return False
