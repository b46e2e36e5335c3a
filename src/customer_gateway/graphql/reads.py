"""The reads the resolvers and the compiled plans share: the same checks, loaders and errors.

Each takes the context and plain values (the selected `fields` included), so the strawberry
resolvers (`query.py`) and the compiled operations (`compiled/`) run the same code.
"""

from __future__ import annotations

from collections.abc import Awaitable

import strawberry

from customer_gateway.graphql.access.scopes import Scope
from customer_gateway.graphql.argument_paths import argument_paths, list_arguments
from customer_gateway.graphql.context import GatewayContext
from customer_gateway.graphql.customer import Customer
from customer_gateway.graphql.filters import CustomerFilter, CustomerOrder, conditions_of, sort_keys
from customer_gateway.graphql.loaders import CustomerKey
from customer_gateway.graphql.pagination import PagePlan, plan_page
from customer_gateway.graphql.selection import customer_fields
from customer_gateway.model.queries import CustomerConditions, Page, PageRequest
from customer_gateway.model.records import CustomerField, CustomerRecord

Info = strawberry.Info[GatewayContext, None]
Fields = frozenset[CustomerField]


def admin_customer(
    context: GatewayContext, customer_id: str, fields: Fields
) -> Awaitable[CustomerRecord | None]:
    """`customer(id:)`: for admins; batched with the operation's other loads of the loader."""
    context.require_scope(Scope.READ)
    return context.customers.load_customer(customer_id, fields)


def admin_customers(
    context: GatewayContext, keys: list[CustomerKey]
) -> Awaitable[dict[CustomerKey, CustomerRecord | Exception | None]]:
    """Several `customer(id:)` at once (a compiled operation's), each as `admin_customer`."""
    context.require_scope(Scope.READ)
    return context.customers.load_customers(keys)


async def customers_page(
    context: GatewayContext,
    customer_filter: CustomerFilter | None,
    order_by: list[CustomerOrder] | None,
    first: int,
    after: str | None,
    fields: Fields,
) -> tuple[Page, PagePlan, CustomerConditions]:
    """`customers(...)`: one page, the plan its cursors come from, the conditions it matched."""
    context.require_scope(Scope.READ)
    conditions = conditions_of(customer_filter)
    plan = plan_page(
        sort_keys(order_by),
        first,
        after or None,
        supports_after_id=context.backend.supports_after_id,
    )
    if conditions.matches_nothing or plan.first == 0:
        # An empty page costs no call (`totalCount`, when asked, still counts the matches).
        return Page((), has_more=False), plan, conditions
    request = PageRequest(
        conditions=conditions,
        order=plan.order,
        fields=fields,
        limit=plan.first,
        offset=plan.offset,
        after_id=plan.after_id,
    )
    with argument_paths(list_arguments):
        page = await context.backend.find_page(request)
    return page, plan, conditions


async def customers_count(context: GatewayContext, customer_filter: CustomerFilter | None) -> int:
    """`customersCount(filter:)`, for admins."""
    context.require_scope(Scope.READ)
    return await count_customers(context, conditions_of(customer_filter))


async def count_customers(context: GatewayContext, conditions: CustomerConditions) -> int:
    if conditions.matches_nothing:
        return 0
    with argument_paths(list_arguments):
        return await context.backend.count(conditions)


async def my_customer(context: GatewayContext, fields: Fields) -> CustomerRecord | None:
    """`me`: the storefront customer of the request's customer key; None without one."""
    if context.customer_key is None:
        return None
    return await context.backend.storefront_customer(context.customer_key, fields)


async def customer_by_id(info: Info, customer_id: str) -> Customer | None:
    """The customer with this id, in the operation's shared batch; None when there is none."""
    record = await info.context.customers.load_customer(customer_id, customer_fields(info))
    return None if record is None else Customer.from_record(record)


async def customer_by_key(info: Info, customer_key: str) -> Customer | None:
    """The storefront customer of a customer key."""
    record = await info.context.backend.storefront_customer(customer_key, customer_fields(info))
    return None if record is None else Customer.from_record(record)
