#!/usr/bin/env bash
# The load run of issue 7, item 13: the scoring autosave against a bare logged-in view, under
# gunicorn with 4 workers on 127.0.0.1, driven by wrk (50 connections, 30 s each): first as fast
# as the server answers (requests per second), then as 50 reviewers typing without stop, each
# autosaving 500 ms after their last keystroke as the editor does (p95 latency under that load).
#
#   LOAD_DATABASE_URL=postgres://postgres@127.0.0.1:5432/grants_load bench/load.sh
#
# The database named in LOAD_DATABASE_URL must end in "_load": it is dropped and created afresh.
# LOAD_PORT (8000), LOAD_CONNECTIONS (50), LOAD_SECONDS (30) change the run's bounds.
set -euo pipefail
cd "$(dirname "$0")/.."

URL=${LOAD_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/grants_load}
PORT=${LOAD_PORT:-8000}
CONNECTIONS=${LOAD_CONNECTIONS:-50}
SECONDS_EACH=${LOAD_SECONDS:-30}
NAME=${URL##*/}
case "$NAME" in
  *_load) ;;
  *) echo "LOAD_DATABASE_URL must name a database ending in _load (it is recreated)" >&2; exit 2 ;;
esac

if ! command -v wrk >/dev/null; then
  echo "Installing wrk (Debian package)…"
  SUDO=$([ "$(id -u)" = 0 ] && echo "" || echo sudo)
  $SUDO apt-get install -y -qq wrk >/dev/null
fi

SERVER=${URL%/*}
psql "$SERVER/postgres" -qc "DROP DATABASE IF EXISTS \"$NAME\"" -c "CREATE DATABASE \"$NAME\""

export DATABASE_URL=$URL DEBUG=false ALLOWED_HOSTS=127.0.0.1 LOG_LEVEL=WARNING \
  SECURE_SSL_REDIRECT=false SESSION_COOKIE_SECURE=false CSRF_COOKIE_SECURE=false \
  SECRET_KEY=${SECRET_KEY:-load-run-$(.venv/bin/python -c 'import secrets; print(secrets.token_urlsafe(48))')}
CREDENTIALS=$(mktemp)
export STATIC_ROOT=$(mktemp -d)  # WhiteNoise wants the directory; the run fetches no static file
.venv/bin/python -m bench.load "$CREDENTIALS" $((2 * CONNECTIONS))  # a set per autosave run

.venv/bin/gunicorn bench.load_wsgi:application --workers 4 --bind "127.0.0.1:$PORT" \
  --log-level warning &
GUNICORN=$!
trap 'kill $GUNICORN 2>/dev/null; wait $GUNICORN 2>/dev/null; rm -rf "$CREDENTIALS" "$STATIC_ROOT"' EXIT
for _ in $(seq 50); do
  curl -s -o /dev/null "http://127.0.0.1:$PORT/load/bare/" && break
  sleep 0.2
done

run() {
  wrk --threads "$CONNECTIONS" --connections "$CONNECTIONS" --duration "${SECONDS_EACH}s" \
    --timeout 10s --script bench/load.lua "http://127.0.0.1:$PORT" -- "$CREDENTIALS" "$1" "${2:-0}" "${3:-1}" \
    | grep '^RESULT'
}
BARE=$(run bare)
AUTOSAVE=$(run autosave)
TYPING=$(run autosave 500 $((CONNECTIONS + 1)))
echo
echo "$BARE" "$AUTOSAVE" "$TYPING" | awk -v c="$CONNECTIONS" -v s="$SECONDS_EACH" '{
  printf "gunicorn 4 workers, wrk %s connections × %s s\n", c, s
  printf "%-30s %12s %10s %10s %8s\n", "view", "requests/s", "p95 (ms)", "requests", "failed"
  printf "%-30s %12.1f %10.1f %10d %8d\n", "bare logged-in view", $3, $4, $5, $6
  printf "%-30s %12.1f %10.1f %10d %8d\n", "scoring autosave", $9, $10, $11, $12
  printf "%-30s %12.1f %10.1f %10d %8d\n", "autosave, 50 reviewers typing", $15, $16, $17, $18
  printf "autosave / bare requests/s: %.0f%%\n", 100 * $9 / $3
}'
