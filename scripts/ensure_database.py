"""Create the configured database when it does not exist yet (the server itself is chosen, and
if need be started, by config.services exactly as the settings do)."""

import os
import sys
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))

import environ  # noqa: E402
import psycopg  # noqa: E402
from psycopg import sql  # noqa: E402
from psycopg.conninfo import conninfo_to_dict  # noqa: E402

from config import services  # noqa: E402

environ.Env.read_env(BASE_DIR / ".env", overwrite=False)
url = services.database_url(os.environ.get("DATABASE_URL"), BASE_DIR)
name = conninfo_to_dict(url)["dbname"]
with psycopg.connect(url, dbname="postgres", autocommit=True) as conn:
    if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
        print(f"已创建数据库 {name}")
