// Masking of secrets in anything that may be logged or put in an error message. Secrets are found by
// structure, at any depth: a field whose name says secret (password, secret, token, key, user data…), the
// id of any token object ({"token": {"id": …}} in v1.1/v2.0 responses and v3 token exchanges), secret
// headers, credentials in URLs, and token-like words inside free text (Keystone echoes a token it could
// not find), so a new API field or a service's echo is masked without being listed here.

const MASK = "***";
const SECRET_KEY = /(pass(word)?|secret|token|private_?key|api_?key|^key$|credential|user_?data|adminpass)/i;
// A token object, whose "id" is the token itself.
const TOKEN_OBJECT_KEY = /token$/i;
const SECRET_HEADER =
  /^(x-auth-token|x-subject-token|x-auth-key|x-storage-token|authorization|cookie|set-cookie)$/i;
const SECRET_HEADER_WORD = /(token|secret|password|api-?key|auth-key|credential)/i;
// In free text: credentials in a URL's user part, a Fernet token, or an opaque word after "token".
const TEXT_PATTERNS: ReadonlyArray<[RegExp, string]> = [
  [/(\b[a-z][a-z0-9+.-]*:\/\/)[^/\s:@]+:[^/\s@]+@/gi, `$1${MASK}:${MASK}@`],
  [/\bgAAAAA[A-Za-z0-9_=-]{20,}/g, MASK],
  [/(\btoken\b["']?\s*[:=]?\s*["']?)[A-Za-z0-9_=+/.-]{16,}/gi, `$1${MASK}`],
];

export function isSecretKey(key: string): boolean {
  return SECRET_KEY.test(key);
}

function isSecretHeader(name: string): boolean {
  return SECRET_HEADER.test(name) || SECRET_HEADER_WORD.test(name);
}

export function redactHeaders(headers: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(headers)) {
    out[k] = isSecretHeader(k) ? MASK : typeof v === "string" ? redactFreeText(v) : v;
  }
  return out;
}

/** A deep copy of a JSON value with every secret replaced by "***" (see the rules above). */
export function redactBody(value: unknown): unknown {
  return redactValue(value, false);
}

function redactValue(value: unknown, inTokenObject: boolean): unknown {
  if (typeof value === "string") return redactFreeText(value);
  if (Array.isArray(value)) return value.map((v) => redactValue(v, false));
  if (value !== null && typeof value === "object") {
    if (Buffer.isBuffer(value) || value instanceof Uint8Array) return `<${value.length} bytes>`;
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      const leaf = v === null || typeof v !== "object";
      if (leaf && (isSecretKey(k) || (inTokenObject && k === "id"))) out[k] = v === null ? v : MASK;
      else out[k] = redactValue(v, TOKEN_OBJECT_KEY.test(k));
    }
    return out;
  }
  return value;
}

/** Masks URL credentials, Fernet tokens and opaque words following "token" in free text. */
export function redactFreeText(text: string): string {
  let out = text;
  for (const [pattern, replacement] of TEXT_PATTERNS) out = out.replace(pattern, replacement);
  return out;
}

/** Masks the values of secret-named query parameters in a URL. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    for (const key of [...u.searchParams.keys()]) if (isSecretKey(key)) u.searchParams.set(key, MASK);
    u.username = u.username ? MASK : "";
    u.password = u.password ? MASK : "";
    return u.toString();
  } catch {
    return url;
  }
}

/** Replaces each occurrence of the given secret strings (tokens, passwords) in free text. */
export function redactText(text: string, secrets: Iterable<string | undefined>): string {
  let out = text;
  for (const s of secrets) if (s && s.length >= 4) out = out.split(s).join(MASK);
  return out;
}
