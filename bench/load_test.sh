#!/usr/bin/env bash
# The month-end load test: gunicorn (production settings) + PostgreSQL + locust on this machine. One command:
#
#   make loadtest            (or bench/load_test.sh)
#
# Environment (all optional):
#   LOAD_DB=wushan_load      scratch database (dropped and re-created from a seed copy each run; never a test one)
#   LOAD_USERS=190           simulated users: 180 filers (60 units × 3) + 4 auditors + 5 leaders + 1 office
#   LOAD_SPAWN=1             users started per second (each signs in once: PBKDF2, ~0.3 s of CPU each)
#   LOAD_TIME=390s           whole run (3 min 10 s of ramp, then ~3 min measured: --reset-stats)
#   LOAD_WAIT_MIN/MAX=3/9    think time between a user's actions, seconds
#   GUNICORN_WORKERS=4 GUNICORN_THREADS=1   see README "Month-end load test" for the choice
#   LOAD_FRESH=1             rebuild the seed database (plan, demo data, accounts) even if one exists
# Prints a summary table and writes bench/results/ (locust CSVs, summary.md, filed.jsonl, check.json, gunicorn.log).
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
PY="$ROOT/.venv/bin/python"
LOCUST_VENV="$ROOT/var/locust-venv"
RESULTS="$ROOT/bench/results"
PGURL="postgres://postgres@127.0.0.1:5432"
LOAD_DB="${LOAD_DB:-wushan_load}"
case "$LOAD_DB" in test*|wushan|wushan_bench) echo "refusing to use $LOAD_DB" >&2; exit 2;; esac
PORT="${LOAD_PORT:-8765}"
USERS="${LOAD_USERS:-190}"
SPAWN="${LOAD_SPAWN:-1}"
RUN_TIME="${LOAD_TIME:-390s}"
export GUNICORN_WORKERS="${GUNICORN_WORKERS:-4}"
export GUNICORN_THREADS="${GUNICORN_THREADS:-1}"
psql_() { psql -h 127.0.0.1 -U postgres -v ON_ERROR_STOP=1 -qAt "$@"; }
# CPU seconds (user + system) used so far by a process and its children, live and reaped, from /proc
cpu_of_tree() {
  local ticks=0 p f
  for p in "$1" $(pgrep -P "$1"); do
    read -r -a f < <(sed 's/^.*) //' "/proc/$p/stat" 2>/dev/null) || continue
    ticks=$((ticks + f[11] + f[12] + f[13] + f[14]))
  done
  echo "$ticks $(getconf CLK_TCK)" | awk '{printf "%.2f", $1 / $2}'
}

mkdir -p "$RESULTS" var/load
# 1. locust in its own virtualenv (gevent, flask, zmq stay out of the app's environment)
if ! "$LOCUST_VENV/bin/locust" --version >/dev/null 2>&1; then
  echo "== installing locust into var/locust-venv"
  python3 -m venv "$LOCUST_VENV"
  "$LOCUST_VENV/bin/pip" install -q --disable-pip-version-check -r requirements-bench.txt
fi
scripts/ensure-postgres >/dev/null 2>&1 || true

# 2. the seed database: migrations, the 60-unit plan, demo data, accounts, projects (rebuilt when its inputs change)
TAG="$(cat $(git ls-files '*/migrations/*.py') bench/load_setup.py demo/*.py targets/data/targets_2023.csv | sha1sum | cut -c1-8)"
SEED="${LOAD_DB}_seed_${TAG}"
if [ "${LOAD_FRESH:-0}" = 1 ] || [ -z "$(psql_ -d postgres -c "select 1 from pg_database where datname='$SEED'")" ]; then
  echo "== building the seed database $SEED (about a minute and a half)"
  for old in $(psql_ -d postgres -c "select datname from pg_database where datname like '${LOAD_DB}\_seed\_%'"); do
    psql_ -d postgres -c "drop database \"$old\""
  done
  psql_ -d postgres -c "create database \"$SEED\""
  DEBUG=1 DATABASE_URL="$PGURL/$SEED" MEDIA_ROOT="$ROOT/var/load/media" "$PY" manage.py migrate -v0
  DEBUG=1 DATABASE_URL="$PGURL/$SEED" MEDIA_ROOT="$ROOT/var/load/media" "$PY" bench/load_setup.py \
    | grep -E '^\[setup' || true
  cp "$RESULTS/load_accounts.json" "var/load/accounts_$TAG.json"
fi
cp "var/load/accounts_$TAG.json" "$RESULTS/load_accounts.json"
psql_ -d postgres -c "drop database if exists \"$LOAD_DB\" with (force)"
psql_ -d postgres -c "create database \"$LOAD_DB\" template \"$SEED\""
psql_ -d "$LOAD_DB" -c "analyze"

