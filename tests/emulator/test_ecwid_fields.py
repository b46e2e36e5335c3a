"""The `responseFields` grammar (the HTTP side is in test_ecwid_search.py)."""

from __future__ import annotations

from typing import Any

import pytest

from customer_gateway.emulator.ecwid.fields import FieldsError, Projection, parse, project

PARSED: list[tuple[str, Projection]] = [
    ("id", {"id": None}),
    ("id,email", {"id": None, "email": None}),
    ("items(id,email)", {"items": {"id": None, "email": None}}),
    (
        "total,items(id,email,billingPerson(name))",
        {"total": None, "items": {"id": None, "email": None, "billingPerson": {"name": None}}},
    ),
    (" total , items ( id ) ", {"total": None, "items": {"id": None}}),
    ("a(b(c(d)))", {"a": {"b": {"c": {"d": None}}}}),
    ("a(b),a(c)", {"a": {"b": None, "c": None}}),
    ("a(b(c)),a(b(d))", {"a": {"b": {"c": None, "d": None}}}),
    ("a(b),a", {"a": None}),
    ("a,a(b)", {"a": None}),
    ("b2b_b2c", {"b2b_b2c": None}),
]


@pytest.mark.parametrize(("text", "expected"), PARSED)
def test_parse(text: str, expected: Projection) -> None:
    assert parse(text) == expected


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "expected a field name, found the end"),
        ("   ", "expected a field name, found the end"),
        ("a,", "expected a field name, found the end"),
        (",a", "expected a field name, found ','"),
        ("a()", "expected a field name, found ')'"),
        ("a(b", "missing ')' after the fields of 'a'"),
        ("a(b))", "unexpected ')'"),
        ("a b", "unexpected 'b'"),
        ("a.b", "unexpected '.'"),
        ("(a)", "expected a field name, found '('"),
        ("a-b", "unexpected '-'"),
    ],
)
def test_parse_errors(text: str, message: str) -> None:
    with pytest.raises(FieldsError) as caught:
        parse(text)
    assert str(caught.value) == message


VALUE: dict[str, Any] = {
    "total": 2,
    "items": [
        {"id": 1, "person": {"name": "A", "city": "X"}, "tags": [{"k": 1, "v": 2}]},
        {"id": 2, "person": {"name": "B"}, "tags": []},
    ],
}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("total", {"total": 2}),
        ("items(id)", {"items": [{"id": 1}, {"id": 2}]}),
        ("items(person(city))", {"items": [{"person": {"city": "X"}}, {"person": {}}]}),
        ("items(tags(v))", {"items": [{"tags": [{"v": 2}]}, {"tags": []}]}),
        ("total(x),missing", {"total": 2}),
    ],
)
def test_project(text: str, expected: dict[str, Any]) -> None:
    assert project(VALUE, parse(text)) == expected
    assert project(VALUE, None) is VALUE
