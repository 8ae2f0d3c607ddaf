#!/usr/bin/env bash
# Install the Debian packages chujing needs when they are missing and we may install them.
#   runtime: CJK fonts and pango for the official documents (PDF)
#   test:    runtime + PostgreSQL server and client tools (pg_dump/pg_restore for the backup
#            drill), Java for Spark, Chromium for the browser tests, LibreOffice Writer and
#            poppler (the filing documents open and render, tests/filing)
# Without root, say what is missing; `runtime` then only warns, `test` fails.
set -euo pipefail
scope=${1:-test}
need=()
[ -f /usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc ] || need+=(fonts-noto-cjk)
[ -d /usr/share/fonts/truetype/arphic ] || need+=(fonts-arphic-ukai fonts-arphic-uming)
ls /usr/lib/*/libpango-1.0.so.0 >/dev/null 2>&1 || need+=(libpango-1.0-0 libpangoft2-1.0-0)
if [ "$scope" = "test" ]; then
  command -v initdb >/dev/null 2>&1 || ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || need+=(postgresql)
  command -v pg_dump >/dev/null 2>&1 && command -v pg_restore >/dev/null 2>&1 || need+=(postgresql-client)
  command -v java >/dev/null 2>&1 || need+=(default-jre-headless)
  [ -x /usr/bin/chromium ] || need+=(chromium)
  command -v libreoffice >/dev/null 2>&1 || need+=(libreoffice-writer-nogui)
  command -v pdftoppm >/dev/null 2>&1 || need+=(poppler-utils)
fi
if [ ${#need[@]} -eq 0 ]; then
  exit 0
fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "installing system packages: ${need[*]}" >&2
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
else
  echo "missing system packages: ${need[*]} (install them with apt-get as root)" >&2
  [ "$scope" = "runtime" ] || exit 1
fi
