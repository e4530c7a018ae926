// Nova API objects (compute v2.1, at the microversion the client negotiates; see COMPUTE_MICROVERSION).

export interface NovaServer {
  id: string;
  name: string;
  status: string;
  /** Embedded flavor since 2.47: no id, the name is original_name. */
  flavor: { id?: string; original_name?: string; ram?: number; vcpus?: number; disk?: number };
  /** "" when booted from volume. */
  image: { id: string } | "";
  key_name: string | null;
  metadata: Record<string, string>;
  tags?: string[];
  addresses: Record<
    string,
    Array<{ addr: string; version: number; "OS-EXT-IPS:type"?: string; "OS-EXT-IPS-MAC:mac_addr"?: string }>
  >;
  accessIPv4?: string;
  accessIPv6?: string;
  security_groups?: Array<{ name: string }>;
  "OS-EXT-AZ:availability_zone"?: string;
  "OS-EXT-STS:power_state"?: number;
  "OS-EXT-STS:task_state"?: string | null;
  "OS-EXT-STS:vm_state"?: string;
  config_drive?: string;
  fault?: { code: number; message: string; details?: string };
  created: string;
  updated: string;
  description?: string | null;
}

export interface NovaFlavor {
  id: string;
  name: string;
  ram: number;
  vcpus: number;
  disk: number;
}

export interface NovaKeyPair {
  name: string;
  public_key: string;
  fingerprint: string;
  type?: string;
  user_id?: string;
  created_at?: string;
}

export interface NovaVolumeAttachment {
  id: string;
  serverId: string;
  volumeId: string;
  device: string | null;
  tag?: string | null;
  /** Since 2.79. */
  delete_on_termination?: boolean;
}

export interface NovaServerGroup {
  id: string;
  name: string;
  /** Since 2.64: one policy. */
  policy: string;
  rules: Record<string, unknown>;
  members: string[];
  project_id?: string;
}
