#!/usr/bin/env bash
# The memory and scale figure of bench/RESULTS.md: one server with a 1 GiB heap
# (-Xmx1g) on a fresh data directory; page latency is measured over a small
# account of 200,000 tickets first (plus what the 20 s warm-up sends it: up to
# 200,000 tickets in batches and some 200,000 single ones), then the journal is
# filled to 10 million tickets by another account, then the same measurement
# runs again over a new account of 200,000 tickets. Every `ticketd load` run
# verifies what it sent.
#
#   bench/run-scale.sh [fsync|none]
#
# Environment: OUT (where the JSON goes; default bench/results), FILL (tickets of
# the filling run, default 9600000), TICKETS (tickets of each measured account,
# default 200000), DURATION (seconds per page phase, default 15).
set -euo pipefail

durability="${1:-fsync}"
source "$(dirname "${BASH_SOURCE[0]}")/server.sh"
out="${OUT:-$root/bench/results}"
mkdir -p "$out"
start_server run-scale "$durability" -Xmx1g

server_memory() {
  # resident set (peak; now, split into anonymous memory and mapped file pages), and the
  # journal's and index's sizes, for RESULTS.md
  echo "run-scale: $1: server $(grep -E 'VmHWM|VmRSS|RssAnon|RssFile' "/proc/$server_pid/status" | tr -s ' \n' ' ');" \
    "journal $(du -sh "$work/data/journal" | cut -f1), index $(du -sh "$work/data/index" | cut -f1)" >&2
}

load() {
  JAVA_OPTS="-Djava.io.tmpdir=$work" "$root/tools/bin/ticketd" load --url "$url" \
    --admin-credentials "$admin_credentials" --server-pid "$server_pid" "$@"
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
