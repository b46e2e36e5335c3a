"""Prepared documents: everything about a document's text that does not depend on the request,
worked out once and remembered (LRU), so a repeated document goes straight to execution.

Per distinct text: its length bound, parse (with the token bound), then, at its first
validation, the operation bounds (depth, aliases, repeated names; `operation_limits.py`) and
graphql-core's and our validation rules. The outcome is kept either way: a document that
breaks a bound or a rule is refused with the same errors every time, without being walked
again. One outcome is not kept: running out of the validation's CPU budget says as much
about the machine's load as about the document, so that document is validated again next time.

A new text is prepared in a worker thread (`PreparedDocuments.prepare`, awaited by the schema
before strawberry's steps): validating a document is CPU work, under a millisecond for a small
one but 100-600 ms for a valid one near the token bound, and on the event loop it would stall
every other request, `/healthz` included. Off the loop, the loop gets the GIL back within the
switch interval (5 ms). A repeated text pays no thread hop.

`Prepared` is the schema extension that answers strawberry's parse and validate steps from
this cache (it replaces strawberry's ParserCache, ValidationCache, MaxTokensLimiter and
AddValidationRules, whose caches hash the whole AST at every request), and refuses a document
with several operations but no `operationName`.
"""

from __future__ import annotations

import asyncio
import gc
from collections.abc import Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from functools import partial

from graphql import (
    ASTValidationRule,
    DocumentNode,
    GraphQLError,
    GraphQLSchema,
    OperationDefinitionNode,
    parse,
    specified_rules,
)
from strawberry.extensions import SchemaExtension
from strawberry.schema.schema import validate_document

from customer_gateway.graphql.lru import Lru
from customer_gateway.graphql.operation_limits import DeadlineExceeded, bound_error

# One thread per process (started at its first document): new documents queue there, and the
# event loop competes for the GIL with that one thread only.
_WORKER = ThreadPoolExecutor(1, thread_name_prefix="graphql-prepare")

SEVERAL_OPERATIONS = "The document has several operations: say which to run with operationName"


@dataclass(frozen=True, slots=True)
class Limits:
    max_length: int
    max_tokens: int
    max_depth: int
    max_aliases: int


class PreparedDocument:
    """One document text: its AST (or why it has none) and, once validated, its errors."""

    __slots__ = ("document", "errors", "exceeded", "operations", "parse_error")

    def __init__(self, document: DocumentNode | None, parse_error: GraphQLError | None) -> None:
        self.document = document
        self.parse_error = parse_error
        self.operations = (
            0
            if document is None
            else sum(isinstance(d, OperationDefinitionNode) for d in document.definitions)
        )
        # None until validated; then the bound or rule errors (empty: valid).
        self.errors: tuple[GraphQLError, ...] | None = None
        # Validation ran out of its CPU budget: not `ready`, so the next request validates again.
        self.exceeded: DeadlineExceeded | None = None

    @property
    def valid(self) -> bool:
        return self.errors is not None and not self.errors