# 3. production-like settings, collectstatic, gunicorn with deploy/gunicorn.conf.py
export DEBUG=0 SECRET_KEY="load-test-only-$(head -c 48 /dev/urandom | base64 | tr -d '\n/+=')" ALLOWED_HOSTS=127.0.0.1,localhost
export SECURE_SSL_REDIRECT=0 SECURE_COOKIES=0 STATIC_MANIFEST=1
export STATIC_ROOT="$ROOT/var/load/static" MEDIA_ROOT="$ROOT/var/load/media"
export DATABASE_URL="$PGURL/$LOAD_DB" GUNICORN_BIND="127.0.0.1:$PORT" LOG_LEVEL=WARNING
"$PY" manage.py collectstatic --noinput -v0
"$PY" manage.py check --deploy --fail-level ERROR >/dev/null 2>&1 || { "$PY" manage.py check --deploy; exit 1; }
"$PY" -m gunicorn -c deploy/gunicorn.conf.py --threads "$GUNICORN_THREADS" --access-logfile "$RESULTS/access.log" \
  --error-logfile "$RESULTS/gunicorn.log" wushan_invest.wsgi:application &
GUNICORN_PID=$!
trap 'kill "$GUNICORN_PID" 2>/dev/null || true; wait "$GUNICORN_PID" 2>/dev/null || true' EXIT
for _ in $(seq 60); do curl -fs -o /dev/null "http://127.0.0.1:$PORT/accounts/login/" && break; sleep 0.5; done

# 4. locust, headless
rm -f "$RESULTS/filed.jsonl" "$RESULTS"/locust_*.csv "$RESULTS/access.log" "$RESULTS/gunicorn.log"
UPTIME_BEFORE="$(uptime)"
# How fast this machine's cores are today (they differ from machine to machine and hour to hour: compare runs by it),
# and what one sign-in's password hash costs (each user signs in once, in the ramp, and that CPU counts too).
SPEED="$("$PY" -c 'import time
t = time.process_time()
s = 0
for i in range(10_000_000): s += i
print(round(time.process_time() - t, 2))')"
HASH_CPU="$("$PY" -c 'import time
from django.contrib.auth.hashers import PBKDF2PasswordHasher as H
from django.utils.crypto import pbkdf2
t = time.process_time(); pbkdf2("password", "salt", H.iterations); print(round(time.process_time() - t, 3))')"
CPU_SERVER_BEFORE="$(cpu_of_tree "$GUNICORN_PID")"
echo "== locust: $USERS users, $SPAWN/s, $RUN_TIME; gunicorn $GUNICORN_WORKERS workers × $GUNICORN_THREADS threads"
echo "   before: $UPTIME_BEFORE"
LOAD_FILED="$RESULTS/filed.jsonl" LOAD_LOGINS="$RESULTS/logins.json" LOAD_ACCOUNTS="$RESULTS/load_accounts.json" \
  "$LOCUST_VENV/bin/locust" -f bench/locustfile.py --headless -u "$USERS" -r "$SPAWN" -t "$RUN_TIME" \
  --host "http://127.0.0.1:$PORT" --reset-stats --stop-timeout 30 --csv "$RESULTS/locust" --only-summary \
  --loglevel WARNING >"$RESULTS/locust.log" 2>&1 &
LOCUST_PID=$!
CPU_LOCUST=0
while kill -0 "$LOCUST_PID" 2>/dev/null; do CPU_LOCUST="$(cpu_of_tree "$LOCUST_PID")"; sleep 2; done
wait "$LOCUST_PID" || true
UPTIME_AFTER="$(uptime)"
CPU_SERVER="$(awk -v a="$(cpu_of_tree "$GUNICORN_PID")" -v b="$CPU_SERVER_BEFORE" 'BEGIN {printf "%.2f", a - b}')"
kill "$GUNICORN_PID"; wait "$GUNICORN_PID" 2>/dev/null || true
trap - EXIT

# 5. nothing lost: the records the users were sent to equal the records in the database
CHECK_STATUS=0
"$PY" bench/load_check.py "$RESULTS/filed.jsonl" >"$RESULTS/check.json" || CHECK_STATUS=$?

# 6. the summary table
"$PY" bench/load_report.py --results "$RESULTS" --uptime-before "$UPTIME_BEFORE" --uptime-after "$UPTIME_AFTER" \
  --workers "$GUNICORN_WORKERS" --threads "$GUNICORN_THREADS" --users "$USERS" --check-status "$CHECK_STATUS" \
  --cpu-server "$CPU_SERVER" --cpu-locust "$CPU_LOCUST" --speed "$SPEED" --hash-cpu "$HASH_CPU"
