// Pulls the human message out of an OpenStack error body. Each service has its own shape:
//   Nova      {"badRequest": {"code": 400, "message": "..."}}   (any single key)
//   Neutron   {"NeutronError": {"type": "...", "message": "...", "detail": ""}}
//   Keystone  {"error": {"code": 401, "title": "...", "message": "..."}}
//   Placement {"errors": [{"status": 409, "title": "...", "detail": "..."}]}
//   Glance    text/html or text/plain: "<html><body><h1>404 Not Found</h1>No image found ...</body></html>"

function fromObject(body: Record<string, unknown>): string | undefined {
  if (typeof body.message === "string") return body.message;
  if (typeof body.error === "string") return body.error;
  if (Array.isArray(body.errors) && body.errors.length > 0) {
    return body.errors
      .map((e: unknown) => {
        if (typeof e === "string") return e;
        const entry = (e ?? {}) as Record<string, unknown>;
        const text = entry.detail ?? entry.title;
        return typeof text === "string" ? text : "";
      })
      .filter(Boolean)
      .join("; ");
  }
  for (const value of Object.values(body)) {
    if (value && typeof value === "object" && !Array.isArray(value)) {
      const inner = value as Record<string, unknown>;
      if (typeof inner.message === "string") return inner.message;
    }
  }
  return undefined;
}

function fromText(text: string): string | undefined {
  const trimmed = text.trim();
  if (!trimmed) return undefined;
  if (trimmed.startsWith("{")) {
    try {
      return fromObject(JSON.parse(trimmed) as Record<string, unknown>);
    } catch {
      // not JSON after all: fall through to text
    }
  }
  const plain = trimmed
    .replace(/<h1>[^<]*<\/h1>/i, "")
    .replace(/<[^>]+>/g, " ")
    .replace(/\s+/g, " ")
    .trim();
  return plain ? plain.slice(0, 500) : undefined;
}

export function serviceMessage(data: unknown): string | undefined {
  if (data === undefined || data === null) return undefined;
  if (Buffer.isBuffer(data)) return fromText(data.toString("utf8"));
  if (typeof data === "string") return fromText(data);
  if (typeof data === "object") return fromObject(data as Record<string, unknown>);
  return undefined;
}
