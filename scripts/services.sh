#!/usr/bin/env bash
# Installs and starts the system services that the full test suite needs, on
# machines without systemd (CI containers, fresh VMs). Idempotent: running it
# again only checks that everything is still there and up.
#
#   scripts/services.sh postgres   PostgreSQL answering on 127.0.0.1:$PG_PORT, with a
#                                  login role and a database for Jembatan
#   scripts/services.sh chromium   /usr/bin/chromium and the CJK fonts the pages need
#   scripts/services.sh gettext    msgfmt and msgattrib, for the translation catalogues
#   scripts/services.sh pdf        Pango (WeasyPrint's text layout) and the Noto CJK fonts PDFs embed
#   scripts/services.sh redis      Redis answering on 127.0.0.1:$REDIS_PORT (Celery's broker)
#   scripts/services.sh packages   install every system package above in one apt-get run
#   scripts/services.sh all        packages, then postgres, redis, chromium, gettext and pdf
#
# Missing packages are installed with apt-get when running as root; otherwise
# the script prints the command to run and exits 1.
#
# Environment: PG_PORT (5432), PG_USER (jembatan), PG_PASSWORD (jembatan),
# PG_DB (jembatan), REDIS_PORT (6379), PG_FAST_UNSAFE=1 to switch off fsync for a throwaway CI
# cluster (it makes creating test databases several times faster).
set -euo pipefail

PG_PORT=${PG_PORT:-5432}
PG_USER=${PG_USER:-jembatan}
PG_PASSWORD=${PG_PASSWORD:-jembatan}
PG_DB=${PG_DB:-jembatan}
REDIS_PORT=${REDIS_PORT:-6379}
CHROMIUM=/usr/bin/chromium
export DEBIAN_FRONTEND=noninteractive

say() { printf 'services: %s\n' "$*"; }
die() { printf 'services: ERROR: %s\n' "$*" >&2; exit 1; }

is_root() { [ "$(id -u)" -eq 0 ]; }

package_installed() {
    [ "$(dpkg-query -W -f='${Status}' "$1" 2>/dev/null)" = "install ok installed" ]
}

