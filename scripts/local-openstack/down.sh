#!/usr/bin/env bash
# Stops what up.sh started, and nothing else: every service was started with setsid, so its pid file
# names a process-group leader, and the whole group is signalled (uwsgi workers, rabbit's beam, ...).
set -uo pipefail
source "$(dirname "$0")/common.sh"

[ -d "$PIDS" ] && ls "$PIDS"/*.pid >/dev/null 2>&1 || { say "not running (no pid files under $PIDS)"; exit 0; }

order=""
for entry in $SERVICES; do order="${entry%%:*} $order"; done
for name in $order; do
  f=$PIDS/$name.pid
  [ -f "$f" ] || continue
  pgid=$(cat "$f")
  if group_alive "$pgid"; then
    kill -TERM -- "-$pgid" 2>/dev/null
    for _ in $(seq 1 50); do group_alive "$pgid" || break; sleep 0.2; done
    if group_alive "$pgid"; then
      say "$name ($pgid) ignored SIGTERM for 10 s: SIGKILL"
      kill -KILL -- "-$pgid" 2>/dev/null
    fi
    say "stopped $name"
  fi
  rm -f "$f"
done
say "local cloud stopped (state kept in $STATE_ROOT until the next cloud:up)"
