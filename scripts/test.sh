#!/usr/bin/env bash
# The one command that runs every test: installs and starts what the tests need (PostgreSQL, Redis,
# Chromium, a Korean font and Prometheus' promtool) on a fresh Debian machine, builds once, runs every test project and prints one summary line.
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo_root"

configuration=Release
state_dir="$repo_root/.test-state"
results_dir="$repo_root/TestResults"
redis_port=6390

# shellcheck source=lib/postgres.sh
source "$repo_root/scripts/lib/postgres.sh"
# shellcheck source=lib/redis.sh
source "$repo_root/scripts/lib/redis.sh"

install_missing_packages() {
    local missing=()
    [[ -n $(postgres_major_version) ]] || missing+=(postgresql)
    command -v redis-server >/dev/null || missing+=(redis-server)
    [[ -x /usr/bin/chromium ]] || missing+=(chromium)
    # Without a Korean font, Chromium draws the Korean pages' screenshots as empty boxes.
    [[ -n $(fc-list :lang=ko 2>/dev/null) ]] || missing+=(fonts-nanum)
    if ((${#missing[@]} > 0)); then
        echo "Installing ${missing[*]}..."
        as_root apt-get update -q
        as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${missing[@]}"
    fi
    # promtool checks and unit-tests deploy/prometheus; it comes with the prometheus package, whose server
    # (and recommended exporters) the tests do not want running.
    if ! command -v promtool >/dev/null; then
        echo "Installing prometheus (for promtool)..."
        ((${#missing[@]} > 0)) || as_root apt-get update -q
        without_service_starts as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends prometheus
    fi
}

# Runs a package install with invoke-rc.d refusing to start services (policy-rc.d exiting 101), unless the
# machine already has a policy of its own.
without_service_starts() {
    local policy=/usr/sbin/policy-rc.d status=0
    if [[ -e $policy ]]; then
        "$@"
        return
    fi
    as_root sh -c "printf '#!/bin/sh\\nexit 101\\n' >$policy && chmod +x $policy"
    "$@" || status=$?
    as_root rm -f "$policy"
    return "$status"
}

start_redis() {
    start_redis_server "$redis_port" "$state_dir/redis"
    export AICT_TEST_REDIS="127.0.0.1:$redis_port"
}

# Microsoft.NET.Test.Sdk marks test projects, wherever they sit in the solution.
test_projects() {
    local project
    for project in $(dotnet sln Aict.Identity.sln list | grep '\.csproj$'); do
        if [[ $(dotnet msbuild "$project" -getProperty:IsTestProject </dev/null) == true ]]; then
            echo "$project"
        fi
    done
}

# Reads one of the trx <Counters> attributes (passed, failed, ...); 0 when the file is missing.
trx_counter() {
    local trx=$1 name=$2
    [[ -f $trx ]] || { echo 0; return; }
    grep -o '<Counters [^>]*>' "$trx" | grep -o " $name=\"[0-9]*\"" | grep -o '[0-9]\+' || echo 0
}

install_missing_packages
start_postgres
export AICT_TEST_POSTGRES="$postgres_connection"
start_redis

if ! dotnet build Aict.Identity.sln -c "$configuration"; then
    echo "The build failed; no test ran." >&2
    echo "0 passed, 0 failed"
    exit 1
fi

mapfile -t projects < <(test_projects)
rm -rf "$results_dir"
passed=0
failed=0
for project in "${projects[@]}"; do
    name="$(basename "$project" .csproj)"
    trx="$results_dir/$name.trx"
    exit_code=0
    dotnet test "$project" --no-build -c "$configuration" \
        --logger "trx;LogFileName=$name.trx" --results-directory "$results_dir" || exit_code=$?
    project_passed="$(trx_counter "$trx" passed)"
    project_failed="$(trx_counter "$trx" failed)"
    # A test host that crashed leaves no failed test behind; the run still failed.
    if ((exit_code != 0 && project_failed == 0)); then
        echo "$name: the test run failed (exit code $exit_code) without reporting a failed test." >&2
        project_failed=1
    fi
    passed=$((passed + project_passed))
    failed=$((failed + project_failed))
done

if ((passed + failed == 0)); then
    echo "No test ran." >&2
    echo "0 passed, 0 failed"
    exit 1
fi
echo "$passed passed, $failed failed"
((failed == 0))
