#!/usr/bin/env bash
# Starts a real OpenStack (Debian bookworm's Zed packages) on 127.0.0.1: MariaDB (socket only), RabbitMQ,
# memcached, Keystone, Placement, Glance (file store), Neutron (ML2 without agents), Nova with the fake
# virt driver and Cinder with a file-backed volume driver. No systemd: every daemon runs in its own
# process group with a pid file under .local-openstack/pids, so down.sh stops exactly these. State is
# recreated on each start.
#
# Environment: LOCAL_OPENSTACK_STATE (state folder), ADMIN_PASS, DEMO_PASS, SERVICE_PASS, DB_PASS.
set -euo pipefail
T0=$(date +%s%N)
source "$(dirname "$0")/common.sh"
source "$LOCAL_OPENSTACK_DIR/configs.sh"

ADMIN_PASS=${ADMIN_PASS:-admin-local-pass}
DEMO_PASS=${DEMO_PASS:-demo-local-pass}
SERVICE_PASS=${SERVICE_PASS:-service-local-pass}
DB_PASS=${DB_PASS:-db-local-pass}
MYSQL_SOCKET=$DATA/mysql/mysqld.sock
TRANSPORT_URL="rabbit://guest:guest@127.0.0.1:5672/"
# the port the image-import tests serve files on (Glance's import filter allows it)
GLANCE_IMPORT_TEST_PORT=18475

# ------------------------------------------------------------------ preflight
if [ -n "$(running_services)" ]; then
  expected=$(for e in $SERVICES; do echo "${e%%:*}"; done | sort)
  if [ "$(running_services | sort)" = "$expected" ] && curl -sf -o /dev/null -m 3 "$KEYSTONE_URL/v3"; then
    say "already up ($STATE_ROOT); clouds.yaml: $STATE_ROOT/clouds.yaml"
    exit 0
  fi
  die "a part of an earlier local cloud still runs ($(running_services | tr '\n' ' ')); run 'npm run cloud:down' first"
fi

[ -r /etc/debian_version ] && command -v dpkg-query >/dev/null ||
  die "the local cloud is built from Debian bookworm packages and this is not Debian. Use an existing cloud instead: put it in clouds.yaml and set OS_CLOUD=<name>"
if ! "$LOCAL_OPENSTACK_DIR/install.sh" --check >/dev/null 2>&1; then
  [ "$(id -u)" = 0 ] || die "OpenStack packages are missing and installing them needs root (sudo npm run cloud:up), or use an existing cloud with OS_CLOUD=<name>"
  say "installing Debian's OpenStack packages (about 4-5 minutes on a new machine; log: $STATE_ROOT/install.log)"
  mkdir -p "$STATE_ROOT"
  "$LOCAL_OPENSTACK_DIR/install.sh" >"$STATE_ROOT/install.log" 2>&1 || {
    tail -25 "$STATE_ROOT/install.log" >&2
    die "package installation failed (full log: $STATE_ROOT/install.log)"
  }
fi
say "packages present"
[ "$(id -u)" = 0 ] || die "the services run as root inside this sandboxed test machine: run as root (sudo npm run cloud:up)"

