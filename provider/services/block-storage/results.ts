// Cinder API objects as the service answers them (block storage v3, at BLOCK_STORAGE_MICROVERSION).

export interface CinderAttachment {
  id: string;
  attachment_id: string;
  volume_id: string;
  server_id: string;
  device: string | null;
  host_name: string | null;
  attached_at: string | null;
}

export interface CinderVolume {
  id: string;
  name: string | null;
  description: string | null;
  size: number;
  status: string;
  volume_type: string | null;
  /** Since 3.63. */
  volume_type_id?: string;
  availability_zone: string | null;
  snapshot_id: string | null;
  source_volid: string | null;
  metadata: Record<string, string>;
  multiattach: boolean;
  bootable: string;
  encrypted: boolean;
  attachments: CinderAttachment[];
  /** Present when the volume was made from an image. */
  volume_image_metadata?: Record<string, string>;
  created_at: string;
  updated_at: string | null;
}

export interface CinderVolumeType {
  id: string;
  name: string;
  extra_specs?: Record<string, string>;
}

export interface CinderMessage {
  id: string;
  resource_uuid: string;
  user_message: string;
  created_at: string;
}
