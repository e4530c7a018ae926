// What check learns from the cloud without changing anything, so that a preview fails where the update
// would: the credentials (one authentication per identity, its token cached for the process) and the
// flavor, image and networks a resource names (read-only lookups; what was found is cached for the
// process). It runs only once the inputs pass every local check, and never looks up an unknown value
// (an output of a resource not made yet).
import type { OpenStackClient } from "../client/client";
import { ConfigError, OpenStackError } from "../errors";
import { isUnknown, type CheckFailure } from "../resources/framework/schema/schema";
import { resolveExternalNetwork } from "../resources/router/external-network";
import { resolveFlavor, resolveImageId, resolveNetwork } from "../resources/server/lookups";
import { requireNetwork } from "../resources/subnet/subnet";

/** Looks a reference up, throwing an Error that says what is wrong when it does not resolve. */
type Resolve = (client: OpenStackClient, value: string, field: string) => Promise<unknown>;

interface Reference {
  property: string;
  value: unknown;
  resolve: Resolve;
  /** How a message names it, when not the property itself (networks[1]). */
  field?: string;
}

const text = (value: unknown) => typeof value === "string" && value !== "";

const flavor: Resolve = (client, value) => resolveFlavor(client, value);
const image: Resolve = (client, value) => resolveImageId(client, value);
const network: Resolve = (client, value, field) => resolveNetwork(client, value, field);
// the same look-ups, and so the same messages, as the resources' own prepare
const externalNetwork: Resolve = (client, value) => resolveExternalNetwork(client, value);
const networkById: Resolve = (client, value) => requireNetwork(client, value);

function serverNetworks(value: unknown): Reference[] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((n: unknown, i) => {
    const item = (n ?? {}) as Record<string, unknown>;
    const ref = text(item.uuid) ? item.uuid : item.name;
    return text(ref) ? [{ property: "networks", value: ref, resolve: network, field: `networks[${i}]` }] : [];
  });
}

// What each kind refers to by name or id.
const REFERENCES: Record<string, (inputs: Record<string, unknown>) => Reference[]> = {
  Server: (i) => [
    { property: "flavor", value: i.flavor, resolve: flavor },
    { property: "image", value: i.image, resolve: image },
    ...serverNetworks(i.networks),
  ],
  FloatingIp: (i) => [{ property: "pool", value: i.pool, resolve: network }],
  Router: (i) => [{ property: "externalNetworkId", value: i.externalNetworkId, resolve: externalNetwork }],
  Subnet: (i) => [{ property: "networkId", value: i.networkId, resolve: networkById }],
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
  const field = ref.field ?? ref.property;
  const key = `${field}\0${value}`;
  const known = found.get(client) ?? new Set<string>();
  found.set(client, known);
  if (known.has(key)) return undefined;
  try {
    await ref.resolve(client, value, field);
  } catch (error) {
    // the cloud failing (unreachable, refusing the token, 5xx) fails the check as it is; anything
    // else is the look-up saying that the name is missing, ambiguous or of the wrong kind
    if (error instanceof OpenStackError && !(error instanceof ConfigError)) throw error;
    return (error as Error).message;
  }
  known.add(key);
  return undefined;
}
