// What check learns from the cloud without changing anything, so that a preview fails where the update
// would: the credentials (one authentication per identity, its token cached for the process) and the
// flavor, image and networks a resource names (read-only lookups; what was found is cached for the
// process). It runs only once the inputs pass every local check, and never looks up an unknown value
// (an output of a resource not made yet).
import type { OpenStackClient } from "../client/client";
import { ConfigError } from "../errors";
import { isUnknown, type CheckFailure } from "../resources/framework/schema";
import { resolveFlavor, resolveImageId, resolveNetwork } from "../resources/server/lookups";

type Kind = "flavor" | "image" | "network";
interface Reference {
  property: string;
  kind: Kind;
  value: unknown;
  /** How a message names it, when not the property itself (networks[1]). */
  field?: string;
}

const text = (value: unknown) => typeof value === "string" && value !== "";

function serverNetworks(value: unknown): Reference[] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((n: unknown, i) => {
    const item = (n ?? {}) as Record<string, unknown>;
    const ref = text(item.uuid) ? item.uuid : item.name;
    return text(ref)
      ? [{ property: "networks", kind: "network" as const, value: ref, field: `networks[${i}]` }]
      : [];
  });
}

// What each kind refers to by name or id.
const REFERENCES: Record<string, (inputs: Record<string, unknown>) => Reference[]> = {
  Server: (i) => [
    { property: "flavor", kind: "flavor", value: i.flavor },
    { property: "image", kind: "image", value: i.image },
    ...serverNetworks(i.networks),
  ],
  FloatingIp: (i) => [{ property: "pool", kind: "network", value: i.pool }],
  Router: (i) => [{ property: "externalNetworkId", kind: "network", value: i.externalNetworkId }],
  Subnet: (i) => [{ property: "networkId", kind: "network", value: i.networkId }],
};

const found = new WeakMap<OpenStackClient, Set<string>>();

/** Authenticates (or reuses the token) and looks up what the inputs name; failures per property. */
export async function preflight(
  kind: string,
  inputs: Record<string, unknown>,
  client: OpenStackClient,
): Promise<CheckFailure[]> {
  await client.authenticate();
  const references = (REFERENCES[kind]?.(inputs) ?? []).filter((r) => text(r.value) && !isUnknown(r.value));
  const problems = await Promise.all(references.map((r) => lookUp(client, r)));
  return references.flatMap((r, i) => {
    const reason = problems[i];
    return reason ? [{ property: r.property, reason }] : [];
  });
}

async function lookUp(client: OpenStackClient, ref: Reference): Promise<string | undefined> {
  const value = ref.value as string;
  const key = `${ref.kind}\0${value}`;
  const known = found.get(client) ?? new Set<string>();
  found.set(client, known);
  if (known.has(key)) return undefined;
  try {
    if (ref.kind === "flavor") await resolveFlavor(client, value);
    else if (ref.kind === "image") await resolveImageId(client, value);
    else await resolveNetwork(client, value, ref.field ?? ref.property);
  } catch (error) {
    // not found, or ambiguous: the user's to fix; anything else (the cloud failing) is thrown
    if (error instanceof ConfigError) return error.message;
    if (error instanceof Error && /matches \d+ networks/.test(error.message)) return error.message;
    throw error;
  }
  known.add(key);
  return undefined;
}
