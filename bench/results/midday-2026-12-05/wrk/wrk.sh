#!/usr/bin/env bash
# usage: wrk.sh DURABILITY CONNECTIONS SECONDS : ticketd server + wrk single-ticket POSTs
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"; source "$here/../../../server.sh"
start_server wrk "$1" "${SERVER_OPTS:-}"
A="X-API-Key $(cat $admin_credentials)"; J='Content-Type: application/json'
acc=$(curl -s -H "Authorization: $A" -H "$J" -X POST $url/admin/v1/accounts -d '{"name":"wrk"}' | python3 -c 'import json,sys;print(json.load(sys.stdin)["content"]["accountId"])')
curl -s -o /dev/null -H "Authorization: $A" -H "$J" -X POST $url/admin/v1/accounts/$acc/stores -d '{"storeId":"S0000","name":"s"}'
export TEMPLATE="$here/template.txt"
export CRED=$(curl -s -H "Authorization: $A" -H "$J" -X POST $url/admin/v1/stores/S0000/credentials | python3 -c 'import json,sys;d=json.load(sys.stdin)["content"];print("AKI=%s;AKS=%s"%(d["keyId"],d["secret"]))')
wrk -t2 -c"$2" -d10s -s "$here/post.lua" "$url" > /dev/null 2>&1   # warm-up
read -r s1 < <(awk '{print $14+$15}' /proc/$server_pid/stat)
wrk --latency -t2 -c"$2" -d"$3"s -s "$here/post.lua" "$url" > "$work/wrk.out" 2>&1 &
wp=$!; sleep 1; wpid=$(pgrep -n -x wrk); read -r w1 < <(awk "{print \$14+\$15}" /proc/$wpid/stat); sleep $(( $3 - 2 )); read -r w2 < <(awk "{print \$14+\$15}" /proc/$wpid/stat); wait $wp; echo "wrk CPU: $(( w2 - w1 )) ticks in $(( $3 - 2 )) s"
read -r s2 < <(awk '{print $14+$15}' /proc/$server_pid/stat)
grep -E "Requests/sec|Latency|  50%|  99%|Non-2xx|requests in" "$work/wrk.out"
echo "server CPU: $(awk -v t=$(( s2 - s1 )) 'BEGIN { printf "%.2f", t / 100 }') s in $3 s"
