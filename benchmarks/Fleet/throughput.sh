#!/usr/bin/env bash
# Client-credentials grants/s of one IdentityServer reached directly against two instances behind the gateway, in the same
# run, both on PostgreSQL and one redis-server: ./benchmarks/Fleet/throughput.sh [rounds]
# Each round measures the single instance, then the fleet (30 s warm-up, 15 s measured, wrk 2 threads × 32 connections),
# and prints per setup: grants/s, CPU per grant summed over every process of the setup (instances and gateway), errors and
# peak RSS per process. Needs wrk, redis-server and PostgreSQL (started as scripts/test.sh does).
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
rounds=${1:-2}
# shellcheck source=../../scripts/lib/postgres.sh
source "$repo/scripts/lib/postgres.sh"
start_postgres

for project in IdentityServer Gateway; do
    [[ -f $repo/src/$project/bin/Release/net10.0/$project.dll ]] || dotnet build "$repo/src/$project" -c Release --nologo -v q >/dev/null
done

work="$(mktemp -d -t aict-fleet-bench-XXXXXX)"
redis_port=6498
redis-server --port $redis_port --bind 127.0.0.1 --save '' --appendonly no --daemonize yes \
    --pidfile "$work/redis.pid" --logfile "$work/redis.log" --dir "$work"
pids=()
databases=()
cleanup() {
    for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
    wait 2>/dev/null || true
    redis-cli -p $redis_port shutdown nosave >/dev/null 2>&1 || true
    for database in "${databases[@]}"; do
        PGPASSWORD=aict psql -q -h 127.0.0.1 -U aict -d postgres -c "DROP DATABASE IF EXISTS $database WITH (FORCE)" >/dev/null 2>&1 || true
    done
    rm -rf "$work"
}
trap cleanup EXIT

new_database() {
    local name="aict_fleet_bench_$RANDOM$RANDOM"
    PGPASSWORD=aict psql -q -h 127.0.0.1 -U aict -d postgres -c "CREATE DATABASE $name" >/dev/null
    databases+=("$name")
    echo "$name"
}

# start_identity <port> <issuer> <database>: prints the pid once /health answers.
start_identity() {
    local port=$1 issuer=$2 database=$3
    (cd "$repo/src/IdentityServer/bin/Release/net10.0" && exec env ASPNETCORE_ENVIRONMENT=Development Logging__LogLevel__Default=Warning \
        Database__Provider=Postgres ConnectionStrings__identity="Host=127.0.0.1;Username=aict;Password=aict;Database=$database" \
        ConnectionStrings__redis=127.0.0.1:$redis_port Revocation__KeyPrefix="bench:$database:" CacheInvalidation__Channel="bench:$database:cache" \
        Server__Issuer="$issuer" ASPNETCORE_URLS="http://127.0.0.1:$port" dotnet IdentityServer.dll >"$work/identity-$port.log" 2>&1) &
    local pid=$!
    pids+=("$pid")
    wait_healthy "http://127.0.0.1:$port/health"
    echo "$pid"
}

wait_healthy() {
    for _ in $(seq 1 240); do curl -sf "$1" >/dev/null && return 0; sleep 0.5; done
    echo "No answer from $1" >&2
    return 1
}

cpu_ticks() { local total=0 pid; for pid in "$@"; do total=$((total + $(awk '{print $14 + $15}' "/proc/$pid/stat"))); done; echo $total; }
rss() { local pid; for pid in "$@"; do awk '/VmHWM/ { printf "%d ", $2 / 1024 }' "/proc/$pid/status"; done; echo MB; }

# measure <url> <pid>...: "grants/s CPU-ms-per-grant non-2xx"
measure() {
    local url=$1 before after output
    shift
    wrk -t2 -c32 -d"${FLEET_WARM_UP:-30}"s -s "$repo/benchmarks/Protocol/client-credentials.lua" "$url" >/dev/null 2>&1
    before=$(cpu_ticks "$@")
    output=$(wrk -t2 -c32 -d"${FLEET_MEASURED:-15}"s -s "$repo/benchmarks/Protocol/client-credentials.lua" "$url" 2>&1)
    after=$(cpu_ticks "$@")
    awk -v ticks=$((after - before)) -v hz="$(getconf CLK_TCK)" '
        /Requests\/sec/ { rate = $2 } / requests in / { total = $1 } /Non-2xx/ { errors = $NF } /Socket errors/ { socket = $0 }
        END { printf "%s/s %.3f ms CPU %d non-2xx %s", rate, ticks * 1000 / hz / total, errors, socket }' <<<"$output"
}

stop() { local pid; for pid in "$@"; do kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; done; }

for round in $(seq 1 "$rounds"); do
    database=$(new_database)
    single=$(start_identity 5181 "http://127.0.0.1:5181/" "$database")
    echo "round $round single instance, no gateway: $(measure "http://127.0.0.1:5181/connect/token" "$single") | peak RSS $(rss "$single")"
    stop "$single"

    database=$(new_database)
    first=$(start_identity 5182 "http://localhost:5185/" "$database")
    second=$(start_identity 5183 "http://localhost:5185/" "$database")
    (cd "$repo/src/Gateway/bin/Release/net10.0" && exec env ASPNETCORE_ENVIRONMENT=Development Logging__LogLevel__Default=Warning \
        ASPNETCORE_URLS="http://127.0.0.1:5185" ReverseProxy__Routes__identity__Match__Hosts__0="*:5185" \
        ReverseProxy__Clusters__identity__Destinations__i1__Address="http://127.0.0.1:5182/" \
        ReverseProxy__Clusters__identity__Destinations__i2__Address="http://127.0.0.1:5183/" \
        Gateway__RateLimit__PermitsPerSecond=0 dotnet Gateway.dll >"$work/gateway.log" 2>&1) &
    gateway=$!
    pids+=("$gateway")
    wait_healthy "http://127.0.0.1:5185/alive"
    echo "round $round two instances behind the gateway: $(measure "http://localhost:5185/connect/token" "$first" "$second" "$gateway") | peak RSS $(rss "$first" "$second" "$gateway")"
    stop "$gateway" "$first" "$second"
done
