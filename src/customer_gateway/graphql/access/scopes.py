"""The scopes a JWT must carry for admin operations; static API tokens grant them all."""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum


class Scope(StrEnum):
    READ = "customers:read"  # customer, customers, customersCount
    WRITE = "customers:write"  # createCustomer, updateCustomer, deleteCustomers, authenticate...


ALL_SCOPES = frozenset(Scope)


def granted_scopes(claims: Mapping[str, object]) -> frozenset[str]:
    """The scopes of a token: `scope` (space-separated, RFC 8693) or `scp` (a list, Okta/Azure)."""
    granted: set[str] = set()
    scope = claims.get("scope")
    if isinstance(scope, str):
        granted.update(scope.split())
    scp = claims.get("scp")
    if isinstance(scp, str):
        granted.update(scp.split())
    elif isinstance(scp, list):
        granted.update(item for item in scp if isinstance(item, str))
    return frozenset(granted)
