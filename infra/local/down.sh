#!/usr/bin/env bash
# Stops what infra/local/up.sh started, by the pids it recorded (host, emulator, Azurite) and pg_ctl for PostgreSQL.
# Data under .data/local-azure is kept; pass --purge to delete it as well.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
STATE="$ROOT/.data/local-azure"
PIDS="$STATE/pids"

say() { printf '[down] %s\n' "$*" >&2; }

stop() { # name
  local file="$PIDS/$1.pid"
  [[ -f "$file" ]] || return 0
  local pid
  pid="$(cat "$file")"
  if kill -0 "$pid" 2>/dev/null; then
    say "stopping $1 (pid $pid)"
    kill -TERM "$pid"
    for ((i = 0; i < 60; i++)); do kill -0 "$pid" 2>/dev/null || break; sleep 0.25; done
    if kill -0 "$pid" 2>/dev/null; then
      say "$1 did not stop within 15s; killing it"
      kill -KILL "$pid"
    fi
  fi
  rm -f "$file"
}

stop host
stop emulator
stop azurite

PG_BIN="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n1 || true)"
if [[ -f "$STATE/pg/PG_VERSION" && -x "$PG_BIN/pg_ctl" ]]; then
  as_pg() { if [[ $EUID -eq 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi; }
  if as_pg "$PG_BIN/pg_ctl" -D "$STATE/pg" status >/dev/null 2>&1; then
    say "stopping PostgreSQL"
    as_pg "$PG_BIN/pg_ctl" -D "$STATE/pg" -m fast -w stop >/dev/null
  fi
fi

if [[ "${1:-}" == "--purge" ]]; then
  say "deleting $STATE"
  rm -rf "$STATE"
fi
say "local-azure stack is down"
