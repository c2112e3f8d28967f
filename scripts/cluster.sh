#!/usr/bin/env bash
# The production set, scaled out on one machine over loopback, on its own ports
# so that stopping or killing any part never touches the shared development
# services (PostgreSQL 5432, Redis 6379):
#
#   primary   PostgreSQL 15, initdb folder var/cluster/pg/primary, port 5440, db/role jembatan
#   replica   streaming replica of the primary (pg_basebackup -R, slot jembatan_replica), port 5441
#   redis     redis-server on 6390 (Celery's broker, the shared cache)
#   app1 app2 gunicorn on 127.0.0.1:8001 and :8002
#   nginx     balancer on 127.0.0.1:8080 in front of app1 and app2
#   worker1 worker2 beat   Celery
#
#   scripts/cluster.sh start [NAME...]    start the set (or only the parts named), in order;
#                                         the first start migrates and collects static files
#   scripts/cluster.sh stop [NAME...]     stop the set (or the parts named), in reverse order
#   scripts/cluster.sh status             one line per part: up/down, pid, port
#   scripts/cluster.sh env                `export` lines of the set's environment, to source
#   scripts/cluster.sh kill NAME          SIGKILL one part's whole process group (a crash)
#   scripts/cluster.sh restart-primary    stop the primary (fast shutdown) and start it again
#   scripts/cluster.sh wait-ready [SECS]  wait until /readyz through the balancer says 200 (default 60 s)
#   scripts/cluster.sh psql [ARGS...]     psql on the primary as role jembatan
#
# Layout: pid files var/cluster/run/<name>.pid, logs var/cluster/log/<name>.log,
# environment var/cluster/env (generated once, with a random SECRET_KEY).
# PostgreSQL refuses to run as root: as root its parts run as the user postgres.
#
# Environment: CLUSTER_DIR (var/cluster), APP_WORKERS (6 gunicorn processes per
# app server), APP_THREADS (1), PG_SHARED_BUFFERS (2GB), PG_EFFECTIVE_CACHE_SIZE (12GB), REPLICA_MAX_LAG_SECONDS (10).
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
DIR=${CLUSTER_DIR:-$ROOT/var/cluster}
RUN=$DIR/run
LOG=$DIR/log
ENV_FILE=$DIR/env
SOCK=$DIR/pg/socket
PGBIN=${PGBIN:-/usr/lib/postgresql/15/bin}
VENV=$ROOT/.venv/bin
PRIMARY_PORT=5440
REPLICA_PORT=5441
REDIS_PORT=6390
APP_PORTS=(8001 8002)
BALANCER_PORT=8080
REPLICATION_PASSWORD=replicator
SLOT=jembatan_replica
ALL=(primary replica redis app1 app2 nginx worker1 worker2 beat)

say() { printf 'cluster: %s\n' "$*"; }
die() { printf 'cluster: ERROR: %s\n' "$*" >&2; exit 1; }

is_root() { [ "$(id -u)" -eq 0 ]; }
# PostgreSQL will not run as root; everything touching its folders runs as postgres then.
PG_USER=$(is_root && echo postgres || id -un)
as_pg() {
    if is_root; then runuser -u postgres -- "$@"; else "$@"; fi
}

