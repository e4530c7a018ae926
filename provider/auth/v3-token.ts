// The body of a v3 token (POST or GET /v3/auth/tokens) and the look-up of a token given as it is.
import { ServiceCatalog } from "../catalog/catalog";
import { AuthenticationError, ConfigError, NotFoundError } from "../errors";
import type { HttpSession } from "../session/http";
import { sha256Short } from "./credentials";
import { parseExpiry } from "./expiry";
import {
  type AuthAttempt,
  explainAuthFailure,
  isObject,
  malformed,
  optionalString,
  refuseMultipleChoices,
  withMultipleChoices,
} from "./failures";
import type { TokenParties } from "./contradictions";
import type { AuthResult } from "./types";
import { type AuthUrl, normaliseAuthUrl, parseAuthUrl } from "./url";

type TokenBody = Omit<AuthResult, "token" | "authVersion"> & { parties: TokenParties };

/** Reads {"token": {expires_at, catalog, user, project, domain, system}}; the token itself is in a header. */
export function parseV3TokenBody(data: unknown, attempt: AuthAttempt): TokenBody {
  const token = isObject(data) ? data.token : undefined;
  if (!isObject(token)) throw malformed(attempt, { element: "token" });
  const project = token.project;
  const scoped = isObject(project) || isObject(token.domain) || isObject(token.system);
  const catalog = ServiceCatalog.fromV3(token.catalog, {
    emptyReason: scoped
      ? "Keystone returned a scoped token without catalog entries"
      : "Keystone returned an unscoped token: no project, domain or system scope",
  });
  const result: TokenBody = { catalog, parties: parties(token) };
  const expires = optionalString(token, "expires_at");
  if (expires !== undefined) result.expiresAt = parseExpiry(expires);
  if (isObject(token.user)) result.user = owner(token.user);
  if (isObject(project)) result.project = owner(project);
  return result;
}

function parties(token: Record<string, unknown>): TokenParties {
  const named = (obj: unknown) => {
    const domain = isObject(obj) ? obj.domain : undefined;
    return {
      id: optionalString(obj, "id"),
      name: optionalString(obj, "name"),
      domainId: optionalString(domain, "id"),
      domainName: optionalString(domain, "name"),
    };
  };
  return {
    user: isObject(token.user) ? named(token.user) : undefined,
    project: isObject(token.project) ? named(token.project) : undefined,
    domain: isObject(token.domain) ? named(token.domain) : undefined,
  };
}

function owner(obj: Record<string, unknown>): { id?: string; name?: string; domainId?: string } {
  const out: { id?: string; name?: string; domainId?: string } = {};
  const id = optionalString(obj, "id");
  const name = optionalString(obj, "name");
  const domainId = optionalString(obj.domain, "id");
  if (id !== undefined) out.id = id;
  if (name !== undefined) out.name = name;
  if (domainId !== undefined) out.domainId = domainId;
  return out;
}

/**
 * The catalog, expiry, user and project of a token obtained elsewhere (authToken): GET /v3/auth/tokens with
 * the token as both the caller's (X-Auth-Token) and the subject (X-Subject-Token). Needs Keystone v3; authUrl
 * is a URL as users write it, or the result of normaliseAuthUrl.
 */
export async function fetchTokenCatalog(
  session: HttpSession,
  authUrl: string | AuthUrl,
  token: string,
): Promise<AuthResult> {
  const raw = typeof authUrl === "string" ? authUrl : authUrl.root;
  const { pathVersion } = parseAuthUrl(raw);
  if (pathVersion !== undefined && pathVersion !== "3") {
    throw new ConfigError(
      `authUrl ${raw} is a Keystone v${pathVersion} URL, but looking up the catalog of authToken needs ` +
        `Keystone v3: give a v3 authUrl, or the endpoints themselves with baseUrl / endpointOverrides`,
    );
  }
  const url = normaliseAuthUrl(raw, "3");
  const attempt: AuthAttempt = {
    authUrl: url,
    authVersion: "3.x_token",
    identity: `the token given as authToken (sha256 ${sha256Short(token)})`,
    scope: "its own scope",
    secrets: [token],
  };
  let response;
  try {
    response = await session.send(
      withMultipleChoices({
        method: "GET",
        url: url.tokensUrl,
        headers: { "X-Auth-Token": token, "X-Subject-Token": token },
      }),
    );
  } catch (error) {
    // Keystone answers 404 "Could not find token: <the token>" for an expired or revoked subject token.
    if (
      error instanceof NotFoundError &&
      /(could not find|failed to validate) token/i.test(error.serviceMessage ?? "")
    ) {
      throw new AuthenticationError(
        `Keystone at ${url.tokensUrl} does not know ${attempt.identity}: it has expired or been revoked. ` +
          `Get a new token, or authenticate with credentials instead of authToken`,
        { status: 404, method: "GET", url: url.tokensUrl, requestId: error.requestId },
      );
    }
    throw await explainAuthFailure(session, attempt, error);
  }
  refuseMultipleChoices(attempt, response);
  const { parties: _parties, ...body } = parseV3TokenBody(response.data, attempt);
  return { token, authVersion: "3.x_token", ...body };
}
