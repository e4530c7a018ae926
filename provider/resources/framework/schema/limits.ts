// Limits the services enforce that can be judged without asking them: lengths (Neutron, Nova and Glance
// keep names in 255-character columns, tags in 60 or 255), control characters (Neutron answers a bare
// 500 to a terminal escape in a name), characters outside the Basic Multilingual Plane (services whose
// database stores utf8mb3 fail on them), blank or space-padded names where the API wants a real one,
// and sizes such as Nova's 65535 bytes of base64-encoded user data. A value over a limit gets one
// message naming the property, the limit and the value's size; a secret's content is never quoted.

export interface TextLimits {
  /** Most characters (Unicode code points), as the services count a name. */
  maxChars?: number;
  /** Most bytes of UTF-8. */
  maxBytes?: number;
  /** Most bytes once base64-encoded (what Nova counts for user_data). */
  maxBase64Bytes?: number;
  /** Something other than whitespace is needed. */
  notBlank?: boolean;
  /** No whitespace at either end (Nova's server and key pair names). */
  trimmed?: boolean;
  /** Control characters: none at all, or only tab and line breaks (free text). */
  control?: "none" | "lines";
  /** Only characters of the Basic Multilingual Plane (3 bytes or fewer in UTF-8). */
  bmp?: boolean;
  /** Characters the service refuses in this value (Nova and Neutron tags: "," and "/"). */
  forbidden?: string;
}

export interface Limits extends TextLimits {
  /** Lists: limits of each item, and the most items. */
  items?: TextLimits;
  maxItems?: number;
  /** Maps: limits of keys and of values, and the most entries. */
  keys?: TextLimits;
  values?: TextLimits;
  maxEntries?: number;
  /** Whole numbers: the range the service accepts. */
  min?: number;
  max?: number;
}

/** A name as Neutron, Nova and Glance store it. */
export const NAME: TextLimits = { maxChars: 255, control: "none", bmp: true };
/** Free text (descriptions): 255 characters, line breaks allowed. */
export const FREE_TEXT: TextLimits = { maxChars: 255, control: "lines", bmp: true };
/** Neutron's and Nova's tags: 1 to 60 characters without "," or "/", at most 50 per resource. */
export const TAGS: Limits = {
  items: { maxChars: 60, notBlank: true, control: "none", bmp: true, forbidden: ",/" },
  maxItems: 50,
};
/** Glance's integers (min_disk, min_ram) are 32-bit signed. */
export const GLANCE_INT: Limits = { min: 0, max: 2 ** 31 - 1 };
/** Glance's property values: TEXT (65535 bytes). */
export const GLANCE_TEXT: TextLimits = { maxBytes: 65535, control: "lines", bmp: true };
/** An id or name that refers to another resource. */
export const REFERENCE: TextLimits = { maxChars: 255, notBlank: true, control: "none", bmp: true };

// C0 and C1 controls and DEL; "lines" lets tab, line feed and carriage return through.
/* eslint-disable no-control-regex -- finding control characters is the point */
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/u;
const CONTROL_EXCEPT_LINES = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/u;
/* eslint-enable no-control-regex */
const ASTRAL = /[\u{10000}-\u{10ffff}]/u;

function plural(n: number, unit: string): string {
  return `${n} ${unit}${n === 1 ? "" : "s"}`;
}

function codePointName(ch: string): string {
  return `U+${(ch.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, "0")}`;
}

