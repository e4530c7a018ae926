// What a service said, made fit for an error message: terminal escapes and control characters removed,
// secrets the request carried never echoed back (Nova repeats an invalid user_data, base64 and all, in
// its 400), long opaque blobs dropped, and the whole cut to a few KiB, saying so.
import { isSecretKey } from "./redact";

export const MAX_SERVICE_MESSAGE = 2048;
const MASK = "***";
// CSI (ESC [ ... final), OSC (ESC ] ... BEL or ESC \), and any other two-character escape
// eslint-disable-next-line no-control-regex -- control characters are what these match
const ESCAPES = /\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?|\x1b[@-_]?/g;
// C0 and C1 controls, DEL, and the bidirectional overrides that reorder what a terminal shows
// eslint-disable-next-line no-control-regex -- control characters are what these match
const CONTROLS = /[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]+/g;
// base64 or hex runs this long are data (an echoed file or user data), never a useful word
const BLOB = /[A-Za-z0-9+/=_-]{200,}/g;

/** The string values under secret-named keys anywhere in a JSON request body. */
export function secretValues(body: unknown, out: string[] = []): string[] {
  if (Array.isArray(body)) for (const v of body) secretValues(v, out);
  else if (body !== null && typeof body === "object" && !Buffer.isBuffer(body)) {
    for (const [k, v] of Object.entries(body as Record<string, unknown>)) {
      if (isSecretKey(k) && typeof v === "string") out.push(v);
      else secretValues(v, out);
    }
  }
  return out;
}

export function sanitizeServiceMessage(message: string, secrets: readonly string[] = []): string {
  let text = message;
  for (const s of secrets) if (s.length >= 4) text = text.split(s).join(MASK);
  text = text
    .replace(ESCAPES, "")
    .replace(CONTROLS, " ")
    .replace(BLOB, (blob) => `<${blob.length} characters of data>`)
    .replace(/ {2,}/g, " ")
    .trim();
  if (text.length <= MAX_SERVICE_MESSAGE) return text;
  return `${text.slice(0, MAX_SERVICE_MESSAGE)}… (cut, ${text.length - MAX_SERVICE_MESSAGE} more characters)`;
}
