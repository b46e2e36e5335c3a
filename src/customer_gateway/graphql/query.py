"""`Query`: thin resolvers that parse arguments and call a loader or the backend."""

from __future__ import annotations

from typing import Annotated

import strawberry

from customer_gateway.graphql.argument_paths import argument_paths, list_arguments
from customer_gateway.graphql.connection import CustomerConnection
from customer_gateway.graphql.context import GatewayContext
from customer_gateway.graphql.customer import Customer
from customer_gateway.graphql.filters import CustomerFilter, CustomerOrder, conditions_of, sort_keys
from customer_gateway.graphql.pagination import plan_page
from customer_gateway.graphql.reads import count_customers, customer_by_id, customer_by_key
from customer_gateway.graphql.selection import customer_fields
from customer_gateway.model.queries import Page, PageRequest

Info = strawberry.Info[GatewayContext, None]
FilterArgument = Annotated[CustomerFilter | None, strawberry.argument(name="filter")]


async def customer(info: Info, id: strawberry.ID) -> Customer | None:
    info.context.require_admin()
    return await customer_by_id(info, id)


async def customers(
    info: Info,
    customer_filter: FilterArgument = strawberry.UNSET,
    order_by: list[CustomerOrder] | None = strawberry.UNSET,
    first: int = 20,
    after: str | None = strawberry.UNSET,
) -> CustomerConnection:
    context = info.context
    context.require_admin()
    conditions = conditions_of(customer_filter)
    plan = plan_page(
        sort_keys(order_by),
        first,
        after or None,
        supports_after_id=context.backend.supports_after_id,
    )
    if conditions.matches_nothing or plan.first == 0:
        # An empty page costs no call (`totalCount`, when asked, still counts the matches).
        return CustomerConnection.build(Page((), has_more=False), plan, conditions)
    request = PageRequest(
        conditions=conditions,
        order=plan.order,
        fields=customer_fields(info, "nodes") | customer_fields(info, "edges", "node"),
        limit=plan.first,
        offset=plan.offset,
        after_id=plan.after_id,
    )
    with argument_paths(list_arguments):
        page = await context.backend.find_page(request)
    return CustomerConnection.build(page, plan, conditions)


async def customers_count(info: Info, customer_filter: FilterArgument = strawberry.UNSET) -> int:
    info.context.require_admin()
    return await count_customers(info, conditions_of(customer_filter))


async def me(info: Info) -> Customer | None:
    if info.context.customer_key is None:
        return None
    return await customer_by_key(info, info.context.customer_key)


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
