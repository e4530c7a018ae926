"""Cinder volume driver keeping each volume as a sparse file (tests only).

The local cloud has no device-mapper, iSCSI target or NFS server to give
Cinder, and Nova's fake virt driver never opens a volume anyway. This driver
makes volumes real files under ``local_file_volumes_dir``: create, delete,
extend, clone, snapshots and image-to-volume copy act on their bytes. The
connection it hands out names the file; nothing can mount it over a network.
"""
import os
import subprocess

from oslo_config import cfg
from oslo_log import log as logging

from cinder.image import image_utils
from cinder.volume import configuration
from cinder.volume import driver
from cinder.volume import volume_utils

LOG = logging.getLogger(__name__)

OPTS = [
    cfg.StrOpt('local_file_volumes_dir',
               default='/var/lib/cinder/local-file-volumes',
               help='Folder holding one sparse file per volume and snapshot.'),
    cfg.IntOpt('local_file_capacity_gb', default=1000,
               help='Capacity reported to the scheduler.'),
]
cfg.CONF.register_opts(OPTS, group=configuration.SHARED_CONF_GROUP)

GiB = 1024 ** 3


class LocalFileVolumeDriver(driver.VolumeDriver):
    VERSION = '1.0'
    CI_WIKI_NAME = None

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.configuration.append_config_values(OPTS)
        self.root = self.configuration.local_file_volumes_dir

    # ---------------------------------------------------------- setup, stats
    def do_setup(self, context):
        os.makedirs(self.root, exist_ok=True)

    def check_for_setup_error(self):
        if not os.access(self.root, os.W_OK):
            raise RuntimeError('%s is not writable' % self.root)

    def _update_volume_stats(self):
        capacity = self.configuration.local_file_capacity_gb
        used = sum(os.stat(os.path.join(self.root, name)).st_blocks * 512
                   for name in os.listdir(self.root)) / GiB
        name = self.configuration.safe_get('volume_backend_name')
        self._stats = {
            'volume_backend_name': name or 'local-file',
            'vendor_name': 'Open Source',
            'driver_version': self.VERSION,
            'storage_protocol': 'local',
            'total_capacity_gb': capacity,
            'free_capacity_gb': max(0, capacity - used),
            'reserved_percentage': 0,
            'thin_provisioning_support': True,
            'multiattach': True,
        }

    # ---------------------------------------------------------- files
    def local_path(self, volume):
        return os.path.join(self.root, volume['name'])

    def _snapshot_path(self, snapshot):
        return os.path.join(self.root, snapshot['name'])

    @staticmethod
    def _resize(path, size_gb):
        with open(path, 'ab') as f:
            f.truncate(size_gb * GiB)

    @staticmethod
    def _remove(path):
        try:
            os.remove(path)
        except FileNotFoundError:
            pass

    @staticmethod
    def _copy(source, target):
        # holes stay holes: a copied 10 GiB volume costs what its data costs
        subprocess.run(['cp', '--sparse=always', source, target], check=True)

    # ---------------------------------------------------------- volumes
    def create_volume(self, volume):
        self._resize(self.local_path(volume), volume['size'])

    def delete_volume(self, volume):
        self._remove(self.local_path(volume))

    def extend_volume(self, volume, new_size):
        self._resize(self.local_path(volume), new_size)

    def create_cloned_volume(self, volume, src_vref):
        self._copy(self.local_path(src_vref), self.local_path(volume))
        self._resize(self.local_path(volume), volume['size'])

    def create_snapshot(self, snapshot):
        self._copy(self.local_path(snapshot.volume),
                   self._snapshot_path(snapshot))

    def delete_snapshot(self, snapshot):
        self._remove(self._snapshot_path(snapshot))

    def create_volume_from_snapshot(self, volume, snapshot):
        self._copy(self._snapshot_path(snapshot), self.local_path(volume))
        self._resize(self.local_path(volume), volume['size'])

    def copy_image_to_volume(self, context, volume, image_service, image_id,
                             disable_sparse=False):
        image_utils.fetch_to_raw(context, image_service, image_id,
                                 self.local_path(volume),
                                 self.configuration.volume_dd_blocksize,
                                 size=volume['size'])
        # fetch_to_raw writes the image's own length: give back the volume's
        self._resize(self.local_path(volume), volume['size'])

    def retype(self, context, volume, new_type, diff, host):
        # a file has no type-specific properties: any type this backend serves fits it as it is
        return True, None

    def copy_volume_to_image(self, context, volume, image_service, image_meta):
        volume_utils.upload_volume(context, image_service, image_meta,
                                   self.local_path(volume), volume)

    # ---------------------------------------------------------- exports
    def create_export(self, context, volume, connector):
        pass

    def ensure_export(self, context, volume):
        pass

    def remove_export(self, context, volume):
        pass

    def initialize_connection(self, volume, connector, **kwargs):
        return {'driver_volume_type': 'local',
                'data': {'device_path': self.local_path(volume)}}

    def terminate_connection(self, volume, connector, **kwargs):
        pass
