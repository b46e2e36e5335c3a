"""Compiling an operation into an `OperationPlan`: its fields collected once, as graphql-core
collects them (fragments, inline fragments on `Address`, aliases, `@skip`/`@include` with
this request's values), each bound to the read it needs and the writer of its answer.

Whatever a plan does not know raises `Unsupported`, and the operation runs on strawberry's
executor: mutations, introspection, `@defer`, a field with its own resolver, an enum.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

from graphql import (
    GraphQLField,
    GraphQLObjectType,
    OperationType,
    located_error,
)
from graphql.execution import Executor
from graphql.execution.collect_fields import FieldDetails, collect_fields, collect_subfields
from graphql.execution.values import get_argument_values
from strawberry.schema.schema_converter import GraphQLCoreConverter
from strawberry.types.arguments import convert_arguments
from strawberry.types.field import StrawberryField

from customer_gateway.graphql.compiled.collected import (
    FieldDetailsList,
    Unsupported,
    check,
    field_name,
    field_nodes,
    has_variables,
)
from customer_gateway.graphql.compiled.connection import PageView, connection_writer
from customer_gateway.graphql.compiled.leaves import ADDRESSES, leaf, python_name
from customer_gateway.graphql.compiled.plan import (
    Lookup,
    OperationPlan,
    RootField,
    concurrently,
    finish_object,
)
from customer_gateway.graphql.compiled.writers import ObjectWriter, nested, object_writer
from customer_gateway.graphql.context import GatewayContext
from customer_gateway.graphql.reads import (
    count_customers,
    customers_count,
    customers_page,
    my_customer,
)
from customer_gateway.graphql.selection import fields_at

Arguments = Callable[[Executor[Any]], dict[str, Any]]


class Compiler:
    def __init__(self, executor: Executor[Any]) -> None:
        self.executor = executor
        self.schema = executor.schema
        self.fragments = executor.fragment_definitions
        strawberry_schema = getattr(self.schema, "_strawberry_schema", None)
        if strawberry_schema is None:
            raise Unsupported("not a strawberry schema")
        self.strawberry_schema = strawberry_schema

    @staticmethod
    def unsupported(what: str) -> Unsupported:
        return Unsupported(what)

    def operation(self) -> OperationPlan:
        executor = self.executor
        if executor.operation.operation is not OperationType.QUERY:
            raise Unsupported(executor.operation.operation.value)
        if not executor.error_propagation:
            raise Unsupported("error propagation disabled")
        query = self.schema.query_type
        assert query is not None
        grouped, defers, _ = collect_fields(
            self.schema, executor.fragments, executor.variable_values, query, executor.operation
        )
        if defers:
            raise Unsupported("@defer")
        builders = {
            "customer": self._customer,
            "customers": self._customers,
            "customersCount": self._customers_count,
            "me": self._me,
            "__typename": self._typename,
        }
        plan = []
        for key, details in grouped.items():
            name = field_name(details)
            if name not in builders:
                raise Unsupported(f"Query.{name}")
            check(details)
            plan.append(builders[name](key, details))
        return OperationPlan(tuple(plan))

    # Root fields

    def _typename(self, key: str, details: FieldDetailsList) -> RootField:
        return RootField(key, field_nodes(details), True, lambda context, executor: "Query")

    def _customer(self, key: str, details: FieldDetailsList) -> RootField:
        arguments = self._arguments("customer", details)
        fields = fields_at(field_nodes(details), self.fragments)

        def customer_id(executor: Executor[Any]) -> str:
            return arguments(executor)["id"]  # type: ignore[no-any-return]

        lookup, finish = Lookup(customer_id, fields), finish_object(self.customer_writer(details))
        return RootField(key, field_nodes(details), False, None, finish, lookup)

    def _me(self, key: str, details: FieldDetailsList) -> RootField:
        fields = fields_at(field_nodes(details), self.fragments)

        def start(context: GatewayContext, executor: Executor[Any]) -> Any:
            return concurrently(my_customer(context, fields))

        writer = self.customer_writer(details)
        return RootField(key, field_nodes(details), False, start, finish_object(writer))

    def _customers_count(self, key: str, details: FieldDetailsList) -> RootField:
        arguments = self._converted("customersCount", details)

        def start(context: GatewayContext, executor: Executor[Any]) -> Any:
            return concurrently(
                customers_count(context, arguments(executor).get("customer_filter"))
            )

        return RootField(key, field_nodes(details), True, start)

    def _customers(self, key: str, details: FieldDetailsList) -> RootField:
        arguments = self._converted("customers", details)
        nodes = field_nodes(details)
        fields = fields_at(nodes, self.fragments, "nodes") | fields_at(
            nodes, self.fragments, "edges", "node"
        )
        writer, totals = connection_writer(self, self.subfields("CustomerConnection", details))

        async def run(context: GatewayContext, executor: Executor[Any]) -> dict[str, Any]:
            given = arguments(executor)
            page, plan, conditions = await customers_page(
                context,
                given.get("customer_filter"),
                given.get("order_by"),
                given["first"],
                given.get("after"),
                fields,
            )
            result = writer(PageView(page, plan))
            if totals:
                counts = await asyncio.gather(
                    *(count_customers(context, conditions) for _ in totals),
                    return_exceptions=True,
                )
                for (total_key, total_nodes), count in zip(totals, counts, strict=True):
                    if isinstance(count, Exception):
                        raise located_error(count, total_nodes, [key, total_key])
                    if isinstance(count, BaseException):
                        raise count
                    result[total_key] = count
            return result

        def start(context: GatewayContext, executor: Executor[Any]) -> Any:
            return concurrently(run(context, executor))

        return RootField(key, nodes, True, start)

    # Arguments

    def _arguments(self, name: str, details: FieldDetailsList) -> Arguments:
        """The field's coerced arguments: computed once when they are literals."""
        field_def = self._field("Query", name)
        node = details[0].node
        if any(has_variables(argument.value) for argument in node.arguments or ()):
            return lambda executor: get_argument_values(field_def, node, executor.variable_values)
        values = get_argument_values(field_def, node, self.executor.variable_values)
        return lambda executor: values

    def _converted(self, name: str, details: FieldDetailsList) -> Arguments:
        """The arguments as strawberry gives them to the resolver (inputs, enums, python names)."""
        arguments = self._arguments(name, details)
        field: StrawberryField = self._field("Query", name).extensions[
            GraphQLCoreConverter.DEFINITION_BACKREF
        ]
        registry = self.strawberry_schema.schema_converter.scalar_registry
        config = self.strawberry_schema.config

        def converted(executor: Executor[Any]) -> dict[str, Any]:
            return convert_arguments(
                arguments(executor), field.arguments, scalar_registry=registry, config=config
            )

        return converted

    # Objects

    def subfields(self, type_name: str, details: FieldDetailsList) -> dict[str, list[FieldDetails]]:
        executor = self.executor
        object_type = self.schema.get_type(type_name)
        assert isinstance(object_type, GraphQLObjectType)
        grouped, defers, _ = collect_subfields(
            self.schema,
            executor.fragments,
            executor.variable_values,
            executor.operation,
            object_type,
            list(details),
        )
        if defers:
            raise Unsupported("@defer")
        for sub in grouped.values():
            check(sub)
        return grouped

    def customer_writer(self, details: FieldDetailsList) -> ObjectWriter:
        """The generated function writing a customer of this selection (see `writers`)."""
        schema, fields = self.schema, []
        for key, sub in self.subfields("Customer", details).items():
            name = field_name(sub)
            if name in ADDRESSES:
                type_name = ADDRESSES[name]
                address = [
                    (address_key, leaf(schema, type_name, field_name(address_sub)))
                    for address_key, address_sub in self.subfields(type_name, sub).items()
                ]
                fields.append((key, nested(python_name(schema, "Customer", name), address)))
            else:
                fields.append((key, leaf(schema, "Customer", name)))
        return object_writer(fields, "Customer")

    def _field(self, type_name: str, name: str) -> GraphQLField:
        object_type = self.schema.get_type(type_name)
        assert isinstance(object_type, GraphQLObjectType)
        field: GraphQLField = object_type.fields[name]
        return field
