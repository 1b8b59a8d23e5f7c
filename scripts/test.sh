#!/usr/bin/env bash
# The one command that runs every test: installs and starts what the tests need (PostgreSQL, Redis,
# Chromium and a Korean font) on a fresh Debian machine, builds once, runs every test project and prints one summary line.
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo_root"

configuration=Release
state_dir="$repo_root/.test-state"
results_dir="$repo_root/TestResults"
redis_port=6390

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
}

start_postgres() {
    local version port status
    version="$(postgres_major_version)"
    if ! pg_lsclusters -h | awk -v v="$version" '$1 == v && $2 == "main" { found = 1 } END { exit !found }'; then
        as_root pg_createcluster "$version" main
    fi
    read -r port status < <(pg_lsclusters -h | awk -v v="$version" '$1 == v && $2 == "main" { print $3, $4 }')
    # No systemd here: the cluster is started by hand and stays up between runs.
    [[ $status == online ]] || as_root pg_ctlcluster "$version" main start

    for _ in $(seq 1 30); do
        pg_isready -q -h 127.0.0.1 -p "$port" && break
        sleep 1
    done
    pg_isready -h 127.0.0.1 -p "$port"

    # Tests create and drop their own databases: the role needs CREATEDB, and pg_signal_backend to drop them at once.
    as_root su postgres -c "cd / && psql -q -v ON_ERROR_STOP=1 -p $port" <<'SQL'
DO $$
BEGIN
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'aict') THEN
        CREATE ROLE aict;
    END IF;
END
$$;
ALTER ROLE aict WITH LOGIN CREATEDB PASSWORD 'aict';
-- DROP DATABASE ... WITH (FORCE) must be able to end an autovacuum worker on a test database.
GRANT pg_signal_backend TO aict;
SQL
    export AICT_TEST_POSTGRES="Host=127.0.0.1;Port=$port;Username=aict;Password=aict"
}

start_redis() {
    mkdir -p "$state_dir/redis"
    if ! redis-cli -p "$redis_port" ping >/dev/null 2>&1; then
        # Nothing to keep: no snapshots, no append-only file.
        redis-server --port "$redis_port" --bind 127.0.0.1 --save '' --appendonly no --daemonize yes \
            --pidfile "$state_dir/redis/redis.pid" --logfile "$state_dir/redis/redis.log" --dir "$state_dir/redis"
        for _ in $(seq 1 20); do
            redis-cli -p "$redis_port" ping >/dev/null 2>&1 && break
            sleep 0.5
        done
        redis-cli -p "$redis_port" ping >/dev/null
    fi
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
