#!/usr/bin/env bash
# ingest-batch from ticketd load, and beside it paced.py asking GET /health RATE times a second (default 1,000)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"; source "$here/../../../server.sh"
start_server hm fsync ""
JAVA_OPTS="-Djava.io.tmpdir=$work" "$root/tools/bin/ticketd" load --url "$url" --admin-credentials "$admin_credentials" \
  --server-pid "$server_pid" --tickets 5000000 --duration 25 --warmup 10 --phase ingest-batch > "$work/load.out" 2>&1 &
lp=$!
sleep 22
python3 "$here/paced.py" 127.0.0.1 "${url##*:}" "${RATE:-1000}" 10 > "$work/health.out" 2>&1
wait $lp || true
grep -E "^ingest" "$work/load.out"; cat "$work/health.out"
