"""Open2b request shapes and the checks every method shares.

A request is checked in two passes. First its *shape* against a `Spec` tree (unknown keys,
JSON types, null where the docs do not say "(can be null)", "(required)", string lengths in
characters, int ranges), reported with Open2b's common error templates:

    unknown  UnknownField  Field '<Field>' is unknown
    <Field>  Missing       <Field> is required
    <Field>  Malformed     <Field> is not syntactically correct
    <Field>  InvalidValue  <Field> is not a valid value

Then the documented per-method rows (`rules.py`). Fields whose bounds a documented row already
describes (email, locale, password, invoice recipient) skip the generic length check so that
row is what the client sees.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Literal

INT_MAX = 2**31 - 1
DATETIME_FORMAT = "%Y-%m-%d %H:%M:%S"

Kind = Literal["str", "int", "bool", "ints", "strs", "datetime", "record"]


class Open2bError(Exception):
    """An application error, answered as ``{"status": "error", "error": {...}}`` on HTTP 200."""

    def __init__(self, field: str, type: str, description: str) -> None:
        super().__init__(description)
        self.field = field
        self.type = type
        self.description = description

    def envelope(self) -> dict[str, Any]:
        error = {"field": self.field, "type": self.type, "description": self.description}
        return {"status": "error", "error": error}


def unknown(path: str) -> Open2bError:
    return Open2bError("unknown", "UnknownField", f"Field '{path}' is unknown")


def missing(path: str) -> Open2bError:
    return Open2bError(path, "Missing", f"{path} is required")


def malformed(path: str) -> Open2bError:
    return Open2bError(path, "Malformed", f"{path} is not syntactically correct")


def invalid(path: str) -> Open2bError:
    return Open2bError(path, "InvalidValue", f"{path} is not a valid value")


@dataclass(frozen=True, slots=True)
class Spec:
    kind: Kind
    min: int = 0
    max: int | None = None
    required: bool = False
    nullable: bool = False
    fields: Mapping[str, Spec] = field(default_factory=dict)
    free_length: bool = False  # a documented row reports this field's length
    flat: bool = False  # children are named without this key's prefix


def text(lo: int, hi: int | None, *, required: bool = False, nullable: bool = False) -> Spec:
    return Spec("str", lo, hi, required, nullable)


def free_text(*, required: bool = False) -> Spec:
    return Spec("str", required=required, free_length=True)


def integer(lo: int, hi: int = INT_MAX, *, required: bool = False, nullable: bool = False) -> Spec:
    return Spec("int", lo, hi, required, nullable)


def flag() -> Spec:
    return Spec("bool")


def ints(lo: int, hi: int = INT_MAX, *, required: bool = False) -> Spec:
    return Spec("ints", lo, hi, required)


def names() -> Spec:
    return Spec("strs")


def timestamp(*, nullable: bool = False) -> Spec:
    return Spec("datetime", nullable=nullable)


def record(
    fields: Mapping[str, Spec],
    *,
    required: bool = False,
    nullable: bool = False,
    flat: bool = False,
) -> Spec:
    return Spec("record", required=required, nullable=nullable, fields=fields, flat=flat)


def _join(prefix: str, key: str) -> str:
    return f"{prefix}.{key}" if prefix else key


def check(spec: Spec, value: object, path: str = "") -> None:
    """Raise the first shape error of `value` against `spec`."""
    if value is None:
        if spec.nullable:
            return
        raise missing(path) if spec.required else malformed(path)
    kind = spec.kind
    if kind == "record":
        if not isinstance(value, dict):
            raise malformed(path)
        prefix = "" if spec.flat else path
        for key in value:
            if key not in spec.fields:
                raise unknown(_join(prefix, key))
        for key, child in spec.fields.items():
            if key in value:
                check(child, value[key], _join(prefix, key))
            elif child.required:
                raise missing(_join(prefix, key))
    elif kind == "str":
        if not isinstance(value, str):
            raise malformed(path)
        hi = len(value) if spec.max is None else spec.max
        if not spec.free_length and not spec.min <= len(value) <= hi:
            raise malformed(path)
    elif kind == "int":
        _check_int(spec, value, path)
    elif kind == "bool":
        if not isinstance(value, bool):
            raise malformed(path)
    elif kind == "ints":
        if not isinstance(value, list):
            raise malformed(path)
        for item in value:
            _check_int(spec, item, path)
    elif kind == "strs":
        if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
            raise malformed(path)
    elif kind == "datetime" and (not isinstance(value, str) or parse_datetime(value) is None):
        raise malformed(path)


def _check_int(spec: Spec, value: object, path: str) -> None:
    if isinstance(value, bool) or not isinstance(value, int):
        raise malformed(path)
    if not spec.min <= value <= (INT_MAX if spec.max is None else spec.max):
        raise invalid(path)


# -- formats ---------------------------------------------------------------------------------

_DATETIME = re.compile(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}")
_LOCALE = re.compile(r"[a-z]{2}(-[A-Z]{2})?")
_EMAIL_LOCAL = re.compile(r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*")
_EMAIL_DOMAIN = re.compile(r"([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63}")
# Italian SDI recipient codes: 7 characters (companies) or 6 (public administration).
_RECIPIENT_CODE = re.compile(r"[A-Z0-9]{6,7}")

_ISO_3166_ALPHA2 = """
    AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO
    BQ BR BS BT BV BW BY BZ CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK
    DM DO DZ EC EE EG EH ER ES ET FI FJ FK FM FO FR GA GB GD GE GF GG GH GI GL GM GN GP GQ GR
    GS GT GU GW GY HK HM HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM JO JP KE KG KH KI KM
    KN KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO MP
    MQ MR MS MT MU MV MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL
    PM PN PR PS PT PW PY QA RE RO RS RU RW SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST
    SV SX SY SZ TC TD TF TG TH TJ TK TL TM TN TO TR TT TV TW TZ UA UG UM US UY UZ VA VC VE VG
    VI VN VU WF WS YE YT ZA ZM ZW"""
ISO_COUNTRIES = frozenset(_ISO_3166_ALPHA2.split())


def parse_datetime(value: str) -> datetime | None:
    if not _DATETIME.fullmatch(value):
        return None
    try:
        return datetime.strptime(value, DATETIME_FORMAT)
    except ValueError:
        return None


def is_email(value: str) -> bool:
    if not 3 <= len(value) <= 120 or value.count("@") != 1:
        return False
    local, domain = value.split("@")
    return bool(_EMAIL_LOCAL.fullmatch(local) and _EMAIL_DOMAIN.fullmatch(domain))


def is_locale(value: str) -> bool:
    return bool(_LOCALE.fullmatch(value))


def is_invoice_recipient(value: str) -> bool:
    """Empty, an SDI recipient code or a (PEC) email address, at most 256 characters."""
    if len(value) > 256:
        return False
    return value == "" or bool(_RECIPIENT_CODE.fullmatch(value)) or is_email(value)
