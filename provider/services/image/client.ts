// Glance's client: the catalog endpoint is the service root, the v2 API below /v2.
import { ServiceClient } from "../service-client";

export const glance = new ServiceClient({ type: "image", prefix: "/v2" });
