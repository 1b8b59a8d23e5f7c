#!/usr/bin/env bash
# Fleet fault drills (issue 22): ./benchmarks/Fleet/drills.sh [--soak-minutes 30] [--staleness-bound 10] [--postgres-outage 15] [--note TEXT]
# Starts the fleet as processes on loopback (ports 5800-5851): a private PostgreSQL 15 cluster and redis-server of its own,
# two IdentityServer and two CommerceApi instances, the gateway; drives load through the gateway; kills an instance of each,
# stops PostgreSQL and Redis, soaks, then checks for lost writes. Prints a markdown report and writes
# benchmarks/results/fleet-drills.md. Every process it starts ends with it, also on Ctrl+C. How to read it: docs/fleet-drills.md.
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"

missing=()
command -v redis-server >/dev/null || missing+=(redis-server)
[[ -x /usr/lib/postgresql/15/bin/initdb ]] || missing+=(postgresql-15)
if ((${#missing[@]} > 0)); then
    echo "Missing: ${missing[*]} (apt-get install ${missing[*]})." >&2
    exit 1
fi

dotnet build "$repo/benchmarks/Protocol" -c Release --nologo -v q >/dev/null
# exec: Ctrl+C and kill reach the driver itself, which stops every process it started.
exec dotnet "$repo/benchmarks/Protocol/bin/Release/net10.0/Protocol.Benchmarks.dll" fleet-drills "$@"
