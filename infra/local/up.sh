#!/usr/bin/env bash
# Starts the local-azure stack on this machine: PostgreSQL (Debian binaries), Azurite (npm), the standalone
# Communication Services emulator and the AiScheduler host with the local-azure profile. Idempotent: a service
# that is already running (per its pid file) is left alone. State, pids and logs live under .data/local-azure;
# infra/local/down.sh stops everything. Prints the environment that points `dotnet run -- demo` at the stack.
#
# Ports (override with the variables): PG_PORT 54329, Azurite 10000-10002, EMULATOR_PORT 7081, HOST_PORT 7071.
# EMULATOR_TIME_SCALE (default 1, real time) scales the emulator's ring and speech timings; the demo uses 0.02 (50x).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
STATE="$ROOT/.data/local-azure"
LOGS="$STATE/logs"
PIDS="$STATE/pids"
PG_PORT="${PG_PORT:-54329}"
BLOB_PORT="${BLOB_PORT:-10000}"
QUEUE_PORT="${QUEUE_PORT:-10001}"
TABLE_PORT="${TABLE_PORT:-10002}"
EMULATOR_PORT="${EMULATOR_PORT:-7081}"
HOST_PORT="${HOST_PORT:-7071}"
START_HOST="${START_HOST:-1}"
mkdir -p "$LOGS" "$PIDS"

say() { printf '[up] %s\n' "$*" >&2; }
fail() { printf '[up] ERROR: %s\n' "$*" >&2; exit 1; }

running() { # pid file -> 0 when its process is alive
  [[ -f "$PIDS/$1.pid" ]] && kill -0 "$(cat "$PIDS/$1.pid")" 2>/dev/null
}

wait_for() { # description, seconds, command...
  local what="$1" seconds="$2"; shift 2
  for ((i = 0; i < seconds * 4; i++)); do
    if "$@" >/dev/null 2>&1; then return 0; fi
    sleep 0.25
  done
  fail "$what did not come up within ${seconds}s; see $LOGS"
}

# ---- secrets: generated once, kept under .data (git-ignored), never in the repository ----------------------------
SECRETS="$STATE/secrets.env"
if [[ ! -f "$SECRETS" ]]; then
  umask 077
  {
    echo "ACS_ACCESS_KEY=$(head -c 32 /dev/urandom | base64 -w0)"
    echo "CALLBACK_SECRET=$(head -c 36 /dev/urandom | base64 -w0 | tr '+/' '-_')"
    echo "EVENT_GRID_KEY=$(head -c 24 /dev/urandom | base64 -w0 | tr '+/=' '-_x')"
  } >"$SECRETS"
  umask 022
fi
# shellcheck disable=SC1090
source "$SECRETS"

