#!/usr/bin/env bash
# Preparation shared by run.sh and test.sh; safe to run again (reuses what it made).
#   scripts/bootstrap.sh        app dependencies, PostgreSQL, Redis, database, migrations
#   scripts/bootstrap.sh test   the same plus test dependencies and Chromium
set -euo pipefail
cd "$(dirname "$0")/.."
MODE=${1:-app}
VENV=${ZHIBU_VENV:-.venv}
say() { printf '\033[1m==> %s\033[0m\n' "$*"; }

apt_install() {
  if ! command -v apt-get >/dev/null; then
    echo "缺少 $*，且本机没有 apt-get，请手动安装。" >&2; exit 1
  fi
  local sudo=""; [ "$(id -u)" = 0 ] || sudo="sudo"
  if [ ! -f /tmp/.zhibu-apt-updated ]; then $sudo apt-get update -qq && touch /tmp/.zhibu-apt-updated; fi
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}

# 1. Virtual environment and packages (reinstalled only when pyproject.toml changes).
if [ ! -x "$VENV/bin/python" ]; then
  say "创建虚拟环境 $VENV"
  python3 -m venv "$VENV" 2>/dev/null || { apt_install python3-venv; rm -rf "$VENV"; python3 -m venv "$VENV"; }
fi
extras=""; [ "$MODE" = test ] && extras="[test]"
hash=$(sha1sum pyproject.toml | cut -c1-12)
stamp="$VENV/.zhibu-installed-$MODE-$hash"
if [ ! -f "$stamp" ] && [ ! -f "$VENV/.zhibu-installed-test-$hash" ]; then  # test includes app
  say "安装依赖 ${extras:-（运行所需）}"
  log="$VENV/pip.log"
  { "$VENV/bin/python" -m pip install -q --upgrade pip && "$VENV/bin/python" -m pip install -q -e ".$extras"; } >"$log" 2>&1 \
    || { cat "$log" >&2; echo "依赖安装失败（完整输出见 $log）。" >&2; exit 1; }
  touch "$stamp"
fi
PY="$VENV/bin/python"

# 2. Redis: REDIS_URL when set, else a local server, started (or installed) when none answers.
redis_ok() { "$PY" -c "import os,redis; redis.Redis.from_url(os.environ.get('REDIS_URL','redis://127.0.0.1:6379/0'),socket_connect_timeout=1).ping()" 2>/dev/null; }
if ! redis_ok; then
  if [ -n "${REDIS_URL:-}" ]; then echo "REDIS_URL=$REDIS_URL 无法连接。" >&2; exit 1; fi
  command -v redis-server >/dev/null || { say "安装 redis-server"; apt_install redis-server; }
  say "启动本地 Redis（127.0.0.1:6379）"
  redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no --dir /tmp --logfile /tmp/zhibu-redis.log
  for _ in $(seq 50); do redis_ok && break; sleep 0.1; done
  redis_ok || { echo "Redis 启动失败，见 /tmp/zhibu-redis.log" >&2; exit 1; }
fi

# 3. Chromium for the browser tests; redis-server for the tests that stop and start a broker of their own.
if [ "$MODE" = test ] && ! command -v redis-server >/dev/null; then
  say "安装 redis-server（测试用）"
  apt_install redis-server
fi
if [ "$MODE" = test ] && [ ! -x /usr/bin/chromium ]; then
  say "安装 Chromium（浏览器测试用）"
  apt_install chromium fonts-noto-cjk
fi

# 4. PostgreSQL (DATABASE_URL, a local server, or the embedded one) and the database itself.
say "准备数据库"
"$PY" scripts/ensure_database.py
if [ "$MODE" != test ]; then
  "$PY" manage.py migrate --noinput -v0
fi
