"""Names the operation on the request's `Observation` (for metrics, spans and access logs)."""

from __future__ import annotations

from collections.abc import Iterator

from strawberry.extensions import SchemaExtension

from customer_gateway.model.observation import current_observation


class OperationObserver(SchemaExtension):
    def on_execute(self) -> Iterator[None]:
        # Only documents that parsed and validated get here: the others stay "unknown".
        observation = current_observation()
        if observation is not None:
            context = self.execution_context
            observation.operation_type = context.operation_type.value
            observation.operation_name = context.operation_name
        yield
