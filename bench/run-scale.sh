#!/usr/bin/env bash
# The memory and scale figure of bench/RESULTS.md: one server with a 1 GiB heap
# (-Xmx1g) on a fresh data directory; page latency is measured over a small
# account of 200,000 tickets first, then the journal is filled to 10 million
# tickets by another account, then the same measurement runs again over a new
# account of 200,000 tickets. Every `ticketd load` run verifies what it sent.
#
#   bench/run-scale.sh [fsync|none]
#
# Environment: OUT (where the JSON goes; default bench/results), FILL (tickets of
# the filling run, default 9600000), TICKETS (tickets of each measured account,
# default 200000), DURATION (seconds per page phase, default 15).
set -euo pipefail

durability="${1:-fsync}"
root="$(cd -P "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
out="${OUT:-$root/bench/results}"
work="$(mktemp -d -t ticketd-scale.XXXXXX)"
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
  echo "run-scale: no free port found" >&2
  exit 1
}

server_memory() {
  # peak resident set and the journal and index sizes, for RESULTS.md
  echo "run-scale: $1: server $(grep -E 'VmHWM|VmRSS' "/proc/$server_pid/status" | tr -s ' \n' ' ');" \
    "journal $(du -sh "$work/data/journal" | cut -f1), index $(du -sh "$work/data/index" | cut -f1)" >&2
}

mkdir -p "$out"
port="$(free_port)"
url="http://127.0.0.1:$port"
echo "run-scale: durability $durability, -Xmx1g server on $url, data in $work" >&2
JAVA_OPTS="-Xmx1g -Djava.io.tmpdir=$work" "$root/tools/bin/ticketd" serve \
  --bind 127.0.0.1 --port "$port" --data-dir "$work/data" --durability "$durability" > "$work/server.log" 2>&1 &
server_pid=$!

for _ in $(seq 1 240); do
  if [ -f "$work/data/admin.credentials" ] && curl -fs "$url/health" > /dev/null 2>&1; then
    break
  fi
  if ! kill -0 "$server_pid" 2>/dev/null; then
    echo "run-scale: the server exited; its log:" >&2
    cat "$work/server.log" >&2
    exit 1
  fi
  sleep 0.5
done

load() {
  JAVA_OPTS="-Djava.io.tmpdir=$work" "$root/tools/bin/ticketd" load --url "$url" \
    --admin-credentials "$work/data/admin.credentials" --server-pid "$server_pid" "$@"
}

tickets="${TICKETS:-200000}"
duration="${DURATION:-15}"
load --tickets "$tickets" --duration "$duration" --warmup 20 --phase ingest-batch,page-1t,page-2t \
  --json "$out/scale-$durability-small.json"
server_memory "after $tickets tickets"

load --tickets "${FILL:-9600000}" --duration 900 --seed 7 --phase ingest-batch \
  --json "$out/scale-$durability-fill.json"
server_memory "after the fill"

load --tickets "$tickets" --duration "$duration" --seed 43 --phase ingest-batch,page-1t,page-2t \
  --json "$out/scale-$durability-large.json"
server_memory "at the end"
echo "run-scale: figures in $out/scale-$durability-{small,fill,large}.json" >&2
