"""Persisted operations (a manifest) and automatic persisted queries, over HTTP."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

import httpx
import pytest

from customer_gateway.app import create_app
from customer_gateway.cli import main
from customer_gateway.graphql.persisted.manifest import ManifestError
from gateway.harness import Emulator, Gateway, GatewayFactory, codes, without_cost

OPERATIONS = """\
query Holmes($id: ID!) { customer(id: $id) { ...Who } }
fragment Who on Customer { id fullName }
mutation Forget($ids: [ID!]!) { deleteCustomers(ids: $ids) { deletedIds } }
"""
HOLMES = {"data": {"customer": {"id": "1", "fullName": "Investigations Inc"}}}
FREE_FORM = '{ customer(id: "1") { id } }'


def sha256(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


@pytest.fixture
def manifest(tmp_path: Path) -> Path:
    """A manifest written by `customer-gateway manifest`, as an operator would."""
    source = tmp_path / "operations.graphql"
    source.write_text(OPERATIONS)
    path = tmp_path / "manifest.json"
    assert main(["manifest", str(source), "-o", str(path)]) == 0
    return path


def operation(manifest: Path, name: str) -> dict[str, Any]:
    entries: list[dict[str, Any]] = json.loads(manifest.read_text())["operations"]
    return next(entry for entry in entries if entry["name"] == name)


def by_hash(sha: str, **body: Any) -> dict[str, Any]:
    return {"extensions": {"persistedQuery": {"version": 1, "sha256Hash": sha}}, **body}


async def send(gateway: Gateway, body: dict[str, Any], method: str = "POST") -> dict[str, Any]:
    if method == "POST":
        response = await gateway.client.post("/graphql", json=body)
    else:
        params = {k: v if isinstance(v, str) else json.dumps(v) for k, v in body.items()}
        response = await gateway.client.get("/graphql", params=params)
    result: dict[str, Any] = response.json()
    if "extensions" in result:
        without_cost(result)  # every answer has one; the tests here are about the rest
    return result


def test_the_manifest_command_writes_apollos_format(manifest: Path) -> None:
    data = json.loads(manifest.read_text())
    assert (data["format"], data["version"]) == ("apollo-persisted-query-manifest", 1)
    assert [(e["name"], e["type"]) for e in data["operations"]] == [
        ("Holmes", "query"),
        ("Forget", "mutation"),
    ]
    for entry in data["operations"]:
        assert entry["id"] == sha256(entry["body"])
    # Each body runs on its own: the fragment it spreads comes with it.
    assert "fragment Who on Customer" in operation(manifest, "Holmes")["body"]
    assert "fragment" not in operation(manifest, "Forget")["body"]


def test_the_manifest_command_refuses_invalid_operations(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "bad.graphql"
    source.write_text("query Bad { customerz { id } }")
    assert main(["manifest", str(source)]) == 1
    assert "Cannot query field 'customerz'" in capsys.readouterr().err


@pytest.mark.parametrize("method", ["POST", "GET"])
@pytest.mark.parametrize("env", ["development", "production"])
async def test_operations_run_by_hash_and_by_document_id(
    make_gateway: GatewayFactory, manifest: Path, method: str, env: str
) -> None:
    gateway = await make_gateway(env=env, persisted_operations=manifest)
    sha = operation(manifest, "Holmes")["id"]
    variables = {"id": "1"}
    assert await send(gateway, by_hash(sha, variables=variables), method) == HOLMES
    for document_id in (sha, f"sha256:{sha}"):
        body = {"documentId": document_id, "variables": variables}
        assert await send(gateway, body, method) == HOLMES


@pytest.mark.parametrize("method", ["POST", "GET"])
async def test_a_query_and_a_document_id_together_are_refused(
    make_gateway: GatewayFactory, knobs: Emulator, manifest: Path, method: str
) -> None:
    gateway = await make_gateway(persisted_operations=manifest)
    body = {"query": FREE_FORM, "documentId": operation(manifest, "Holmes")["id"]}
    result = await send(gateway, body, method)
    assert codes(result) == ["BAD_USER_INPUT"]
    assert result["errors"][0]["message"] == "Send `query` or `documentId`, not both"
    assert await knobs.calls() == 0


@pytest.mark.parametrize("method", ["POST", "GET"])
async def test_an_unknown_id_is_persisted_query_not_found(
    make_gateway: GatewayFactory, knobs: Emulator, manifest: Path, method: str
) -> None:
    gateway = await make_gateway(env="production", persisted_operations=manifest)
    for body in (by_hash(sha256("{ nope }")), {"documentId": f"sha256:{sha256('x')}"}):
        result = await send(gateway, body, method)
        assert codes(result) == ["PERSISTED_QUERY_NOT_FOUND"]
        assert result["errors"][0]["message"] == "PersistedQueryNotFound"
    assert await knobs.calls() == 0


@pytest.mark.parametrize(
    ("overrides", "refused"),
    [
        ({"env": "production"}, True),  # the default there, with a manifest
        ({"env": "production", "persisted_only": False}, False),
        ({"env": "development"}, False),
        ({"env": "development", "persisted_only": True}, True),
    ],
)
async def test_persisted_only_refuses_free_form_documents(
    make_gateway: GatewayFactory,
    knobs: Emulator,
    manifest: Path,
    overrides: dict[str, Any],
    refused: bool,
) -> None:
    gateway = await make_gateway(persisted_operations=manifest, **overrides)
    result = await send(gateway, {"query": FREE_FORM})
    if refused:
        assert codes(result) == ["PERSISTED_QUERY_NOT_IN_LIST"]
        assert await knobs.calls() == 0
        # A free-form document that is, to the byte, a manifest body runs.
        body = operation(manifest, "Holmes")["body"]
        assert await send(gateway, {"query": body, "variables": {"id": "1"}}) == HOLMES
        # Neither does registering a new one by hash get round the list.
        sneaky = await send(gateway, by_hash(sha256(FREE_FORM), query=FREE_FORM))
        assert codes(sneaky) == ["PERSISTED_QUERY_NOT_IN_LIST"]
    else:
        assert result == {"data": {"customer": {"id": "1"}}}


async def test_persisted_refusals_are_400_for_graphql_response_json(
    make_gateway: GatewayFactory, manifest: Path
) -> None:
    gateway = await make_gateway(env="production", persisted_operations=manifest)
    response = await gateway.client.post(
        "/graphql",
        json={"query": FREE_FORM},
        headers={"Accept": "application/graphql-response+json"},
    )
    assert response.status_code == 400
    assert response.json()["errors"][0]["extensions"]["code"] == "PERSISTED_QUERY_NOT_IN_LIST"


async def test_a_mutation_by_id_still_needs_post(
    make_gateway: GatewayFactory, knobs: Emulator, manifest: Path
) -> None:
    gateway = await make_gateway(env="production", persisted_operations=manifest)
    forget = operation(manifest, "Forget")["id"]
    variables = json.dumps({"ids": ["999"]})
    response = await gateway.client.get(
        "/graphql", params={"documentId": forget, "variables": variables}
    )
    assert response.status_code == 405
    assert await knobs.calls() == 0
    result = await send(gateway, {"documentId": forget, "variables": {"ids": ["999"]}})
    assert result == {"data": {"deleteCustomers": {"deletedIds": []}}}


async def test_automatic_persisted_queries_in_development(gateway: Gateway) -> None:
    sha = sha256(FREE_FORM)
    first = await send(gateway, by_hash(sha))
    assert codes(first) == ["PERSISTED_QUERY_NOT_FOUND"]
    registered = await send(gateway, by_hash(sha, query=FREE_FORM))
    assert registered == {"data": {"customer": {"id": "1"}}}
    for method in ("POST", "GET"):
        assert await send(gateway, by_hash(sha), method) == registered
    mismatch = await send(gateway, by_hash(sha256("{ other }"), query=FREE_FORM))
    assert codes(mismatch) == ["BAD_USER_INPUT"]


async def test_apq_keeps_at_most_its_bound_and_stores_only_valid_documents(
    make_gateway: GatewayFactory,
) -> None:
    gateway = await make_gateway(apq_max_entries=1)
    first, second = FREE_FORM, "{ customersCount }"
    for query in (first, second):
        assert "errors" not in await send(gateway, by_hash(sha256(query), query=query))
    assert "errors" not in await send(gateway, by_hash(sha256(second)))
    assert codes(await send(gateway, by_hash(sha256(first)))) == ["PERSISTED_QUERY_NOT_FOUND"]
    broken = "{ customerz }"
    assert codes(await send(gateway, by_hash(sha256(broken), query=broken))) == ["BAD_USER_INPUT"]
    assert codes(await send(gateway, by_hash(sha256(broken)))) == ["PERSISTED_QUERY_NOT_FOUND"]
    # The broken one took no slot: the last good one is still there.
    assert "errors" not in await send(gateway, by_hash(sha256(second)))


@pytest.mark.parametrize("overrides", [{"env": "production"}, {"apq": False}])
async def test_apq_is_off_in_production_or_when_switched_off(
    make_gateway: GatewayFactory, overrides: dict[str, Any]
) -> None:
    gateway = await make_gateway(**overrides)
    sha = sha256(FREE_FORM)
    assert await send(gateway, by_hash(sha, query=FREE_FORM)) == {"data": {"customer": {"id": "1"}}}
    assert codes(await send(gateway, by_hash(sha))) == ["PERSISTED_QUERY_NOT_FOUND"]


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (lambda m: m["operations"][0].update(id="0" * 64), "id is not the sha256 of its body"),
        (lambda m: m.update(format="something-else"), "not a manifest"),
        (
            lambda m: m["operations"][0].update(
                body="query Bad { customerz { id } }", id=sha256("query Bad { customerz { id } }")
            ),
            "Cannot query field 'customerz'",
        ),
    ],
)
def test_a_bad_manifest_stops_the_start(
    make_gateway: GatewayFactory, manifest: Path, edit: Any, message: str
) -> None:
    from customer_gateway.emulator.app import EmulatorConfig
    from gateway.harness import settings_for

    data = json.loads(manifest.read_text())
    edit(data)
    manifest.write_text(json.dumps(data))
    settings = settings_for(EmulatorConfig(), persisted_operations=manifest)
    with pytest.raises(ManifestError, match=message):
        create_app(settings, upstream_transport=httpx.MockTransport(lambda r: httpx.Response(500)))
