"""The GraphQL schema: types, inputs, `Query`, `Mutation`, and the bounds of every operation."""

from __future__ import annotations

import logging
from collections.abc import Callable

import strawberry
from graphql import ASTValidationRule, GraphQLError
from strawberry.extensions import (
    AddValidationRules,
    MaxTokensLimiter,
    ParserCache,
    SchemaExtension,
    ValidationCache,
)
from strawberry.extensions.max_aliases import create_validator as max_aliases_rule
from strawberry.extensions.query_depth_limiter import create_validator as max_depth_rule
from strawberry.schema.config import StrawberryConfig
from strawberry.types import ExecutionContext

from customer_gateway.graphql.mutation import Mutation
from customer_gateway.graphql.query import Query
from customer_gateway.graphql.scalars import SCALAR_MAP
from customer_gateway.model.errors import GatewayError
from customer_gateway.settings import Settings

logger = logging.getLogger("customer_gateway.graphql")


class GatewaySchema(strawberry.Schema):
    def process_errors(
        self, errors: list[GraphQLError], execution_context: ExecutionContext | None = None
    ) -> None:
        """Log what went wrong unexpectedly; documented errors are answers, not incidents."""
        for error in errors:
            original = error.original_error
            if original is None or isinstance(original, GatewayError):
                logger.debug("%s: %s", type(original or error).__name__, error.message)
            else:
                logger.error("unexpected error at %s", error.path, exc_info=original)


def build_schema(settings: Settings | None = None) -> strawberry.Schema:
    """The schema with the operation bounds of `settings` (the defaults when None).

    The defaults are the code's, not the environment's: exporting the schema reads no `CG_*`.
    """
    settings = settings or Settings.model_construct()
    # The rule classes are made once: strawberry's MaxAliasesLimiter and QueryDepthLimiter
    # would make new ones for every request, and the validation cache, keyed by the rules,
    # would then never hit.
    bounds: list[type[ASTValidationRule]] = [
        max_depth_rule(settings.max_depth, should_ignore=None),
        max_aliases_rule(settings.max_aliases),
    ]
    extensions: list[Callable[[], SchemaExtension]] = [
        lambda: MaxTokensLimiter(max_token_count=settings.max_tokens),
        lambda: ParserCache(maxsize=256),
        lambda: AddValidationRules(bounds),
        lambda: ValidationCache(maxsize=256),
    ]
    return GatewaySchema(
        query=Query,
        mutation=Mutation,
        extensions=extensions,
        config=StrawberryConfig(scalar_map=SCALAR_MAP),
    )


__all__ = ["build_schema"]
