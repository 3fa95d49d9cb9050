"""Backup and restore of the configured database with pg_dump / pg_restore.

    python scripts/pgtool.py dump [FILE]      # custom format, default backups/zhibu-<time>.dump
    python scripts/pgtool.py restore FILE     # into the configured database (replaces its objects)

The database is found exactly as the settings find it (DATABASE_URL, local server, or the
embedded one, whose own pg_dump is used so client and server versions match)."""

import os
import shutil
import subprocess
import sys
from datetime import datetime
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))

from config import services  # noqa: E402


def tool(name: str) -> str:
    if not os.environ.get("DATABASE_URL") and not services.listening(*services.LOCAL_POSTGRES):
        import pgserver

        return str(Path(pgserver.__file__).parent / "pginstall" / "bin" / name)
    found = shutil.which(name)
    if not found:
        sys.exit(f"找不到 {name}：请安装 postgresql-client（apt-get install postgresql-client）。")
    return found


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in ("dump", "restore"):
        print(__doc__)
        return 2
    url = services.database_url(os.environ.get("DATABASE_URL"), BASE_DIR)
    if argv[0] == "dump":
        target = Path(argv[1]) if len(argv) > 1 else BASE_DIR / "backups" / f"zhibu-{datetime.now():%Y%m%d-%H%M%S}.dump"
        target.parent.mkdir(parents=True, exist_ok=True)
        subprocess.run([tool("pg_dump"), "--format=custom", "--no-owner", "--file", str(target), url], check=True)
        print(f"已备份到 {target}")
        return 0
    if len(argv) < 2 or not Path(argv[1]).is_file():
        print("请指定要恢复的备份文件。", file=sys.stderr)
        return 2
    subprocess.run([tool("pg_restore"), "--clean", "--if-exists", "--no-owner", "--exit-on-error",
                    "--single-transaction", "--dbname", url, argv[1]], check=True)
    print(f"已从 {argv[1]} 恢复")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
