// Glance API objects as the service answers them (image v2).

export interface GlanceImage {
  id: string;
  name: string | null;
  status: string;
  visibility: string;
  protected: boolean;
  min_disk: number;
  min_ram: number;
  tags: string[];
  container_format: string | null;
  disk_format: string | null;
  size: number | null;
  checksum: string | null;
  os_hash_algo: string | null;
  os_hash_value: string | null;
  created_at: string;
  updated_at: string;
  /** Any other key is a custom property (string values). */
  [property: string]: unknown;
}

/** Keys Glance manages itself or that the resource maps to its own inputs: not custom properties. */
export const GLANCE_RESERVED_KEYS: ReadonlySet<string> = new Set([
  "id",
  "name",
  "status",
  "visibility",
  "protected",
  "min_disk",
  "min_ram",
  "tags",
  "container_format",
  "disk_format",
  "size",
  "virtual_size",
  "checksum",
  "os_hash_algo",
  "os_hash_value",
  "created_at",
  "updated_at",
  "owner",
  "self",
  "file",
  "schema",
  "direct_url",
  "locations",
  "os_hidden",
  "stores",
  "os_glance_importing_to_stores",
  "os_glance_failed_import",
]);

/** Keys Glance keeps for itself: the reserved ones and its whole os_glance_* namespace (refused on write). */
export function isGlanceManagedKey(key: string): boolean {
  return GLANCE_RESERVED_KEYS.has(key) || key.startsWith("os_glance_");
}

export interface GlanceTask {
  id: string;
  type: string;
  status: string;
  message: string;
  created_at: string;
  updated_at: string;
}
