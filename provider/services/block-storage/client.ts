// Cinder's client: the catalog endpoint already ends in /v3/{project_id}, so no prefix.
import { ServiceClient } from "../service-client";

/**
 * The microversion the resources are written for (capped at the server's maximum): 3.42 extends
 * attached volumes, 3.3 has user messages, and 3.63 shows the volume type id next to its name.
 */
export const BLOCK_STORAGE_MICROVERSION = "3.63";

export const cinder = new ServiceClient({ type: "block-storage", microversion: BLOCK_STORAGE_MICROVERSION });
