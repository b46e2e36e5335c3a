"""The gateway's settings: one typed object built from `CG_*` environment variables."""

from __future__ import annotations

from typing import Literal

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    """Everything the gateway can be told; passed into `create_app(settings)`."""

    model_config = SettingsConfigDict(env_prefix="CG_", extra="ignore", frozen=True)

    backend: Literal["open2b", "ecwid"] = "open2b"

    open2b_url: str = "http://127.0.0.1:8081"
    open2b_api_key: SecretStr = SecretStr("")
    open2b_key_header: str = "X-Key"

    ecwid_url: str = "http://127.0.0.1:8081/api/v3"
    ecwid_store_id: str = "1003"
    ecwid_token: SecretStr = SecretStr("")

    max_batch: int = Field(default=100, ge=1, le=1000)
    upstream_timeout: float = Field(default=10.0, gt=0)
    store_timezone: str = "UTC"
