# Shared by scripts/test.sh, scripts/fleet-services.sh and benchmarks/Protocol/run.sh (source it): root commands and the local PostgreSQL
# cluster with the `aict` role that tests and benchmarks connect as.

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

# Starts the newest installed cluster (created if missing) and sets postgres_connection to its connection string.
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
    postgres_connection="Host=127.0.0.1;Port=$port;Username=aict;Password=aict"
}

