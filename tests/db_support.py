"""Addresses of the PostgreSQL the tests run on, for subprocesses and extra databases. The host
may be a socket directory (the embedded server), so it always travels in the query string."""

import socket
from urllib.parse import quote

import psycopg


def server_params() -> dict:
    from django.db import connection

    params = connection.get_connection_params()
    return {k: params[k] for k in ("user", "password", "host", "port") if params.get(k)}


def database_url(name: str) -> str:
    server = server_params()
    auth = quote(server.get("user", "postgres")) + (f":{quote(server['password'])}" if server.get("password") else "")
    host = quote(str(server.get("host", "127.0.0.1")), safe="")
    return f"postgres://{auth}@/{name}?host={host}&port={server.get('port', 5432)}"


def admin_connection():
    return psycopg.connect(dbname="postgres", autocommit=True, **server_params())


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]
