"""Settings come from `CG_*` variables when the app is built, never at import time."""

from __future__ import annotations

import pydantic
import pytest

from customer_gateway.settings import Settings


def test_settings_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CG_API_TOKENS", " first, second ,")
    monkeypatch.setenv("CG_MAX_BATCH", "50")
    monkeypatch.setenv("CG_OPEN2B_API_KEY", "s3cret")
    monkeypatch.setenv("CG_STORE_TIMEZONE", "Europe/Rome")
    settings = Settings()
    assert [token.get_secret_value() for token in settings.api_tokens] == ["first", "second"]
    assert settings.max_batch == 50
    assert settings.store_zone.key == "Europe/Rome"
    assert "s3cret" not in repr(settings) and "first" not in repr(settings)


def test_ecwid_settings(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CG_BACKEND", "ecwid")
    monkeypatch.setenv("CG_ECWID_URL", "https://app.ecwid.com/api/v3")
    monkeypatch.setenv("CG_ECWID_STORE_ID", "4870020")
    monkeypatch.setenv("CG_ECWID_TOKEN", "secret_abc")
    monkeypatch.setenv("CG_ECWID_CONCURRENCY", "4")
    settings = Settings()
    assert (settings.backend, settings.ecwid_url) == ("ecwid", "https://app.ecwid.com/api/v3")
    assert (settings.ecwid_store_id, settings.ecwid_concurrency) == ("4870020", 4)
    assert settings.ecwid_token.get_secret_value() == "secret_abc"
    assert "secret_abc" not in repr(settings)


def test_defaults(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("CG_API_TOKENS", "CG_MAX_BATCH", "CG_OPEN2B_KEY_HEADER", "CG_STORE_TIMEZONE"):
        monkeypatch.delenv(name, raising=False)
    settings = Settings()
    assert (settings.api_tokens, settings.max_batch) == ((), 100)
    assert (settings.open2b_key_header, settings.store_timezone) == ("X-Key", "UTC")


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("CG_STORE_TIMEZONE", "Mars/Olympus"),
        ("CG_MAX_BATCH", "0"),
        ("CG_BACKEND", "shopify"),
        ("CG_ECWID_CONCURRENCY", "0"),
    ],
)
def test_bad_settings_are_refused(monkeypatch: pytest.MonkeyPatch, name: str, value: str) -> None:
    monkeypatch.setenv(name, value)
    with pytest.raises(pydantic.ValidationError):
        Settings()
