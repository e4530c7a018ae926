#!/usr/bin/env bash
# Stops what up.sh started, and nothing else: every service was started with setsid, so its pid file
# names a process-group leader, and the whole group is signalled (uwsgi workers, rabbit's beam, ...).
set -uo pipefail
source "$(dirname "$0")/common.sh"

[ -d "$PIDS" ] && ls "$PIDS"/*.pid >/dev/null 2>&1 || { say "not running (no pid files under $PIDS)"; exit 0; }

# SIGTERM to every group at once (order does not matter for a throwaway cloud), then SIGKILL what is
# still there after 10 s.
stopping=""
for f in "$PIDS"/*.pid; do
  name=$(basename "$f" .pid)
  pgid=$(cat "$f")
  if group_alive "$pgid"; then
    kill -TERM -- "-$pgid" 2>/dev/null
    stopping="$stopping $name:$pgid"
  fi
done
for _ in $(seq 1 50); do
  left=""
  for entry in $stopping; do group_alive "${entry##*:}" && left="$left $entry"; done
  stopping=$left
  [ -z "$stopping" ] && break
  sleep 0.2
done
for entry in $stopping; do
  say "${entry%%:*} ignored SIGTERM for 10 s: SIGKILL"
  kill -KILL -- "-${entry##*:}" 2>/dev/null
done
rm -f "$PIDS"/*.pid
say "local cloud stopped (state kept in $STATE_ROOT until the next cloud:up)"
