#!/usr/bin/env bash
# Reproduces the end-to-end figures of bench/RESULTS.md: starts a ticketd server on a
# fresh data directory (loopback, a free port), runs every phase of `ticketd load`
# after a warm-up, writes the figures as JSON, and stops the server.
#
#   bench/run-load.sh [fsync|none] [extra ticketd load options...]
#
# Environment: OUT (where the JSON goes; default bench/results), SERVER_JAVA_OPTS
# (server JVM options, e.g. -Xmx1g), TICKETS (per ingest phase, default 1000000),
# DURATION (seconds per phase, default 15), WARMUP (seconds, default 20).
set -euo pipefail

durability="${1:-fsync}"
shift || true
root="$(cd -P "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
out="${OUT:-$root/bench/results}"
work="$(mktemp -d -t ticketd-load.XXXXXX)"
server_pid=""

cleanup() {
  if [ -n "$server_pid" ] && kill -0 "$server_pid" 2>/dev/null; then
    kill -TERM "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT

free_port() {
  local port
  for _ in $(seq 1 50); do
    port=$((20000 + RANDOM % 40000))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      echo "$port"
      return
    fi
  done
  echo "run-load: no free port found" >&2
  exit 1
}

mkdir -p "$out"
port="$(free_port)"
echo "run-load: durability $durability, server on 127.0.0.1:$port, data in $work" >&2
JAVA_OPTS="-Djava.io.tmpdir=$work ${SERVER_JAVA_OPTS:-}" "$root/tools/bin/ticketd" serve \
  --bind 127.0.0.1 --port "$port" --data-dir "$work/data" --durability "$durability" > "$work/server.log" 2>&1 &
server_pid=$!

for _ in $(seq 1 240); do
  if [ -f "$work/data/admin.credentials" ] && curl -fs "http://127.0.0.1:$port/health" > /dev/null 2>&1; then
    break
  fi
  if ! kill -0 "$server_pid" 2>/dev/null; then
    echo "run-load: the server exited; its log:" >&2
    cat "$work/server.log" >&2
    exit 1
  fi
  sleep 0.5
done

JAVA_OPTS="-Djava.io.tmpdir=$work" "$root/tools/bin/ticketd" load \
  --url "http://127.0.0.1:$port" --admin-credentials "$work/data/admin.credentials" --server-pid "$server_pid" \
  --tickets "${TICKETS:-1000000}" --duration "${DURATION:-15}" --warmup "${WARMUP:-20}" \
  --json "$out/load-$durability.json" "$@"
status=$?
echo "run-load: figures in $out/load-$durability.json" >&2
exit $status
