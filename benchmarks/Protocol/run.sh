#!/usr/bin/env bash
# Protocol load (issue 7): ./benchmarks/Protocol/run.sh [sqlite|postgres|all] [--duration 15]
# Installs what is missing on a fresh Debian machine (wrk, redis-server, PostgreSQL), starts PostgreSQL with the
# `aict` role and a dedicated redis-server on a free port, then runs the C# driver, which starts the services,
# measures, and writes benchmarks/results/protocol-load.md and the README's table.
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$repo_root"

databases=all
driver_args=()
while (($# > 0)); do
    case $1 in
        sqlite | postgres | all) databases=$1 ;;
        --duration) driver_args+=(--duration "${2:?--duration needs a number of seconds}"); shift ;;
        *) echo "Usage: $0 [sqlite|postgres|all] [--duration SECONDS]" >&2; exit 2 ;;
    esac
    shift
done
[[ $databases == all ]] || driver_args=("$databases" "${driver_args[@]}")

as_root() {
    if [[ $(id -u) -eq 0 ]]; then "$@"; else sudo "$@"; fi
}

# Debian ships psql and pg_ctlcluster without a server; only the server binary says PostgreSQL is there.
postgres_major_version() {
    local binary
    for binary in /usr/lib/postgresql/*/bin/postgres; do
        [[ -x $binary ]] && basename "$(dirname "$(dirname "$binary")")"
    done | sort -n | tail -n 1
}

install_missing_packages() {
    local missing=()
    command -v wrk >/dev/null || missing+=(wrk)
    command -v redis-server >/dev/null || missing+=(redis-server)
    if [[ $databases != sqlite && -z $(postgres_major_version) ]]; then missing+=(postgresql); fi
    if ((${#missing[@]} > 0)); then
        echo "Installing ${missing[*]}..."
        as_root apt-get update -q
        as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${missing[@]}"
    fi
}

# As scripts/test.sh does: the cluster stays up between runs; the role may create and drop databases.
start_postgres() {
    local version port status
    version="$(postgres_major_version)"
    if ! pg_lsclusters -h | awk -v v="$version" '$1 == v && $2 == "main" { found = 1 } END { exit !found }'; then
        as_root pg_createcluster "$version" main
    fi
    read -r port status < <(pg_lsclusters -h | awk -v v="$version" '$1 == v && $2 == "main" { print $3, $4 }')
    [[ $status == online ]] || as_root pg_ctlcluster "$version" main start
    for _ in $(seq 1 30); do
        pg_isready -q -h 127.0.0.1 -p "$port" && break
        sleep 1
    done
    pg_isready -h 127.0.0.1 -p "$port"
    as_root su postgres -c "cd / && psql -q -v ON_ERROR_STOP=1 -p $port" <<'SQL'
DO $$
BEGIN
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'aict') THEN
        CREATE ROLE aict;
    END IF;
END
$$;
ALTER ROLE aict WITH LOGIN CREATEDB PASSWORD 'aict';
GRANT pg_signal_backend TO aict;
SQL
    export AICT_BENCH_POSTGRES="Host=127.0.0.1;Port=$port;Username=aict;Password=aict"
}

port_is_free() {
    ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

# A redis-server of this run only, on a free port, without persistence; stopped when the script exits.
start_redis() {
    local port
    redis_dir="$(mktemp -d -t aict-protocol-redis-XXXXXX)"
    for port in $(seq 6400 6499); do port_is_free "$port" && break; done
    redis-server --port "$port" --bind 127.0.0.1 --save '' --appendonly no --daemonize yes \
        --pidfile "$redis_dir/redis.pid" --logfile "$redis_dir/redis.log" --dir "$redis_dir"
    redis_port=$port
    trap stop_redis EXIT
    for _ in $(seq 1 20); do
        redis-cli -p "$port" ping >/dev/null 2>&1 && break
        sleep 0.5
    done
    redis-cli -p "$port" ping >/dev/null
    export AICT_BENCH_REDIS="127.0.0.1:$port"
}

stop_redis() {
    redis-cli -p "$redis_port" shutdown nosave >/dev/null 2>&1 || true
    rm -rf "$redis_dir"
}

install_missing_packages
[[ $databases == sqlite ]] || start_postgres
start_redis
dotnet run -c Release --project benchmarks/Protocol -- "${driver_args[@]}"
