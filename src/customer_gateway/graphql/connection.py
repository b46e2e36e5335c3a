"""`CustomerConnection`: one page of customers, Relay style; `totalCount` is fetched on demand."""

from __future__ import annotations

from typing import TYPE_CHECKING

import strawberry

from customer_gateway.graphql.customer import Customer
from customer_gateway.graphql.pagination import PagePlan
from customer_gateway.graphql.reads import count_customers
from customer_gateway.model.queries import CustomerConditions, Page

if TYPE_CHECKING:
    from customer_gateway.graphql.context import GatewayContext


@strawberry.type
class PageInfo:
    has_next_page: bool
    has_previous_page: bool
    start_cursor: str | None
    end_cursor: str | None


@strawberry.type
class CustomerEdge:
    cursor: str
    node: Customer


async def _total_count(
    root: CustomerConnection, info: strawberry.Info[GatewayContext, None]
) -> int:
    return await count_customers(info.context, root.conditions)


@strawberry.type
class CustomerConnection:
    edges: list[CustomerEdge]
    nodes: list[Customer]
    page_info: PageInfo
    conditions: strawberry.Private[CustomerConditions]
    total_count: int = strawberry.field(
        resolver=_total_count,
        description="How many customers match the filter (costs an upstream call when asked).",
    )

    @classmethod
    def build(
        cls, page: Page, plan: PagePlan, conditions: CustomerConditions
    ) -> CustomerConnection:
        nodes = [Customer.from_record(record) for record in page.records]
        edges = [
            CustomerEdge(cursor=plan.cursor(index, node.record), node=node)
            for index, node in enumerate(nodes)
        ]
        page_info = PageInfo(
            has_next_page=page.has_more,
            has_previous_page=plan.has_previous,
            start_cursor=edges[0].cursor if edges else None,
            end_cursor=edges[-1].cursor if edges else None,
        )
        return cls(edges=edges, nodes=nodes, page_info=page_info, conditions=conditions)
