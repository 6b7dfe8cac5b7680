#!/usr/bin/env bash
# Reproduces the end-to-end figures of bench/RESULTS.md: starts a ticketd server on a
# fresh data directory (loopback, a free port), runs every phase of `ticketd load`
# after a warm-up, writes the figures as JSON, and stops the server.
#
#   bench/run-load.sh [fsync|none] [extra ticketd load options...]
#
# Environment: OUT (where the JSON goes; default bench/results), SERVER_JAVA_OPTS
# (server JVM options, e.g. -Xmx1g), TICKETS (per ingest phase, default 3000000, so
# that ingest-batch runs for its DURATION), DURATION (seconds per phase, default 15),
# WARMUP (seconds, default 20).
set -euo pipefail

durability="${1:-fsync}"
shift || true
source "$(dirname "${BASH_SOURCE[0]}")/server.sh"
out="${OUT:-$root/bench/results}"
mkdir -p "$out"
start_server run-load "$durability" "${SERVER_JAVA_OPTS:-}"

JAVA_OPTS="-Djava.io.tmpdir=$work" "$root/tools/bin/ticketd" load \
  --url "$url" --admin-credentials "$admin_credentials" --server-pid "$server_pid" \
  --tickets "${TICKETS:-3000000}" --duration "${DURATION:-15}" --warmup "${WARMUP:-20}" \
  --json "$out/load-$durability.json" "$@"
echo "run-load: figures in $out/load-$durability.json" >&2
