// IP arithmetic for the subnet's checks (gateway and pools inside the cidr), and the canonical text of
// addresses and ranges. Neutron prints addresses the way glibc's inet_ntop does (lower case, no leading
// zeros, the longest run of two or more zero groups as "::"), but keeps some fields (dns_nameservers)
// as they were sent; both sides of a diff are put in that form so that equal addresses compare equal.
import { isIP } from "node:net";

export interface Address {
  version: 4 | 6;
  value: bigint;
}

export interface Range {
  version: 4 | 6;
  prefix: number;
  first: bigint;
  last: bigint;
}

const BITS = { 4: 32, 6: 128 } as const;

function v4Value(text: string): bigint {
  return text.split(".").reduce((acc, part) => acc * 256n + BigInt(part), 0n);
}

/** undefined when the text is not a plain IPv4 or IPv6 address (zone ids are refused too). */
export function parseIp(text: string): Address | undefined {
  const version = isIP(text);
  if (version === 4) return { version, value: v4Value(text) };
  if (version !== 6 || text.includes("%")) return undefined;
  let body = text.toLowerCase();
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(body);
  if (dotted) {
    const n = v4Value(dotted[1]!);
    body = `${body.slice(0, dotted.index)}${(n >> 16n).toString(16)}:${(n & 0xffffn).toString(16)}`;
  }
  const [head = "", tail] = body.split("::");
  const headGroups = head === "" ? [] : head.split(":");
  const tailGroups = tail === undefined || tail === "" ? [] : tail.split(":");
  const zeros = tail === undefined ? 0 : 8 - headGroups.length - tailGroups.length;
  const groups = [...headGroups, ...Array<string>(zeros).fill("0"), ...tailGroups];
  return { version: 6, value: groups.reduce((acc, g) => (acc << 16n) + BigInt(`0x${g}`), 0n) };
}

export function formatIp(address: Address): string {
  const { version, value } = address;
  if (version === 4) return [24n, 16n, 8n, 0n].map((shift) => String((value >> shift) & 0xffn)).join(".");
  const groups = [112n, 96n, 80n, 64n, 48n, 32n, 16n, 0n].map((shift) => Number((value >> shift) & 0xffffn));
  // longest run of zero groups, the first one on a tie; a single zero group is not shortened
  let best = { start: -1, length: 0 };
  for (let i = 0; i < 8;) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > best.length) best = { start: i, length: j - i };
    i = j;
  }
  const hex = groups.map((g) => g.toString(16));
  // ::a.b.c.d and ::ffff:a.b.c.d keep their IPv4 tail, as inet_ntop writes them
  if (best.start === 0 && (best.length === 6 || (best.length === 5 && groups[5] === 0xffff))) {
    const tail = formatIp({ version: 4, value: value & 0xffffffffn });
    return best.length === 6 ? `::${tail}` : `::ffff:${tail}`;
  }
  if (best.length < 2) return hex.join(":");
  const before = hex.slice(0, best.start).join(":");
  const after = hex.slice(best.start + best.length).join(":");
  return `${before}::${after}`;
}

/** The canonical text of an address; anything that is not one is returned unchanged (check reports it). */
export function canonicalIp(text: unknown): unknown {
  const address = typeof text === "string" ? parseIp(text) : undefined;
  return address ? formatIp(address) : text;
}

/** "address/prefix" as a range; the host bits are ignored here (see hostBitsProblem). */
export function parseCidr(text: string): Range | undefined {
  const [addressText = "", prefixText, extra] = text.split("/");
  const address = parseIp(addressText);
  if (!address || extra !== undefined || prefixText === undefined || !/^\d+$/.test(prefixText))
    return undefined;
  const prefix = Number(prefixText);
  const bits = BITS[address.version];
  if (prefix > bits) return undefined;
  const size = 1n << BigInt(bits - prefix);
  const first = address.value - (address.value % size);
  return { version: address.version, prefix, first, last: first + size - 1n };
}

export function canonicalCidr(text: unknown): unknown {
  if (typeof text !== "string") return text;
  const [addressText = "", ...rest] = text.split("/");
  const address = parseIp(addressText);
  return address ? [formatIp(address), ...rest].join("/") : text;
}

/** A message when the address part of a cidr is not the first address of its range. */
export function hostBitsProblem(text: string): string | undefined {
  const range = parseCidr(text);
  const address = parseIp(text.split("/")[0] ?? "");
  if (!range || !address || address.value === range.first) return undefined;
  const network = formatIp({ version: range.version, value: range.first });
  return `"${text}" has host bits set: did you mean ${network}/${range.prefix}?`;
}

export function contains(range: Range, address: Address): boolean {
  return address.version === range.version && address.value >= range.first && address.value <= range.last;
}

/**
 * The addresses Neutron lets allocation pools use: not the network address, nor the broadcast
 * address of IPv4 ranges larger than /31 (neutron ipam_backend_mixin.validate_allocation_pools).
 */
export function poolBounds(range: Range): { first: bigint; last: bigint } {
  if (range.version === 4 && range.prefix > 30) return { first: range.first, last: range.last };
  return { first: range.first + 1n, last: range.version === 4 ? range.last - 1n : range.last };
}

/**
 * Neutron's gateway when none is given: the first address after the network address for IPv4, the
 * network address itself (the subnet-router anycast address) for IPv6.
 */
export function defaultGateway(range: Range): Address {
  return { version: range.version, value: range.version === 4 ? range.first + 1n : range.first };
}

export function describeRange(range: Range, first: bigint, last: bigint): string {
  return `${formatIp({ version: range.version, value: first })} to ${formatIp({ version: range.version, value: last })}`;
}

/**
 * Ranges { start, end } with `address` taken out (a range holding it is split around it), or undefined
 * when none holds it.
 */
export function rangesWithout<T extends { start: string; end: string }>(
  ranges: readonly T[],
  address: Address,
): Array<{ start: string; end: string }> | undefined {
  const out: Array<{ start: string; end: string }> = [];
  let found = false;
  for (const range of ranges) {
    const start = parseIp(range.start);
    const end = parseIp(range.end);
    if (!start || !end || address.value < start.value || address.value > end.value) {
      out.push({ start: range.start, end: range.end });
      continue;
    }
    found = true;
    const at = (value: bigint) => formatIp({ version: address.version, value });
    if (start.value < address.value) out.push({ start: range.start, end: at(address.value - 1n) });
    if (address.value < end.value) out.push({ start: at(address.value + 1n), end: range.end });
  }
  return found ? out : undefined;
}
