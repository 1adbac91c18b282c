#!/usr/bin/env bash
# The production profile on a clean clone: migrate and collect static files, start
# `make serve` (gunicorn, production settings) and `make worker` against PostgreSQL and
# Redis, wait for /healthz to answer 200 (at most HEALTHZ_WAIT seconds), print its answer,
# stop both. CI runs it (.ci/run); any developer can: SERVE_DB, SERVE_PORT and REDIS_URL
# choose what it uses.
set -euo pipefail
cd "$(dirname "$0")/.."

SERVE_DB="${SERVE_DB:-longbien_ci_serve}"
SERVE_PORT="${SERVE_PORT:-8100}"
HEALTHZ_WAIT="${HEALTHZ_WAIT:-30}"
export REDIS_URL="${REDIS_URL:-redis://127.0.0.1:6379/9}"
export DATABASE_URL="postgres://postgres@127.0.0.1:5432/${SERVE_DB}"
export SECRET_KEY="${SECRET_KEY:-$(.venv/bin/python -c 'import secrets; print(secrets.token_urlsafe(50))')}"
export ALLOWED_HOSTS="127.0.0.1,localhost"
export GUNICORN_BIND="127.0.0.1:${SERVE_PORT}"
export WEB_CONCURRENCY="${WEB_CONCURRENCY:-2}"
export EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"
logs="$(mktemp -d)"

psql -h 127.0.0.1 -U postgres -tAc "SELECT 1 FROM pg_database WHERE datname='${SERVE_DB}'" | grep -q 1 \
  || createdb -h 127.0.0.1 -U postgres "${SERVE_DB}"
make migrate >"$logs/migrate.log" 2>&1 || { cat "$logs/migrate.log"; exit 1; }
make collectstatic >"$logs/collectstatic.log" 2>&1 || { cat "$logs/collectstatic.log"; exit 1; }

pids=()
stop() {
  for pid in "${pids[@]}"; do kill -TERM -- "-$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do
    for _ in $(seq 50); do kill -0 -- "-$pid" 2>/dev/null || break; sleep 0.2; done
    kill -KILL -- "-$pid" 2>/dev/null || true
  done
}
trap stop EXIT
# Each in its own process group, so that stopping it stops make and its children.
setsid make serve >"$logs/web.log" 2>&1 &
pids+=("$!")
setsid make worker >"$logs/worker.log" 2>&1 &
pids+=("$!")

url="http://127.0.0.1:${SERVE_PORT}/healthz"
deadline=$((SECONDS + HEALTHZ_WAIT))
status=000
while [ "$SECONDS" -lt "$deadline" ]; do
  status="$(curl -s -o "$logs/healthz.json" -w '%{http_code}' --max-time 5 "$url" || true)"
  [ "$status" = 200 ] && break
  sleep 1
done
echo "GET /healthz -> $status after $((SECONDS - deadline + HEALTHZ_WAIT)) s: $(cat "$logs/healthz.json" 2>/dev/null)"
if [ "$status" != 200 ]; then
  echo "--- web"; tail -n 30 "$logs/web.log"; echo "--- worker"; tail -n 30 "$logs/worker.log"
  exit 1
fi
grep -q '"request_id"' "$logs/web.log" || { echo "no JSON access line with a request id"; exit 1; }
echo "serve smoke passed"
