#!/usr/bin/env bash
# One instance of each service reached directly against two instances of each behind the gateway, in the same run, both on
# PostgreSQL and one redis-server: ./benchmarks/Fleet/throughput.sh [rounds]
# Each round measures the single setup, then the fleet: client-credentials grants, refresh with rotation (each connection
# walks its own token family), password sign-ins (the protocol driver's sign-in load) and CommerceApi reads with a partner
# token. wrk runs 2 threads × 32 connections, FLEET_WARM_UP s (30) then FLEET_MEASURED s (15); sign-ins one 15 s window of
# warm-up and FLEET_SIGN_IN_WINDOWS (2) measured. Per measurement: rate, CPU per request summed over every process of
# the setup (instances and gateway), non-2xx answers; per setup, peak RSS of each process. Set FLEET_SKIP to a
# space-separated list of grants, refresh, sign-ins, reads to leave some out. Needs wrk, redis-server and PostgreSQL
# (started as scripts/test.sh does).
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
rounds=${1:-2}
bench="$repo/benchmarks/Protocol"
driver="$bench/bin/Release/net10.0/Protocol.Benchmarks.dll"
# shellcheck source=../../scripts/lib/postgres.sh
source "$repo/scripts/lib/postgres.sh"
start_postgres >/dev/null

for project in src/IdentityServer src/CommerceApi src/Gateway benchmarks/Protocol; do
    name=$(basename "$project")
    [[ $name == Protocol ]] && name=Protocol.Benchmarks
    [[ -f $repo/$project/bin/Release/net10.0/$name.dll ]] || dotnet build "$repo/$project" -c Release --nologo -v q >/dev/null
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

wait_healthy() {
    for _ in $(seq 1 240); do curl -sf "$1" >/dev/null && return 0; sleep 0.5; done
    echo "No answer from $1" >&2
    return 1
}

# start <service> <port> <database> <realm> <issuer>: starts one instance, prints its pid once /health answers.
start() {
    local service=$1 port=$2 database=$3 realm=$4 issuer=$5 settings
    settings=(ASPNETCORE_ENVIRONMENT=Development Logging__LogLevel__Default=Warning Database__Provider=Postgres
        ConnectionStrings__redis=127.0.0.1:$redis_port Revocation__KeyPrefix="bench:$realm:" CacheInvalidation__Channel="bench:$realm:cache"
        ASPNETCORE_URLS="http://127.0.0.1:$port")
    if [[ $service == IdentityServer ]]; then
        settings+=(ConnectionStrings__identity="Host=127.0.0.1;Username=aict;Password=aict;Database=$database" Server__Issuer="$issuer")
    else
        settings+=(ConnectionStrings__commerce="Host=127.0.0.1;Username=aict;Password=aict;Database=$database" Identity__Authority="$issuer")
    fi
    (cd "$repo/src/$service/bin/Release/net10.0" && exec env "${settings[@]}" dotnet "$service.dll" >"$work/$service-$port.log" 2>&1) &
    local pid=$!
    pids+=("$pid")
    wait_healthy "http://127.0.0.1:$port/health"
    echo "$pid"
}

cpu_ticks() { local total=0 pid; for pid in "$@"; do total=$((total + $(awk '{print $14 + $15}' "/proc/$pid/stat"))); done; echo $total; }
rss() { local pid; for pid in "$@"; do awk '/VmHWM/ { printf "%d ", $2 / 1024 }' "/proc/$pid/status"; done; echo MB; }
skipped() { [[ " ${FLEET_SKIP:-} " == *" $1 "* ]]; }

# wrk_rate <pids> -- <wrk arguments>: one warm-up and one measured run; prints "rate/s CPU-ms non-2xx".
wrk_rate() {
    local pids_of=() before after output
    while [[ $1 != -- ]]; do pids_of+=("$1"); shift; done
    shift
    wrk -t2 -c32 -d"${FLEET_WARM_UP:-30}"s "$@" >"$work/warm-up.log" 2>&1
    [[ -z ${REFRESH_TOKENS:-} ]] || export REFRESH_TOKENS="$MEASURED_TOKENS"
    before=$(cpu_ticks "${pids_of[@]}")
    output=$(wrk -t2 -c32 -d"${FLEET_MEASURED:-15}"s "$@" 2>&1)
    after=$(cpu_ticks "${pids_of[@]}")
    awk -v ticks=$((after - before)) -v hz="$(getconf CLK_TCK)" '
        /Requests\/sec/ { rate = $2 } / requests in / { total = $1 } /Non-2xx/ { errors = $NF } /Socket errors/ { socket = " (" $0 ")" }
        END { if (total == 0) { print "no answer: " $0; exit } printf "%s/s %.3f ms CPU, %d non-2xx%s", rate, ticks * 1000 / hz / total, errors, socket }' <<<"$output"
}

