"""Ecwid customer queries on the emulator's SQLite database (tables in `ecwid_tables`)."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from customer_gateway.emulator.ecwid.tables import (
    CHILDREN,
    SCHEMA,
    Customer,
    child,
    columns,
    customer_from_row,
)
from customer_gateway.emulator.store import Store, like_containing

SortBy = Literal[
    "NAME_ASC", "NAME_DESC", "EMAIL_ASC", "EMAIL_DESC", "ORDER_COUNT_ASC", "ORDER_COUNT_DESC",
    "REGISTERED_DATE_ASC", "REGISTERED_DATE_DESC", "UPDATED_DATE_ASC", "UPDATED_DATE_DESC",
]  # fmt: skip
SORT_COLUMNS = {
    "NAME": "b_name COLLATE NAME",
    "EMAIL": "email COLLATE NOCASE",
    "ORDER_COUNT": "totalOrderCount",
    "REGISTERED_DATE": "registered",
    "UPDATED_DATE": "updated",
}


@dataclass(frozen=True, slots=True)
class Search:
    """A customers search; text filters are None when not given."""

    keyword: str | None = None
    name: str | None = None
    email: str | None = None
    group_ids: tuple[int, ...] | None = None
    country_codes: tuple[str, ...] | None = None
    city: str | None = None
    postal_code: str | None = None
    phone: str | None = None
    created_from: int | None = None
    created_to: int | None = None
    updated_from: int | None = None
    updated_to: int | None = None
    sort_by: SortBy = "NAME_ASC"
    offset: int = 0
    limit: int = 100


_DIGITS_OF_PHONE = "b_phone"
for _char in " +-()./":
    _DIGITS_OF_PHONE = f"replace({_DIGITS_OF_PHONE}, '{_char}', '')"


def _where(search: Search) -> tuple[str, list[Any]]:
    clauses: list[str] = []
    params: list[Any] = []

    def add(clause: str, *values: Any) -> None:
        clauses.append(clause)
        params.extend(values)

    for word in (search.keyword or "").split():
        pattern = like_containing(word)
        add("(b_name LIKE ? ESCAPE '\\' OR email LIKE ? ESCAPE '\\')", pattern, pattern)
    if search.name is not None:
        add("b_name LIKE ? ESCAPE '\\'", like_containing(search.name))
    if search.email is not None:
        add("email = ? COLLATE NOCASE", search.email)
    if search.group_ids is not None:
        add(f"customerGroupId IN ({', '.join('?' * len(search.group_ids))})", *search.group_ids)
    if search.country_codes is not None:
        marks = ", ".join("?" * len(search.country_codes))
        add(f"upper(b_countryCode) IN ({marks})", *search.country_codes)
    if search.city is not None:
        add("b_city = ? COLLATE NOCASE", search.city)
    if search.postal_code is not None:
        add(
            "replace(b_postalCode, ' ', '') = ? COLLATE NOCASE", search.postal_code.replace(" ", "")
        )
    if search.phone is not None:
        digits = "".join(ch for ch in search.phone if ch.isdigit())
        add(f"{_DIGITS_OF_PHONE} LIKE ?", f"%{digits}%")
    for column, bound, sign in (
        ("registered", search.created_from, ">="),
        ("registered", search.created_to, "<="),
        ("updated", search.updated_from, ">="),
        ("updated", search.updated_to, "<="),
    ):
        if bound is not None:
            add(f"{column} {sign} ?", bound)
    return (" WHERE " + " AND ".join(clauses) if clauses else ""), params


class EcwidStore:
    """The Ecwid tables on the emulator's `Store` connection."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.db = store.db
        self.db.executescript(SCHEMA)

    def search(self, search: Search) -> tuple[int, list[Customer]]:
        """(total matches, one page of them); ties are broken by ascending id."""
        where, params = _where(search)
        total = int(self.db.execute(f"SELECT count(*) FROM ecwid_customers{where}", params)
                    .fetchone()[0])  # fmt: skip
        key, _, direction = search.sort_by.rpartition("_")
        sql = (
            f"SELECT * FROM ecwid_customers{where} ORDER BY {SORT_COLUMNS[key]} {direction},"
            " id ASC LIMIT ? OFFSET ?"
        )
        rows = self.db.execute(sql, [*params, search.limit, search.offset]).fetchall()
        return total, self._customers(rows)

    def get(self, customer_id: int) -> Customer | None:
        row = self.db.execute("SELECT * FROM ecwid_customers WHERE id = ?", (customer_id,))
        found = row.fetchall()
        return self._customers(found)[0] if found else None

    def email_taken(self, email: str, *, besides: int = 0) -> bool:
        sql = "SELECT 1 FROM ecwid_customers WHERE email = ? COLLATE NOCASE AND id <> ? LIMIT 1"
        return self.db.execute(sql, (email, besides)).fetchone() is not None

    def insert(self, customer: Mapping[str, Any]) -> int:
        with self.store.transaction():
            return self._insert(customer)

    def insert_many(self, customers: Iterable[Mapping[str, Any]]) -> None:
        with self.store.transaction():
            for customer in customers:
                self._insert(customer)

    def update(self, customer_id: int, changes: Mapping[str, Any]) -> None:
        """Write the fields in `changes`; `billingPerson` key by key, lists as a whole."""
        values = columns(changes)
        with self.store.transaction():
            if values:
                assignments = ", ".join(f"{name} = ?" for name in values)
                self.db.execute(
                    f"UPDATE ecwid_customers SET {assignments} WHERE id = ?",
                    [*values.values(), customer_id],
                )
            for name in CHILDREN:
                if name in changes:
                    self._replace_children(name, customer_id, changes[name])

    def delete(self, customer_id: int) -> int:
        cursor = self.db.execute("DELETE FROM ecwid_customers WHERE id = ?", (customer_id,))
        return cursor.rowcount

    def is_empty(self) -> bool:
        return self.db.execute("SELECT 1 FROM ecwid_customers LIMIT 1").fetchone() is None

    def _insert(self, customer: Mapping[str, Any]) -> int:
        values = columns(customer)
        names, marks = ", ".join(values), ", ".join("?" * len(values))
        cursor = self.db.execute(
            f"INSERT INTO ecwid_customers ({names}) VALUES ({marks})", list(values.values())
        )
        assert cursor.lastrowid is not None
        for name in CHILDREN:
            self._replace_children(name, cursor.lastrowid, customer.get(name, []))
        return cursor.lastrowid

    def _replace_children(self, list_name: str, customer_id: int, items: Sequence[Any]) -> None:
        """Replace a list; an item keeps its `id` when given one (checked by the caller)."""
        table, fields = CHILDREN[list_name]
        self.db.execute(f"DELETE FROM {table} WHERE customer_id = ?", (customer_id,))
        columns = ["id", "customer_id", "position", *fields.values()]
        sql = f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})"
        self.db.executemany(
            sql,
            [
                [item.get("id"), customer_id, position, *(item.get(k) for k in fields)]
                for position, item in enumerate(items)
            ],
        )

    def _customers(self, rows: Sequence[sqlite3.Row]) -> list[Customer]:
        ids = [row["id"] for row in rows]
        lists = {name: self._children(name, ids) for name in CHILDREN}
        return [customer_from_row(row, {name: lists[name].get(row["id"], []) for name in lists})
                for row in rows]  # fmt: skip

    def _children(self, list_name: str, ids: Sequence[int]) -> dict[int, list[dict[str, Any]]]:
        table, _ = CHILDREN[list_name]
        marks = ", ".join("?" * len(ids))
        rows = self.db.execute(
            f"SELECT * FROM {table} WHERE customer_id IN ({marks}) ORDER BY customer_id, position",
            ids,
        )
        out: dict[int, list[dict[str, Any]]] = {}
        for row in rows:
            out.setdefault(row["customer_id"], []).append(child(list_name, row))
        return out
