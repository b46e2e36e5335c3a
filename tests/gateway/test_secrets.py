"""Secrets (the upstream key, API tokens, customer keys, passwords) never reach logs, answers,
metrics or spans.

One run through the paths that log or answer errors: reads, retried reads, failed reads and
writes, a refused upstream key, refused API tokens, logIn, `me` and `updateMe` with good and
bad keys. Every log record of the gateway (and of httpx) is captured at DEBUG; `/metrics` is
read at the end and every span is kept in memory.
"""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from pydantic import SecretStr

from customer_gateway.emulator.app import EmulatorConfig
from customer_gateway.emulator.open2b.seed import HOLMES_EMAIL, HOLMES_PASSWORD
from gateway.harness import Emulator, GatewayFactory, codes
from gateway.telemetry import Spans, scrape
from helpers import watson_billing

UPSTREAM_KEY = "sk-upstream-7f3a9c41d2"
API_TOKEN = "tok-admin-5be0e1aa93"
NEW_PASSWORD = "pw-Secret-991"
WRONG_PASSWORD = "hunter2-wrong"


@pytest.fixture
def emulator_config(tmp_path: Path) -> EmulatorConfig:
    return EmulatorConfig(db_path=str(tmp_path / "open2b.sqlite3"), seed=20, api_key=UPSTREAM_KEY)


def _gateway_log(caplog: pytest.LogCaptureFixture) -> str:
    """Every record but the emulator's own (it plays the vendor, whose logs are not ours)."""
    lines = []
    for record in caplog.records:
        if record.name.startswith("customer_gateway.emulator"):
            continue
        lines.append(record.getMessage())
        if record.exc_info:
            lines.append(logging.Formatter().formatException(record.exc_info))
    return "\n".join(lines)


def _spans_text(spans: Spans) -> str:
    """Everything a span exporter would send: names, attributes, events, status, resource."""
    return "\n".join(span.to_json() for span in spans.finished())


async def test_no_secret_in_logs_answers_metrics_or_spans(
    make_gateway: GatewayFactory, knobs: Emulator, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    spans = Spans()
    gateway = await make_gateway(api_tokens=(SecretStr(API_TOKEN),), traces=spans.provider)
    admin = {"Authorization": f"Bearer {API_TOKEN}"}
    answers: list[str] = []

    async def send(query: str, headers: dict[str, str] | None = None) -> dict[str, object]:
        response = await gateway.post(query, headers=headers)
        answers.append(response.text)
        result: dict[str, object] = response.json()
        return result

    customer = "{ customer(id: 1) { id email } }"
    assert "errors" not in await send(customer, admin)
    await knobs.configure(failNext=1)
    assert "errors" not in await send(customer, admin)  # retried once, logged as a warning
    await knobs.configure(failNext=5)
    assert codes(await send(customer, admin)) == ["UPSTREAM_UNAVAILABLE"]
    assert codes(await send(customer, {"Authorization": "Bearer tok-wrong"})) == ["UNAUTHENTICATED"]
    create = (
        "mutation { createCustomer(input: {canLogin: true, "
        f'password: {{value: "{NEW_PASSWORD}"}}, billingAddress: {{'
        + ", ".join(f'{name}: "{value}"' for name, value in watson_billing().items())
        + "}}) { customer { id } } }"
    )
    await knobs.configure(failNext=1)
    assert codes(await send(create, admin)) == ["UPSTREAM_UNAVAILABLE"]  # a write, not retried
    assert "errors" not in await send(create, admin)

    log_in = 'mutation {{ logIn(email: "{}", password: "{}") {{ customerKey }} }}'
    assert codes(await send(log_in.format(HOLMES_EMAIL, WRONG_PASSWORD))) == ["INVALID_COMBINATION"]
    logged_in = await send(log_in.format(HOLMES_EMAIL, HOLMES_PASSWORD))
    customer_key = logged_in["data"]["logIn"]["customerKey"]  # type: ignore[index]
    key_answer = answers.pop()  # the one answer that must carry the key
    assert customer_key in key_answer
    assert "errors" not in await send("{ me { id } }", {"X-Customer-Key": customer_key})
    update_me = 'mutation { updateMe(input: {cart: "nope"}) { customer { id } } }'
    assert codes(await send(update_me, {"X-Customer-Key": customer_key})) != []
    assert codes(await send("{ me { id } }", {"X-Customer-Key": customer_key[::-1]})) == [
        "UNAUTHENTICATED"
    ]

    refused = await make_gateway(
        open2b_api_key=SecretStr(UPSTREAM_KEY[::-1]), traces=spans.provider
    )
    response = await refused.post(customer)
    answers.append(response.text)
    assert codes(response.json()) == ["FORBIDDEN"]

    logs = _gateway_log(caplog)
    assert "retrying" in logs  # the capture is not vacuous: the retry above was logged
    metrics = (await scrape(gateway)).text + (await scrape(refused)).text
    assert "storefront_login" in metrics or "storefront.login" in metrics
    traced = _spans_text(spans)
    assert "commerce.customers.create" in traced and "mutation" in traced
    secrets = [UPSTREAM_KEY, UPSTREAM_KEY[::-1], API_TOKEN, customer_key, customer_key[::-1]]
    secrets += [NEW_PASSWORD, WRONG_PASSWORD, HOLMES_PASSWORD]
    for secret in secrets:
        assert secret not in logs, secret
        assert secret not in metrics, secret
        assert secret not in traced, secret
        for answer in answers:
            assert secret not in answer, (secret, answer)


def test_settings_do_not_show_their_secrets() -> None:
    from customer_gateway.settings import Settings

    settings = Settings(
        open2b_api_key=SecretStr(UPSTREAM_KEY),
        ecwid_token=SecretStr("secret_ecwid_1"),
        api_tokens=(SecretStr(API_TOKEN),),
    )
    shown = repr(settings) + str(settings) + str(settings.model_dump())
    for secret in (UPSTREAM_KEY, "secret_ecwid_1", API_TOKEN):
        assert secret not in shown
