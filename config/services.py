"""Find the PostgreSQL and Redis this process should use.

DATABASE_URL / REDIS_URL win when set. Otherwise a server on the usual local port is used, and
when nothing listens there an embedded real PostgreSQL (the `pgserver` package) is started in
`.pgdata/` beside the project. This runs from the settings module because pytest-django reads
settings before any conftest could start a server.
"""

import socket
from pathlib import Path

LOCAL_POSTGRES = ("127.0.0.1", 5432)
LOCAL_REDIS = ("127.0.0.1", 6379)


def listening(host: str, port: int, timeout: float = 0.3) -> bool:
    try:
        with socket.create_connection((host, port), timeout=timeout):
            return True
    except OSError:
        return False


def embedded_postgres_url(base_dir: Path, database: str) -> str:
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # platformdirs complains about XDG_RUNTIME_DIR under root
        import pgserver

    server = pgserver.get_server(base_dir / ".pgdata", cleanup_mode=None)
    return server.get_uri(database)


def database_url(env_value: str | None, base_dir: Path, database: str = "zhibu") -> str:
    if env_value:
        return env_value
    if listening(*LOCAL_POSTGRES):
        return f"postgres://postgres@127.0.0.1:5432/{database}"
    return embedded_postgres_url(base_dir, database)


def redis_url(env_value: str | None) -> str:
    return env_value or "redis://127.0.0.1:6379/0"
