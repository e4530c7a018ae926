// Every error the client raises is an OpenStackError, so callers (and the resources) can tell cloud
// failures from bugs. Messages never contain credentials or tokens: they are built from method, URL
// (query strings included only when they hold no secret) and the service's own message.

export interface OpenStackErrorDetails {
  status?: number;
  method?: string;
  url?: string;
  requestId?: string;
  /** The service's own message (Nova's badRequest.message, Neutron's NeutronError, Glance's text). */
  serviceMessage?: string;
  cause?: unknown;
}

export class OpenStackError extends Error {
  readonly status?: number;
  readonly method?: string;
  readonly url?: string;
  readonly requestId?: string;
  readonly serviceMessage?: string;

  constructor(message: string, details: OpenStackErrorDetails = {}) {
    super(message, details.cause !== undefined ? { cause: details.cause } : undefined);
    this.name = new.target.name;
    this.status = details.status;
    this.method = details.method;
    this.url = details.url;
    this.requestId = details.requestId;
    this.serviceMessage = details.serviceMessage;
  }
}

/** Options that cannot work together or are missing; raised before anything is sent. */
export class ConfigError extends OpenStackError {}
/** Keystone refused the credentials, or a service answered 401 after a fresh token. */
export class AuthenticationError extends OpenStackError {}
/** A response that does not have the shape the API reference promises (no token, no catalog...). */
export class MalformedResponseError extends OpenStackError {}
/** The catalog has no endpoint matching the requested type/name/region/interface. */
export class EndpointNotFoundError extends OpenStackError {}
/** The token has no catalog at all (unscoped, or a forced token without one): no lookup can succeed. */
export class EmptyCatalogError extends EndpointNotFoundError {}
/** 404 from a service. */
export class NotFoundError extends OpenStackError {}
/** 409 from a service (name in use, resource busy, invalid state). */
export class ConflictError extends OpenStackError {}
/** 429 or 413-with-Retry-After, after retries ran out. */
export class RateLimitError extends OpenStackError {}
/** Any other failed request: 4xx/5xx, timeouts, connection errors. */
export class ServiceError extends OpenStackError {}
/**
 * The cloud's object is not in a state the operation can go on from: it went to an error status, its
 * data is not what was declared, or it cannot change the way the declaration asks.
 */
export class ResourceStateError extends OpenStackError {}
