// Masking of secrets in anything that may be logged or put in an error message. Keys are matched by
// name, anywhere in a JSON body, so a new API field called "*password*" or "*secret*" is masked too.

const MASK = "***";
const SECRET_KEY = /(pass(word)?|secret|token|private_?key|api_?key|^key$|credential|user_?data|adminpass)/i;
const SECRET_HEADER =
  /^(x-auth-token|x-subject-token|x-auth-key|x-storage-token|authorization|cookie|set-cookie)$/i;

export function isSecretKey(key: string): boolean {
  return SECRET_KEY.test(key);
}

export function redactHeaders(headers: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(headers)) out[k] = SECRET_HEADER.test(k) ? MASK : v;
  return out;
}

/** A deep copy of a JSON value with every secret-named property replaced by "***". */
export function redactBody(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redactBody);
  if (value !== null && typeof value === "object") {
    if (Buffer.isBuffer(value) || value instanceof Uint8Array) return `<${value.length} bytes>`;
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      out[k] = isSecretKey(k) && v !== null && typeof v !== "object" ? MASK : redactBody(v);
    }
    return out;
  }
  return value;
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
