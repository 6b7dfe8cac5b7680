# Sourced by bench/run-load.sh and bench/run-scale.sh: starts a ticketd server on a fresh
# data directory on a free loopback port, and stops it (and removes the directory) on exit.
#
#   start_server NAME DURABILITY [extra server JAVA_OPTS]
#
# sets: root, work (the scratch directory), server_pid, url, admin_credentials.

root="$(cd -P "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
server_pid=""

stop_server() {
  if [ -n "$server_pid" ] && kill -0 "$server_pid" 2>/dev/null; then
    kill -TERM "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
  fi
  if [ -n "${work:-}" ]; then
    rm -rf "$work"
  fi
}
trap stop_server EXIT

free_port() {
  local port
  for _ in $(seq 1 50); do
    port=$((20000 + RANDOM % 40000))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      echo "$port"
      return
    fi
  done
  echo "$1: no free port found" >&2
  exit 1
}

start_server() {
  local name="$1" durability="$2" java_opts="${3:-}" port
  work="$(mktemp -d -t "ticketd-$name.XXXXXX")"
  port="$(free_port "$name")"
  url="http://127.0.0.1:$port"
  admin_credentials="$work/data/admin.credentials"
  echo "$name: durability $durability, server on $url, data in $work" >&2
  JAVA_OPTS="-Djava.io.tmpdir=$work $java_opts" "$root/tools/bin/ticketd" serve \
    --bind 127.0.0.1 --port "$port" --data-dir "$work/data" --durability "$durability" > "$work/server.log" 2>&1 &
  server_pid=$!
  for _ in $(seq 1 240); do
    if [ -f "$admin_credentials" ] && curl -fs "$url/health" > /dev/null 2>&1; then
      return
    fi
    if ! kill -0 "$server_pid" 2>/dev/null; then
      echo "$name: the server exited; its log:" >&2
      cat "$work/server.log" >&2
      exit 1
    fi
    sleep 0.5
  done
  echo "$name: the server did not answer /health within 2 minutes" >&2
  exit 1
}
