#!/usr/bin/env bash
# Two builds back to back, interleaved, for a change on the token path: client credentials and refresh rotation.
# ./benchmarks/Protocol/compare.sh <label> <repository> [<label> <repository>]...  e.g. with a worktree of the base commit:
#   git worktree add --detach ../base HEAD~1 && ./benchmarks/Protocol/compare.sh base ../base new . base ../base new .
# Each entry starts that repository's Release IdentityServer (built when missing) on a fresh SQLite database, runs
# client-credentials.lua and refresh-token.lua (30 s warm-up, 15 s measured, 2 threads, 32 connections) and prints a
# line: requests/s, IdentityServer CPU per request, non-2xx answers, peak RSS. Needs wrk and redis-server, as run.sh.
# A label may carry settings for its server after commas, e.g. `off,Detection__Enabled=false`, to compare one build
# with itself configured two ways. COMPARE_SIGN_INS=N also measures N windows of 15 s of password sign-ins (the driver's
# sign-in load, after one window of warm-up) and prints their rate and IdentityServer CPU per sign-in; COMPARE_GRANTS=0
# skips client credentials and refresh.
set -euo pipefail

bench="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
port=5180
driver="$bench/bin/Release/net10.0/Protocol.Benchmarks.dll"
[[ -f $driver ]] || dotnet build "$bench" -c Release --nologo -v q >/dev/null

redis_dir="$(mktemp -d -t aict-compare-XXXXXX)"
redis-server --port 6499 --bind 127.0.0.1 --save '' --appendonly no --daemonize yes \
    --pidfile "$redis_dir/redis.pid" --logfile "$redis_dir/redis.log" --dir "$redis_dir"
trap 'redis-cli -p 6499 shutdown nosave >/dev/null 2>&1 || true; rm -rf "$redis_dir"' EXIT

cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }

# Prints "requests/s CPU-ms-per-request non-2xx" for one wrk run against the process $1.
measure() {
    local pid=$1 before after output
    shift
    before=$(cpu_ticks "$pid")
    output=$(wrk "$@" 2>&1)
    after=$(cpu_ticks "$pid")
    awk -v ticks=$((after - before)) -v hz="$(getconf CLK_TCK)" '
        /Requests\/sec/ { rate = $2 } / requests in / { total = $1 } /Non-2xx/ { errors = $NF }
        END { printf "%s/s %.3f ms %d non-2xx", rate, ticks * 1000 / hz / total, errors }' <<<"$output"
}

while (($# >= 2)); do
    IFS=, read -r label settings <<<"$1"
    repository="$(cd "$2" && pwd)"
    shift 2
    extra=()
    [[ -z $settings ]] || IFS=, read -r -a extra <<<"$settings"
    server="$repository/src/IdentityServer/bin/Release/net10.0"
    [[ -f $server/IdentityServer.dll ]] || dotnet build "$repository/src/IdentityServer" -c Release --nologo -v q >/dev/null
    run_dir="$(mktemp -d -t aict-compare-run-XXXXXX)"
    (cd "$server" && exec env ASPNETCORE_ENVIRONMENT=Development Logging__LogLevel__Default=Warning Database__Provider=Sqlite \
        ConnectionStrings__redis=127.0.0.1:6499 ConnectionStrings__identity="Data Source=$run_dir/identity.db" \
        Server__Issuer="http://localhost:$port/" ASPNETCORE_URLS="http://localhost:$port" "${extra[@]}" dotnet IdentityServer.dll >"$run_dir/server.log" 2>&1) &
    pid=$!
    for _ in $(seq 1 120); do curl -sf "http://localhost:$port/health" >/dev/null && break; sleep 0.5; done
    token_url="http://localhost:$port/connect/token"

    figures=""
    if [[ ${COMPARE_GRANTS:-1} != 0 ]]; then
        wrk -t2 -c32 -d30s -s "$bench/client-credentials.lua" "$token_url" >/dev/null 2>&1
        grants=$(measure "$pid" -t2 -c32 -d15s -s "$bench/client-credentials.lua" "$token_url")

        # Every family is walked by one connection; the warm-up's tokens are spent, so the measured run gets its own.
        dotnet "$driver" refresh-tokens "http://localhost:$port/" 40 "$run_dir/warm-up.txt" >/dev/null
        dotnet "$driver" refresh-tokens "http://localhost:$port/" 40 "$run_dir/measured.txt" >/dev/null
        REFRESH_TOKENS="$run_dir/warm-up.txt" WRK_THREADS=2 wrk -t2 -c32 -d30s -s "$bench/refresh-token.lua" "$token_url" >/dev/null 2>&1
        refreshes=$(REFRESH_TOKENS="$run_dir/measured.txt" WRK_THREADS=2 measure "$pid" -t2 -c32 -d15s -s "$bench/refresh-token.lua" "$token_url")
        figures=" client credentials $grants | refresh $refreshes"
    fi

    sign_ins=""
    if ((${COMPARE_SIGN_INS:-0} > 0)); then
        dotnet "$driver" sign-in-windows "http://localhost:$port/" 1 >/dev/null
        before=$(cpu_ticks "$pid")
        rate=$(dotnet "$driver" sign-in-windows "http://localhost:$port/" "$COMPARE_SIGN_INS" | awk '/window/ { sum += $3; n++ } END { printf "%.2f", sum / n }')
        after=$(cpu_ticks "$pid")
        sign_ins=$(awk -v rate="$rate" -v ticks=$((after - before)) -v hz="$(getconf CLK_TCK)" -v windows="$COMPARE_SIGN_INS" \
            'BEGIN { printf " | sign-ins %s/s %.1f ms", rate, ticks * 1000 / hz / (rate * 15 * windows) }')
    fi

    rss=$(awk '/VmHWM/ { printf "%d MB", $2 / 1024 }' "/proc/$pid/status")
    kill "$pid"
    wait "$pid" 2>/dev/null || true
    rm -rf "$run_dir"
    echo "$(date -u +%H:%M:%S) $label:$figures$sign_ins | peak RSS $rss"
done
