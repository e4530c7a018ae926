# Shared by up.sh, down.sh and status.sh: where the local cloud keeps its state, and small helpers.
# shellcheck shell=bash
LOCAL_OPENSTACK_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
PROJECT_DIR=$(cd "$LOCAL_OPENSTACK_DIR/../.." && pwd)
# Debian's python3 and the services' entry points, never a pyenv or venv shim that cannot see them.
export PATH=/usr/sbin:/usr/bin:/sbin:/bin:$PATH

STATE_ROOT=${LOCAL_OPENSTACK_STATE:-$PROJECT_DIR/.local-openstack}
ETC=$STATE_ROOT/etc
LOG=$STATE_ROOT/log
PIDS=$STATE_ROOT/pids
DATA=$STATE_ROOT/data

KEYSTONE_URL=http://127.0.0.1:5000
# name:port of every listener, in start order; down.sh stops them in reverse.
SERVICES="mysql:- memcached:11211 epmd:4369 rabbitmq:5672 keystone:5000 placement:8778 glance-api:9292
 neutron-server:9696 nova-api:8774 nova-conductor:- nova-scheduler:- nova-compute:-
 cinder-api:8776 cinder-scheduler:- cinder-volume:-"

T0=${T0:-$(date +%s%N)}
elapsed() { local d=$((($(date +%s%N) - T0) / 100000000)); printf '%3d.%ds' $((d / 10)) $((d % 10)); }
say() { echo "[local-openstack $(elapsed)] $*"; }
die() {
  echo "[local-openstack $(elapsed)] ERROR: $*" >&2
  exit 1
}

pid_alive() { [ -n "$1" ] && kill -0 "$1" 2>/dev/null; }
# true when a process group led by $1 still has members (the leader may be gone)
group_alive() { [ -n "$(ps -o pid= -g "$1" 2>/dev/null)" ]; }
port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# Names of the services with a pid file whose process group still runs.
running_services() {
  local f name
  for f in "$PIDS"/*.pid; do
    [ -e "$f" ] || continue
    name=$(basename "$f" .pid)
    group_alive "$(cat "$f")" && echo "$name"
  done
  return 0
}
