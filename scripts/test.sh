#!/usr/bin/env bash
# Install what the tests need (packages, PostgreSQL, Redis, Chromium), then run the whole suite.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/bootstrap.sh test
exec "${ZHIBU_VENV:-.venv}/bin/python" -m pytest "$@"
