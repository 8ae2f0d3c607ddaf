#!/usr/bin/env bash
# Set up chujing and run the platform on embedded SQLite with demonstration data.
# Before the server starts, one shipped example plan is assessed so the engine's
# human-readable answer is shown. Extra arguments go to `chujing serve`.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/system-deps.sh runtime
bash scripts/setup.sh
export PATH="$PWD/.venv/bin:$PATH"
echo "== 示例：chujing assess examples/plans/icv-after-sales.yaml =="
chujing assess examples/plans/icv-after-sales.yaml
echo
exec chujing serve --demo "$@"
