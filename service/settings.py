"""Settings, read from the environment (and `.env`) only when asked for."""

from functools import lru_cache
from pathlib import Path

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

PROJECT_ROOT = Path(__file__).resolve().parents[1]


class Settings(BaseSettings):
    """How the service finds Neo4j and where it listens.

    `NEO4J_URI` names any server (a `neo4j://` cluster included); when it is unset the
    project starts its own local Neo4j (see `service.neo4j_local`).
    """

    model_config = SettingsConfigDict(env_file=".env", extra="ignore")

    neo4j_uri: str | None = Field(default=None, validation_alias="NEO4J_URI")
    neo4j_username: str = Field(default="neo4j", validation_alias="NEO4J_USERNAME")
    # No default: the local Neo4j's own random password is passed in by whoever starts it.
    neo4j_password: SecretStr = Field(default=SecretStr(""), validation_alias="NEO4J_PASSWORD")
    neo4j_database: str = Field(default="neo4j", validation_alias="NEO4J_DATABASE")
    health_timeout_seconds: float = Field(default=2.0, gt=0)
    api_host: str = Field(default="127.0.0.1", validation_alias="TRACEGRAPH_HOST")
    api_port: int = Field(default=8000, validation_alias="TRACEGRAPH_PORT")
    api_keys_required: bool = Field(
        default=True,
        validation_alias="TRACEGRAPH_API_KEYS_REQUIRED",
        description="Refuse /v1 requests without an API key (turn off only on a closed network)",
    )
    max_body_bytes: int = Field(
        default=20_000_000, gt=0, validation_alias="TRACEGRAPH_MAX_BODY_BYTES"
    )
    entry_number_block: int = Field(
        default=100,
        ge=1,
        le=100_000,
        validation_alias="TRACEGRAPH_ENTRY_NUMBER_BLOCK",
        description=(
            "Entry numbers a service process draws at a time (1: one draw per posting; the "
            "unused ones are given back on shutdown, a crash leaves them as a gap)"
        ),
    )
    data_dir: Path = Field(
        default=PROJECT_ROOT / "data",
        validation_alias="TRACEGRAPH_DATA_DIR",
        description="The project's data folder: the first start's admin API key file lives here",
    )
    request_timeout_seconds: float = Field(
        default=30.0,
        gt=0,
        validation_alias="TRACEGRAPH_REQUEST_TIMEOUT_SECONDS",
        description="A request's time budget: its Neo4j transactions share it, then 504",
    )
    body_read_timeout_seconds: float = Field(
        default=30.0,
        gt=0,
        validation_alias="TRACEGRAPH_BODY_READ_TIMEOUT_SECONDS",
        description="Longest wait for the next part of a request body, then 408",
    )
    max_header_bytes: int = Field(
        default=65_536,
        ge=4096,
        validation_alias="TRACEGRAPH_MAX_HEADER_BYTES",
        description="Largest request line and headers the server reads, then 431",
    )
    max_connections: int = Field(
        default=200,
        ge=8,
        validation_alias="TRACEGRAPH_MAX_CONNECTIONS",
        description="Connections and requests served at once; more are answered 503",
    )
    keep_alive_seconds: int = Field(
        default=5,
        ge=1,
        validation_alias="TRACEGRAPH_KEEP_ALIVE_SECONDS",
        description="An idle keep-alive connection is closed after this long",
    )
    idempotency_ttl_hours: float = Field(
        default=24.0,
        gt=0,
        validation_alias="TRACEGRAPH_IDEMPOTENCY_TTL_HOURS",
        description="How long an Idempotency-Key replays its first answer (per API key)",
    )
    auth_failures_per_minute: int = Field(
        default=30,
        ge=1,
        validation_alias="TRACEGRAPH_AUTH_FAILURES_PER_MINUTE",
        description="Unknown or revoked API keys a client address may send a minute, then 429",
    )
    shutdown_grace_seconds: float = Field(
        default=10.0, gt=0, validation_alias="TRACEGRAPH_SHUTDOWN_GRACE_SECONDS"
    )


@lru_cache
def get_settings() -> Settings:
    return Settings()
