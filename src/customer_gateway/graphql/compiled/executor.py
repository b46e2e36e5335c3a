"""The executor strawberry runs: a compiled plan when the operation has one, else graphql-core's.

It runs where graphql-core's executor runs, after parsing, validation (every custom rule),
variable coercion and the schema extensions' hooks, with the same context, so whatever those
check or record applies to both paths. Plans are cached by the document's text, its operation
and the values of the variables its `@skip`/`@include` read (they change what is selected);
a persisted operation reaches here as the text it stands for, so it shares that cache.
"""

from __future__ import annotations

import logging
from typing import Any

from graphql import SelectionSetNode, VariableNode
from graphql.execution import Executor
from graphql.execution.executor import CollectedErrors
from strawberry.schema.schema import StrawberryGraphQLCoreExecutionContext

from customer_gateway.graphql.compiled.collected import Unsupported
from customer_gateway.graphql.compiled.compiler import Compiler
from customer_gateway.graphql.compiled.plan import OperationPlan
from customer_gateway.graphql.compiled.writers import Unwritable
from customer_gateway.graphql.lru import Lru

logger = logging.getLogger("customer_gateway.graphql.compiled")

_DIRECTIVES = {"skip", "include"}
# How many variants (distinct @skip/@include values) of one document's plan are kept.
_VARIANTS = 16


class _Document:
    __slots__ = ("directive_variables", "plans")

    def __init__(self, directive_variables: tuple[str, ...]) -> None:
        self.directive_variables = directive_variables
        self.plans: dict[tuple[Any, ...], OperationPlan | str] = {}


class PlanCache:
    """Plans (or why there is none) for the most recently used `maxsize` operations."""

    def __init__(self, maxsize: int = 256) -> None:
        self._documents: Lru[tuple[str, str | None], _Document] = Lru(maxsize)

    def plan_for(self, executor: Executor[Any]) -> OperationPlan | None:
        operation = executor.operation
        if operation.loc is None:
            return None
        name = operation.name.value if operation.name else None
        key = (operation.loc.source.body, name)
        document = self._documents.get(key)
        if document is None:
            document = _Document(_directive_variables(executor))
            self._documents.put(key, document)
        coerced = executor.variable_values.coerced
        variant = tuple(coerced.get(variable) for variable in document.directive_variables)
        plan = document.plans.get(variant)
        if plan is None:
            try:
                plan = Compiler(executor).operation()
            except Unsupported as unsupported:
                plan = str(unsupported)
            if len(document.plans) < _VARIANTS:
                document.plans[variant] = plan
        if isinstance(plan, str):
            logger.debug("operation %s runs on strawberry's executor: %s", name or "-", plan)
            return None
        logger.debug("operation %s runs its compiled plan", name or "-")
        return plan


def _directive_variables(executor: Executor[Any]) -> tuple[str, ...]:
    """The variables that `@skip`/`@include` read anywhere in the operation or its fragments."""
    found: set[str] = set()
    pending: list[SelectionSetNode] = [executor.operation.selection_set]
    pending.extend(fragment.selection_set for fragment in executor.fragment_definitions.values())
    while pending:
        for selection in pending.pop().selections:
            for directive in selection.directives or ():
                if directive.name.value in _DIRECTIVES:
                    for argument in directive.arguments or ():
                        if isinstance(argument.value, VariableNode):
                            found.add(argument.value.name.value)
            selection_set = getattr(selection, "selection_set", None)
            if selection_set is not None:
                pending.append(selection_set)
    return tuple(sorted(found))


def compiled_executor(plans: PlanCache) -> type[Executor[Any]]:
    """An executor class running the plans of `plans` (one cache per schema)."""

    class CompiledExecutor(StrawberryGraphQLCoreExecutionContext):
        def execute_operation(self, serially: bool | None = None) -> Any:
            plan = plans.plan_for(self) if serially is None else None
            if plan is None:
                return super().execute_operation(serially)
            return self._run(plan)

        async def _run(self, plan: OperationPlan) -> Any:
            try:
                answer = await plan.run(self)
                # Its async helpers hold the executor's own methods: a cycle that leaves the
                # whole request (context, loaders, records) to the garbage collector.
                self.async_helpers = None  # type: ignore[assignment]
                return answer
            except Unwritable as unwritable:
                # A value its type would not show as it is: graphql-core reports it exactly.
                # The loader's cache spares the second read of each customer(id:).
                logger.debug("compiled plan gave way on %s", unwritable)
                self.collected_errors = CollectedErrors()
                result = super().execute_operation()
                return await result if self.is_awaitable(result) else result

    return CompiledExecutor
