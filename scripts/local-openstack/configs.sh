# Writes every service's configuration under $ETC. Sourced by up.sh, which sets the variables used here.
# shellcheck shell=bash

dburl() { echo "mysql+pymysql://$1:$DB_PASS@localhost/$1?unix_socket=$MYSQL_SOCKET&charset=utf8"; }

# [keystone_authtoken]-style section for a service user ($1).
service_auth() {
  cat <<EOT
auth_url = $KEYSTONE_URL
auth_type = password
project_domain_name = Default
user_domain_name = Default
project_name = service
username = $1
password = $SERVICE_PASS
region_name = RegionOne
EOT
}
authtoken() {
  service_auth "$1"
  cat <<EOT
www_authenticate_uri = $KEYSTONE_URL
# validating tokens costs Keystone hundreds of queries; cache the result
memcached_servers = 127.0.0.1:11211
EOT
}

write_configs() {
  mkdir -p "$ETC"/{keystone,glance,neutron/plugins/ml2,nova,placement}
  write_cinder_config

  cat >"$ETC/keystone/keystone.conf" <<EOT
[DEFAULT]
log_file = $LOG/keystone.log
[database]
connection = $(dburl keystone)
[token]
provider = fernet
# short enough that the token-refresh path is exercised by long test runs, long enough for a demo
expiration = 3600
[fernet_tokens]
key_repository = $DATA/keystone/fernet-keys
[fernet_receipts]
key_repository = $DATA/keystone/fernet-keys
[credential]
key_repository = $DATA/keystone/credential-keys
[cache]
enabled = true
backend = oslo_cache.memcache_pool
memcache_servers = 127.0.0.1:11211
[identity]
# bcrypt cost 4 instead of 12: a test cloud, where token issue speed matters more than brute-force cost
password_hash_rounds = 4
EOT

  cat >"$ETC/glance/glance-api.conf" <<EOT
[DEFAULT]
bind_host = 127.0.0.1
bind_port = 9292
workers = 1
log_file = $LOG/glance-api.log
enabled_backends = fs:file
enabled_import_methods = [glance-direct,web-download,copy-image]
[database]
connection = $(dburl glance)
[glance_store]
default_backend = fs
[fs]
filesystem_store_datadir = $DATA/glance/images/
[os_glance_staging_store]
filesystem_store_datadir = $DATA/glance/staging/
[os_glance_tasks_store]
filesystem_store_datadir = $DATA/glance/tasks/
[keystone_authtoken]
$(authtoken glance)
[import_filtering_opts]
# web-download may fetch from servers the tests run on loopback, on this one extra port only
allowed_hosts = [127.0.0.1]
allowed_ports = [80,443,$GLANCE_IMPORT_TEST_PORT]
[paste_deploy]
flavor = keystone
config_file = $ETC/glance/glance-api-paste.ini
[oslo_concurrency]
lock_path = $DATA/locks
EOT
  cp /usr/share/glance-common/glance-api-paste.ini "$ETC/glance/" 2>/dev/null ||
    cp /etc/glance/glance-api-paste.ini "$ETC/glance/"

  write_neutron_config

  cat >"$ETC/placement/placement.conf" <<EOT
[DEFAULT]
log_file = $LOG/placement.log
[placement_database]
connection = $(dburl placement)
[api]
auth_strategy = keystone
[keystone_authtoken]
$(authtoken placement)
EOT

  cat >"$ETC/nova/nova.conf" <<EOT
[DEFAULT]
host = local-openstack
my_ip = 127.0.0.1
compute_driver = fake.FakeDriver
# volumes for boot-from-volume are ready in a second here: poll Cinder every second, not every three
block_device_allocate_retries_interval = 1
# one host: resize has nowhere else to go
allow_resize_to_same_host = true
transport_url = $TRANSPORT_URL
state_path = $DATA/nova
instances_path = $DATA/nova/instances
osapi_compute_listen = 127.0.0.1
osapi_compute_workers = 1
enabled_apis = osapi_compute
log_dir = $LOG
[api]
auth_strategy = keystone
[api_database]
connection = $(dburl nova_api)
[database]
connection = $(dburl nova)
[conductor]
workers = 1
[scheduler]
workers = 1
discover_hosts_in_cells_interval = 5
[keystone_authtoken]
$(authtoken nova)
[placement]
$(service_auth placement)
[neutron]
$(service_auth neutron)
[glance]
region_name = RegionOne
[cinder]
$(service_auth cinder)
os_region_name = RegionOne
[service_user]
# Cinder lets only a request carrying a service token delete a Nova-made attachment (detach)
send_service_user_token = true
$(service_auth nova)
[vnc]
enabled = false
[oslo_concurrency]
lock_path = $DATA/locks
[wsgi]
api_paste_config = $ETC/nova/api-paste.ini
[oslo_messaging_notifications]
driver = noop
EOT
  cp /usr/share/nova-common/api-paste.ini "$ETC/nova/" 2>/dev/null || cp /etc/nova/api-paste.ini "$ETC/nova/"
}

