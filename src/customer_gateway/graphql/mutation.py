"""`Mutation`: writes through the backend, then the changed customer read on demand.

A write is sent once. Whatever its outcome (a timed-out write may have happened), the
request's loader forgets the customers it may have changed, so a later read in the same
operation (mutations run one after the other) fetches a fresh copy.
"""

from __future__ import annotations

import strawberry

from customer_gateway.graphql.access.scopes import Scope
from customer_gateway.graphql.argument_paths import argument_paths, write_input
from customer_gateway.graphql.context import GatewayContext
from customer_gateway.graphql.customer import Customer
from customer_gateway.graphql.filters import MAX_IDS, check_list_length
from customer_gateway.graphql.inputs import (
    CustomerCreateInput,
    CustomerUpdateInput,
    MyCustomerUpdateInput,
)
from customer_gateway.graphql.reads import customer_by_id, customer_by_key
from customer_gateway.graphql.selection import customer_fields
from customer_gateway.model.errors import Unauthenticated

Info = strawberry.Info[GatewayContext, None]


async def _payload_customer(root: CustomerPayload, info: Info) -> Customer | None:
    if root.customer_key is not None:
        return await customer_by_key(info, root.customer_key)
    assert root.customer_id is not None
    return await customer_by_id(info, root.customer_id)


async def _logged_in_customer(root: LogInPayload, info: Info) -> Customer | None:
    return await customer_by_key(info, root.customer_key)


@strawberry.type
class CustomerPayload:
    customer_id: strawberry.ID | None = strawberry.field(
        default=None,
        description="The id of the customer written (null for updateMe): known even when "
        "reading `customer` back fails, so a created customer is never lost to its client.",
    )
    customer_key: strawberry.Private[str | None] = None
    customer: Customer | None = strawberry.field(
        resolver=_payload_customer, description="The customer as it is after the write."
    )


@strawberry.type
class DeleteCustomersPayload:
    deleted_ids: list[strawberry.ID] = strawberry.field(
        description="The ids that named a customer, now deleted (the others named none)."
    )


@strawberry.type
class LogInPayload:
    customer_key: str = strawberry.field(
        description="Send it as the X-Customer-Key header for `me` and `updateMe`."
    )
    customer: Customer | None = strawberry.field(
        resolver=_logged_in_customer, description="The customer now logged in."
    )


async def create_customer(info: Info, input: CustomerCreateInput) -> CustomerPayload:
    context = info.context
    context.require_scope(Scope.WRITE)
    with argument_paths(write_input):
        customer_id = await context.backend.create_customer(input.to_changes())
    context.customers.forget(customer_id)
    return CustomerPayload(customer_id=strawberry.ID(customer_id))


async def update_customer(
    info: Info, id: strawberry.ID, input: CustomerUpdateInput
) -> CustomerPayload:
    context = info.context
    context.require_scope(Scope.WRITE)
    try:
        with argument_paths(write_input):
            await context.backend.update_customer(id, input.to_changes())
    finally:
        context.customers.forget(id)
    return CustomerPayload(customer_id=id)


async def delete_customers(info: Info, ids: list[strawberry.ID]) -> DeleteCustomersPayload:
    context = info.context
    context.require_scope(Scope.WRITE)
    check_list_length(ids, MAX_IDS, "ids")
    try:
        deleted = await context.backend.delete_customers(ids)
    finally:
        for customer_id in ids:
            context.customers.forget(customer_id)
    return DeleteCustomersPayload(deleted_ids=[strawberry.ID(i) for i in deleted])


async def authenticate_customer(info: Info, email: str, password: str) -> Customer | None:
    context = info.context
    context.require_scope(Scope.WRITE)
    record = await context.backend.authenticate(email, password, customer_fields(info))
    return None if record is None else Customer.from_record(record)


async def log_in(info: Info, email: str, password: str) -> LogInPayload:
    context = info.context
    try:
        customer_key = await context.backend.log_in(email, password)
    finally:
        context.customers.forget_all()  # the login time changed, of a customer not known by id
    return LogInPayload(customer_key=customer_key)


async def update_me(info: Info, input: MyCustomerUpdateInput) -> CustomerPayload:
    context = info.context
    if context.customer_key is None:
        raise Unauthenticated("updateMe needs the X-Customer-Key header: log in first (logIn)")
    try:
        with argument_paths(write_input):
            await context.backend.update_my_customer(context.customer_key, input.to_changes())
    finally:
        context.customers.forget_all()  # the key's customer is not known by id
    return CustomerPayload(customer_key=context.customer_key)


@strawberry.type
class Mutation:
    create_customer: CustomerPayload = strawberry.field(
        resolver=create_customer, description="Create a customer (commerce.customers.create)."
    )
    update_customer: CustomerPayload = strawberry.field(
        resolver=update_customer,
        description="Change the fields given in `input`; the others stay as they are.",
    )
    delete_customers: DeleteCustomersPayload = strawberry.field(
        resolver=delete_customers,
        description="Delete customers; `deletedIds` says which of `ids` existed.",
    )
    authenticate_customer: Customer | None = strawberry.field(
        resolver=authenticate_customer,
        description="The customer with this email and password; null when they are wrong.",
    )
    log_in: LogInPayload = strawberry.field(
        resolver=log_in, description="Storefront login: a customer key for X-Customer-Key."
    )
    update_me: CustomerPayload = strawberry.field(
        resolver=update_me,
        description="Storefront: change the logged-in customer (X-Customer-Key) in `input`.",
    )