# apt_install PACKAGE... installs whichever of the packages are missing.
apt_install() {
    local missing=() package
    for package in "$@"; do
        package_installed "$package" || missing+=("$package")
    done
    [ ${#missing[@]} -eq 0 ] && return 0
    if ! is_root; then
        die "missing system packages: ${missing[*]}
    install them with:  sudo apt-get update && sudo apt-get install -y ${missing[*]}
    then run this command again."
    fi
    # Package lists are refreshed once per run (a fresh Debian image has none),
    # and the marker is exported so nested calls do not refresh again.
    if [ -z "${JEMBATAN_APT_UPDATED:-}" ]; then
        say "apt-get update"
        apt-get update -qq
        export JEMBATAN_APT_UPDATED=1
    fi
    say "apt-get install ${missing[*]}"
    apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

postgres_packages() { echo postgresql; }
chromium_packages() { echo chromium fonts-noto-cjk; }
gettext_packages() { echo gettext; }
pdf_packages() { echo libpango-1.0-0 libpangoft2-1.0-0 fonts-noto-cjk; }
redis_packages() { echo redis-server; }
# nginx -t checks the deployment's site file in the tests (tests/test_deploy.py), and
# scripts/cluster.sh balances its two app servers with it.
nginx_packages() { echo nginx openssl; }

install_packages() {
    # Word splitting is intended: each function prints a list of package names.
    # shellcheck disable=SC2046
    apt_install $(postgres_packages) $(chromium_packages) $(gettext_packages) $(redis_packages) $(pdf_packages) $(nginx_packages)
}

# --- PostgreSQL -------------------------------------------------------------

as_postgres_psql() {
    runuser -u postgres -- psql -X -q -v ON_ERROR_STOP=1 -p "$PG_PORT" "$@"
}

# Prints "version name status" of the cluster configured for $PG_PORT.
cluster_on_port() {
    pg_lsclusters --no-header 2>/dev/null | awk -v port="$PG_PORT" '$3 == port { print $1, $2, $4; exit }'
}

server_answers() { pg_isready -q -h 127.0.0.1 -p "$PG_PORT" -t 1; }

app_role_connects() {
    PGPASSWORD=$PG_PASSWORD PGCONNECT_TIMEOUT=3 psql -X -q -h 127.0.0.1 -p "$PG_PORT" \
        -U "$PG_USER" -d "$PG_DB" -tAc 'SELECT 1' >/dev/null 2>&1
}

start_cluster() {
    local cluster version name status
    cluster=$(cluster_on_port)
    if [ -z "$cluster" ]; then
        # The Debian package normally creates "main"; it does not when the
        # package was installed with create_main_cluster = false.
        version=$(find /usr/lib/postgresql -mindepth 1 -maxdepth 1 -printf '%f\n' 2>/dev/null | sort -V | tail -n 1)
        [ -n "$version" ] || die "no PostgreSQL server binaries under /usr/lib/postgresql"
        say "creating cluster $version/main on port $PG_PORT"
        pg_createcluster --locale C.UTF-8 --port "$PG_PORT" "$version" main >/dev/null
        cluster=$(cluster_on_port)
    fi
    read -r version name status <<<"$cluster"
    if [ "$status" != online ]; then
        say "starting cluster $version/$name"
        pg_ctlcluster "$version" "$name" start
    fi
    local waited=0
    until server_answers; do
        waited=$((waited + 1))
        [ "$waited" -le 60 ] || die "PostgreSQL $version/$name did not accept connections within 60 s
    see /var/log/postgresql/postgresql-$version-$name.log"
        sleep 1
    done
    say "PostgreSQL $version/$name is accepting connections on 127.0.0.1:$PG_PORT"
}

# Django creates the test databases from template1; on a cluster initialised
# under the C locale that template is SQL_ASCII, which would store Japanese
# names as raw bytes and compare them byte-wise. Rebuild it as UTF8.
ensure_utf8_template() {
    local encoding
    encoding=$(as_postgres_psql -d postgres -tAc \
        "SELECT pg_encoding_to_char(encoding) FROM pg_database WHERE datname = 'template1'")
    [ "$encoding" = UTF8 ] && return 0
    say "template1 is $encoding; recreating it as UTF8"
    as_postgres_psql -d postgres <<'SQL'
UPDATE pg_database SET datistemplate = false WHERE datname = 'template1';
DROP DATABASE template1;
CREATE DATABASE template1 WITH TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C.UTF-8' LC_CTYPE 'C.UTF-8';
UPDATE pg_database SET datistemplate = true WHERE datname = 'template1';
SQL
}

ensure_role_and_database() {
    # CREATEDB: pytest-django creates and drops test_<name> databases itself.
    as_postgres_psql -d postgres -v user="$PG_USER" -v password="$PG_PASSWORD" <<'SQL'
SELECT format('CREATE ROLE %I', :'user')
WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = :'user') \gexec
ALTER ROLE :"user" WITH LOGIN CREATEDB PASSWORD :'password';
SQL
    as_postgres_psql -d postgres -v user="$PG_USER" -v db="$PG_DB" <<'SQL'
SELECT format('CREATE DATABASE %I OWNER %I ENCODING %L TEMPLATE template0', :'db', :'user', 'UTF8')
WHERE NOT EXISTS (SELECT 1 FROM pg_database WHERE datname = :'db') \gexec
SQL
}

make_durability_optional() {
    [ "${PG_FAST_UNSAFE:-0}" = 1 ] || return 0
    # Only for a cluster that is thrown away with the machine: a crash could
    # corrupt it, and nothing in it outlives the test run.
    say "PG_FAST_UNSAFE=1: fsync, synchronous_commit and full_page_writes off"
    as_postgres_psql -d postgres <<'SQL'
ALTER SYSTEM SET fsync = off;
ALTER SYSTEM SET synchronous_commit = off;
ALTER SYSTEM SET full_page_writes = off;
SELECT pg_reload_conf() \g /dev/null
SQL
}

cmd_postgres() {
    if ! is_root; then
        # Without root the script can neither install, start nor create roles;
        # a developer's own server is fine if the role already works.
        if app_role_connects; then
            say "PostgreSQL on 127.0.0.1:$PG_PORT accepts $PG_USER"
            return 0
        fi
        die "PostgreSQL on 127.0.0.1:$PG_PORT does not accept $PG_USER/$PG_PASSWORD.
    As root, run:  sudo scripts/services.sh postgres
    or by hand:    sudo apt-get install -y postgresql
                   sudo pg_ctlcluster <version> main start
                   sudo -u postgres psql -c \"CREATE ROLE $PG_USER LOGIN CREATEDB PASSWORD '$PG_PASSWORD'\"
                   sudo -u postgres createdb -O $PG_USER $PG_DB"
    fi
    # shellcheck disable=SC2046
    apt_install $(postgres_packages)
    start_cluster
    ensure_utf8_template
    ensure_role_and_database
    make_durability_optional
    app_role_connects || die "role $PG_USER cannot log in to $PG_DB over TCP; check pg_hba.conf"
    say "DATABASE_URL=postgres://$PG_USER:$PG_PASSWORD@127.0.0.1:$PG_PORT/$PG_DB"
}

# --- Chromium and gettext ---------------------------------------------------

cmd_chromium() {
    # shellcheck disable=SC2046
    apt_install $(chromium_packages)
    [ -x "$CHROMIUM" ] || die "$CHROMIUM is missing although the chromium package is installed"
    say "$("$CHROMIUM" --version 2>/dev/null || echo 'chromium (version unknown)') at $CHROMIUM"
}

cmd_gettext() {
    # shellcheck disable=SC2046
    apt_install $(gettext_packages)
    command -v msgfmt >/dev/null || die "msgfmt is missing although gettext is installed"
    say "$(msgfmt --version | head -n 1)"
}

cmd_pdf() {
    # shellcheck disable=SC2046
    apt_install $(pdf_packages)
    fc-list :lang=ja family | grep -q "Noto Sans CJK JP" || die "the Noto Sans CJK JP font is missing although fonts-noto-cjk is installed"
    say "Pango and Noto Sans CJK JP for PDFs"
}

# --- Redis -------------------------------------------------------------------

redis_answers() { redis-cli -h 127.0.0.1 -p "$REDIS_PORT" ping 2>/dev/null | grep -q PONG; }

cmd_redis() {
    if redis_answers; then
        say "Redis answers on 127.0.0.1:$REDIS_PORT"
        return 0
    fi
    # shellcheck disable=SC2046
    apt_install $(redis_packages)
    # No systemd here: the server daemonizes itself. Nothing in it outlives the
    # machine, so it keeps no snapshots.
    say "starting redis-server on 127.0.0.1:$REDIS_PORT"
    redis-server --daemonize yes --bind 127.0.0.1 --port "$REDIS_PORT" --save "" --appendonly no >/dev/null
    local waited=0
    until redis_answers; do
        waited=$((waited + 1))
        [ "$waited" -le 30 ] || die "Redis did not answer on 127.0.0.1:$REDIS_PORT within 30 s"
        sleep 1
    done
    say "REDIS_URL=redis://127.0.0.1:$REDIS_PORT/0"
}

usage() {
    sed -n '2,/^set -euo/p' "$0" | sed '$d' | sed 's/^# \{0,1\}//' >&2
    exit 2
}

main() {
    [ $# -ge 1 ] || usage
    local command
    for command in "$@"; do
        case "$command" in
            postgres) cmd_postgres ;;
            chromium) cmd_chromium ;;
            gettext) cmd_gettext ;;
            pdf) cmd_pdf ;;
            redis) cmd_redis ;;
            packages) install_packages ;;
            all) install_packages; cmd_postgres; cmd_redis; cmd_chromium; cmd_gettext; cmd_pdf ;;
            -h | --help | help) usage ;;
            *) printf 'services: unknown command %q\n\n' "$command" >&2; usage ;;
        esac
    done
}

main "$@"
