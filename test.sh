#!/usr/bin/env bash
# Installs what the tests need when it is missing, then builds and runs every test.
# Usage: ./test.sh [extra dotnet test arguments, e.g. --filter "FullyQualifiedName~Leads"]
set -euo pipefail
cd "$(dirname "$0")"

log() { printf '\n== %s\n' "$*"; }

apt_updated=0
apt_install() {
  if [ "$(id -u)" -ne 0 ]; then
    echo "missing Debian packages ($*); run as root or install them: apt-get install $*" >&2
    exit 1
  fi
  if [ $apt_updated -eq 0 ]; then
    DEBIAN_FRONTEND=noninteractive apt-get update -qq
    apt_updated=1
  fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}

# PostgreSQL server binaries: the tests start throwaway servers from them unless AISCHEDULER_POSTGRES is set.
if [ -z "${AISCHEDULER_POSTGRES:-}" ] && ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
  log "installing PostgreSQL server binaries"
  apt_install postgresql
fi

# Time-zone data: language/zone inference and calling windows read IANA zones from the system.
if [ ! -d /usr/share/zoneinfo/America ]; then
  log "installing time-zone data"
  apt_install tzdata
fi

# Node.js runs Azurite and the official Azure JavaScript SDKs used by the compatibility tests.
if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  log "installing Node.js"
  apt_install nodejs npm
fi

# Node packages used by the compatibility tests (official Azure JS SDKs, Azurite) and by the front end (src/Web, built
# into the self-host by its BuildWeb target).
for dir in tests/*/node src/Web; do
  [ -f "$dir/package.json" ] || continue
  if [ ! -d "$dir/node_modules" ] || [ "$dir/package.json" -nt "$dir/node_modules" ]; then
    log "installing npm packages in $dir"
    if [ -f "$dir/package-lock.json" ]; then npm_cmd=ci; else npm_cmd=install; fi
    (cd "$dir" && npm "$npm_cmd" --no-audit --no-fund --loglevel=error && touch node_modules)
  fi
done

# Debian's Chromium: the meeting room's browser test drives it with Playwright (no Playwright browser download).
if [ ! -x /usr/bin/chromium ]; then
  log "installing Chromium"
  apt_install chromium
fi

# espeak-ng speaks the sentence the meeting room's voice test plays through Chromium's fake microphone.
if ! command -v espeak-ng >/dev/null 2>&1; then
  log "installing espeak-ng"
  apt_install espeak-ng
fi

log "building (Release, warnings as errors)"
dotnet build AiScheduler.sln -c Release -nologo -clp:ErrorsOnly

results=$(mktemp -d)
log "running tests"
set +e
dotnet test AiScheduler.sln -c Release --no-build -nologo \
  --logger "trx" --results-directory "$results" --logger "console;verbosity=minimal" "$@"
status=$?
set -e

# One plain closing line for every runner that reads it: 'N passed, N failed, N skipped'.
python3 - "$results" <<'PY'
import glob, sys, xml.etree.ElementTree as ET
passed = failed = skipped = 0
for path in glob.glob(sys.argv[1] + "/*.trx"):
    counters = ET.parse(path).getroot().find(".//{*}Counters")
    if counters is None:
        continue
    passed += int(counters.get("passed", 0))
    failed += int(counters.get("failed", 0)) + int(counters.get("error", 0)) + int(counters.get("timeout", 0))
    skipped += int(counters.get("notExecuted", 0))
print(f"tests: {passed} passed, {failed} failed, {skipped} skipped")
PY
rm -rf "$results"
exit $status
