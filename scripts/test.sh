#!/usr/bin/env bash
# Set up and run every check: ruff, mypy and the whole test suite, including the
# PostgreSQL suite against a throwaway server this script starts and stops.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/system-deps.sh
bash scripts/setup.sh
export PATH="$PWD/.venv/bin:$PATH"
ruff check src tests bench
ruff format --check src tests bench
mypy
pgdir=""
cleanup() { [ -n "$pgdir" ] && bash scripts/pg-temp.sh stop "$pgdir"; true; }
trap cleanup EXIT
if [ -z "${CHUJING_TEST_POSTGRES_URL:-}" ]; then
  out=$(bash scripts/pg-temp.sh)
  eval "$(echo "$out" | grep '^export ')"
  pgdir=$(echo "$out" | sed -n 's/^PGTEMP_DIR=//p')
fi
# in random order (pytest-randomly; the printed seed replays an order: --randomly-seed=N), on
# CHUJING_TEST_WORKERS processes (pytest-xdist; default 2, the CI machine's cores; 0 runs serially)
python -m pytest -p randomly -n "${CHUJING_TEST_WORKERS:-2}" "$@"
