"""A list or a count as the query parameters of Ecwid's `GET /customers`.

    keywords -> keyword            email   -> email
    group    -> customerGroupIds   country -> countryCodes
    ids, code, canLogin, personalCode, companyCode, stateProv, labels -> NOT_SUPPORTED

A condition is never dropped: one Ecwid cannot apply is refused (`field` = `conditions.<name>`).
An empty text is refused (`MALFORMED`) as Open2b refuses it, because Ecwid takes an empty
parameter as "not given" and would match every customer. A country that is not two letters is
refused too: Ecwid's `countryCodes` is a comma list and would read "IT,FR" as two countries.

Ecwid sorts by one key (`sortBy`) and breaks ties by ascending id, so an order is one key
then id ascending: FULL_NAME -> NAME, EMAIL -> EMAIL, CREATION_TIME -> REGISTERED_DATE,
UPDATE_TIME -> UPDATED_DATE. Ecwid cannot sort by id: ID (the default order) is served as
REGISTERED_DATE, the order in which customers, and so their ids, were created.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from customer_gateway.backends.refusals import malformed
from customer_gateway.model.errors import NotSupported
from customer_gateway.model.queries import CustomerConditions, SortField, SortKey

# Attribute -> neutral condition name, for the conditions Ecwid's search lacks.
_UNSUPPORTED: Mapping[str, str] = {
    "ids": "ids",
    "code": "code",
    "can_login": "canLogin",
    "personal_code": "personalCode",
    "company_code": "companyCode",
    "state_prov": "stateProv",
    "labels": "labels",
}
_SORT_NAMES: Mapping[SortField, str] = {
    SortField.ID: "REGISTERED_DATE",
    SortField.FULL_NAME: "NAME",
    SortField.EMAIL: "EMAIL",
    SortField.CREATION_TIME: "REGISTERED_DATE",
    SortField.UPDATE_TIME: "UPDATED_DATE",
}
_SORTABLE = ", ".join(field.name for field in _SORT_NAMES if field is not SortField.ID)
_COUNTRY = re.compile(r"[A-Za-z]{2}")


def filter_params(conditions: CustomerConditions) -> dict[str, str]:
    for attribute, name in _UNSUPPORTED.items():
        if getattr(conditions, attribute) is not None:
            raise NotSupported(
                f"The ecwid backend cannot filter customers by {name}", field=f"conditions.{name}"
            )
    params: dict[str, str] = {}
    for name, param, value in (
        ("keywords", "keyword", conditions.keywords),
        ("email", "email", conditions.email),
        ("country", "countryCodes", conditions.country),
    ):
        if value is None:
            continue
        if not value.strip() or (name == "country" and not _COUNTRY.fullmatch(value)):
            raise malformed(f"conditions.{name}")
        params[param] = value
    if conditions.group is not None:
        params["customerGroupIds"] = str(conditions.group)
    return params


def sort_by(order: tuple[SortKey, ...]) -> str:
    """Ecwid's `sortBy` for an order (which always includes id: see `sort_keys`)."""
    first, *rest = order
    name = _SORT_NAMES.get(first.field)
    # After id nothing matters (ids are unique); after another key only id ascending can follow.
    if name is None or (first.field is not SortField.ID and rest != [SortKey(SortField.ID)]):
        raise NotSupported(
            f"The ecwid backend sorts customers by one of {_SORTABLE}, then by id ascending",
            field="order",
        )
    return f"{name}_{'DESC' if first.descending else 'ASC'}"
