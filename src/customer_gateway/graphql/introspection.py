"""Refusing introspection (production): `__schema` and `__type`, with a coded error.

graphql-core's NoSchemaIntrospectionCustomRule reports every field under `__schema` without a
code; this one reports the entry point once, coded as Apollo Router codes it.
"""

from __future__ import annotations

from typing import Any

from graphql import FieldNode, GraphQLError, ValidationRule

from customer_gateway.model.errors import ErrorCode

INTROSPECTION_FIELDS = frozenset({"__schema", "__type"})


class NoIntrospection(ValidationRule):
    def enter_field(self, node: FieldNode, *_args: Any) -> Any:
        if node.name.value not in INTROSPECTION_FIELDS:
            return None
        self.report_error(
            GraphQLError(
                f"Introspection is disabled on this gateway (the operation asks for "
                f"'{node.name.value}')",
                node,
                extensions={"code": ErrorCode.INTROSPECTION_DISABLED.value},
            )
        )
        return self.SKIP