class PreparedDocuments:
    """The prepared documents of one schema, the `maxsize` most recently used texts."""

    def __init__(
        self, limits: Limits, rules: Sequence[type[ASTValidationRule]], maxsize: int = 256
    ) -> None:
        self.limits = limits
        self.rules = (*specified_rules, *rules)
        self._documents: Lru[str, PreparedDocument] = Lru(maxsize)
        self._preparing: dict[str, asyncio.Future[PreparedDocument]] = {}

    def get(self, query: str) -> PreparedDocument | None:
        """The prepared document of `query` if it is cached (and validated or not)."""
        return self._documents.get(query)

    def ready(self, query: str) -> bool:
        """Whether `query` is cached with its outcome: refused by the parser, or validated."""
        prepared = self._documents.peek(query)
        return prepared is not None and (
            prepared.parse_error is not None or prepared.errors is not None
        )

    async def prepare(self, query: str, schema: GraphQLSchema) -> None:
        """Parse and validate `query` in the worker thread, and keep the outcome.

        Concurrent requests for one new text wait for the same preparation, kept even when
        the request that started it is gone.
        """
        pending = self._preparing.get(query)
        if pending is None:
            loop = asyncio.get_running_loop()
            pending = loop.run_in_executor(_WORKER, self._prepared, query, schema)
            self._preparing[query] = pending
            pending.add_done_callback(partial(self._done, query))
        await asyncio.shield(pending)

    def parsed(self, query: str) -> PreparedDocument:
        """`query` parsed (or refused) once."""
        prepared = self.get(query)
        if prepared is None:
            prepared = PreparedDocument(*self._parse(query))
            self._documents.put(query, prepared)
        return prepared

    def _done(self, query: str, pending: asyncio.Future[PreparedDocument]) -> None:
        del self._preparing[query]
        if not pending.cancelled() and pending.exception() is None:
            self._documents.put(query, pending.result())

    def _prepared(self, query: str, schema: GraphQLSchema) -> PreparedDocument:
        """In the worker: `query` parsed and validated, touching nothing shared.

        Automatic garbage collection waits meanwhile: parsing and graphql-core's rules make
        tens of thousands of cyclic objects per large document (OverlappingFieldsCanBeMerged's
        comparisons, the lexer's tokens). Collections during the work would promote them to
        the oldest generation, freed only by full collections of the heap (100-200 ms each,
        GIL held, so the event loop waits too); one collection of the youngest generation
        afterwards frees them while they are young (15-30 ms for 40 wide fragments).
        """
        collecting = gc.isenabled()
        gc.disable()
        try:
            prepared = PreparedDocument(*self._parse(query))
            if prepared.document is not None:
                try:
                    self.validated(prepared, schema)
                except DeadlineExceeded as exceeded:
                    prepared.exceeded = exceeded
        finally:
            if collecting:
                gc.enable()
                gc.collect(0)
        return prepared

    def validated(
        self, prepared: PreparedDocument, schema: GraphQLSchema
    ) -> tuple[GraphQLError, ...]:
        """The bound or rule errors of a parsed document against `schema` (always the same
        one for a cache), found once; empty when valid.

        Raises the validation deadline's error, which is not remembered.
        """
        if prepared.exceeded is not None:
            raise prepared.exceeded
        if prepared.errors is None:
            assert prepared.document is not None
            limits = self.limits
            bound = bound_error(prepared.document, limits.max_depth, limits.max_aliases)
            if bound is not None:
                prepared.errors = (bound,)
            else:
                errors = validate_document(schema, prepared.document, self.rules)
                prepared.errors = tuple(errors)
        return prepared.errors

    def _parse(self, query: str) -> tuple[DocumentNode | None, GraphQLError | None]:
        # A comment is not a token: the length bounds what the lexer reads.
        if len(query) > self.limits.max_length:
            message = f"The document is longer than {self.limits.max_length} characters"
            return None, GraphQLError(message)
        try:
            return parse(query, max_tokens=self.limits.max_tokens), None
        except GraphQLError as error:
            return None, error


def _fresh(error: GraphQLError) -> GraphQLError:
    """A remembered error, raised again without the tracebacks of its earlier raises."""
    return error.with_traceback(None)


class Prepared(SchemaExtension):
    """Parse and validation from `PreparedDocuments` (strawberry's steps are then skipped)."""

    def __init__(self, documents: PreparedDocuments) -> None:
        self.documents = documents
        self.prepared: PreparedDocument | None = None

    def on_parse(self) -> Iterator[None]:
        context = self.execution_context
        if context.query is not None and context.graphql_document is None:
            prepared = self.documents.parsed(context.query)
            if prepared.parse_error is not None:
                raise _fresh(prepared.parse_error)
            context.graphql_document = prepared.document
            self.prepared = prepared
        yield

    def on_validate(self) -> Iterator[None]:
        context = self.execution_context
        prepared = self.prepared
        if prepared is not None and context.pre_execution_errors is None:
            try:
                errors = list(self.documents.validated(prepared, context.schema._schema))
            except DeadlineExceeded as exceeded:
                raise _fresh(exceeded) from None
            named = context._provided_operation_name is not None
            if not errors and not named and prepared.operations > 1:
                errors = [GraphQLError(SEVERAL_OPERATIONS)]
            context.pre_execution_errors = errors
        yield
