// Normalisers and validators shared by the schemas. Validators return a message naming what would be
// valid, or undefined.
import { isIP } from "node:net";

/** Sorted, without duplicates: for lists whose order means nothing (tags, security groups). */
export const sortedSet = (value: unknown): unknown => [...new Set(value as string[])].sort();

export const trimmed = (value: unknown): unknown => (value as string).trim();

export function unorderedEqual(a: unknown, b: unknown): boolean {
  const x = Array.isArray(a) ? [...new Set(a as string[])].sort() : [];
  const y = Array.isArray(b) ? [...new Set(b as string[])].sort() : [];
  return x.length === y.length && x.every((v, i) => v === y[i]);
}

export function ipAddress(value: unknown): string | undefined {
  return isIP(value as string) ? undefined : `"${String(value)}" is not an IPv4 or IPv6 address`;
}

/** "10.0.0.0/24" or "fd00::/64", with the host bits zero. */
export function cidr(value: unknown): string | undefined {
  const text = value as string;
  const [address = "", prefix, extra] = text.split("/");
  const version = isIP(address);
  const bits = Number(prefix);
  const max = version === 6 ? 128 : 32;
  if (extra !== undefined || !version || prefix === undefined || !/^\d+$/.test(prefix) || bits > max) {
    return `"${text}" is not a CIDR: use address/prefix, e.g. 10.0.0.0/24 or fd00::/64`;
  }
  if (version === 4) {
    const n = address.split(".").reduce((acc, part) => acc * 256 + Number(part), 0);
    const hostBits = n % 2 ** (32 - bits);
    if (hostBits !== 0)
      return `"${text}" has host bits set: did you mean ${networkAddress(n, bits)}/${bits}?`;
  }
  return undefined;
}

function networkAddress(n: number, bits: number): string {
  const base = n - (n % 2 ** (32 - bits));
  return [24, 16, 8, 0].map((shift) => Math.floor(base / 2 ** shift) % 256).join(".");
}

// Neutron refuses these two as a port's or an address pair's MAC (neutron-lib's INVALID_MAC_ADDRESSES)
const RESERVED_MACS = new Set(["00:00:00:00:00:00", "ff:ff:ff:ff:ff:ff"]);

/** Six hex pairs, lower case and colon-separated: the form Neutron stores and returns. */
export const canonicalMac = (value: unknown): unknown =>
  typeof value === "string" && /^([0-9a-f]{2}[:-]){5}[0-9a-f]{2}$/i.test(value)
    ? value.toLowerCase().replace(/-/g, ":")
    : value;

/** A MAC address such as fa:16:3e:12:34:56 (dashes allowed); not all zeros or all ones. */
export function macAddress(value: unknown): string | undefined {
  const text = canonicalMac(value);
  if (typeof text !== "string" || !/^([0-9a-f]{2}:){5}[0-9a-f]{2}$/.test(text))
    return `"${String(value)}" is not a MAC address: use six hex pairs, e.g. fa:16:3e:12:34:56`;
  if (RESERVED_MACS.has(text)) return `${text} is reserved: Neutron refuses it as a port's MAC address`;
  return undefined;
}
