#!/usr/bin/env bash
# Renders docs/images/dashboard.png: a real Prometheus (Debian's prometheus) scrapes the services with
# deploy/prometheus/prometheus.yml and alerts.yml (scrape interval shortened to 5 s so that a few minutes of
# traffic make lines), traffic.mjs drives sign-ins and grants, render.mjs draws every panel of
# deploy/grafana/aict-identity.json from query_range, and Chromium takes the screenshot.
#
# Services: if IdentityServer already answers on http://localhost:5100 (e.g. `dotnet run --project src/AppHost`),
# the running IdentityServer, CommerceApi (5200) and portal (5300) are used. Otherwise this script starts
# IdentityServer and CommerceApi with `dotnet run` (Development, demo realm, SQLite files and a redis-server in a
# temporary folder) and stops them at the end. Needs: dotnet, node, prometheus, redis-server, /usr/bin/chromium.
# Environment: ROUNDS (traffic rounds, 15 s apart; default 12), OUT (default docs/images/dashboard.png).
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)"
preview="$repo_root/deploy/grafana/preview"
rounds="${ROUNDS:-12}"
out="${OUT:-$repo_root/docs/images/dashboard.png}"
prometheus_address=127.0.0.1:9091
redis_port=6391
work="$(mktemp -d)"
pids=()

cleanup() {
    for pid in "${pids[@]}"; do
        kill "$pid" 2>/dev/null || true
    done
    wait 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT

for command in dotnet node prometheus redis-server; do
    command -v "$command" >/dev/null || { echo "render.sh needs $command." >&2; exit 1; }
done
[[ -x /usr/bin/chromium ]] || { echo "render.sh needs /usr/bin/chromium (Debian package chromium)." >&2; exit 1; }

wait_for() {
    local url=$1 log=${2:-}
    for _ in $(seq 1 120); do
        curl -sf "$url" >/dev/null && return 0
        sleep 1
    done
    echo "No answer from $url." >&2
    [[ -z $log ]] || tail -n 20 "$log" >&2
    exit 1
}

start_service() {
    local project=$1 port=$2
    shift 2
    env ASPNETCORE_URLS="http://localhost:$port" ASPNETCORE_ENVIRONMENT=Development \
        ConnectionStrings__redis="127.0.0.1:$redis_port" "$@" \
        dotnet run --project "$repo_root/src/$project" -c Release --no-build --no-launch-profile >"$work/$project.log" 2>&1 &
    pids+=($!)
}

if curl -sf http://localhost:5100/health >/dev/null; then
    echo "Using the services already running on localhost:5100/5200/5300."
else
    echo "Building and starting redis-server, IdentityServer and CommerceApi in $work..."
    dotnet build "$repo_root/src/IdentityServer" -c Release -v quiet -nologo
    dotnet build "$repo_root/src/CommerceApi" -c Release -v quiet -nologo
    redis-server --port "$redis_port" --bind 127.0.0.1 --save '' --appendonly no --dir "$work" >"$work/redis.log" 2>&1 &
    pids+=($!)
    start_service IdentityServer 5100 "ConnectionStrings__identity=Data Source=$work/identity.db"
    wait_for http://localhost:5100/health "$work/IdentityServer.log"
    start_service CommerceApi 5200 "ConnectionStrings__commerce=Data Source=$work/commerce.db" Identity__Authority=http://localhost:5100/
    wait_for http://localhost:5200/health "$work/CommerceApi.log"
fi

started="$(date +%s)"
sed -e 's/scrape_interval: 15s/scrape_interval: 5s/' -e 's/evaluation_interval: 15s/evaluation_interval: 5s/' \
    "$repo_root/deploy/prometheus/prometheus.yml" >"$work/prometheus.yml"
cp "$repo_root/deploy/prometheus/alerts.yml" "$work/alerts.yml"
prometheus --config.file="$work/prometheus.yml" --storage.tsdb.path="$work/data" \
    --web.listen-address="$prometheus_address" >"$work/prometheus.log" 2>&1 &
pids+=($!)
wait_for "http://$prometheus_address/-/ready" "$work/prometheus.log"

echo "Driving $rounds rounds of traffic..."
for round in $(seq 1 "$rounds"); do
    node "$preview/traffic.mjs" http://localhost:5100 http://localhost:5200 "$round"
    sleep 15
done
# Two more scrapes, so that the last round is in every rate window.
sleep 10

height="$(node "$preview/render.mjs" "$repo_root/deploy/grafana/aict-identity.json" "http://$prometheus_address" \
    "$work/dashboard.html" "$started" 30s)"
mkdir -p "$(dirname "$out")"
/usr/bin/chromium --headless --no-sandbox --disable-gpu --hide-scrollbars --force-device-scale-factor=1 \
    --window-size=1624,"$height" --screenshot="$out" "file://$work/dashboard.html" 2>/dev/null
echo "Wrote $out"
