#!/usr/bin/env bash
# Cocreate's quality gate, run by `make test`: lint, format, migrations, then the tests on SQLite and PostgreSQL,
# then the browser tests once on SQLite. What cannot run here is said clearly; under CI=true it is a failure.
set -uo pipefail
cd "$(dirname "$0")/.."
BIN=${VENV:-.venv}/bin
PG_URL=${COCREATE_TEST_POSTGRES_URL:-postgres://postgres@127.0.0.1:5432/test}
CHROMIUM=${CHROMIUM:-/usr/bin/chromium}
SHARED_DATA=../shared/data
export COCREATE_TESTING=1
status=0
ran=()
skipped=()

missing() {  # what, why
  if [ "${CI:-}" = "true" ]; then
    echo "FAIL: $1 cannot run: $2 (CI=true requires it)." >&2
    status=1
  else
    echo "SKIP: $1: $2." >&2
  fi
  skipped+=("$1 ($2)")
}

step() {  # name, command...
  local name=$1; shift
  echo "== $name"
  if ! "$@"; then
    echo "FAIL: $name" >&2
    status=1
  fi
}

step "ruff check" "$BIN/ruff" check .
step "ruff format --check" "$BIN/ruff" format --check .
step "migrations are committed" "$BIN/python" manage.py makemigrations --check --dry-run -v1

echo "== dependency audit"
if ! "$BIN/python" scripts/audit_dependencies.py; then echo "FAIL: dependency audit" >&2; status=1; fi

[ -d "$SHARED_DATA" ] || missing "reference-data tests" "$SHARED_DATA is absent, so tests that read it skip"

echo "== tests on SQLite"
if DATABASE_URL= "$BIN/python" -m pytest -q -n 2 --timeout=600 cocreate; then ran+=("SQLite"); else status=1; ran+=("SQLite (failed)"); fi

if "$BIN/python" -c "import psycopg, sys; psycopg.connect(sys.argv[1], connect_timeout=3).close()" "$PG_URL" 2>/dev/null; then
  echo "== tests on PostgreSQL ($PG_URL)"
  if DATABASE_URL="$PG_URL" "$BIN/python" -m pytest -q -n 2 --timeout=600 cocreate; then ran+=("PostgreSQL"); else status=1; ran+=("PostgreSQL (failed)"); fi
else
  missing "tests on PostgreSQL" "no server answers at $PG_URL"
fi

if [ -x "$CHROMIUM" ]; then
  echo "== browser tests (Chromium, SQLite)"
  if DATABASE_URL= CHROMIUM="$CHROMIUM" "$BIN/python" -m pytest -q --timeout=240 e2e; then ran+=("browser"); else status=1; ran+=("browser (failed)"); fi
else
  missing "browser tests" "Chromium is not installed at $CHROMIUM (apt-get install chromium)"
fi

echo
echo "Backends that ran: ${ran[*]:-none}"
[ ${#skipped[@]} -eq 0 ] || printf 'Skipped: %s\n' "${skipped[@]}"
exit $status
