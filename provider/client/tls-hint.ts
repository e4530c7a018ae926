// An https:// URL pointing at a port that speaks plain HTTP fails deep in TLS: OpenSSL's "wrong version
// number" (EPROTO), or a reset connection when the server hangs up on the handshake. Neither says what
// to do, so the error gets a sentence that does.
import { ServiceError } from "../errors";

const TLS_FAILURE_CODES: ReadonlySet<string> = new Set([
  "EPROTO",
  "ECONNRESET",
  "ERR_SSL_WRONG_VERSION_NUMBER",
  "ERR_SSL_PACKET_LENGTH_TOO_LONG",
]);

/** The error with a hint added when an https request failed the way a plain-http port makes it fail. */
export function withTlsHint(error: unknown): unknown {
  if (!(error instanceof ServiceError) || error.status !== undefined) return error;
  const code = typeof error.cause === "string" ? error.cause : undefined;
  if (!code || !TLS_FAILURE_CODES.has(code) || !error.url?.toLowerCase().startsWith("https://")) return error;
  const { origin } = new URL(error.url);
  return new ServiceError(
    `${error.message}. The port may not speak TLS: if ${origin} serves plain HTTP, use ` +
      `${origin.replace(/^https:/i, "http:")} in authUrl / endpoints; if it is behind a TLS proxy, check the port`,
    { method: error.method, url: error.url, requestId: error.requestId, cause: code },
  );
}
