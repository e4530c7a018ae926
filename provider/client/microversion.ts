// Compute (and any other microversioned API) negotiation: the server's supported range is read once per
// endpoint from its version document, and a request is sent with the highest version the caller asks
// for that the server supports.
import { LRUCache } from "lru-cache";
import { ConfigError } from "../errors";
import type { HttpSession } from "../session/http";

export interface VersionRange {
  min: string;
  max: string;
}

const ranges = new LRUCache<string, Promise<VersionRange | null>>({ max: 64 });

export function compareVersions(a: string, b: string): number {
  const [aMajor = 0, aMinor = 0] = a.split(".").map(Number);
  const [bMajor = 0, bMinor = 0] = b.split(".").map(Number);
  return aMajor - bMajor || aMinor - bMinor;
}

export function parseMicroversion(value: string, field = "microversion"): string {
  if (!/^\d+\.\d+$/.test(value)) {
    throw new ConfigError(`${field} "${value}" is not a microversion: use MAJOR.MINOR, e.g. "2.79"`);
  }
  return value;
}

/** null when the endpoint does not advertise microversions. */
export function discoverRange(
  session: HttpSession,
  endpoint: string,
  token: string,
): Promise<VersionRange | null> {
  let pending = ranges.get(endpoint);
  if (!pending) {
    pending = (async () => {
      type VersionDoc = { version?: string; min_version?: string };
      const res = await session.send<{ version?: VersionDoc; versions?: VersionDoc[] }>({
        method: "GET",
        url: endpoint.replace(/\/*$/, "/"),
        headers: { "X-Auth-Token": token },
        acceptStatuses: [300],
      });
      // Nova answers with its version; Cinder lists the one version its endpoint serves
      const doc = res.data?.version ?? (res.data?.versions?.length === 1 ? res.data.versions[0] : undefined);
      return doc?.version && doc.min_version ? { min: doc.min_version, max: doc.version } : null;
    })();
    ranges.set(endpoint, pending);
    // a failed discovery is not remembered
    pending.catch(() => ranges.delete(endpoint));
  }
  return pending;
}

/** The version to send: the caller's wish capped at the server's maximum; undefined when unsupported. */
export function negotiate(wanted: string, range: VersionRange | null): string | undefined {
  if (!range) return undefined;
  if (compareVersions(wanted, range.min) < 0) return range.min;
  return compareVersions(wanted, range.max) > 0 ? range.max : wanted;
}

/** The service name the header carries where it is not the official type (Cinder reads "volume"). */
const HEADER_SERVICE: Record<string, string> = { "block-storage": "volume" };

export function microversionHeaders(serviceType: string, version: string): Record<string, string> {
  const name = HEADER_SERVICE[serviceType] ?? serviceType;
  const headers: Record<string, string> = { "OpenStack-API-Version": `${name} ${version}` };
  if (serviceType === "compute") headers["X-OpenStack-Nova-API-Version"] = version;
  return headers;
}
