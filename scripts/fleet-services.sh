#!/usr/bin/env bash
# What the fleet needs besides its own processes (`dotnet run --project src/AppHost -- --fleet` runs this first):
# installs PostgreSQL and redis-server when missing, starts the PostgreSQL cluster, creates the fleet's databases,
# and starts a redis-server of its own on port 6381 with its state in .fleet-state/redis. Safe to run again.
# Its last lines are what the AppHost reads: `postgres=<connection string without a database>` and `redis=<endpoint>`.
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
state_dir="$repo_root/.fleet-state"
redis_port="${AICT_FLEET_REDIS_PORT:-6381}"
databases=(aict_fleet_identity aict_fleet_commerce)

# shellcheck source=lib/postgres.sh
source "$repo_root/scripts/lib/postgres.sh"
# shellcheck source=lib/redis.sh
source "$repo_root/scripts/lib/redis.sh"

install_missing_packages() {
    local missing=()
    [[ -n $(postgres_major_version) ]] || missing+=(postgresql)
    command -v redis-server >/dev/null || missing+=(redis-server)
    if ((${#missing[@]} > 0)); then
        echo "Installing ${missing[*]}..." >&2
        as_root apt-get update -q >&2
        as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${missing[@]}" >&2
    fi
}

# The aict role owns the fleet's databases; the services create their tables (migrations) on first start.
create_databases() {
    local name
    for name in "${databases[@]}"; do
        if ! psql "host=127.0.0.1 port=$1 user=aict password=aict dbname=postgres" -tAc \
            "SELECT 1 FROM pg_database WHERE datname = '$name'" | grep -q 1; then
            psql "host=127.0.0.1 port=$1 user=aict password=aict dbname=postgres" -qc "CREATE DATABASE \"$name\"" >&2
        fi
    done
}

start_redis() {
    start_redis_server "$redis_port" "$state_dir/redis"
}

install_missing_packages
start_postgres >&2
postgres_port="$(sed -n 's/.*Port=\([0-9]*\).*/\1/p' <<<"$postgres_connection")"
create_databases "$postgres_port"
start_redis
echo "postgres=$postgres_connection"
echo "redis=127.0.0.1:$redis_port"
