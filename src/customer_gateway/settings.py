"""The gateway's settings: one typed object built from `CG_*` environment variables."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Literal, Self
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import Field, SecretStr, field_validator, model_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

# The vendors' documented rate limits: (calls, seconds), per key or token.
VENDOR_LIMITS: dict[str, tuple[int, float]] = {"open2b": (1000, 300.0), "ecwid": (600, 60.0)}


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
    # Seconds an operation may take; its Ecwid lookups wait for a slot only until then.
    operation_timeout: float = Field(default=15.0, gt=0)
    # The largest request body (and GET query string) /graphql reads, in bytes.
    max_body_bytes: int = Field(default=2_000_000, ge=1024)

    # The upstream quota economy (README "Quota and scaling").
    # Operations predicted to make more upstream calls are refused before any call.
    max_operation_calls: int = Field(default=10, ge=1)
    # The call budget per upstream credential; None: the backend's vendor limit; 0 calls: off.
    quota_calls: int | None = Field(default=None, ge=0)
    quota_window: float | None = Field(default=None, gt=0)
    # How long a 429 without Retry-After (Open2b sends none) closes the budget.
    quota_backoff: float = Field(default=60.0, ge=0)
    # Replicas sharing the budget: each one's share while Redis cannot be reached.
    quota_replicas: int = Field(default=1, ge=1)
    coalescing: bool = True
    cache_ttl: float = Field(default=0.0, ge=0)
    # Where replicas share the budget, the 429 block and the cache; empty: in-process.
    redis_url: SecretStr = SecretStr("")

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
    # One line per request (http/access_log.py): off by default, it costs CPU on the hot path.
    access_log: bool = False

    # Production mode: no introspection, GraphiQL or suggestions unless switched back on.
    env: Literal["development", "production"] = "development"
    introspection: bool | None = None  # None: on in development, off in production
    graphiql: bool | None = None  # None: on in development, off in production
    # Comma-separated origins browsers may call from (CORS); `*` only in development.
    cors_origins: Annotated[tuple[str, ...], NoDecode] = ()

    # JWT access tokens (beside `api_tokens`): one key source, and the claims they must carry.
    jwt_public_key: Path | None = None
    jwt_jwks_url: str | None = None
    jwt_issuer: str | None = None
    jwt_audience: str | None = None
    # An unknown `kid` refetches the JWKS at most this often (anyone can send one).
    jwt_jwks_min_refresh: float = Field(default=30.0, ge=0)

    # Persisted operations: an Apollo persisted query manifest; persisted_only None: on in
    # production when a manifest is set. APQ (automatic persisted queries) None: development only.
    persisted_operations: Path | None = None
    persisted_only: bool | None = None
    apq: bool | None = None
    apq_max_entries: int = Field(default=1000, ge=1)

    host: str = "127.0.0.1"
    port: int = Field(default=8080, ge=0, le=65535)

    @field_validator("api_tokens", "cors_origins", mode="before")
    @classmethod
    def _split_commas(cls, value: object) -> object:
        if isinstance(value, str):
            return tuple(item.strip() for item in value.split(",") if item.strip())
        return value

    @field_validator(
        "jwt_public_key",
        "jwt_jwks_url",
        "jwt_issuer",
        "jwt_audience",
        "persisted_operations",
        mode="before",
    )
    @classmethod
    def _empty_is_unset(cls, value: object) -> object:
        return None if value == "" else value

    @model_validator(mode="after")
    def _consistent(self) -> Self:
        # Each of these would leave the gateway more open than its operator believes.
        if self.production and "*" in self.cors_origins:
            raise ValueError(
                "CG_CORS_ORIGINS='*' is refused when CG_ENV=production: "
                "list the origins of your apps (https://shop.example.com,...)"
            )
        if self.jwt_public_key is not None and self.jwt_jwks_url is not None:
            raise ValueError("set CG_JWT_PUBLIC_KEY or CG_JWT_JWKS_URL, not both")
        if self.jwt_enabled and (not self.jwt_issuer or not self.jwt_audience):
            raise ValueError(
                "JWT access tokens need CG_JWT_ISSUER and CG_JWT_AUDIENCE: "
                "without them a token your identity provider made for another API would pass"
            )
        if self.persisted_only and self.persisted_operations is None:
            raise ValueError("CG_PERSISTED_ONLY=true needs a manifest in CG_PERSISTED_OPERATIONS")
        return self

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

    @property
    def production(self) -> bool:
        return self.env == "production"

    @property
    def introspection_enabled(self) -> bool:
        return not self.production if self.introspection is None else self.introspection

    @property
    def suggestions_enabled(self) -> bool:
        # "Did you mean 'customers'?" tells the schema as much as introspection does.
        return self.introspection_enabled

    @property
    def graphiql_enabled(self) -> bool:
        return not self.production if self.graphiql is None else self.graphiql

    @property
    def jwt_enabled(self) -> bool:
        return self.jwt_public_key is not None or self.jwt_jwks_url is not None

    @property
    def persisted_only_enabled(self) -> bool:
        if self.persisted_only is not None:
            return self.persisted_only
        return self.production and self.persisted_operations is not None

    @property
    def apq_enabled(self) -> bool:
        # Registering new documents would defeat an allow-list of persisted ones.
        wanted = not self.production if self.apq is None else self.apq
        return wanted and not self.persisted_only_enabled

    @property
    def quota_budget(self) -> tuple[int, float]:
        """(calls, window seconds): the settings, else the configured vendor's limit."""
        calls, window = VENDOR_LIMITS[self.backend]
        if self.quota_calls is not None:
            calls = self.quota_calls
        return calls, window if self.quota_window is None else self.quota_window
