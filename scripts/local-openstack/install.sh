#!/usr/bin/env bash
# Installs Debian's OpenStack (Zed on bookworm) packages for the local cloud, without letting
# maintainer scripts start daemons or configure databases: up.sh owns every process and all state.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
export DEBIAN_FRONTEND=noninteractive PATH=/usr/sbin:/usr/bin:/sbin:/bin:$PATH

PACKAGES="keystone glance-api glance-common neutron-common neutron-api neutron-rpc-server
 nova-api nova-conductor nova-scheduler nova-common placement-api
 cinder-api cinder-scheduler cinder-volume
 rabbitmq-server mariadb-server python3-pymysql uwsgi-plugin-python3
 python3-openstackclient memcached curl"

missing=""
for p in $PACKAGES; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing="$missing $p"
done
if [ -z "$missing" ]; then echo "all packages present"; exit 0; fi
if [ "${1:-}" = --check ]; then echo "missing:$missing"; exit 1; fi

[ "$(id -u)" = 0 ] || { echo "install.sh: packages missing ($missing) and not root: run as root or install them with apt-get" >&2; exit 2; }
command -v apt-get >/dev/null || { echo "install.sh: apt-get not found: the local cloud needs Debian bookworm (or use an existing cloud with OS_CLOUD)" >&2; exit 2; }

# Daemons are started by up.sh only; policy-rc.d stops postinst scripts from starting them.
if [ ! -e /usr/sbin/policy-rc.d ]; then
  printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d
  chmod 755 /usr/sbin/policy-rc.d
fi
apt-get update -qq
apt-get install -y -qq --no-install-recommends debconf-utils >/dev/null
debconf-set-selections "$HERE/preseed.debconf"
echo "dbconfig-common dbconfig-common/dbconfig-install boolean false" | debconf-set-selections
for p in keystone nova-common nova-api glance-common neutron-common placement-common cinder-common; do
  echo "$p $p/dbconfig-install boolean false" | debconf-set-selections
done
echo "installing:$missing"
apt-get install -y --no-install-recommends \
  -o Dpkg::Options::=--force-unsafe-io -o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold \
  $missing
