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
