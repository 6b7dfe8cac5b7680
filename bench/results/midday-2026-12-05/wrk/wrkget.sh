#!/usr/bin/env bash
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"; source "$here/../../../server.sh"
start_server wrkget fsync ""
wrk -t2 -c32 -d5s "$url/health" > /dev/null 2>&1
read -r s1 < <(awk '{print $14+$15}' /proc/$server_pid/stat)
wrk --latency -t2 -c32 -d10s "$url/health" > "$work/wrkget.out" 2>&1 &
wp=$!; sleep 1; wpid=$(pgrep -n -x wrk); read -r w1 < <(awk '{print $14+$15}' /proc/$wpid/stat); sleep 8; read -r w2 < <(awk '{print $14+$15}' /proc/$wpid/stat); wait $wp
read -r s2 < <(awk '{print $14+$15}' /proc/$server_pid/stat)
grep -E "Requests/sec|  50%|  99%" "$work/wrkget.out"; echo "wrk CPU $((w2-w1)) ticks in 8 s; server CPU $((s2-s1)) ticks in 10 s"