# Cinder with the file-backed driver of cinder-driver/: a volume is a sparse file under $DATA/cinder/volumes.
write_cinder_config() {
  mkdir -p "$ETC/cinder" "$DATA/cinder/volumes"
  cat >"$ETC/cinder/cinder.conf" <<EOT
[DEFAULT]
host = local-openstack
my_ip = 127.0.0.1
transport_url = $TRANSPORT_URL
auth_strategy = keystone
state_path = $DATA/cinder
osapi_volume_listen = 127.0.0.1
osapi_volume_workers = 1
api_paste_config = /etc/cinder/api-paste.ini
glance_api_servers = http://127.0.0.1:9292
enabled_backends = local-file
# the scheduler hears of the backend's capacity every 10 s instead of 60, so it is usable soon after start
backend_stats_polling_interval = 10
report_interval = 5
[database]
connection = $(dburl cinder)
[keystone_authtoken]
$(authtoken cinder)
service_token_roles_required = true
[nova]
$(service_auth nova)
interface = public
[oslo_concurrency]
lock_path = $DATA/locks
[oslo_messaging_notifications]
driver = noop
[local-file]
volume_driver = local_file_volume.LocalFileVolumeDriver
volume_backend_name = local-file
local_file_volumes_dir = $DATA/cinder/volumes
EOT
}

# Neutron's own files, also written alone to restart neutron-server with a changed configuration.
write_neutron_config() {
  mkdir -p "$ETC/neutron/plugins/ml2"
  cat >"$ETC/neutron/neutron.conf" <<EOT
[DEFAULT]
bind_host = 127.0.0.1
bind_port = 9696
core_plugin = ml2
# qos: networks and ports take a QoS policy (the loopback driver declares the rule types it accepts)
service_plugins = router,qos
# the dns extension driver ignores ports' dns_name under the default domain (openstacklocal)
dns_domain = cloud.test.
auth_strategy = keystone
allow_overlapping_ips = true
api_workers = 1
rpc_workers = 1
rpc_state_report_workers = 0
transport_url = $TRANSPORT_URL
notify_nova_on_port_status_changes = true
notify_nova_on_port_data_changes = true
api_paste_config = /etc/neutron/api-paste.ini
log_file = $LOG/neutron-server.log
state_path = $DATA/neutron
[database]
connection = $(dburl neutron)
[keystone_authtoken]
$(authtoken neutron)
[nova]
$(service_auth nova)
[oslo_concurrency]
lock_path = $DATA/locks
EOT
  cat >"$ETC/neutron/plugins/ml2/ml2_conf.ini" <<EOT
[ml2]
type_drivers = flat,vlan,vxlan
tenant_network_types = vxlan
mechanism_drivers = loopback
extension_drivers = port_security,qos,dns
[ml2_type_flat]
flat_networks = *
[ml2_type_vlan]
network_vlan_ranges = physnet1:100:200
[ml2_type_vxlan]
vni_ranges = 1:1000
EOT
}
