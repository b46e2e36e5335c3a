"""Bounds on every operation, checked in time linear in the document before graphql-core's
validation rules run.

- Depth and aliases are measured in one walk that visits each fragment once (its measure is
  memoised), so a fragment spreading another twice costs two lookups, not a doubling: the
  validators strawberry ships expand every spread again, 2^n work for n such fragments.
- Introspection is measured too: `__schema`/`__type` subtrees are bounded by
  `max(max_depth, INTROSPECTION_DEPTH)`, deep enough for GraphiQL's introspection query.
- One response name at most `MAX_SAME_NAME` times in a selection set: graphql-core's
  OverlappingFieldsCanBeMerged compares such fields pairwise (1,500 `customer(id:)` without
  aliases took it 4 s).
- Validation as a whole (graphql-core's rules included) has a CPU-time budget, checked at
  every node it visits.
- A document is at most `max_length` characters before it is lexed (a comment is not a token,
  so the token bound alone does not bound the lexer), and a document with several operations
  needs an `operationName` (the spec's request error; strawberry would run the first one):
  both checked in `prepared.py`, which runs these checks once per document text.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from graphql import (
    ASTValidationRule,
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLError,
    InlineFragmentNode,
    Node,
    OperationDefinitionNode,
    SelectionSetNode,
    ValidationContext,
)

# The depth (root fields at 0) of the standard introspection query (graphql-js, typeDepth 9),
# which GraphiQL sends: __schema types fields args type, then nine ofType and their kind.
INTROSPECTION_DEPTH = 14
_INTROSPECTION_ROOTS = frozenset({"__schema", "__type"})
MAX_SAME_NAME = 25


@dataclass(frozen=True, slots=True)
class Measure:
    """Of a selection set: the deepest field path (-1: no field) outside introspection and
    through it, and how many aliases it holds with every fragment spread expanded."""

    depth: int = -1
    introspection_depth: int = -1
    aliases: int = 0


_NOTHING = Measure()


class _Walk:
    """Measures selection sets; each fragment is measured once and remembered."""

    def __init__(self, document: DocumentNode) -> None:
        self.fragments = {
            definition.name.value: definition
            for definition in document.definitions
            if isinstance(definition, FragmentDefinitionNode)
        }
        self.measured: dict[str, Measure] = {}
        self.repeated: tuple[str, int] | None = None  # a response name over MAX_SAME_NAME

    def fragment(self, name: str) -> Measure:
        if name not in self.measured:
            # A cycle (refused by validation later) or an unknown fragment counts as nothing.
            self.measured[name] = _NOTHING
            definition = self.fragments.get(name)
            if definition is not None:
                self.measured[name] = self.selection_set(definition.selection_set)
        return self.measured[name]

    def selection_set(self, selection_set: SelectionSetNode | None) -> Measure:
        depth = introspection_depth = -1
        aliases = 0
        names: dict[str, int] = {}
        for selection in selection_set.selections if selection_set else ():
            if isinstance(selection, FieldNode):
                name = (selection.alias or selection.name).value
                names[name] = names.get(name, 0) + 1
                if names[name] > MAX_SAME_NAME:
                    self.repeated = (name, names[name])
                inner = self.selection_set(selection.selection_set)
                aliases += inner.aliases + (selection.alias is not None)
                if selection.name.value in _INTROSPECTION_ROOTS:
                    deepest = max(inner.depth, inner.introspection_depth)
                    introspection_depth = max(introspection_depth, deepest + 1)
                    continue
                depth = max(depth, inner.depth + 1)
                if inner.introspection_depth >= 0:
                    introspection_depth = max(introspection_depth, inner.introspection_depth + 1)
                continue
            if isinstance(selection, FragmentSpreadNode):
                inner = self.fragment(selection.name.value)
            elif isinstance(selection, InlineFragmentNode):
                inner = self.selection_set(selection.selection_set)
            else:
                continue
            depth = max(depth, inner.depth)
            introspection_depth = max(introspection_depth, inner.introspection_depth)
            aliases += inner.aliases
        return Measure(depth, introspection_depth, aliases)


def _operations(document: DocumentNode) -> Iterator[OperationDefinitionNode]:
    for definition in document.definitions:
        if isinstance(definition, OperationDefinitionNode):
            yield definition


def bound_error(document: DocumentNode, max_depth: int, max_aliases: int) -> GraphQLError | None:
    """The first bound an operation of `document` breaks, if any."""
    walk = _Walk(document)
    for operation in _operations(document):
        name = operation.name.value if operation.name else "anonymous"
        try:
            measure = walk.selection_set(operation.selection_set)
        except RecursionError:
            # Only fragments spreading fragments hundreds deep get here; no bound allows it.
            measure = Measure(depth=max_depth + 1)
        introspection_bound = max(max_depth, INTROSPECTION_DEPTH)
        if measure.depth > max_depth or measure.introspection_depth > introspection_bound:
            bound = max_depth if measure.depth > max_depth else introspection_bound
            return GraphQLError(f"'{name}' exceeds maximum operation depth of {bound}", operation)
        if measure.aliases > max_aliases:
            message = f"{measure.aliases} aliases found. Allowed: {max_aliases}"
            return GraphQLError(message, operation)
        if walk.repeated is not None:
            field, count = walk.repeated
            message = (
                f"'{field}' is selected {count} times in one selection set; at most {MAX_SAME_NAME}"
            )
            return GraphQLError(message, operation)
    return None


class DeadlineExceeded(GraphQLError):
    """Validation ran out of its CPU budget (the one outcome a prepared document does not keep)."""


def validation_deadline(timeout: float) -> type[ASTValidationRule]:
    """A validation rule stopping validation after `timeout` seconds of CPU; made once per
    schema, as rules made per request would never hit the validation cache.

    CPU time, not wall time: validation is CPU bound, and a process that waits for a core on
    a busy machine has not spent its budget. The validating thread's own CPU time: a new
    document is validated in a worker thread (`prepared.py`) while the event loop works on.
    """

    class ValidationDeadline(ASTValidationRule):
        def __init__(self, context: ValidationContext) -> None:
            super().__init__(context)
            self.deadline = time.thread_time() + timeout

        def enter(self, node: Node, *_: Any) -> None:
            if time.thread_time() > self.deadline:
                # Raised, not reported: the other rules must stop too.
                raise DeadlineExceeded(f"The operation took longer than {timeout:g} s to validate")

    return ValidationDeadline
