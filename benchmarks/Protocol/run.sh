#!/usr/bin/env bash
# Protocol load (issue 7): ./benchmarks/Protocol/run.sh [sqlite|postgres|all] [--duration 15]
# Long run, token-table growth with pruning at work: ./benchmarks/Protocol/run.sh growth [sqlite|postgres|all] [--minutes 10]
# Installs what is missing on a fresh Debian machine (wrk, redis-server, PostgreSQL), starts PostgreSQL with the
# `aict` role and a dedicated redis-server on a free port, then runs the C# driver, which starts the services,
# measures, and writes benchmarks/results/protocol-load.md (the growth run: protocol-growth.md); never README.md or docs/.
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$repo_root"

databases=all
mode=()
driver_args=()
while (($# > 0)); do
    case $1 in
        growth) mode=(growth) ;;
        sqlite | postgres | all) databases=$1 ;;
        --duration) driver_args+=(--duration "${2:?--duration needs a number of seconds}"); shift ;;
        --minutes) driver_args+=(--minutes "${2:?--minutes needs a number of minutes}"); shift ;;
        *) echo "Usage: $0 [sqlite|postgres|all] [--duration SECONDS] | $0 growth [sqlite|postgres|all] [--minutes MINUTES]" >&2; exit 2 ;;
    esac
    shift
done
[[ $databases == all ]] || driver_args=("$databases" "${driver_args[@]}")
driver_args=("${mode[@]}" "${driver_args[@]}")

# shellcheck source=../../scripts/lib/postgres.sh
source "$repo_root/scripts/lib/postgres.sh"

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
if [[ $databases != sqlite ]]; then
    start_postgres
    export AICT_BENCH_POSTGRES="$postgres_connection"
fi
start_redis
dotnet run -c Release --project benchmarks/Protocol -- "${driver_args[@]}"
