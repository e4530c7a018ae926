// Nova's client: the catalog endpoint already ends in /v2.1, so no prefix; one microversion for all.
import { ServiceClient } from "../service-client";

/**
 * The highest compute microversion the resources are written for (the client sends the server's
 * maximum when it is lower): 2.79 has server tags, descriptions, embedded flavors and the trusted
 * behaviour of rebuild/resize the resources rely on, and is below 2.92, which stopped generating keys.
 */
export const COMPUTE_MICROVERSION = "2.79";

export const nova = new ServiceClient({ type: "compute", microversion: COMPUTE_MICROVERSION });