# measure <label> <identity-url> <commerce-url> <pid>...: every measurement of one setup, on one line each.
measure() {
    local label=$1 identity=$2 commerce=$3 token
    shift 3
    skipped grants || echo "$label | client credentials | $(wrk_rate "$@" -- -s "$bench/client-credentials.lua" "${identity}connect/token")"
    if ! skipped refresh; then
        dotnet "$driver" refresh-tokens "$identity" 40 "$work/warm-up.txt" >/dev/null
        dotnet "$driver" refresh-tokens "$identity" 40 "$work/measured.txt" >/dev/null
        echo "$label | refresh with rotation | $(REFRESH_TOKENS="$work/warm-up.txt" MEASURED_TOKENS="$work/measured.txt" WRK_THREADS=2 \
            wrk_rate "$@" -- -s "$bench/refresh-token.lua" "${identity}connect/token")"
    fi
    if ! skipped sign-ins; then
        local before after rate windows=${FLEET_SIGN_IN_WINDOWS:-2}
        dotnet "$driver" sign-in-windows "$identity" 1 >/dev/null
        before=$(cpu_ticks "$@")
        rate=$(dotnet "$driver" sign-in-windows "$identity" "$windows" | awk '/window/ { sum += $3; n++ } END { printf "%.2f", sum / n }')
        after=$(cpu_ticks "$@")
        echo "$label | password sign-ins | $(awk -v rate="$rate" -v ticks=$((after - before)) -v hz="$(getconf CLK_TCK)" -v windows="$windows" \
            'BEGIN { printf "%s/s %.1f ms CPU", rate, ticks * 1000 / hz / (rate * 15 * windows) }')"
    fi
    if ! skipped reads; then
        token=$(curl -sf -u partner-erp:partner-erp-dev-secret -d grant_type=client_credentials -d scope=products:read "${identity}connect/token" \
            | grep -o '"access_token": *"[^"]*"' | cut -d'"' -f4)
        echo "$label | API reads (GET /api/products) | $(ACCESS_TOKEN="$token" wrk_rate "$@" -- -s "$bench/commerce-read.lua" "$commerce")"
    fi
}

stop() { local pid; for pid in "$@"; do kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; done; }

echo "commit $(git -C "$repo" rev-parse --short HEAD), $(nproc) cores, $(date -u +%Y-%m-%dT%H:%MZ)"
for round in $(seq 1 "$rounds"); do
    realm="single$round$RANDOM"
    identity=$(start IdentityServer 5181 "$(new_database)" "$realm" "http://127.0.0.1:5181/")
    commerce=$(start CommerceApi 5191 "$(new_database)" "$realm" "http://127.0.0.1:5181/")
    measure "round $round, one instance each, no gateway" "http://127.0.0.1:5181/" "http://127.0.0.1:5191/" "$identity" "$commerce"
    echo "round $round, one instance each, no gateway | peak RSS (identity, commerce) | $(rss "$identity" "$commerce")"
    stop "$identity" "$commerce"

    realm="fleet$round$RANDOM"
    identity_db=$(new_database)
    commerce_db=$(new_database)
    first=$(start IdentityServer 5182 "$identity_db" "$realm" "http://localhost:5185/")
    second=$(start IdentityServer 5183 "$identity_db" "$realm" "http://localhost:5185/")
    (cd "$repo/src/Gateway/bin/Release/net10.0" && exec env ASPNETCORE_ENVIRONMENT=Development Logging__LogLevel__Default=Warning \
        ASPNETCORE_URLS="http://127.0.0.1:5185;http://127.0.0.1:5195" Gateway__RateLimit__PermitsPerSecond=0 \
        ReverseProxy__Routes__identity__Match__Hosts__0="*:5185" ReverseProxy__Routes__commerce__Match__Hosts__0="*:5195" \
        ReverseProxy__Clusters__identity__Destinations__i1__Address="http://127.0.0.1:5182/" \
        ReverseProxy__Clusters__identity__Destinations__i2__Address="http://127.0.0.1:5183/" \
        ReverseProxy__Clusters__commerce__Destinations__c1__Address="http://127.0.0.1:5192/" \
        ReverseProxy__Clusters__commerce__Destinations__c2__Address="http://127.0.0.1:5193/" \
        dotnet Gateway.dll >"$work/gateway.log" 2>&1) &
    gateway=$!
    pids+=("$gateway")
    wait_healthy "http://127.0.0.1:5185/alive"
    third=$(start CommerceApi 5192 "$commerce_db" "$realm" "http://localhost:5185/")
    fourth=$(start CommerceApi 5193 "$commerce_db" "$realm" "http://localhost:5185/")
    measure "round $round, two instances each behind the gateway" "http://localhost:5185/" "http://localhost:5195/" "$first" "$second" "$third" "$fourth" "$gateway"
    echo "round $round, two instances each behind the gateway | peak RSS (identity ×2, commerce ×2, gateway) | $(rss "$first" "$second" "$third" "$fourth" "$gateway")"
    stop "$gateway" "$first" "$second" "$third" "$fourth"
done