pid_of() { [ -s "$RUN/$1.pid" ] && head -n1 "$RUN/$1.pid" || true; }
alive() {
    local pid
    pid=$(pid_of "$1")
    [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null
}

# wait_for SECONDS DESCRIPTION COMMAND... retries COMMAND every 0.2 s.
wait_for() {
    local seconds=$1 what=$2 tries
    shift 2
    tries=$((seconds * 5))
    while ! "$@" >/dev/null 2>&1; do
        tries=$((tries - 1))
        [ "$tries" -gt 0 ] || return 1
        sleep 0.2
    done
}

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# --- environment ----------------------------------------------------------------

encryption_keys() {
    local new_key='from lib.crypto import new_key; print(new_key())'
    echo "FIELD_ENCRYPTION_KEYS=$(cd "$ROOT" && "$VENV/python" -c "$new_key")"
    echo "BLIND_INDEX_KEY=$(cd "$ROOT" && "$VENV/python" -c "$new_key")"
}

write_env() {
    if [ -s "$ENV_FILE" ]; then
        # An env file written before fields were encrypted: give it its keys, once.
        grep -q '^FIELD_ENCRYPTION_KEYS=' "$ENV_FILE" || encryption_keys >>"$ENV_FILE"
        return 0
    fi
    mkdir -p "$DIR"
    local secret webhook
    secret=$("$VENV/python" -c 'import secrets; print(secrets.token_urlsafe(50))')
    webhook=$("$VENV/python" -c 'import secrets; print(secrets.token_urlsafe(50))')
    umask 077
    cat >"$ENV_FILE" <<EOF
# The environment every process of the cluster runs with (scripts/cluster.sh).
# Generated once; delete this file to generate a new secret key.
JEMBATAN_ENV=production
SECRET_KEY=$secret
WEBHOOK_SECRET_KEY=$webhook
ALLOWED_HOSTS=127.0.0.1,localhost
DATABASE_URL=postgres://jembatan:jembatan@127.0.0.1:$PRIMARY_PORT/jembatan
DATABASE_REPLICA_URL=postgres://jembatan:jembatan@127.0.0.1:$REPLICA_PORT/jembatan
REPLICA_MAX_LAG_SECONDS=${REPLICA_MAX_LAG_SECONDS:-10}
REDIS_URL=redis://127.0.0.1:$REDIS_PORT/0
# A killed worker's task goes to the other worker after a minute (the longest
# task here, a few thousand rows' import, takes seconds).
CELERY_TASK_REDELIVER_AFTER_SECONDS=60
JEMBATAN_VAR_DIR=$DIR/var
MEDIA_ROOT=$DIR/media
DATABASE_CONN_MAX_AGE=600
SITE_URL=http://127.0.0.1:$BALANCER_PORT
# E-mail is kept as files (one per sending), where bench-faults counts it.
EMAIL_BACKEND=django.core.mail.backends.filebased.EmailBackend
EMAIL_FILE_PATH=$DIR/mail
# Loopback only: the balancer speaks plain HTTP, so no redirect to https.
SECURE_SSL_REDIRECT=false
SECURE_HSTS_SECONDS=0
EOF
    encryption_keys >>"$ENV_FILE"
    umask 022
}

load_env() {
    write_env
    set -a
    # shellcheck disable=SC1090
    . "$ENV_FILE"
    set +a
}

print_env() {
    write_env
    grep -E '^[A-Z_]+=' "$ENV_FILE" | sed -e 's/^/export /'
}

# --- PostgreSQL -------------------------------------------------------------------

pg_ctl_() { as_pg "$PGBIN/pg_ctl" "$@"; }
psql_primary() { as_pg "$PGBIN/psql" -X -q -h "$SOCK" -p "$PRIMARY_PORT" -d postgres -v ON_ERROR_STOP=1 "$@"; }

prepare_pg_dirs() {
    mkdir -p "$DIR/pg" "$RUN" "$LOG"
    mkdir -p "$SOCK"
    touch "$LOG/primary.log" "$LOG/replica.log"
    if is_root; then
        chown postgres: "$DIR/pg" "$SOCK" "$LOG/primary.log" "$LOG/replica.log"
    fi
    chmod 700 "$SOCK"
}

init_primary() {
    local data=$DIR/pg/primary
    [ -s "$data/PG_VERSION" ] && return 0
    say "initdb $data"
    as_pg "$PGBIN/initdb" -D "$data" -E UTF8 --locale=C.UTF-8 --auth-local=trust --auth-host=scram-sha-256 >/dev/null
    cat >>"$data/postgresql.conf" <<EOF

# --- Jembatan cluster (scripts/cluster.sh) ---
listen_addresses = '127.0.0.1'
port = $PRIMARY_PORT
unix_socket_directories = '$SOCK'
max_connections = 200
shared_buffers = ${PG_SHARED_BUFFERS:-2GB}
# Measured at 1,000,000 participants (make bench-web): JIT compiled the admin
# baseline's counts for longer than they ran, and pages read from RAM or SSD.
jit = off
random_page_cost = 1.1
effective_cache_size = ${PG_EFFECTIVE_CACHE_SIZE:-12GB}
work_mem = 16MB
# Streaming replication to the replica on $REPLICA_PORT.
wal_level = replica
max_wal_senders = 5
max_replication_slots = 5
# The replica's slot keeps the WAL it has not received, but never more than this:
# a replica stopped during a long seed must not fill the disk (it is rebuilt instead).
max_slot_wal_keep_size = 4GB
hot_standby = on
hot_standby_feedback = on
# Reports on the replica are not cancelled by a vacuum on the primary for this long.
max_standby_streaming_delay = 30s
logging_collector = off
log_min_duration_statement = 1000
EOF
    cat >>"$data/pg_hba.conf" <<EOF
# Jembatan cluster: the replica streams as role replicator.
host    replication     replicator      127.0.0.1/32            scram-sha-256
EOF
    start_primary_server
    psql_primary <<EOF
CREATE ROLE jembatan LOGIN PASSWORD 'jembatan' CREATEDB;
CREATE DATABASE jembatan OWNER jembatan;
CREATE ROLE replicator LOGIN REPLICATION PASSWORD '$REPLICATION_PASSWORD';
EOF
    # pg_trgm for the name search (the migration creates it; only a superuser may).
    as_pg "$PGBIN/psql" -X -q -h "$SOCK" -p "$PRIMARY_PORT" -d jembatan -c 'CREATE EXTENSION IF NOT EXISTS pg_trgm' >/dev/null
}

start_primary_server() {
    pg_ctl_ -D "$DIR/pg/primary" -l "$LOG/primary.log" -w -t 60 start >/dev/null
    head -n1 "$DIR/pg/primary/postmaster.pid" >"$RUN/primary.pid"
}

start_primary() {
    prepare_pg_dirs
    if alive primary; then return 0; fi
    if [ -s "$DIR/pg/primary/PG_VERSION" ]; then
        start_primary_server
    else
        init_primary
    fi
    say "primary up on 127.0.0.1:$PRIMARY_PORT (pid $(pid_of primary))"
}

stop_pg() { # stop_pg NAME DATADIR
    if [ -s "$2/postmaster.pid" ] && pg_ctl_ -D "$2" status >/dev/null 2>&1; then
        pg_ctl_ -D "$2" -m fast -w -t 60 stop >/dev/null
    fi
    rm -f "$RUN/$1.pid"
}

stop_primary() { stop_pg primary "$DIR/pg/primary"; }

restart_primary() {
    stop_primary
    start_primary
}

replica_streaming() {
    [ "$(as_pg "$PGBIN/psql" -X -qAt -h "$SOCK" -p "$REPLICA_PORT" -d postgres \
        -c "SELECT status FROM pg_stat_wal_receiver" 2>/dev/null)" = streaming ]
}

build_replica() {
    local data=$DIR/pg/replica
    say "pg_basebackup from the primary into $data"
    as_pg rm -rf "$data"
    psql_primary -c "SELECT pg_drop_replication_slot('$SLOT') FROM pg_replication_slots WHERE slot_name = '$SLOT'" >/dev/null
    as_pg env PGPASSWORD="$REPLICATION_PASSWORD" "$PGBIN/pg_basebackup" -h 127.0.0.1 -p "$PRIMARY_PORT" \
        -U replicator -D "$data" -R -X stream -C -S "$SLOT" --checkpoint=fast
    # The copied postgresql.conf is the primary's; the last setting wins.
    cat >>"$data/postgresql.auto.conf" <<EOF
port = $REPLICA_PORT
EOF
}

start_replica() {
    prepare_pg_dirs
    alive primary || start_primary
    if alive replica; then return 0; fi
    [ -s "$DIR/pg/replica/PG_VERSION" ] || build_replica
    pg_ctl_ -D "$DIR/pg/replica" -l "$LOG/replica.log" -w -t 120 start >/dev/null
    head -n1 "$DIR/pg/replica/postmaster.pid" >"$RUN/replica.pid"
    if ! wait_for 30 "replica streaming" replica_streaming; then
        # Its slot was dropped or outgrew max_slot_wal_keep_size: copy the primary again.
        say "replica is not streaming; rebuilding it"
        stop_pg replica "$DIR/pg/replica"
        build_replica
        pg_ctl_ -D "$DIR/pg/replica" -l "$LOG/replica.log" -w -t 120 start >/dev/null
        head -n1 "$DIR/pg/replica/postmaster.pid" >"$RUN/replica.pid"
        wait_for 60 "replica streaming" replica_streaming || die "the replica does not stream; see $LOG/replica.log"
    fi
    say "replica up on 127.0.0.1:$REPLICA_PORT, streaming (pid $(pid_of replica))"
}

stop_replica() { stop_pg replica "$DIR/pg/replica"; }

# --- Redis ------------------------------------------------------------------------

start_redis() {
    mkdir -p "$DIR/redis" "$RUN" "$LOG"
    alive redis && return 0
    # No snapshots: the broker's queues live in memory; the set is rebuilt by start.
    redis-server --bind 127.0.0.1 --port "$REDIS_PORT" --dir "$DIR/redis" --save '' --appendonly no \
        --daemonize yes --pidfile "$RUN/redis.pid" --logfile "$LOG/redis.log"
    wait_for 10 redis port_open "$REDIS_PORT" || die "redis did not start; see $LOG/redis.log"
    wait_for 5 "redis pid" test -s "$RUN/redis.pid"
    say "redis up on 127.0.0.1:$REDIS_PORT (pid $(pid_of redis))"
}

stop_redis() { stop_pidfile redis; }

# --- the application --------------------------------------------------------------

# Each part runs in its own session (setsid), so `kill NAME` takes the whole
# process group at once: a gunicorn master with its workers, a Celery worker
# with its pool, as when the machine under them dies.
spawn() { # spawn NAME COMMAND...
    local name=$1
    shift
    mkdir -p "$RUN" "$LOG"
    (
        cd "$ROOT"
        load_env
        exec setsid "$@" </dev/null >>"$LOG/$name.log" 2>&1
    ) &
    echo $! >"$RUN/$name.pid"
}

migrate_once() {
    load_env
    mkdir -p "$MEDIA_ROOT" "$JEMBATAN_VAR_DIR"
    (cd "$ROOT" && "$VENV/python" manage.py migrate --no-input -v 0)
    if [ ! -s "$ROOT/staticfiles/staticfiles.json" ]; then
        (cd "$ROOT" && "$VENV/python" manage.py collectstatic --no-input -v 0)
    fi
}

start_app() { # start_app NAME PORT
    local name=$1 port=$2
    alive "$name" && return 0
    # config/gunicorn.py reads its settings from the environment.
    spawn "$name" env GUNICORN_BIND="127.0.0.1:$port" WEB_CONCURRENCY="${APP_WORKERS:-6}" \
        GUNICORN_THREADS="${APP_THREADS:-1}" \
        "$VENV/gunicorn" -c "$ROOT/config/gunicorn.py" config.wsgi:application
    wait_for 60 "$name" port_open "$port" || die "$name did not start; see $LOG/$name.log"
    say "$name up on 127.0.0.1:$port (pid $(pid_of "$name"))"
}

start_worker() { # start_worker NAME
    local name=$1
    alive "$name" && return 0
    # One process each: two workers on two cores; a killed worker's task goes to the other.
    spawn "$name" "$VENV/celery" -A config worker -n "$name@%h" --concurrency 1 --loglevel INFO
    wait_for 60 "$name" grep -q 'ready\.' "$LOG/$name.log" || die "$name did not start; see $LOG/$name.log"
    say "$name up (pid $(pid_of "$name"))"
}

start_beat() {
    alive beat && return 0
    spawn beat "$VENV/celery" -A config beat --loglevel INFO --schedule "$RUN/celerybeat-schedule"
    say "beat up (pid $(pid_of beat))"
}

# --- nginx ------------------------------------------------------------------------

write_nginx_conf() {
    local conf=$DIR/nginx/nginx.conf tmp=$DIR/nginx/tmp
    mkdir -p "$tmp"
    is_root && chown nobody "$tmp"
    cat >"$conf" <<EOF
# Generated by scripts/cluster.sh: the balancer of the loopback cluster.
worker_processes 1;
pid $RUN/nginx.pid;
error_log $LOG/nginx.log warn;
$(is_root && echo 'user nobody nogroup;')
events { worker_connections 1024; }
http {
    access_log $LOG/nginx.access.log;
    client_body_temp_path $tmp/body;
    proxy_temp_path $tmp/proxy;
    fastcgi_temp_path $tmp/fastcgi;
    uwsgi_temp_path $tmp/uwsgi;
    scgi_temp_path $tmp/scgi;
    client_max_body_size 40m;

    upstream jembatan {
        # The server with fewer requests in flight gets the next one: round robin
        # queues behind a server whose workers are all busy while the other idles.
        least_conn;
        # A server that refuses or times out is taken out for fail_timeout after
        # max_fails failures; its requests go to the other one meanwhile.
        server 127.0.0.1:${APP_PORTS[0]} max_fails=1 fail_timeout=5s;
        server 127.0.0.1:${APP_PORTS[1]} max_fails=1 fail_timeout=5s;
        # Kept for app servers that keep connections alive: by default gunicorn closes
        # each after its answer, so that the next goes to a free worker (config/gunicorn.py).
        keepalive 16;
    }

    server {
        listen 127.0.0.1:$BALANCER_PORT;
        server_name 127.0.0.1 localhost;

        location / {
            proxy_pass http://jembatan;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
            proxy_set_header Host \$http_host;
            proxy_set_header X-Forwarded-For \$proxy_add_x_forwarded_for;
            proxy_set_header X-Forwarded-Proto \$scheme;
            proxy_set_header X-Request-ID \$request_id;
            # A request the dead server never answered is sent to the other one;
            # not a 503: that is the application's own "database unavailable" page.
            proxy_next_upstream error timeout http_502;
            proxy_next_upstream_tries 2;
            proxy_connect_timeout 2s;
            proxy_read_timeout 60s;
            # Loopback only: this set speaks plain HTTP, so the Secure flag that
            # production sets on its cookies is taken off here, or no client
            # would send them back. Behind TLS (the real site) leave it on.
            proxy_cookie_flags ~ nosecure;
        }
    }
}
EOF
}

start_nginx() {
    alive nginx && return 0
    mkdir -p "$RUN" "$LOG"
    write_nginx_conf
    # nginx daemonizes into its own session and writes its pid file itself.
    /usr/sbin/nginx -p "$DIR/nginx" -c "$DIR/nginx/nginx.conf" -e "$LOG/nginx.log"
    wait_for 10 nginx port_open "$BALANCER_PORT" || die "nginx did not start; see $LOG/nginx.log"
    say "nginx up on 127.0.0.1:$BALANCER_PORT (pid $(pid_of nginx))"
}

# --- stopping -----------------------------------------------------------------------

# stop_pidfile NAME: TERM the process group (its own session), KILL it after 20 s.
stop_pidfile() {
    local name=$1 pid tries=100
    pid=$(pid_of "$name")
    if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
        kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null || true
        while kill -0 "$pid" 2>/dev/null && [ $tries -gt 0 ]; do
            sleep 0.2
            tries=$((tries - 1))
        done
        kill -0 "$pid" 2>/dev/null && { kill -KILL -- "-$pid" 2>/dev/null || kill -KILL "$pid" 2>/dev/null || true; }
    fi
    rm -f "$RUN/$name.pid"
}

kill_part() { # kill_part NAME: SIGKILL, as a crash would.
    local name=$1 pid
    pid=$(pid_of "$name")
    [ -n "$pid" ] || die "$name has no pid file"
    kill -KILL -- "-$pid" 2>/dev/null || kill -KILL "$pid"
    say "killed $name (process group $pid)"
}

# --- dispatch -----------------------------------------------------------------------

port_of() {
    case $1 in
        primary) echo "$PRIMARY_PORT" ;;
        replica) echo "$REPLICA_PORT" ;;
        redis) echo "$REDIS_PORT" ;;
        app1) echo "${APP_PORTS[0]}" ;;
        app2) echo "${APP_PORTS[1]}" ;;
        nginx) echo "$BALANCER_PORT" ;;
    esac
}

