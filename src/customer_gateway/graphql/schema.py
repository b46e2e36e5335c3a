"""The GraphQL schema: types, inputs, `Query`, `Mutation`, and the bounds of every operation."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from typing import Any

import strawberry
from graphql import (
    ASTValidationRule,
    DocumentNode,
    GraphQLError,
    MiddlewareManager,
    OperationDefinitionNode,
    execute,
    get_operation_ast,
)
from graphql import ExecutionResult as GraphQLResult
from strawberry.execution import optimized_is_awaitable
from strawberry.extensions import SchemaExtension
from strawberry.schema._graphql_core import execution_context_class_kwargs
from strawberry.schema.config import StrawberryConfig
from strawberry.schema.schema import DEFAULT_ALLOWED_OPERATION_TYPES
from strawberry.types import ExecutionContext, ExecutionResult
from strawberry.types.graphql import OperationType

from customer_gateway.graphql.compiled.executor import PlanCache, compiled_executor
from customer_gateway.graphql.error_entries import is_request_error
from customer_gateway.graphql.introspection import NoIntrospection
from customer_gateway.graphql.mutation import Mutation
from customer_gateway.graphql.observer import OperationObserver, name_operation
from customer_gateway.graphql.operation_cost import CostEstimates, OperationCost
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
    costs: CostEstimates  # and each operation's cost estimate once
    _shortcut: bool | None = None  # see `_shortcut_extensions`

    async def execute(
        self,
        query: str | None,
        variable_values: dict[str, Any] | None = None,
        context_value: Any | None = None,
        root_value: Any | None = None,
        operation_name: str | None = None,
        allowed_operation_types: Iterable[OperationType] | None = None,
        operation_extensions: dict[str, Any] | None = None,
    ) -> ExecutionResult:
        """A new text is parsed and validated off the event loop first (strawberry's own
        steps, `Prepared`, then find it ready; a repeated text costs one dictionary lookup).

        A prepared document's operation then runs at once, doing here the work of the
        extensions' hooks left (`OperationObserver`, `OperationCost`: parse and validation
        are done), so strawberry's per-request extension machinery is skipped. Anything
        else (a refused document, an unknown operation name, a type not allowed) goes the
        whole way, where it is refused as strawberry refuses it.

        Only while the schema's extensions are those three: one more (its hooks or its
        `extensions` results) turns the shortcut off until it does that extension's work too.
        """
        if query is not None and not self.prepared.ready(query):
            await self.prepared.prepare(query, self._schema)
        operation = None
        if self._shortcut_extensions():
            operation = self._prepared_operation(query, operation_name, allowed_operation_types)
        if operation is None or root_value is not None or operation_extensions is not None:
            return await super().execute(
                query,
                variable_values,
                context_value,
                root_value,
                operation_name,
                allowed_operation_types,
                operation_extensions,
            )
        document, definition = operation
        name = operation_name if operation_name is not None else _name_of(definition)
        name_operation(definition.operation.value, name)
        refused = self.costs.before(context_value, query, document, variable_values, name)
        result = GraphQLResult(data=None, errors=None if refused is None else [refused])
        if refused is None:
            try:
                outcome = execute(
                    self._schema,
                    document,
                    context_value=context_value,
                    variable_values=variable_values,
                    operation_name=operation_name,
                    middleware=MiddlewareManager(),
                    is_awaitable=optimized_is_awaitable,  # type: ignore[arg-type]  # as strawberry
                    operation_extensions=None,
                    **execution_context_class_kwargs(self.execution_context_class),
                )
                result = outcome if isinstance(outcome, GraphQLResult) else await outcome
            except Exception as exc:  # as strawberry's execute answers it
                error = exc if isinstance(exc, GraphQLError) else None
                result.errors = [error or GraphQLError(str(exc), original_error=exc)]
        if result.errors:
            self._process_errors(result.errors)
        extensions = self.costs.results(context_value)
        return ExecutionResult(data=result.data, errors=result.errors, extensions=extensions)

    def _shortcut_extensions(self) -> bool:
        """Whether every extension of the schema is one whose work `execute` does itself."""
        if self._shortcut is None:
            kinds = {type(extension) for extension in self.get_extensions()}
            self._shortcut = kinds <= {Prepared, OperationObserver, OperationCost}
        return self._shortcut

    def _prepared_operation(
        self,
        query: str | None,
        operation_name: str | None,
        allowed: Iterable[OperationType] | None,
    ) -> tuple[DocumentNode, OperationDefinitionNode] | None:
        prepared = None if query is None else self.prepared.get(query)
        if prepared is None or not prepared.valid or prepared.document is None:
            return None
        if operation_name is None and prepared.operations != 1:
            return None  # refused: several operations and no name
        definition = get_operation_ast(prepared.document, operation_name)
        if definition is None:
            return None
        allowed = DEFAULT_ALLOWED_OPERATION_TYPES if allowed is None else allowed
        if OperationType(definition.operation.value) not in allowed:
            return None
        return prepared.document, definition

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
    costs = CostEstimates(
        limit=settings.max_operation_calls,
        max_batch=settings.max_batch,
        coalescing=settings.coalescing,
    )
    extensions: list[Callable[[], SchemaExtension]] = [
        lambda: Prepared(documents),
        OperationObserver,
        lambda: OperationCost(costs),
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
    schema.costs = costs
    return schema


def _name_of(definition: OperationDefinitionNode) -> str | None:
    return None if definition.name is None else definition.name.value


__all__ = ["build_schema"]
