"""Apollo's persisted query manifest: read (verified, parsed, validated once) and written.

    {"format": "apollo-persisted-query-manifest", "version": 1,
     "operations": [{"id": sha256(body), "name": "...", "type": "query", "body": "..."}]}

It is the file `@apollo/generate-persisted-query-manifest` writes for client apps.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from graphql import (
    DocumentNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLError,
    GraphQLSchema,
    Node,
    OperationDefinitionNode,
    Visitor,
    parse,
    print_ast,
    validate,
    visit,
)

FORMAT = "apollo-persisted-query-manifest"
VERSION = 1


class ManifestError(ValueError):
    """A manifest (or an operation file) the gateway will not start with."""


def document_id(body: str) -> str:
    """A persisted operation's id: the hex sha256 of its body, as Apollo's tools compute it."""
    return hashlib.sha256(body.encode()).hexdigest()


@dataclass(slots=True)
class PersistedOperation:
    id: str
    name: str
    type: str
    body: str
    # Parsed and validated at start-up. Requests run `body`: strawberry's parser cache and the
    # compiled executor (graphql/compiled) key on the text, so a persisted operation is parsed
    # and compiled once, on first use, and shares that plan with free-form copies of itself.
    document: DocumentNode


def load_manifest(path: Path, schema: GraphQLSchema) -> dict[str, PersistedOperation]:
    """The operations of the manifest at `path`, by id; ManifestError says what is wrong."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ManifestError(f"{path}: cannot read a JSON manifest ({exc})") from exc
    return operations_of(data, schema, str(path))


def operations_of(data: object, schema: GraphQLSchema, where: str) -> dict[str, PersistedOperation]:
    """A manifest's operations by id, each verified (id = sha256), parsed and validated."""
    if not isinstance(data, dict) or data.get("format") != FORMAT or data.get("version") != VERSION:
        raise ManifestError(f'{where}: not a manifest ({{"format": "{FORMAT}", "version": 1}})')
    entries = data.get("operations")
    if not isinstance(entries, list):
        raise ManifestError(f"{where}: `operations` must be a list")
    operations: dict[str, PersistedOperation] = {}
    for number, entry in enumerate(entries):
        operation = _operation(entry, schema, f"{where}: operation {number}")
        operations[operation.id] = operation
    return operations


def _operation(entry: Any, schema: GraphQLSchema, where: str) -> PersistedOperation:
    if not isinstance(entry, dict) or not all(
        isinstance(entry.get(key), str) for key in ("id", "name", "type", "body")
    ):
        raise ManifestError(f"{where}: needs the strings id, name, type and body")
    body: str = entry["body"]
    if entry["id"] != document_id(body):
        raise ManifestError(f"{where} ({entry['name']}): id is not the sha256 of its body")
    try:
        document = parse(body)
    except GraphQLError as exc:
        raise ManifestError(f"{where} ({entry['name']}): {exc.message}") from exc
    errors = validate(schema, document)
    if errors:
        raise ManifestError(f"{where} ({entry['name']}): {errors[0].message}")
    return PersistedOperation(entry["id"], entry["name"], entry["type"], body, document)


def build_manifest(sources: Mapping[str, str]) -> dict[str, Any]:
    """A manifest of every named operation in `sources` (file name -> GraphQL text).

    Fragments may live in any of the files; each body is its operation followed by the
    fragments it uses, so it runs on its own.
    """
    operations: list[OperationDefinitionNode] = []
    fragments: dict[str, FragmentDefinitionNode] = {}
    for name, text in sources.items():
        try:
            document = parse(text)
        except GraphQLError as exc:
            raise ManifestError(f"{name}: {exc.message}") from exc
        for definition in document.definitions:
            if isinstance(definition, FragmentDefinitionNode):
                fragments[definition.name.value] = definition
            elif isinstance(definition, OperationDefinitionNode):
                if definition.name is None:
                    raise ManifestError(f"{name}: every operation needs a name")
                operations.append(definition)
    entries = []
    for operation in operations:
        used = _fragments_used(operation, fragments)
        body = print_ast(DocumentNode(definitions=(operation, *used)))
        entries.append(
            {
                "id": document_id(body),
                "name": operation.name.value if operation.name else "",
                "type": operation.operation.value,
                "body": body,
            }
        )
    return {"format": FORMAT, "version": VERSION, "operations": entries}


class _Spreads(Visitor):
    def __init__(self) -> None:
        super().__init__()
        self.names: list[str] = []

    def enter_fragment_spread(self, node: FragmentSpreadNode, *_args: Any) -> None:
        self.names.append(node.name.value)


def _fragments_used(
    root: Node, fragments: Mapping[str, FragmentDefinitionNode]
) -> list[FragmentDefinitionNode]:
    """The fragments `root` spreads, directly or through others, in first-use order."""
    found: dict[str, FragmentDefinitionNode] = {}
    pending: list[Node] = [root]
    while pending:
        spreads = _Spreads()
        visit(pending.pop(), spreads)
        for name in spreads.names:
            if name not in found:
                if name not in fragments:
                    raise ManifestError(f"unknown fragment {name}")
                found[name] = fragments[name]
                pending.append(fragments[name])
    return list(found.values())


def manifest_json(manifest: Mapping[str, Any]) -> str:
    return json.dumps(manifest, indent=2) + "\n"


def read_sources(paths: Iterable[Path]) -> dict[str, str]:
    return {str(path): path.read_text(encoding="utf-8") for path in paths}
