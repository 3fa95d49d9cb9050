"""Backup and restore of the configured database with pg_dump / pg_restore.

    python scripts/pgtool.py dump [FILE]      # custom format, default backups/zhibu-<time>.dump
    python scripts/pgtool.py restore FILE     # into the configured database (replaces its objects)

The database is found exactly as the settings find it (DATABASE_URL, local server, or the
embedded one); the client tools are chosen to be at least as new as the server."""

import os
import shutil
import subprocess
import sys
from datetime import datetime
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))

from config import services  # noqa: E402


def tool(name: str, url: str) -> str:
    """pg_dump / pg_restore at least as new as the server: the one on PATH when it is, else the
    client bundled with pgserver (PostgreSQL 16), which also serves older servers."""
    import psycopg

    with psycopg.connect(url) as conn:
        server_major = conn.info.server_version // 10000
    bundled = Path(__import__("pgserver").__file__).parent / "pginstall" / "bin" / name
    for candidate in (shutil.which(name), str(bundled)):
        if candidate and Path(candidate).exists() and client_major(candidate) >= server_major:
            return candidate
    sys.exit(f"找不到与服务器 PostgreSQL {server_major} 匹配的 {name}：请安装 postgresql-client-{server_major}。")


def client_major(binary: str) -> int:
    out = subprocess.run([binary, "--version"], capture_output=True, text=True).stdout  # "pg_dump (PostgreSQL) 15.20 …"
    return int(out.split(")")[1].split(".")[0])


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in ("dump", "restore"):
        print(__doc__)
        return 2
    url = services.database_url(os.environ.get("DATABASE_URL"), BASE_DIR)
    if argv[0] == "dump":
        target = Path(argv[1]) if len(argv) > 1 else BASE_DIR / "backups" / f"zhibu-{datetime.now():%Y%m%d-%H%M%S}.dump"
        target.parent.mkdir(parents=True, exist_ok=True)
        subprocess.run([tool("pg_dump", url), "--format=custom", "--no-owner", "--file", str(target), url], check=True)
        print(f"已备份到 {target}")
        return 0
    if len(argv) < 2 or not Path(argv[1]).is_file():
        print("请指定要恢复的备份文件。", file=sys.stderr)
        return 2
    subprocess.run([tool("pg_restore", url), "--clean", "--if-exists", "--no-owner", "--exit-on-error",
                    "--single-transaction", "--dbname", url, argv[1]], check=True)
    print(f"已从 {argv[1]} 恢复")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
