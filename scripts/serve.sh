#!/usr/bin/env bash
# `make serve`: Jembatan in production mode on this machine. Prepares the
# database and static files, then runs gunicorn (config/gunicorn.py), a Celery
# worker and Celery beat side by side. Ctrl-C (or SIGTERM) stops all three; if
# one of them dies, the others are stopped too and the exit status says so.
#
# Settings come from the environment, as under systemd. ENV_FILE (default .env)
# is read first when it exists. JEMBATAN_ENV defaults to production here, and the
# settings refuse to start without SECRET_KEY, ALLOWED_HOSTS, DATABASE_URL and
# REDIS_URL, or with DEBUG on.
set -euo pipefail

cd "$(dirname "$0")/.."
ENV_FILE=${ENV_FILE:-.env}
if [[ -f $ENV_FILE ]]; then
	set -a
	# shellcheck disable=SC1090
	. "$ENV_FILE"
	set +a
fi
export JEMBATAN_ENV=${JEMBATAN_ENV:-production}
if [[ $JEMBATAN_ENV != production ]]; then
	echo "make serve runs production mode; JEMBATAN_ENV=$JEMBATAN_ENV (use make run for the demo)." >&2
	exit 2
fi
BIN=${BIN:-.venv/bin}
VAR_DIR=${JEMBATAN_VAR_DIR:-var}
mkdir -p "$VAR_DIR"

"$BIN/python" manage.py check --deploy
"$BIN/python" manage.py migrate --no-input
"$BIN/python" manage.py collectstatic --no-input -v 0
if command -v msgfmt >/dev/null; then
	"$BIN/python" manage.py compilemessages --ignore='.*' -v 0
else
	echo "WARNING: GNU gettext (msgfmt) missing; pages are shown untranslated." >&2
fi

# Each process in its own process group: Ctrl-C reaches this script only, and
# the trap stops the three in order with SIGTERM (gunicorn and Celery finish their
# requests and tasks) instead of the terminal's SIGINT to all at once, on which a
# gunicorn gthread worker can hang until it is killed.
set -m
pids=()
stop_all() {
	trap - INT TERM
	for pid in "${pids[@]}"; do
		kill -TERM "$pid" 2>/dev/null || true
	done
	wait "${pids[@]}" 2>/dev/null || true
}
trap 'stop_all; exit 130' INT
trap 'stop_all; exit 143' TERM

"$BIN/gunicorn" -c config/gunicorn.py &
pids+=($!)
"$BIN/celery" -A config worker --loglevel "${LOG_LEVEL:-INFO}" --concurrency "${CELERY_WORKER_CONCURRENCY:-2}" \
	--hostname "serve@%h" &
pids+=($!)
"$BIN/celery" -A config beat --loglevel "${LOG_LEVEL:-INFO}" --schedule "$VAR_DIR/celerybeat-schedule" &
pids+=($!)

status=0
wait -n "${pids[@]}" || status=$?
echo "make serve: a process stopped (status $status); stopping the others." >&2
stop_all
exit "$((status == 0 ? 1 : status))"
