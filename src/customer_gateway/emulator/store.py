"""The emulator's SQLite database: customer queries, storefront keys, reference data.

Synchronous sqlite3: the database is local and every query is short, so the event loop is
never held for long.
"""

from __future__ import annotations

import os
import secrets
import sqlite3
import tempfile
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import orjson

from customer_gateway.emulator.open2b.tables import SCHEMA, Record, columns, record_from_row


def _name_key(text: str) -> tuple[str, str]:
    """Names sort as people expect: accents and case set aside first ("Álvaro" by "Alvaro")."""
    plain = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    return plain.casefold(), text


def name_collation(left: str, right: str) -> int:
    """The `NAME` collation of the emulator's database, for both upstreams' name orders."""
    a, b = _name_key(left), _name_key(right)
    return (a > b) - (a < b)


def like_containing(text: str) -> str:
    """The `LIKE ? ESCAPE '\\'` pattern of the values that contain `text`."""
    return "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


_ORDER = {
    "id": "id",
    "code": "code COLLATE NOCASE",
    "email": "b_email COLLATE NOCASE",
    "canLogin": "can_login",
    "hasPassword": "(encrypted_password IS NOT NULL)",
    "fullName": "full_name COLLATE NAME",
    "country": "b_country",
    "creationTime": "creation_time",
    "updateTime": "update_time",
    "group": "group_id",
}
ORDER_NAMES = frozenset(_ORDER) | {f"-{name}" for name in _ORDER}
_EQUALS = {
    "code": "code = ?",
    "canLogin": "can_login = ?",
    "group": "group_id = ?",
    "email": "b_email = ? COLLATE NOCASE",
    "personalCode": "b_personalCode = ?",
    "companyCode": "b_companyCode = ?",
    "country": "b_country = ?",
    "stateProv": "b_stateProv = ?",
    "after": "id > ?",
}
_KEYWORD_COLUMNS = (
    "code", "full_name", "b_firstName", "b_lastName", "b_companyName",
    "b_personalCode", "b_companyCode", "b_email",
)  # fmt: skip


def _where(conditions: Mapping[str, Any]) -> tuple[str, list[Any]]:
    clauses: list[str] = []
    params: list[Any] = []
    for name, value in conditions.items():
        if name in _EQUALS:
            clauses.append(_EQUALS[name])
            params.append(value)
        elif name == "ids":
            clauses.append("id IN (SELECT value FROM json_each(?))")
            params.append(orjson.dumps(value).decode())
        elif name == "labels":
            clauses.append(
                "EXISTS (SELECT 1 FROM customer_labels l WHERE l.customer_id = customers.id"
                " AND l.label IN (SELECT value FROM json_each(?)))"
            )
            params.append(orjson.dumps(value).decode())
        elif name == "keywords":
            for word in value.split():
                ors = " OR ".join(f"{column} LIKE ? ESCAPE '\\'" for column in _KEYWORD_COLUMNS)
                clauses.append(f"({ors})")
                params.extend([like_containing(word)] * len(_KEYWORD_COLUMNS))
    return (" WHERE " + " AND ".join(clauses) if clauses else ""), params


