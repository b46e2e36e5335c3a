"""The reads every resolver shares: a customer by id (through the loader), by key, a count."""

from __future__ import annotations

import strawberry

from customer_gateway.graphql.argument_paths import argument_paths, list_arguments
from customer_gateway.graphql.context import GatewayContext
from customer_gateway.graphql.customer import Customer
from customer_gateway.graphql.selection import customer_fields
from customer_gateway.model.queries import CustomerConditions

Info = strawberry.Info[GatewayContext, None]


async def customer_by_id(info: Info, customer_id: str) -> Customer | None:
    """The customer with this id, in the operation's shared batch; None when there is none."""
    record = await info.context.customers.load_customer(customer_id, customer_fields(info))
    return None if record is None else Customer.from_record(record)


async def customer_by_key(info: Info, customer_key: str) -> Customer | None:
    """The storefront customer of a customer key."""
    record = await info.context.backend.storefront_customer(customer_key, customer_fields(info))
    return None if record is None else Customer.from_record(record)


async def count_customers(info: Info, conditions: CustomerConditions) -> int:
    if conditions.matches_nothing:
        return 0
    with argument_paths(list_arguments):
        return await info.context.backend.count(conditions)
