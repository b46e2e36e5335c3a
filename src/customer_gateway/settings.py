"""The gateway's settings: one typed object built from `CG_*` environment variables."""

from __future__ import annotations

from typing import Annotated, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict


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
    # The most single-customer calls (GET or DELETE /customers/{id}) in flight at once.
    ecwid_concurrency: int = Field(default=8, ge=1, le=100)

    max_batch: int = Field(default=100, ge=1, le=1000)
    upstream_timeout: float = Field(default=10.0, gt=0)
    store_timezone: str = "UTC"

    # The shared upstream connection pool.
    upstream_max_connections: int = Field(default=100, ge=1)
    upstream_max_keepalive: int = Field(default=20, ge=0)

    # Reads (find, get, count, storefront.customer) are retried; writes never are.
    read_retries: int = Field(default=2, ge=0, le=10)
    retry_backoff: float = Field(default=0.1, ge=0)
    retry_max_delay: float = Field(default=2.0, ge=0)

    # Queries run a plan compiled once per document instead of graphql-core's per-field executor.
    compiled_operations: bool = True

    # Bounds on every GraphQL operation.
    max_depth: int = Field(default=10, ge=1)
    max_aliases: int = Field(default=300, ge=0)
    max_tokens: int = Field(default=10_000, ge=1)
    max_query_length: int = Field(default=100_000, ge=1)
    # Seconds validating one document may take (linear in its size, so only a safeguard).
    validation_timeout: float = Field(default=1.0, gt=0)
    # The largest request body (and GET query string) /graphql reads, in bytes.
    max_body_bytes: int = Field(default=2_000_000, ge=1024)

    # Comma-separated bearer tokens for admin queries and mutations; empty = open admin access.
    api_tokens: Annotated[tuple[SecretStr, ...], NoDecode] = ()

    # Observability: Prometheus `/metrics`, OpenTelemetry spans (see telemetry.py).
    metrics: bool = True
    otel_exporter: Literal["none", "console", "otlp"] = "none"
    log_format: Literal["text", "json"] = "text"
    # gzip answers of 1 KiB or more to clients that accept it (GraphiQL's bundle is 3.5 MB).
    gzip: bool = True
    # /readyz calls upstream only when no call was answered for this many seconds.
    ready_probe_interval: float = Field(default=60.0, ge=0)

    host: str = "127.0.0.1"
    port: int = Field(default=8080, ge=0, le=65535)

    @field_validator("api_tokens", mode="before")
    @classmethod
    def _split_tokens(cls, value: object) -> object:
        if isinstance(value, str):
            return tuple(token.strip() for token in value.split(",") if token.strip())
        return value

    @field_validator("store_timezone")
    @classmethod
    def _known_timezone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise ValueError(f"unknown time zone {value!r}") from exc
        return value

    @property
    def store_zone(self) -> ZoneInfo:
        return ZoneInfo(self.store_timezone)
