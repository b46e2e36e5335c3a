"""graphql-http's audit suite (the GraphQL over HTTP spec's own) against the real gateway.

The gateway and the emulator behind it run under uvicorn on loopback ports; `audit.mjs` runs
every server audit once, in order, and this test fails on any MUST that is not met. SHOULD and
MAY results are printed, and the full results written to build/graphql-http-audit.json.
"""

from __future__ import annotations

import asyncio
import json
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from http_harness import AUDIT_SCRIPT, REPO, require_node, serve
from pydantic import SecretStr

from customer_gateway.app import create_app
from customer_gateway.emulator.app import EmulatorConfig, create_emulator_app
from customer_gateway.settings import Settings

AUDIT_TIMEOUT = 120.0


async def _audit(node: str, prefix: Path, url: str) -> list[dict[str, Any]]:
    process = await asyncio.create_subprocess_exec(
        node,
        str(AUDIT_SCRIPT),
        str(prefix),
        url,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    try:
        stdout, stderr = await asyncio.wait_for(process.communicate(), AUDIT_TIMEOUT)
    except TimeoutError:
        process.kill()
        await process.wait()
        raise
    assert process.returncode == 0, stderr.decode()
    results: list[dict[str, Any]] = json.loads(stdout)
    return results


def _summary(results: list[dict[str, Any]]) -> str:
    counts = Counter((r["name"].split()[0], r["status"] == "ok") for r in results)
    levels = ", ".join(
        f"{level} {counts[level, True]}/{counts[level, True] + counts[level, False]} ok"
        for level in ("MUST", "SHOULD", "MAY")
    )
    lines = [f"graphql-http audit: {len(results)} audits; {levels}"]
    for result in results:
        if result["status"] != "ok":
            response = result["response"] or {}
            lines.append(
                f"  {result['status']:5} {result['id']} {result['name']}: {result['reason']}"
                f" (got {response.get('status')} {response.get('contentType')})"
            )
    return "\n".join(lines)


async def test_the_gateway_meets_every_must_of_graphql_over_http(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    node, prefix = require_node()
    emulator = create_emulator_app(EmulatorConfig(db_path=str(tmp_path / "open2b.sqlite3"), seed=5))
    async with serve(emulator) as emulator_url:
        settings = Settings(
            open2b_url=emulator_url, open2b_api_key=SecretStr("emulator-key"), api_tokens=()
        )
        async with serve(create_app(settings)) as gateway_url:
            results = await _audit(node, prefix, f"{gateway_url}/graphql")

    report = REPO / "build" / "graphql-http-audit.json"
    report.parent.mkdir(exist_ok=True)
    report.write_text(json.dumps(results, indent=2))
    with capsys.disabled():
        print("\n" + _summary(results))

    assert sum(r["name"].startswith("MUST") for r in results) >= 10  # the suite really ran
    failed = [f"{r['id']} {r['name']}: {r['reason']}" for r in results if r["status"] == "error"]
    assert failed == [], _summary(results)
