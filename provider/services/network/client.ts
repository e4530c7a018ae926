// Neutron's client: every networking path sits below /v2.0 of the catalog endpoint.
import { ServiceClient } from "../service-client";

export const neutron = new ServiceClient({ type: "network", prefix: "/v2.0" });
