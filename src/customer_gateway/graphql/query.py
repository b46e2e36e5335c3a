"""`Query`: thin resolvers over the reads they share with compiled plans (`reads.py`)."""

from __future__ import annotations

from typing import Annotated

import strawberry

from customer_gateway.graphql import reads
from customer_gateway.graphql.connection import CustomerConnection
from customer_gateway.graphql.context import GatewayContext
from customer_gateway.graphql.customer import Customer
from customer_gateway.graphql.filters import CustomerFilter, CustomerOrder
from customer_gateway.graphql.selection import customer_fields

Info = strawberry.Info[GatewayContext, None]
FilterArgument = Annotated[CustomerFilter | None, strawberry.argument(name="filter")]


async def customer(info: Info, id: strawberry.ID) -> Customer | None:
    record = await reads.admin_customer(info.context, id, customer_fields(info))
    return None if record is None else Customer.from_record(record)


async def customers(
    info: Info,
    customer_filter: FilterArgument = strawberry.UNSET,
    order_by: list[CustomerOrder] | None = strawberry.UNSET,
    first: int = 20,
    after: str | None = strawberry.UNSET,
) -> CustomerConnection:
    fields = customer_fields(info, "nodes") | customer_fields(info, "edges", "node")
    page, plan, conditions = await reads.customers_page(
        info.context, customer_filter, order_by, first, after, fields
    )
    return CustomerConnection.build(page, plan, conditions)


async def customers_count(info: Info, customer_filter: FilterArgument = strawberry.UNSET) -> int:
    return await reads.customers_count(info.context, customer_filter)


async def me(info: Info) -> Customer | None:
    record = await reads.my_customer(info.context, customer_fields(info))
    return None if record is None else Customer.from_record(record)


@strawberry.type
class Query:
    customer: Customer | None = strawberry.field(
        resolver=customer, description="The customer with this id; null when there is none."
    )
    customers: CustomerConnection = strawberry.field(
        resolver=customers,
        description="A page of customers (`first` is 0..100), with opaque cursors.",
    )
    customers_count: int = strawberry.field(
        resolver=customers_count, description="How many customers match the filter."
    )
    me: Customer | None = strawberry.field(
        resolver=me,
        description="The storefront customer of the X-Customer-Key request header; "
        "null without that header.",
    )
