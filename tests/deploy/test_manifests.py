"""deploy/: the Kubernetes manifests and the Compose file are valid, and say what we promise."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import jsonschema
import kubernetes_validate
import pytest
import yaml

REPO = Path(__file__).resolve().parents[2]
DEPLOY = REPO / "deploy"
K8S = DEPLOY / "k8s"
COMPOSE_SCHEMA = Path(__file__).resolve().parent / "compose-spec.json"
KUBERNETES_VERSION = "1.30.0"


def _documents(path: Path) -> list[dict[str, Any]]:
    return [doc for doc in yaml.safe_load_all(path.read_text()) if doc]


def _resources() -> list[dict[str, Any]]:
    kustomization = yaml.safe_load((K8S / "kustomization.yaml").read_text())
    return [doc for name in kustomization["resources"] for doc in _documents(K8S / name)]


def _kind(kind: str, name: str = "customer-gateway") -> dict[str, Any]:
    [found] = [r for r in _resources() if r["kind"] == kind and r["metadata"]["name"] == name]
    return found


def test_kustomization_lists_every_manifest() -> None:
    listed = set(yaml.safe_load((K8S / "kustomization.yaml").read_text())["resources"])
    assert listed == {p.name for p in K8S.glob("*.yaml")} - {"kustomization.yaml"}


@pytest.mark.parametrize(
    "resource", _resources(), ids=lambda r: f"{r['kind']}/{r['metadata']['name']}"
)
def test_manifest_is_valid_kubernetes(resource: dict[str, Any]) -> None:
    # strict: an unknown field (a typo such as `readinesProbe`) is an error, not ignored.
    kubernetes_validate.validate(resource, KUBERNETES_VERSION, strict=True)


def test_the_deployment_probes_runs_unprivileged_and_is_configured() -> None:
    spec = _kind("Deployment")["spec"]["template"]["spec"]
    [container] = spec["containers"]
    assert container["livenessProbe"]["httpGet"]["path"] == "/healthz"
    assert container["readinessProbe"]["httpGet"]["path"] == "/readyz"
    assert container["resources"]["requests"].keys() >= {"cpu", "memory"}
    assert spec["securityContext"]["runAsNonRoot"] is True
    assert container["securityContext"]["readOnlyRootFilesystem"] is True
    assert container["securityContext"]["allowPrivilegeEscalation"] is False
    sources = {
        ref.get("configMapRef", ref.get("secretRef"))["name"] for ref in container["envFrom"]
    }
    assert sources == {"customer-gateway"}
    # The ConfigMap holds settings, the Secret the keys: never a key in the ConfigMap.
    settings = _kind("ConfigMap")["data"]
    assert all(name.startswith(("CG_", "OTEL_")) for name in settings)
    secret_names = set(_kind("Secret")["stringData"])
    assert {"CG_OPEN2B_API_KEY", "CG_API_TOKENS"} <= secret_names
    assert not secret_names & set(settings)
    pdb, hpa = _kind("PodDisruptionBudget"), _kind("HorizontalPodAutoscaler")
    assert (
        pdb["spec"]["selector"]["matchLabels"]
        == _kind("Deployment")["spec"]["selector"]["matchLabels"]
    )
    assert hpa["spec"]["scaleTargetRef"]["name"] == "customer-gateway"


def test_every_configured_setting_exists() -> None:
    """A CG_ name in the ConfigMap or the Compose file that Settings does not know is a typo."""
    from customer_gateway.settings import Settings

    known = {f"CG_{name.upper()}" for name in Settings.model_fields}
    # CG_REDIS_URL arrives with the shared quota state (issue 12).
    known.add("CG_REDIS_URL")
    compose = yaml.safe_load((DEPLOY / "compose.yaml").read_text())
    configured = set(_kind("ConfigMap")["data"]) | set(_kind("Secret")["stringData"])
    configured |= set(compose["services"]["gateway"]["environment"])
    assert {name for name in configured if name.startswith("CG_")} <= known


def _docker_compose() -> bool:
    if shutil.which("docker") is None:
        return False
    return subprocess.run(["docker", "compose", "version"], capture_output=True).returncode == 0


def test_compose_file_is_valid() -> None:
    compose_file = DEPLOY / "compose.yaml"
    if _docker_compose():
        subprocess.run(
            ["docker", "compose", "-f", str(compose_file), "config", "--quiet"], check=True
        )
    schema = json.loads(COMPOSE_SCHEMA.read_text())
    document = yaml.safe_load(compose_file.read_text())
    # Also with Docker: the schema is the contract. Draft 7 named explicitly: the schema's
    # "$schema" URL lacks the "#" jsonschema keys its drafts by.
    jsonschema.Draft7Validator(schema).validate(document)
    services = document["services"]
    assert services["gateway"]["deploy"]["replicas"] == 2
    assert {"lb", "redis", "emulator", "gateway"} <= set(services)
    assert services["gateway"]["environment"]["CG_OPEN2B_URL"] == "http://emulator:8081"
    assert (DEPLOY / services["lb"]["volumes"][0].split(":")[0]).is_file()


def test_a_read_only_root_keeps_a_writable_tmp_for_the_workers_metrics() -> None:
    """`serve --workers N` writes its workers' metrics under $TMPDIR (/tmp) or
    PROMETHEUS_MULTIPROC_DIR: with the root read-only, that must be a writable mount."""
    spec = _kind("Deployment")["spec"]["template"]["spec"]
    [container] = spec["containers"]
    mounts = {m["name"]: m["mountPath"] for m in container["volumeMounts"]}
    writable = {mounts[v["name"]] for v in spec["volumes"] if "emptyDir" in v}
    assert "/tmp" in writable
    compose = yaml.safe_load((DEPLOY / "compose.yaml").read_text())["services"]["gateway"]
    assert compose["read_only"] is True
    assert "/tmp" in compose["tmpfs"]
    for configured in (_kind("ConfigMap")["data"], compose["environment"]):
        directory = configured.get("PROMETHEUS_MULTIPROC_DIR", "/tmp")
        assert Path(directory).is_relative_to("/tmp")