class Store:
    """One SQLite database; `close()` removes it when it was a temporary file."""

    def __init__(self, path: str | None = None) -> None:
        self._temporary = path is None
        self._closed = False
        if path is None:
            fd, path = tempfile.mkstemp(prefix="open2b-emulator-", suffix=".sqlite3")
            os.close(fd)
        self.path = path
        # The app may be built in one thread and served from another (uvicorn, tests).
        self.db = sqlite3.connect(path, check_same_thread=False, isolation_level=None)
        self.db.row_factory = sqlite3.Row
        self.db.create_collation("NAME", name_collation)
        self.db.execute("PRAGMA foreign_keys = ON")
        self.db.execute("PRAGMA journal_mode = WAL")
        self.db.execute("PRAGMA synchronous = NORMAL")
        self.db.executescript(SCHEMA)

    def close(self) -> None:
        if self._closed:
            return
        self._closed = True
        self.db.close()
        if self._temporary:
            for suffix in ("", "-wal", "-shm"):
                if os.path.exists(self.path + suffix):
                    os.remove(self.path + suffix)

    # -- customers --------------------------------------------------------------------------

    def find(
        self,
        conditions: Mapping[str, Any],
        order: Sequence[str] = (),
        limit: int | None = None,
        first: int = 0,
    ) -> list[Record]:
        where, params = _where(conditions)
        terms = [
            f"{_ORDER[name.lstrip('-')]} {'DESC' if name[0] == '-' else 'ASC'}" for name in order
        ]
        if not any(name.lstrip("-") == "id" for name in order):
            terms.append("id ASC")
        sql = f"SELECT * FROM customers{where} ORDER BY {', '.join(terms)} LIMIT ? OFFSET ?"
        rows = self.db.execute(sql, [*params, -1 if limit is None else limit, first])
        return [record_from_row(row) for row in rows]

    def count(self, conditions: Mapping[str, Any]) -> int:
        where, params = _where(conditions)
        row = self.db.execute(f"SELECT count(*) FROM customers{where}", params).fetchone()
        return int(row[0])

    def get(self, customer_id: int) -> Record | None:
        row = self.db.execute("SELECT * FROM customers WHERE id = ?", (customer_id,)).fetchone()
        return None if row is None else record_from_row(row)

    def login_customer(self, email: str) -> Record | None:
        """The customer that can log in with `email` (at most one, enforced on writes)."""
        row = self.db.execute(
            "SELECT * FROM customers WHERE b_email = ? COLLATE NOCASE AND can_login = 1"
            " ORDER BY id LIMIT 1",
            (email,),
        ).fetchone()
        return None if row is None else record_from_row(row)

    def email_taken(self, email: str, *, besides: int = 0) -> bool:
        """Whether another customer that can log in has `email`."""
        row = self.db.execute(
            "SELECT 1 FROM customers WHERE b_email = ? COLLATE NOCASE AND can_login = 1"
            " AND id <> ? LIMIT 1",
            (email, besides),
        ).fetchone()
        return row is not None

    def code_taken(self, code: str, *, besides: int = 0) -> bool:
        row = self.db.execute(
            "SELECT 1 FROM customers WHERE code = ? AND id <> ? LIMIT 1", (code, besides)
        ).fetchone()
        return row is not None

    def insert(self, record: Mapping[str, Any]) -> int:
        values = columns(record)
        names = ", ".join(values)
        marks = ", ".join("?" * len(values))
        cursor = self.db.execute(
            f"INSERT INTO customers ({names}) VALUES ({marks})", list(values.values())
        )
        assert cursor.lastrowid is not None
        return cursor.lastrowid

    def insert_many(self, records: Iterable[Mapping[str, Any]]) -> None:
        """Insert records that all carry the same fields, in one transaction."""
        rows = [columns(record) for record in records]
        if not rows:
            return
        names = list(rows[0])
        sql = f"INSERT INTO customers ({', '.join(names)}) VALUES ({', '.join('?' * len(names))})"
        with self.transaction():
            self.db.executemany(sql, ([row[name] for name in names] for row in rows))

    def update(self, customer_id: int, changes: Mapping[str, Any]) -> None:
        values = columns(changes)
        if values:
            assignments = ", ".join(f"{name} = ?" for name in values)
            self.db.execute(
                f"UPDATE customers SET {assignments} WHERE id = ?",
                [*values.values(), customer_id],
            )

    def delete(self, ids: Sequence[int]) -> None:
        self.db.execute(
            "DELETE FROM customers WHERE id IN (SELECT value FROM json_each(?))",
            (orjson.dumps(list(ids)).decode(),),
        )

    def set_labels(self, labels: Iterable[tuple[int, int]]) -> None:
        with self.transaction():
            self.db.executemany("INSERT OR IGNORE INTO customer_labels VALUES (?, ?)", labels)

    def transaction(self) -> sqlite3.Connection:
        """`with store.transaction():` — the connection runs in autocommit otherwise."""
        self.db.execute("BEGIN")
        return self.db

    # -- storefront customer keys -----------------------------------------------------------

    def issue_key(self, customer_id: int, now: str) -> str:
        key = secrets.token_urlsafe(32)
        self.db.execute("INSERT INTO customer_keys VALUES (?, ?, ?)", (key, customer_id, now))
        return key

    def customer_for_key(self, key: str) -> Record | None:
        """The customer the storefront key belongs to, while she can still log in."""
        row = self.db.execute(
            "SELECT c.* FROM customer_keys k JOIN customers c ON c.id = k.customer_id"
            " WHERE k.key = ? AND c.can_login = 1",
            (key,),
        ).fetchone()
        return None if row is None else record_from_row(row)

    # -- reference data ---------------------------------------------------------------------

    def exists(self, table: str, key: object) -> bool:
        column = "token" if table == "carts" else "id"
        sql = f"SELECT 1 FROM {table} WHERE {column} = ?"
        return self.db.execute(sql, (key,)).fetchone() is not None

    def collection_is_additional(self, collection_id: int) -> bool | None:
        """True/False for an additional/catalog collection, None when it does not exist."""
        row = self.db.execute(
            "SELECT additional FROM collections WHERE id = ?", (collection_id,)
        ).fetchone()
        return None if row is None else bool(row[0])

    def required_processings(self) -> list[int]:
        rows = self.db.execute("SELECT id FROM privacy_processings WHERE required = 1 ORDER BY id")
        return [int(row[0]) for row in rows]

    def is_empty(self) -> bool:
        return self.db.execute("SELECT 1 FROM customers LIMIT 1").fetchone() is None