taken=""
for entry in $SERVICES 25672:25672; do
  port=${entry##*:}
  [ "$port" = - ] && continue
  port_open "$port" && taken="$taken ${entry%%:*}:$port"
done
[ -z "$taken" ] || die "ports already in use on 127.0.0.1:$taken. Stop what listens there (another OpenStack or a leftover of this one: 'npm run cloud:down'), or use that cloud with OS_CLOUD=<name>"

rm -rf "$ETC" "$LOG" "$PIDS" "$DATA"
mkdir -p "$LOG" "$PIDS" "$DATA"/{mysql,rabbit,keystone/fernet-keys,keystone/credential-keys,locks} \
  "$DATA"/glance/{images,staging,tasks} "$DATA"/nova/instances "$DATA"/neutron "$DATA"/cinder/volumes
write_configs

# ------------------------------------------------------------------ helpers
start() { # name command...: a new session, so the pid is a process-group leader down.sh can signal
  local name=$1
  shift
  setsid "$@" >"$LOG/$name.log" 2>&1 </dev/null &
  echo $! >"$PIDS/$name.pid"
}
# Wait for a check to pass; on timeout name the service and show the end of its log.
wait_for() { # name timeout-seconds logfile command...
  local name=$1 timeout=$2 logfile=$3
  shift 3
  local deadline=$(($(date +%s) + timeout))
  until "$@" >/dev/null 2>&1; do
    if [ "$(date +%s)" -ge "$deadline" ]; then
      echo "---- last lines of $logfile ----" >&2
      tail -20 "$logfile" >&2 2>/dev/null || true
      die "$name did not answer within ${timeout}s"
    fi
    if [ -f "$PIDS/$name.pid" ] && ! group_alive "$(cat "$PIDS/$name.pid")"; then
      echo "---- last lines of $logfile ----" >&2
      tail -20 "$logfile" >&2 2>/dev/null || true
      die "$name exited while starting"
    fi
    sleep 0.2
  done
  say "$name up"
}
http_up() { curl -s -o /dev/null -m 2 "$1"; }
uwsgi_start() { # name port wsgi-script processes env...
  local name=$1 port=$2 script=$3 procs=$4
  shift 4
  # Connection: close because uwsgi's http-socket resets reused connections;
  # die-on-term so SIGTERM stops uwsgi instead of reloading it.
  start "$name" env "$@" /usr/bin/uwsgi --plugin python3 --master --die-on-term \
    --http-socket "127.0.0.1:$port" --wsgi-file "$script" --processes "$procs" --threads 1 \
    --need-app --lazy-apps --buffer-size 65535 --thunder-lock --enable-threads \
    --add-header 'Connection: close' --ignore-sigpipe --ignore-write-errors --disable-write-exception
}
declare -A SYNC_PID
db_sync() { # name command...: runs in the background; db_synced waits for it
  local name=$1
  shift
  ("$@") >"$LOG/$name-dbsync.log" 2>&1 &
  SYNC_PID[$name]=$!
}
db_synced() {
  wait "${SYNC_PID[$1]}" || {
    tail -20 "$LOG/$1-dbsync.log" >&2
    die "$1 database migration failed (log: $LOG/$1-dbsync.log)"
  }
  say "$1 database ready"
}

# ------------------------------------------------------------------ infrastructure
mariadb-install-db --no-defaults --datadir="$DATA/mysql/data" --user=root --skip-test-db \
  --auth-root-authentication-method=socket >"$LOG/mysql-install.log" 2>&1
start mysql /usr/sbin/mariadbd --no-defaults --user=root --datadir="$DATA/mysql/data" \
  --socket="$MYSQL_SOCKET" --pid-file="$DATA/mysql/mysqld.pid" --skip-networking --skip-name-resolve \
  --character-set-server=utf8mb4 --collation-server=utf8mb4_general_ci --innodb-buffer-pool-size=256M \
  --innodb-flush-log-at-trx-commit=0 --innodb-doublewrite=0 --max-connections=1000 --skip-log-bin \
  --log-error="$LOG/mysql.err"
start memcached memcached -l 127.0.0.1 -p 11211 -U 0 -m 64 -c 1024 -u root

export RABBITMQ_NODENAME=rabbit@localhost RABBITMQ_NODE_IP_ADDRESS=127.0.0.1 RABBITMQ_NODE_PORT=5672 \
  RABBITMQ_DIST_PORT=25672 ERL_EPMD_ADDRESS=127.0.0.1 RABBITMQ_MNESIA_BASE=$DATA/rabbit/mnesia \
  RABBITMQ_LOG_BASE=$LOG/rabbit RABBITMQ_ENABLED_PLUGINS_FILE=$DATA/rabbit/enabled_plugins \
  RABBITMQ_CONFIG_FILE=$DATA/rabbit/rabbitmq RABBITMQ_PID_FILE=$DATA/rabbit/rabbit.pid \
  RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS="-kernel inet_dist_use_interface {127,0,0,1}"
echo '[].' >"$DATA/rabbit/enabled_plugins"
printf 'listeners.tcp.default = 127.0.0.1:5672\nloopback_users.guest = true\n' >"$DATA/rabbit/rabbitmq.conf"
start epmd env HOME="$DATA/rabbit" epmd -address 127.0.0.1
sleep 0.3
start rabbitmq env HOME="$DATA/rabbit" /usr/lib/rabbitmq/bin/rabbitmq-server

wait_for mysql 60 "$LOG/mysql.err" mariadb -S "$MYSQL_SOCKET" -uroot -e 'select 1'
sql=""
for db in keystone glance neutron nova nova_api nova_cell0 placement cinder; do
  sql+="CREATE DATABASE IF NOT EXISTS $db CHARACTER SET utf8;"
  sql+="CREATE USER IF NOT EXISTS '$db'@'localhost' IDENTIFIED BY '$DB_PASS';"
  sql+="GRANT ALL ON $db.* TO '$db'@'localhost';"
done
mariadb -S "$MYSQL_SOCKET" -uroot -e "$sql"

# ------------------------------------------------------------------ schemas, all at once (CPU-bound)
keystone_sync() {
  local km="keystone-manage --config-file $ETC/keystone/keystone.conf"
  $km db_sync
  $km fernet_setup --keystone-user root --keystone-group root
  $km credential_setup --keystone-user root --keystone-group root
  $km bootstrap --bootstrap-password "$ADMIN_PASS" --bootstrap-username admin \
    --bootstrap-project-name admin --bootstrap-role-name admin --bootstrap-service-name keystone \
    --bootstrap-region-id RegionOne --bootstrap-admin-url "$KEYSTONE_URL/v3" \
    --bootstrap-internal-url "$KEYSTONE_URL/v3" --bootstrap-public-url "$KEYSTONE_URL/v3"
  chmod -R go-rwx "$DATA/keystone"
}
nova_sync() {
  local nm="nova-manage --config-file $ETC/nova/nova.conf"
  $nm api_db sync
  $nm cell_v2 map_cell0 --database_connection "$(dburl nova_cell0)"
  $nm cell_v2 create_cell --name cell1 --transport-url "$TRANSPORT_URL" --database_connection "$(dburl nova)"
  $nm db sync
}
db_sync keystone keystone_sync
db_sync glance glance-manage --config-file "$ETC/glance/glance-api.conf" db_sync
db_sync neutron neutron-db-manage --config-file "$ETC/neutron/neutron.conf" \
  --config-file "$ETC/neutron/plugins/ml2/ml2_conf.ini" upgrade heads
db_sync placement placement-manage --config-dir "$ETC/placement" db sync
db_sync nova nova_sync
db_sync cinder cinder-manage --config-file "$ETC/cinder/cinder.conf" db sync

# ------------------------------------------------------------------ services
db_synced keystone
uwsgi_start keystone 5000 /usr/bin/keystone-wsgi-public 2 OS_KEYSTONE_CONFIG_DIR="$ETC/keystone"
(
  until http_up "$KEYSTONE_URL/v3"; do sleep 0.2; done
  ADMIN_PASS=$ADMIN_PASS DEMO_PASS=$DEMO_PASS SERVICE_PASS=$SERVICE_PASS \
    node "$LOCAL_OPENSTACK_DIR/seed.mjs" identity
) >"$LOG/seed-identity.log" 2>&1 &
identity_seed=$!

db_synced placement
uwsgi_start placement 8778 /usr/bin/placement-api 1 OS_PLACEMENT_CONFIG_DIR="$ETC/placement"
db_synced glance
start glance-api glance-api --config-file "$ETC/glance/glance-api.conf"
db_synced neutron
start neutron-server env PYTHONPATH="$LOCAL_OPENSTACK_DIR/neutron-plugin" neutron-server \
  --config-file "$ETC/neutron/neutron.conf" --config-file "$ETC/neutron/plugins/ml2/ml2_conf.ini"
db_synced nova
uwsgi_start nova-api 8774 /usr/bin/nova-api-wsgi 2 OS_NOVA_CONFIG_DIR="$ETC/nova"
wait_for rabbitmq 60 "$LOG/rabbitmq.log" port_open 5672
start nova-conductor nova-conductor --config-file "$ETC/nova/nova.conf"
start nova-scheduler nova-scheduler --config-file "$ETC/nova/nova.conf"
# run from python3-nova: Debian's nova-compute package would pull in libvirt and qemu
start nova-compute python3 -c 'import sys; from nova.cmd.compute import main; sys.exit(main())' \
  --config-file "$ETC/nova/nova.conf" --log-file "$LOG/nova-compute.log"

db_synced cinder
start cinder-api cinder-api --config-file "$ETC/cinder/cinder.conf"
start cinder-scheduler cinder-scheduler --config-file "$ETC/cinder/cinder.conf"
start cinder-volume env PYTHONPATH="$LOCAL_OPENSTACK_DIR/cinder-driver" cinder-volume \
  --config-file "$ETC/cinder/cinder.conf"

wait "$identity_seed" || {
  tail -20 "$LOG/seed-identity.log" >&2
  die "creating users, services and endpoints in Keystone failed (log: $LOG/seed-identity.log)"
}
say "keystone users, services and endpoints created"
wait_for keystone 60 "$LOG/keystone.log" http_up "$KEYSTONE_URL/v3"
wait_for placement 90 "$LOG/placement.log" http_up http://127.0.0.1:8778/
wait_for glance-api 90 "$LOG/glance-api.log" http_up http://127.0.0.1:9292/
wait_for neutron-server 90 "$LOG/neutron-server.log" http_up http://127.0.0.1:9696/
wait_for nova-api 90 "$LOG/nova-api.log" http_up http://127.0.0.1:8774/
wait_for cinder-api 90 "$LOG/cinder-api.log" http_up http://127.0.0.1:8776/
# logged once the volume service has set up its driver and sent the scheduler its capacity
volume_backend_up() { grep -q "Driver post RPC initialization completed successfully" "$LOG/cinder-volume.log"; }
compute_registered() {
  mariadb -S "$MYSQL_SOCKET" -uroot -N nova -e "select count(*) from compute_nodes where deleted=0" | grep -qv '^0$'
}
wait_for nova-compute 120 "$LOG/nova-compute.log" compute_registered
nova-manage --config-file "$ETC/nova/nova.conf" cell_v2 discover_hosts >"$LOG/nova-discover.log" 2>&1
say "compute host mapped to cell1"
wait_for cinder-volume 90 "$LOG/cinder-volume.log" volume_backend_up

# ------------------------------------------------------------------ client configuration and seed data
umask 077
cat >"$STATE_ROOT/clouds.yaml" <<EOT
# Generated by scripts/local-openstack/up.sh for the local test cloud on 127.0.0.1.
clouds:
  local-admin:
    auth:
      auth_url: $KEYSTONE_URL/v3
      username: admin
      password: "$ADMIN_PASS"
      project_name: admin
      user_domain_name: Default
      project_domain_name: Default
    region_name: RegionOne
    interface: public
    identity_api_version: 3
  local-demo:
    auth:
      auth_url: $KEYSTONE_URL/v3
      username: demo
      password: "$DEMO_PASS"
      project_name: demo
      user_domain_name: Default
      project_domain_name: Default
    region_name: RegionOne
    interface: public
    identity_api_version: 3
EOT
cat >"$STATE_ROOT/openrc" <<EOT
# source this file to use the local cloud as admin with the openstack CLI
export OS_AUTH_URL=$KEYSTONE_URL/v3 OS_IDENTITY_API_VERSION=3 OS_REGION_NAME=RegionOne OS_INTERFACE=public
export OS_USERNAME=admin OS_PASSWORD='$ADMIN_PASS' OS_PROJECT_NAME=admin
export OS_USER_DOMAIN_NAME=Default OS_PROJECT_DOMAIN_NAME=Default
EOT
ADMIN_PASS=$ADMIN_PASS node "$LOCAL_OPENSTACK_DIR/seed.mjs" resources >"$LOG/seed-resources.log" 2>&1 || {
  tail -20 "$LOG/seed-resources.log" >&2
  die "seeding flavors, the public network and the image failed (log: $LOG/seed-resources.log)"
}
say "seeded: $(tail -1 "$LOG/seed-resources.log")"
say "local cloud up. OS_CLIENT_CONFIG_FILE=$STATE_ROOT/clouds.yaml OS_CLOUD=local-demo (or local-admin)"
