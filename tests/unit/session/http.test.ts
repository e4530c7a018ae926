import http from "node:http";
import type { AddressInfo } from "node:net";
import { expect } from "chai";
import {
  AuthenticationError,
  ConflictError,
  NotFoundError,
  RateLimitError,
  ServiceError,
} from "../../../provider/errors";
import { HttpSession } from "../../../provider/session/http";

type Handler = (req: http.IncomingMessage, res: http.ServerResponse, body: string) => void;

async function serve(
  handler: Handler,
): Promise<{ url: string; hits: () => number; close: () => Promise<void> }> {
  let hits = 0;
  const server = http.createServer((req, res) => {
    hits++;
    let body = "";
    req.on("data", (c: Buffer) => (body += c.toString()));
    req.on("end", () => handler(req, res, body));
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    hits: () => hits,
    close: () => {
      server.closeAllConnections();
      return new Promise((r) => server.close(() => r()));
    },
  };
}

function json(res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
  res.writeHead(status, { "content-type": "application/json", ...headers });
  res.end(JSON.stringify(body));
}

describe("HttpSession", () => {
  const waits: number[] = [];
  const session = () =>
    new HttpSession({
      maxRetries: 3,
      sleep: (ms) => {
        waits.push(ms);
        return Promise.resolve();
      },
    });
  beforeEach(() => (waits.length = 0));

  it("sends JSON, parses JSON and lower-cases response headers", async () => {
    const srv = await serve((req, res, body) =>
      json(
        res,
        200,
        { got: JSON.parse(body) as unknown, type: req.headers["content-type"] },
        { "X-Thing": "1" },
      ),
    );
    try {
      const r = await session().send<{ got: unknown; type: string }>({
        method: "POST",
        url: `${srv.url}/x`,
        body: { a: 1 },
      });
      expect(r.status).to.equal(200);
      expect(r.data).to.deep.equal({ got: { a: 1 }, type: "application/json" });
      expect(r.headers["x-thing"]).to.equal("1");
    } finally {
      await srv.close();
    }
  });

  it("retries 503 on GET with backoff, then succeeds", async () => {
    let n = 0;
    const srv = await serve((_req, res) => (++n < 3 ? json(res, 503, {}) : json(res, 200, { ok: true })));
    try {
      const r = await session().send({ method: "GET", url: srv.url });
      expect(r.data).to.deep.equal({ ok: true });
      expect(srv.hits()).to.equal(3);
      expect(waits).to.have.length(2);
      expect(waits[1]!).to.be.at.least(500).and.at.most(1000);
    } finally {
      await srv.close();
    }
  });

  it("honours Retry-After on 429 and gives up with RateLimitError after maxRetries", async () => {
    const srv = await serve((_req, res) => json(res, 429, { message: "slow down" }, { "Retry-After": "2" }));
    try {
      const err = await session()
        .send({ method: "GET", url: srv.url })
        .catch((e: unknown) => e);
      expect(err).to.be.instanceOf(RateLimitError);
      expect(srv.hits()).to.equal(4);
      expect(waits).to.deep.equal([2000, 2000, 2000]);
      expect((err as Error).message).to.include("slow down");
    } finally {
      await srv.close();
    }
  });

  it("does not retry a POST that reached the server and answered 502", async () => {
    const srv = await serve((_req, res) => json(res, 502, {}));
    try {
      const err = await session()
        .send({ method: "POST", url: srv.url, body: {} })
        .catch((e: unknown) => e);
      expect(err).to.be.instanceOf(ServiceError);
      expect(srv.hits()).to.equal(1);
    } finally {
      await srv.close();
    }
  });

  it("retries a POST whose connection was refused (it never reached the server)", async () => {
    const srv = await serve(() => undefined);
    const url = srv.url;
    await srv.close();
    const err = await session()
      .send({ method: "POST", url, body: {} })
      .catch((e: unknown) => e);
    expect(err).to.be.instanceOf(ServiceError);
    expect((err as Error).message)
      .to.include("ECONNREFUSED")
      .and.include("after 4 attempts");
    expect(waits).to.have.length(3);
  });

  it("maps statuses to error classes with the service's message, method, URL and request id", async () => {
    const bodies: Record<string, [number, unknown]> = {
      "/nova": [404, { itemNotFound: { code: 404, message: "Instance abc could not be found." } }],
      "/neutron": [
        409,
        { NeutronError: { type: "IpAddressInUse", message: "IP 10.0.0.5 in use", detail: "" } },
      ],
      "/keystone": [
        401,
        {
          error: {
            code: 401,
            title: "Unauthorized",
            message: "The request you have made requires authentication.",
          },
        },
      ],
      "/placement": [
        400,
        { errors: [{ status: 400, title: "Bad Request", detail: "JSON does not validate" }] },
      ],
    };
    const srv = await serve((req, res) => {
      const [status, body] = bodies[req.url!]!;
      json(res, status, body, { "x-openstack-request-id": "req-123" });
    });
    try {
      const s = session();
      const fail = (path: string): Promise<Error> =>
        s.send({ method: "GET", url: srv.url + path }).then(
          () => new Error("expected a failure"),
          (e: unknown) => e as Error,
        );

      const nova = await fail("/nova");
      expect(nova).to.be.instanceOf(NotFoundError);
      expect(nova.message).to.equal(
        `GET ${srv.url}/nova returned 404: Instance abc could not be found. (request id req-123)`,
      );
      expect(nova).to.include({ status: 404, method: "GET", requestId: "req-123" });
      expect(await fail("/neutron"))
        .to.be.instanceOf(ConflictError)
        .and.have.property("serviceMessage", "IP 10.0.0.5 in use");
      expect(await fail("/keystone")).to.be.instanceOf(AuthenticationError);
      expect((await fail("/placement")).message).to.include("JSON does not validate");
    } finally {
      await srv.close();
    }
  });

  it("reads Glance's HTML error pages as text", async () => {
    const srv = await serve((_req, res) => {
      res.writeHead(404, { "content-type": "text/html" });
      res.end(
        "<html><head><title>404 Not Found</title></head><body><h1>404 Not Found</h1>No image found with ID x<br /><br /></body></html>",
      );
    });
    try {
      const err = (await session()
        .send({ method: "GET", url: srv.url })
        .catch((e: unknown) => e)) as NotFoundError;
      expect(err.serviceMessage).to.equal("404 Not Found No image found with ID x");
    } finally {
      await srv.close();
    }
  });

  it("never puts the token or a password in an error or the debug log", async () => {
    const lines: string[] = [];
    const file = `/tmp/openstack-debug-${process.pid}.log`;
    const srv = await serve((_req, res) => json(res, 400, { badRequest: { message: "nope" } }));
    try {
      const s = new HttpSession({ maxRetries: 0, debug: file });
      const err = (await s
        .send({
          method: "POST",
          url: `${srv.url}/v3/auth/tokens?token=tok-in-query`,
          headers: { "X-Auth-Token": "tok-secret-123" },
          body: { auth: { password: "pw-secret-456" } },
        })
        .catch((e: unknown) => e)) as Error;
      const { readFileSync, rmSync } = await import("node:fs");
      lines.push(readFileSync(file, "utf8"));
      rmSync(file);
      for (const text of [err.message, lines.join("\n")]) {
        expect(text)
          .not.to.include("tok-secret-123")
          .and.not.include("pw-secret-456")
          .and.not.include("tok-in-query");
      }
      expect(lines.join("\n")).to.include("POST").and.include("400").and.include("nope");
    } finally {
      await srv.close();
    }
  });
});