start_one() {
    local port
    port=$(port_of "$1")
    if [ -n "$port" ] && ! alive "$1" && port_open "$port"; then
        # Most likely the set of another checkout (CLUSTER_DIR): never start a second one over it.
        die "port $port ($1) is taken by a process this cluster ($DIR) did not start; stop that one first"
    fi
    case $1 in
        primary) start_primary ;;
        replica) start_replica ;;
        redis) start_redis ;;
        app1) start_app app1 "${APP_PORTS[0]}" ;;
        app2) start_app app2 "${APP_PORTS[1]}" ;;
        nginx) start_nginx ;;
        worker1 | worker2) start_worker "$1" ;;
        beat) start_beat ;;
        *) die "unknown part: $1 (parts: ${ALL[*]})" ;;
    esac
}

stop_one() {
    case $1 in
        primary) stop_primary ;;
        replica) stop_replica ;;
        redis | app1 | app2 | nginx | worker1 | worker2 | beat) stop_pidfile "$1" ;;
        *) die "unknown part: $1 (parts: ${ALL[*]})" ;;
    esac
}

needs_app() {
    local name
    for name in "$@"; do
        case $name in app1 | app2 | worker1 | worker2 | beat) return 0 ;; esac
    done
    return 1
}

cmd_start() {
    local parts=("$@") name
    [ ${#parts[@]} -gt 0 ] || parts=("${ALL[@]}")
    write_env
    for name in "${parts[@]}"; do
        if needs_app "$name" && [ -z "${migrated:-}" ]; then
            alive primary || start_primary
            alive redis || start_redis
            migrate_once
            migrated=1
        fi
        start_one "$name"
    done
}

cmd_stop() {
    local parts=("$@") i
    [ ${#parts[@]} -gt 0 ] || parts=("${ALL[@]}")
    for ((i = ${#parts[@]} - 1; i >= 0; i--)); do
        stop_one "${parts[$i]}"
    done
    say "stopped: ${parts[*]}"
}

cmd_status() {
    local name pid
    for name in "${ALL[@]}"; do
        pid=$(pid_of "$name")
        if alive "$name"; then
            printf '%-8s up    pid %s\n' "$name" "$pid"
        else
            printf '%-8s down\n' "$name"
        fi
    done
}

ready() {
    local code
    [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$BALANCER_PORT/readyz" || true)" = 200 ]
}

cmd_wait_ready() {
    local seconds=${1:-60}
    wait_for "$seconds" ready ready || die "the balancer did not answer ready within ${seconds}s"
    say "ready"
}

main() {
    local command=${1:-}
    [ $# -gt 0 ] && shift
    case $command in
        start) cmd_start "$@" ;;
        stop) cmd_stop "$@" ;;
        status) cmd_status ;;
        env) print_env ;;
        kill) [ $# -eq 1 ] || die "usage: $0 kill NAME"; kill_part "$1" ;;
        restart-primary) restart_primary ;;
        wait-ready) cmd_wait_ready "$@" ;;
        psql) load_env; PGPASSWORD=jembatan exec psql -X -h 127.0.0.1 -p "$PRIMARY_PORT" -U jembatan jembatan "$@" ;;
        *) sed -n '2,29p' "$0" | sed 's/^# \{0,1\}//'; [ -n "$command" ] && exit 2 || exit 0 ;;
    esac
}

main "$@"
