"""The package's layers, read from its imports: data flows one way, the folders are the layers."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

PACKAGE = Path(__file__).parents[1] / "src" / "customer_gateway"
MAX_LINES = 300

# layer -> the layers (and modules) of the package it may import; itself is always allowed.
ALLOWED: dict[str, set[str]] = {
    "model": set(),
    "upstream": {"model"},
    "backends": {"model", "upstream"},
    "graphql": {"model", "backends.base", "settings"},
    "http": {"graphql", "model", "backends.base", "settings"},
    "emulator": set(),
    "settings": set(),
}
# Third-party packages that belong to some layers only.
CONFINED = {
    "strawberry": {"graphql", "http"},
    "starlette": {"graphql", "http", "emulator", "app"},
    "redis": {"upstream", "http", "app"},
}


def _modules() -> Iterator[tuple[str, Path]]:
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PACKAGE).with_suffix("").parts
        yield ".".join(part for part in parts if part != "__init__"), path


def _imports(path: Path) -> Iterator[str]:
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module is not None:
            yield node.module
            yield from (f"{node.module}.{alias.name}" for alias in node.names)


def _layer(module: str) -> str:
    return module.split(".", 1)[0]


def _allowed(importer: str, imported: str) -> bool:
    layer = _layer(importer)
    if layer not in ALLOWED or _layer(imported) == layer:
        return True  # app.py, cli.py, demo.py wire the layers
    return any(imported == ok or imported.startswith(ok + ".") for ok in ALLOWED[layer])


MODULES = list(_modules())


@pytest.mark.parametrize(("module", "path"), MODULES, ids=[m for m, _ in MODULES])
def test_imports_only_flow_down(module: str, path: Path) -> None:
    wrong = set()
    for name in _imports(path):
        if name.startswith("customer_gateway."):
            imported = name.removeprefix("customer_gateway.")
            # `from customer_gateway.x import y` yields both x and x.y: judge the module.
            if not _allowed(module, imported) and not _allowed(module, imported.rsplit(".", 1)[0]):
                wrong.add(imported)
        top = name.split(".", 1)[0]
        if top in CONFINED and _layer(module) not in CONFINED[top]:
            wrong.add(name)
    assert not wrong, f"{module} imports {sorted(wrong)}"


def test_graphql_never_sees_a_concrete_backend() -> None:
    for module, path in MODULES:
        if _layer(module) in {"graphql", "http"}:
            concrete = [n for n in _imports(path) if n.startswith("customer_gateway.backends.")]
            assert all(n.startswith("customer_gateway.backends.base") for n in concrete), module


def test_the_rules_catch_a_wrong_import() -> None:
    assert not _allowed("model.records", "graphql.customer")
    assert not _allowed("backends.open2b.api", "graphql.error_entries")
    assert not _allowed("graphql.query", "backends.open2b")
    assert not _allowed("emulator.store", "model.records")
    assert _allowed("app", "backends.open2b")


@pytest.mark.parametrize(("module", "path"), MODULES, ids=[m for m, _ in MODULES])
def test_modules_stay_small(module: str, path: Path) -> None:
    lines = len(path.read_text().splitlines())
    assert lines <= MAX_LINES, f"{module} has {lines} lines: split it by concept"
