"""Which document a request runs: free-form, a persisted id (manifest), or an APQ hash.

- `documentId` (GraphQL over HTTP's persisted documents, `sha256:<hex>` or bare hex) or
  `extensions.persistedQuery.sha256Hash` (Apollo) without a query: the manifest's document,
  else an APQ one, else PERSISTED_QUERY_NOT_FOUND (Apollo Client then resends with the query).
- hash and query: the query must hash to it; it runs when the manifest has it, is registered
  (APQ) when APQ is on, and is refused with PERSISTED_QUERY_NOT_IN_LIST when only persisted
  operations may run.
- a free-form query when only persisted operations may run: PERSISTED_QUERY_NOT_IN_LIST,
  unless it is, to the byte, a manifest body.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import strawberry

from customer_gateway.graphql.persisted.apq import ApqStore, LocalApqStore
from customer_gateway.graphql.persisted.manifest import (
    PersistedOperation,
    document_id,
    load_manifest,
)
from customer_gateway.model.errors import BadUserInput, ErrorCode, PersistedQueryError
from customer_gateway.settings import Settings

# Apollo Client's persisted-queries link recognises these words (message and code).
NOT_FOUND = "PersistedQueryNotFound"
NOT_IN_LIST = "PersistedQueryNotInList: only the operations of the gateway's manifest may run"
_PREFIX = "sha256:"


@dataclass(frozen=True, slots=True)
class Resolved:
    query: str | None
    operation: PersistedOperation | None = None  # the manifest entry, when it is one
    register: str | None = None  # the APQ hash to store `query` under once it validated


class PersistedQueries:
    def __init__(
        self,
        operations: Mapping[str, PersistedOperation],
        *,
        apq: ApqStore | None,
        persisted_only: bool,
    ) -> None:
        self.operations = operations
        self._apq = apq
        self._persisted_only = persisted_only

    async def resolve(
        self, query: str | None, extensions: Mapping[str, Any] | None, document: object
    ) -> Resolved:
        """What to run for a request with this `query`, `extensions` and `documentId`."""
        sha256 = _hash_of(extensions, document)
        if sha256 is None:
            return self._free_form(query)
        if query is not None and document is not None:
            raise BadUserInput("Send `query` or `documentId`, not both")
        operation = self.operations.get(sha256)
        if query is None:
            if operation is not None:
                return Resolved(operation.body, operation)
            stored = await self._apq.get(sha256) if self._apq is not None else None
            if stored is None:
                raise PersistedQueryError(NOT_FOUND, code=ErrorCode.PERSISTED_QUERY_NOT_FOUND)
            return Resolved(stored)
        if document_id(query) != sha256:
            raise BadUserInput("provided sha does not match query")
        if operation is not None:
            return Resolved(operation.body, operation)
        if self._persisted_only:
            raise PersistedQueryError(NOT_IN_LIST, code=ErrorCode.PERSISTED_QUERY_NOT_IN_LIST)
        return Resolved(query, register=sha256 if self._apq is not None else None)

    def _free_form(self, query: str | None) -> Resolved:
        if not self._persisted_only or query is None:
            return Resolved(query)
        operation = self.operations.get(document_id(query))
        if operation is None:
            raise PersistedQueryError(NOT_IN_LIST, code=ErrorCode.PERSISTED_QUERY_NOT_IN_LIST)
        return Resolved(operation.body, operation)

    async def register(self, sha256: str, query: str) -> None:
        if self._apq is not None:
            await self._apq.put(sha256, query)


def _hash_of(extensions: Mapping[str, Any] | None, document: object) -> str | None:
    if document is not None:
        if not isinstance(document, str) or not document:
            raise BadUserInput("`documentId` must be a non-empty string")
        return document.removeprefix(_PREFIX).lower()
    persisted = (extensions or {}).get("persistedQuery")
    if persisted is None:
        return None
    if not isinstance(persisted, dict) or persisted.get("version") != 1:
        raise BadUserInput("extensions.persistedQuery: only version 1 is supported")
    given = persisted.get("sha256Hash")
    if not isinstance(given, str) or not given:
        raise BadUserInput("extensions.persistedQuery.sha256Hash must be a non-empty string")
    return given.lower()


def create_persisted(
    schema: strawberry.Schema, settings: Settings, apq: ApqStore | None = None
) -> PersistedQueries:
    """The manifest's operations, parsed and validated now; with APQ on, `apq` or, when None,
    an in-process store."""
    operations = {}
    if settings.persisted_operations is not None:
        # The graphql-core schema under strawberry's: what validation runs against.
        operations = load_manifest(settings.persisted_operations, schema._schema)
    if not settings.apq_enabled:
        apq = None
    elif apq is None:
        apq = LocalApqStore(settings.apq_max_entries)
    return PersistedQueries(operations, apq=apq, persisted_only=settings.persisted_only_enabled)
