#!/usr/bin/env bash
# Install, prepare the services and database, load the demo, start web + Celery worker + beat.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/bootstrap.sh
PY=${ZHIBU_VENV:-.venv}/bin/python
PORT=${PORT:-8000}
export DJANGO_SETTINGS_MODULE=${DJANGO_SETTINGS_MODULE:-config.settings.dev}

"$PY" manage.py seed_demo --scale small
"$PY" manage.py collectstatic --noinput -v0
mkdir -p .run
for name in worker beat; do  # a second run replaces what the first started
  if [ -f ".run/$name.pid" ]; then kill "$(cat ".run/$name.pid")" 2>/dev/null || true; fi
done
"$PY" -m celery -A config worker -l info --concurrency 2 >.run/worker.log 2>&1 & echo $! >.run/worker.pid
"$PY" -m celery -A config beat -l info --pidfile= >.run/beat.log 2>&1 & echo $! >.run/beat.pid
trap 'kill $(cat .run/worker.pid .run/beat.pid) 2>/dev/null || true' EXIT INT TERM

echo
echo "支部已启动：http://127.0.0.1:$PORT/   （Ctrl+C 停止；日志在 .run/）"
echo "演示账号："
"$PY" manage.py demo_logins
echo
"$PY" manage.py runserver "0.0.0.0:$PORT" --noreload
