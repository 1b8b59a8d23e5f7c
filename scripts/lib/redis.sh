# Shared by scripts/test.sh and scripts/fleet-services.sh (source it): a redis-server of their own on loopback.

# start_redis_server <port> <state directory>: starts redis-server there unless one already answers; keeps nothing
# (no snapshots, no append-only file) and returns once it answers.
start_redis_server() {
    local port=$1 dir=$2
    mkdir -p "$dir"
    if ! redis-cli -p "$port" ping >/dev/null 2>&1; then
        redis-server --port "$port" --bind 127.0.0.1 --save '' --appendonly no --daemonize yes \
            --pidfile "$dir/redis.pid" --logfile "$dir/redis.log" --dir "$dir"
        for _ in $(seq 1 20); do
            redis-cli -p "$port" ping >/dev/null 2>&1 && break
            sleep 0.5
        done
        redis-cli -p "$port" ping >/dev/null
    fi
}