/** What is wrong with one text, or undefined; `what` names it ("name", "tags[2]", "metadata key "x""). */
export function textProblem(
  what: string,
  limits: TextLimits,
  value: string,
  secret = false,
): string | undefined {
  const chars = [...value].length;
  if (limits.notBlank && value.trim() === "") {
    return `${what} must not be ${value === "" ? "empty" : "blank (only whitespace)"}`;
  }
  if (limits.trimmed && value.trim() !== value) {
    return `${what} must not start or end with whitespace`;
  }
  if (limits.maxChars !== undefined && chars > limits.maxChars) {
    return `${what} is ${plural(chars, "character")} long; the limit is ${limits.maxChars}`;
  }
  const bytes = Buffer.byteLength(value, "utf8");
  if (limits.maxBytes !== undefined && bytes > limits.maxBytes) {
    return `${what} is ${plural(bytes, "byte")}; the limit is ${limits.maxBytes} bytes`;
  }
  if (limits.maxBase64Bytes !== undefined) {
    const encoded = 4 * Math.ceil(bytes / 3);
    if (encoded > limits.maxBase64Bytes) {
      return (
        `${what} is ${plural(bytes, "byte")}, ${encoded} once base64-encoded; the limit is ` +
        `${limits.maxBase64Bytes} bytes encoded (about ${Math.floor((limits.maxBase64Bytes * 3) / 4)} bytes before)`
      );
    }
  }
  const control =
    limits.control === "none" ? CONTROL : limits.control === "lines" ? CONTROL_EXCEPT_LINES : undefined;
  const badControl = control ? control.exec(value) : null;
  if (badControl) {
    return (
      `${what} contains the control character ${codePointName(badControl[0])} at position ${badControl.index + 1}` +
      (secret ? "" : " (terminal escapes and other control characters are refused by the service)") +
      (limits.control === "lines"
        ? ": only tab and line breaks are allowed"
        : ": use printable characters only")
    );
  }
  const astral = limits.bmp ? ASTRAL.exec(value) : null;
  if (astral) {
    return (
      `${what} contains ${secret ? "a character" : `"${astral[0]}"`} (${codePointName(astral[0])}), which takes ` +
      `4 bytes in UTF-8: the service stores text as utf8mb3 (3 bytes at most per character) and fails on it`
    );
  }
  const forbidden = limits.forbidden ? [...limits.forbidden].find((c) => value.includes(c)) : undefined;
  if (forbidden) {
    return `${what} contains "${forbidden}", which the service does not allow (${[...(limits.forbidden ?? "")].map((c) => `"${c}"`).join(", ")})`;
  }
  return undefined;
}

/** What is wrong with a checked value (type already right), or undefined. */
export function limitProblem(
  name: string,
  limits: Limits,
  value: unknown,
  secret = false,
): string | undefined {
  if (typeof value === "string") return textProblem(name, limits, value, secret);
  if (typeof value === "number") {
    if (limits.min !== undefined && value < limits.min)
      return `${name} is ${value}; the minimum is ${limits.min}`;
    if (limits.max !== undefined && value > limits.max)
      return `${name} is ${value}; the maximum is ${limits.max}`;
    return undefined;
  }
  if (Array.isArray(value)) {
    if (limits.maxItems !== undefined && value.length > limits.maxItems) {
      return `${name} has ${plural(value.length, "item")}; the limit is ${limits.maxItems}`;
    }
    for (const [i, item] of value.entries()) {
      const problem =
        limits.items && typeof item === "string" && textProblem(`${name}[${i}]`, limits.items, item, secret);
      if (problem) return problem;
    }
    return undefined;
  }
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value);
    if (limits.maxEntries !== undefined && entries.length > limits.maxEntries) {
      return `${name} has ${entries.length} entries; the limit is ${limits.maxEntries}`;
    }
    for (const [key, item] of entries) {
      // JSON quoting shows a control character as an escape rather than sending it to a terminal
      const shown = JSON.stringify(key.length > 40 ? `${key.slice(0, 40)}…` : key);
      const keyProblem = limits.keys && textProblem(`${name} key ${shown}`, limits.keys, key, secret);
      if (keyProblem) return keyProblem;
      const valueProblem =
        limits.values &&
        typeof item === "string" &&
        textProblem(`${name}[${shown}]`, limits.values, item, secret);
      if (valueProblem) return valueProblem;
    }
  }
  return undefined;
}
