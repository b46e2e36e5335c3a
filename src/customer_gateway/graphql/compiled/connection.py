"""The compiled `customers` answer: a page of records written as a `CustomerConnection`."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from graphql import FieldNode
from graphql.execution.collect_fields import FieldDetails

from customer_gateway.graphql.compiled.writers import (
    Field,
    Getter,
    ObjectWriter,
    computed,
    constant,
    each,
    object_writer,
)
from customer_gateway.graphql.pagination import PagePlan
from customer_gateway.model.queries import Page
from customer_gateway.model.records import CustomerRecord

if TYPE_CHECKING:
    from customer_gateway.graphql.compiled.compiler import Compiler

Grouped = dict[str, list[FieldDetails]]
# Each `totalCount` of the selection: its response key and nodes (filled in after the page).
Totals = list[tuple[str, Sequence[FieldNode]]]


class PageView:
    """A page and the plan its cursors come from, as the connection's writers read them."""

    __slots__ = ("page", "plan", "records")

    def __init__(self, page: Page, plan: PagePlan) -> None:
        self.page = page
        self.plan = plan
        self.records: Sequence[CustomerRecord] = page.records

    def cursor(self, index: int) -> str:
        return self.plan.cursor(index, self.records[index])


class EdgeView:
    __slots__ = ("index", "view")

    def __init__(self, view: PageView, index: int) -> None:
        self.view = view
        self.index = index


def connection_writer(compiler: Compiler, grouped: Grouped) -> tuple[ObjectWriter, Totals]:
    fields: list[tuple[str, Field]] = []
    totals: Totals = []
    for key, sub in grouped.items():
        name = sub[0].node.name.value
        if name == "__typename":
            fields.append((key, constant("CustomerConnection")))
        elif name == "nodes":
            fields.append((key, each("records", compiler.customer_writer(sub))))
        elif name == "edges":
            edge = _edge_writer(compiler, compiler.subfields("CustomerEdge", sub))
            fields.append((key, computed(_edges(edge))))
        elif name == "pageInfo":
            fields.append((key, computed(_page_info(compiler.subfields("PageInfo", sub)))))
        elif name == "totalCount":
            fields.append((key, constant(None)))
            totals.append((key, [detail.node for detail in sub]))
        else:
            raise compiler.unsupported(f"CustomerConnection.{name}")
    return object_writer(fields, "CustomerConnection"), totals


def _edges(writer: ObjectWriter) -> Getter:
    def get(view: PageView) -> list[dict[str, Any]]:
        return [writer(EdgeView(view, index)) for index in range(len(view.records))]

    return get


def _edge_writer(compiler: Compiler, grouped: Grouped) -> ObjectWriter:
    fields: list[tuple[str, Field]] = []
    for key, sub in grouped.items():
        name = sub[0].node.name.value
        if name == "__typename":
            fields.append((key, constant("CustomerEdge")))
        elif name == "cursor":
            fields.append((key, computed(_cursor)))
        else:  # node: the only other field validation lets through
            fields.append((key, computed(_node(compiler.customer_writer(sub)))))
    return object_writer(fields, "CustomerEdge")


def _cursor(edge: EdgeView) -> str:
    return edge.view.cursor(edge.index)


def _node(writer: ObjectWriter) -> Getter:
    def get(edge: EdgeView) -> dict[str, Any]:
        return writer(edge.view.records[edge.index])

    return get


_PAGE_INFO: dict[str, Field] = {
    "__typename": constant("PageInfo"),
    "hasNextPage": computed(lambda view: view.page.has_more),
    "hasPreviousPage": computed(lambda view: view.plan.has_previous),
    "startCursor": computed(lambda view: view.cursor(0) if view.records else None),
    "endCursor": computed(
        lambda view: view.cursor(len(view.records) - 1) if view.records else None
    ),
}


def _page_info(grouped: Grouped) -> ObjectWriter:
    fields = [(key, _PAGE_INFO[sub[0].node.name.value]) for key, sub in grouped.items()]
    return object_writer(fields, "PageInfo")
