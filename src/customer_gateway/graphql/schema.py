"""The GraphQL schema: types, inputs, `Query`, `Mutation`, and the bounds of every operation."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

import strawberry
from graphql import ASTValidationRule, GraphQLError
from strawberry.extensions import SchemaExtension
from strawberry.schema.config import StrawberryConfig
from strawberry.types import ExecutionContext, ExecutionResult

from customer_gateway.graphql.compiled.executor import PlanCache, compiled_executor
from customer_gateway.graphql.error_entries import is_request_error
from customer_gateway.graphql.introspection import NoIntrospection
from customer_gateway.graphql.mutation import Mutation
from customer_gateway.graphql.observer import OperationObserver
from customer_gateway.graphql.operation_cost import OperationCost
from customer_gateway.graphql.operation_limits import validation_deadline
from customer_gateway.graphql.prepared import Limits, Prepared, PreparedDocuments
from customer_gateway.graphql.query import Query
from customer_gateway.graphql.scalars import SCALAR_MAP
from customer_gateway.model.errors import GatewayError
from customer_gateway.settings import Settings

logger = logging.getLogger("customer_gateway.graphql")


class GatewaySchema(strawberry.Schema):
    # Set by `build_schema`: each document text parsed and validated once.
    prepared: PreparedDocuments

    async def execute(self, query: str | None, *args: Any, **kwargs: Any) -> ExecutionResult:
        # A new text is parsed and validated off the event loop first; strawberry's own steps
        # (`Prepared`) then find it ready. A repeated text costs one dictionary lookup here.
        if query is not None and not self.prepared.ready(query):
            await self.prepared.prepare(query, self._schema)
        return await super().execute(query, *args, **kwargs)

    def process_errors(
        self, errors: list[GraphQLError], execution_context: ExecutionContext | None = None
    ) -> None:
        """Log what went wrong unexpectedly; documented errors are answers, not incidents."""
        for error in errors:
            original = error.original_error
            if is_request_error(error):
                # The client's mistake, not an incident; its message can quote the document
                # or a variable's value (a password), so only where it is.
                logger.debug("request error at %s", error.locations)
            elif isinstance(original, GatewayError):
                logger.debug("%s: %s", type(original).__name__, error.message)
            else:
                logger.error("unexpected error at %s", error.path, exc_info=original)


def build_schema(settings: Settings | None = None) -> strawberry.Schema:
    """The schema with the operation bounds of `settings` (the defaults when None).

    The defaults are the code's, not the environment's: exporting the schema reads no `CG_*`.
    """
    settings = settings or Settings.model_construct()
    deadline = validation_deadline(settings.validation_timeout)
    rules: list[type[ASTValidationRule]] = [deadline]
    if not settings.introspection_enabled:
        rules.append(NoIntrospection)
    limits = Limits(
        max_length=settings.max_query_length,
        max_tokens=settings.max_tokens,
        max_depth=settings.max_depth,
        max_aliases=settings.max_aliases,
    )
    documents = PreparedDocuments(limits, rules)
    extensions: list[Callable[[], SchemaExtension]] = [
        lambda: Prepared(documents),
        OperationObserver,
        lambda: OperationCost(
            limit=settings.max_operation_calls,
            max_batch=settings.max_batch,
            coalescing=settings.coalescing,
        ),
    ]
    schema = GatewaySchema(
        query=Query,
        mutation=Mutation,
        extensions=extensions,
        config=StrawberryConfig(scalar_map=SCALAR_MAP),
        execution_context_class=(
            compiled_executor(PlanCache()) if settings.compiled_operations else None
        ),
    )
    schema.prepared = documents
    return schema


__all__ = ["build_schema"]