# ---- PostgreSQL ------------------------------------------------------------------------------------------------
PG_BIN="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n1 || true)"
[[ -x "$PG_BIN/initdb" ]] || fail "PostgreSQL server binaries not found; install them with 'apt-get install postgresql'."
PG_DATA="$STATE/pg"
as_pg() { if [[ $EUID -eq 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi; }
if [[ ! -f "$PG_DATA/PG_VERSION" ]]; then
  say "initialising PostgreSQL in $PG_DATA"
  mkdir -p "$PG_DATA"
  # initdb refuses to run as root; the Debian package's postgres account owns the cluster.
  [[ $EUID -eq 0 ]] && chown postgres:postgres "$PG_DATA" && chmod 700 "$PG_DATA"
  as_pg "$PG_BIN/initdb" -D "$PG_DATA" -U postgres --auth=trust --encoding=UTF8 --locale=C.UTF-8 >"$LOGS/initdb.log" 2>&1
fi
if as_pg "$PG_BIN/pg_ctl" -D "$PG_DATA" status >/dev/null 2>&1; then
  say "PostgreSQL already running on $PG_PORT"
else
  say "starting PostgreSQL on 127.0.0.1:$PG_PORT"
  touch "$LOGS/postgres.log" && [[ $EUID -eq 0 ]] && chown postgres:postgres "$LOGS/postgres.log"
  as_pg "$PG_BIN/pg_ctl" -D "$PG_DATA" -l "$LOGS/postgres.log" -w \
    -o "-h 127.0.0.1 -p $PG_PORT -k /tmp -c max_connections=200" start >/dev/null
fi
wait_for "PostgreSQL" 30 "$PG_BIN/pg_isready" -h 127.0.0.1 -p "$PG_PORT"
if ! "$PG_BIN/psql" -h 127.0.0.1 -p "$PG_PORT" -U postgres -tAc "SELECT 1 FROM pg_database WHERE datname = 'aischeduler'" | grep -q 1; then
  "$PG_BIN/createdb" -h 127.0.0.1 -p "$PG_PORT" -U postgres aischeduler
fi

# ---- Azurite ---------------------------------------------------------------------------------------------------
AZURITE="$ROOT/tests/Functions.Tests/node/node_modules/.bin/azurite"
if [[ ! -x "$AZURITE" ]]; then
  AZURITE="$ROOT/infra/local/node/node_modules/.bin/azurite"
  if [[ ! -x "$AZURITE" ]]; then
    say "installing Azurite from npm into infra/local/node"
    (cd "$ROOT/infra/local/node" && npm install --no-audit --no-fund >"$LOGS/npm.log" 2>&1) || fail "npm install failed; see $LOGS/npm.log"
  fi
fi
if running azurite; then
  say "Azurite already running"
else
  say "starting Azurite (blob $BLOB_PORT, queue $QUEUE_PORT)"
  mkdir -p "$STATE/azurite"
  nohup "$AZURITE" --blobHost 127.0.0.1 --blobPort "$BLOB_PORT" --queueHost 127.0.0.1 --queuePort "$QUEUE_PORT" \
    --tableHost 127.0.0.1 --tablePort "$TABLE_PORT" --location "$STATE/azurite" --skipApiVersionCheck --disableTelemetry \
    >"$LOGS/azurite.log" 2>&1 &
  echo $! >"$PIDS/azurite.pid"
fi
wait_for "Azurite" 30 bash -c "exec 3<>/dev/tcp/127.0.0.1/$BLOB_PORT && exec 3<>/dev/tcp/127.0.0.1/$QUEUE_PORT"

# ---- build once, then run the emulator and the host from the same output ---------------------------------------
ARTIFACTS="$STATE/artifacts"
HOST_DLL="$ARTIFACTS/bin/AiScheduler.Host/debug/AiScheduler.Host.dll"
EMULATOR_DLL="$ARTIFACTS/bin/AiScheduler.Emulators/debug/AiScheduler.Emulators.dll"
if ! running emulator || { [[ "$START_HOST" == 1 ]] && ! running host; }; then
  say "building the host and the emulator (log: $LOGS/build.log)"
  dotnet build "$ROOT/src/Host" --artifacts-path "$ARTIFACTS" -clp:ErrorsOnly >"$LOGS/build.log" 2>&1 \
    || fail "build failed; see $LOGS/build.log"
fi

EVENT_GRID_ENDPOINT="http://127.0.0.1:$HOST_PORT/api/eventgrid?code=$EVENT_GRID_KEY"
if running emulator; then
  say "emulator already running on $EMULATOR_PORT"
else
  say "starting the Communication Services emulator on 127.0.0.1:$EMULATOR_PORT"
  nohup dotnet "$EMULATOR_DLL" --urls "http://127.0.0.1:$EMULATOR_PORT" --access-key "$ACS_ACCESS_KEY" \
    --personas "$ROOT/src/Emulators/Personas" --event-grid-endpoint "$EVENT_GRID_ENDPOINT" \
    --recordings "$STATE/recordings" --time-scale "${EMULATOR_TIME_SCALE:-1}" >"$LOGS/emulator.log" 2>&1 &
  echo $! >"$PIDS/emulator.pid"
fi
wait_for "the emulator" 60 curl -fsS "http://127.0.0.1:$EMULATOR_PORT/emulator/counters"

# ---- the environment of the local-azure profile ----------------------------------------------------------------
ENV_FILE="$STATE/env"
cat >"$ENV_FILE" <<ENV
export AISCHEDULER_PROFILE=local-azure
export Store__ConnectionString='Host=127.0.0.1;Port=$PG_PORT;Username=postgres;Database=aischeduler'
export Storage__ConnectionString='DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;BlobEndpoint=http://127.0.0.1:$BLOB_PORT/devstoreaccount1;QueueEndpoint=http://127.0.0.1:$QUEUE_PORT/devstoreaccount1;'
export Telephony__Acs__ConnectionString='endpoint=http://127.0.0.1:$EMULATOR_PORT/;accesskey=$ACS_ACCESS_KEY'
export Telephony__CallbackBaseUri='http://127.0.0.1:$HOST_PORT/'
export Telephony__CallbackSecret='$CALLBACK_SECRET'
export EventGrid__Key='$EVENT_GRID_KEY'
ENV
chmod 600 "$ENV_FILE"

# ---- the host ----------------------------------------------------------------------------------------------------
if [[ "$START_HOST" == 1 ]]; then
  if running host; then
    say "host already running on $HOST_PORT"
  else
    say "starting the AiScheduler host on 127.0.0.1:$HOST_PORT (profile local-azure)"
    (
      # shellcheck disable=SC1090
      source "$ENV_FILE"
      cd "$ROOT"
      nohup dotnet "$HOST_DLL" --urls "http://127.0.0.1:$HOST_PORT" >"$LOGS/host.log" 2>&1 &
      echo $! >"$PIDS/host.pid"
    )
  fi
  wait_for "the host" 90 curl -fsS "http://127.0.0.1:$HOST_PORT/healthz"
fi

cat <<DONE

local-azure stack is up:
  PostgreSQL  127.0.0.1:$PG_PORT (database aischeduler, user postgres)
  Azurite     blob 127.0.0.1:$BLOB_PORT, queue 127.0.0.1:$QUEUE_PORT
  Emulator    http://127.0.0.1:$EMULATOR_PORT/emulator/  (simulate an inbound call: POST /emulator/incoming-calls {"from":"+12125550143","to":"+14255550100"})
  Host        http://127.0.0.1:$HOST_PORT/healthz   (Event Grid endpoint: /api/eventgrid?code=<EventGrid__Key>)
Logs and pids: $STATE

Point the demo (or any other command) at it:
  source $ENV_FILE
  dotnet run --project src/Host -- demo
Stop everything: infra/local/down.sh
DONE
