// Token expiry times as Keystone writes them: ISO 8601, with or without fractional seconds (v3 writes
// microseconds, "2025-01-01T10:00:00.123456Z"), with "Z", an offset ("-06:00", "+0100") or no zone at all,
// which Keystone means as UTC. Date.parse is not used: it reads a zone-less time as local time.
import { MalformedResponseError } from "../errors";

const ISO_8601 =
  /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/i;

export function parseExpiry(text: string): Date {
  const match = typeof text === "string" ? ISO_8601.exec(text.trim()) : null;
  if (!match) throw invalid(text);
  const [, y, mo, d, h, mi, s = "0", fraction = "", zone = "Z"] = match;
  const year = Number(y);
  const month = Number(mo);
  const day = Number(d);
  const hour = Number(h);
  const minute = Number(mi);
  const second = Number(s);
  // Milliseconds are the precision of a Date: further digits are truncated, not rounded.
  const millis = Number(fraction.slice(0, 3).padEnd(3, "0"));
  if (month < 1 || month > 12 || hour > 23 || minute > 59 || second > 60) throw invalid(text);
  const utc = Date.UTC(year, month - 1, day, hour, minute, second, millis);
  // Date.UTC rolls 31 February over into March: a day that moved is not a date.
  if (new Date(Date.UTC(year, month - 1, day)).getUTCDate() !== day || day < 1) throw invalid(text);
  return new Date(utc - offsetMinutes(zone, text) * 60_000);
}

function offsetMinutes(zone: string, text: string): number {
  if (zone.toUpperCase() === "Z") return 0;
  const sign = zone.startsWith("-") ? -1 : 1;
  const digits = zone.slice(1).replace(":", "");
  const hours = Number(digits.slice(0, 2));
  const minutes = digits.length > 2 ? Number(digits.slice(2)) : 0;
  if (hours > 23 || minutes > 59) throw invalid(text);
  return sign * (hours * 60 + minutes);
}

function invalid(text: unknown): MalformedResponseError {
  const shown = typeof text === "string" ? `"${text.slice(0, 60)}"` : String(text);
  return new MalformedResponseError(
    `Keystone returned a token expiry that is not an ISO 8601 time: ${shown}`,
  );
}
