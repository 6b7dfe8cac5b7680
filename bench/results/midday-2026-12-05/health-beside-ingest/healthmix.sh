#!/usr/bin/env bash
# ingest-batch from ticketd load, and beside it one wrk connection asking GET /health as fast as answered
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"; source "$here/../../../server.sh"
start_server hm fsync ""
JAVA_OPTS="-Djava.io.tmpdir=$work" /work/main/tools/bin/ticketd load --url "$url" --admin-credentials "$admin_credentials" \
  --server-pid "$server_pid" --tickets 5000000 --duration 25 --warmup 10 --phase ingest-batch > "$work/load.out" 2>&1 &
lp=$!
sleep 22
python3 "$here/paced.py" 127.0.0.1 "${url##*:}" "${RATE:-1000}" 10 > "$work/wrk.out" 2>&1
wait $lp || true
grep -E "^ingest" "$work/load.out"; cat "$work/wrk.out"
