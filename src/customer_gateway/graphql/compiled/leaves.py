"""The reads of a record's fields: which attribute a schema field shows, and under which rule.

A field is read off the record only when strawberry would do just that: no resolver of its
own, a python name that is a field of the record, a type whose value the record holds as the
response shows it (see `writers`). Anything else is `Unsupported`.
"""

from __future__ import annotations

from dataclasses import fields as dataclass_fields

from graphql import (
    GraphQLField,
    GraphQLList,
    GraphQLObjectType,
    GraphQLSchema,
    get_named_type,
    get_nullable_type,
    is_non_null_type,
)
from strawberry.schema.schema_converter import GraphQLCoreConverter
from strawberry.types.field import StrawberryField

from customer_gateway.graphql.compiled.collected import Unsupported
from customer_gateway.graphql.compiled.writers import (
    Field,
    constant,
    date_time,
    int_list,
    integer,
    scalar,
)
from customer_gateway.model.records import (
    BillingAddressRecord,
    CustomerRecord,
    ShippingAddressRecord,
)

_SCALARS: dict[str, type] = {"String": str, "ID": str, "Boolean": bool}
_RECORDS: dict[str, type] = {
    "Customer": CustomerRecord,
    "BillingAddress": BillingAddressRecord,
    "ShippingAddress": ShippingAddressRecord,
}
# The objects below a customer: its field -> the object's type.
ADDRESSES = {"billingAddress": "BillingAddress", "shippingAddress": "ShippingAddress"}


def leaf(schema: GraphQLSchema, type_name: str, name: str) -> Field:
    """The read of a scalar field that its type copies from the record unchanged."""
    if name == "__typename":
        return constant(type_name)
    attribute = python_name(schema, type_name, name)
    declared = schema_field(schema, type_name, name).type
    field_type, non_null = get_nullable_type(declared), is_non_null_type(declared)
    if isinstance(field_type, GraphQLList):
        item = field_type.of_type
        if is_non_null_type(item) and get_named_type(item).name == "Int":
            return int_list(attribute, non_null)
        raise Unsupported(f"{type_name}.{name}")
    named = get_named_type(field_type).name
    if named == "DateTime":
        return date_time(attribute, non_null)
    if named == "Int":
        return integer(attribute, non_null)
    if named in _SCALARS:
        return scalar(attribute, _SCALARS[named], non_null)
    raise Unsupported(f"{type_name}.{name}")


def python_name(schema: GraphQLSchema, type_name: str, name: str) -> str:
    """The record's attribute that strawberry's default resolver reads for the field."""
    definition = schema_field(schema, type_name, name).extensions.get(
        GraphQLCoreConverter.DEFINITION_BACKREF
    )
    record = _RECORDS.get(type_name)
    if (
        not isinstance(definition, StrawberryField)
        or definition.base_resolver is not None
        or record is None
        or definition.python_name not in {field.name for field in dataclass_fields(record)}
    ):
        raise Unsupported(f"{type_name}.{name}")
    return definition.python_name


def schema_field(schema: GraphQLSchema, type_name: str, name: str) -> GraphQLField:
    object_type = schema.get_type(type_name)
    assert isinstance(object_type, GraphQLObjectType)
    field: GraphQLField = object_type.fields[name]
    return field
