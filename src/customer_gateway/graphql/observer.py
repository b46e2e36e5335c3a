"""Names the operation on the request's `Observation` (for metrics, spans and access logs)."""

from __future__ import annotations

from collections.abc import Iterator

from strawberry.extensions import SchemaExtension

from customer_gateway.model.observation import current_observation


def name_operation(operation_type: str, operation_name: str | None) -> None:
    """Only documents that parsed and validated get here: the others stay "unknown"."""
    observation = current_observation()
    if observation is not None:
        observation.operation_type = operation_type
        observation.operation_name = operation_name


class OperationObserver(SchemaExtension):
    def on_execute(self) -> Iterator[None]:
        context = self.execution_context
        name_operation(context.operation_type.value, context.operation_name)
        yield
