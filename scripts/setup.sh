#!/usr/bin/env bash
# Create .venv and install chujing with its development tools (idempotent).
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -x .venv/bin/python ]; then
  python3 -m venv .venv
fi
if [ ! -x .venv/bin/uv ]; then
  .venv/bin/pip install -q --disable-pip-version-check uv
fi
.venv/bin/uv pip install -q --compile-bytecode --python .venv/bin/python -e '.[dev]'
# the CLI starts faster from bytecode, also where PYTHONDONTWRITEBYTECODE is set
.venv/bin/python -m compileall -q src
# axe-core for the accessibility walk (tests/web/test_accessibility.py): from the npm registry
# into the user's cache, never into the repository (the walk installs it itself if missing)
if command -v npm >/dev/null 2>&1; then
  npm install --prefix "${XDG_CACHE_HOME:-$HOME/.cache}/chujing/npm" --no-save --no-audit \
    --no-fund --loglevel=error axe-core@4 >/dev/null
fi
