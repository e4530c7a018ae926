// The session under an operation's deadline: requests in flight end with it, retry budgets are time, a
// POST is not re-sent after a gateway's answer, authentication-like requests are, streams are reopened,
// and service messages come back bounded and clean.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { Readable } from "node:stream";
import { expect } from "chai";
import { ServiceError } from "../../../provider/errors";
import { withinDeadline } from "../../../provider/session/deadline-scope";
import { HttpSession } from "../../../provider/session/http";

type Handler = (req: http.IncomingMessage, res: http.ServerResponse, body: Buffer) => void;

async function serve(handler: Handler) {
  const bodies: Buffer[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      bodies.push(Buffer.concat(chunks));
      handler(req, res, Buffer.concat(chunks));
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    bodies,
    close: () => {
      server.closeAllConnections();
      return new Promise<void>((r) => server.close(() => r()));
    },
  };
}

const noWait = () => new HttpSession({ maxRetries: 3, sleep: () => Promise.resolve() });
const within = <T>(ms: number, run: () => Promise<T>) =>
  withinDeadline(
    { expiresAt: Date.now() + ms, what: "Network create", hint: "; raise timeouts.create" },
    run,
  );

describe("HttpSession under an operation's deadline", () => {
  it("ends a stalled request when the operation's deadline comes, saying so", async () => {
    const srv = await serve(() => undefined); // never answers
    try {
      const started = Date.now();
      const error = await within(800, () => noWait().send({ method: "GET", url: srv.url })).catch(
        (e: Error) => e,
      );
      expect(Date.now() - started).to.be.below(3000);
      expect(error).to.be.instanceOf(ServiceError);
      expect((error as Error).message)
        .to.include("timed out after")
        .and.include("Network create deadline")
        .and.include("raise timeouts.create");
    } finally {
      await srv.close();
    }
  });

  it("waits out a 429 burst beyond maxRetries while the deadline allows", async () => {
    let hits = 0;
    const srv = await serve((_req, res) => {
      hits++;
      if (hits <= 5) {
        res.writeHead(429, { "retry-after": "1", "content-type": "application/json" });
        res.end('{"message":"slow down"}');
      } else res.end("{}");
    });
    try {
      await within(30_000, () => noWait().send({ method: "POST", url: srv.url, body: {} }));
      expect(hits).to.equal(6);
    } finally {
      await srv.close();
    }
  });

  it("does not re-send a POST a gateway answered 503 (the service may have acted)", async () => {
    const srv = await serve((_req, res) => {
      res.writeHead(503);
      res.end("upstream connect error or disconnect/reset before headers");
    });
    try {
      const error = await noWait()
        .send({ method: "POST", url: srv.url, body: {} })
        .catch((e: Error) => e);
      expect(error).to.be.instanceOf(ServiceError);
      expect(srv.bodies).to.have.length(1);
    } finally {
      await srv.close();
    }
  });

  it("retries a request that is safe to repeat on 500 (Keystone issuing a token)", async () => {
    const srv = await serve((_req, res) => {
      res.writeHead(srv.bodies.length <= 2 ? 500 : 201, { "content-type": "application/json" });
      res.end("{}");
    });
    try {
      const res = await noWait().send({ method: "POST", url: srv.url, body: {}, safeToRepeat: true });
      expect(res.status).to.equal(201);
      expect(srv.bodies).to.have.length(3);
    } finally {
      await srv.close();
    }
  });

  it("reopens a stream for each attempt, so a retried upload sends the whole data", async () => {
    const data = Buffer.alloc(64 * 1024, 7);
    const srv = await serve((_req, res) => {
      res.writeHead(srv.bodies.length === 1 ? 503 : 204);
      res.end();
    });
    try {
      let opened = 0;
      const body = { open: () => (opened++, Readable.from([data])) };
      await noWait().send({
        method: "PUT",
        url: srv.url,
        body,
        headers: { "Content-Length": String(data.length) },
      });
      expect(opened).to.equal(2);
      expect(srv.bodies.map((b) => b.length)).to.deep.equal([data.length, data.length]);
    } finally {
      await srv.close();
    }
  });

  it("cuts a huge service message, drops escapes and the request's own secrets, keeps the request id", async () => {
    const userData = Buffer.from(`#cloud-config\n${"a".repeat(40_000)}`).toString("base64");
    const srv = await serve((_req, res) => {
      res.writeHead(400, { "content-type": "application/json", "x-openstack-request-id": "req-42" });
      const message = `Invalid input for field/attribute user_data. Value: \u001b[31m${userData}\u001b[0m\u0007 ${"x ".repeat(40_000)}`;
      res.end(JSON.stringify({ badRequest: { code: 400, message } }));
    });
    try {
      const error = (await noWait()
        .send({ method: "POST", url: srv.url, body: { server: { user_data: userData } } })
        .catch((e: Error) => e)) as Error;
      expect(error.message).to.include("(request id req-42)").and.include("cut");
      expect(error.message.length).to.be.below(3000);
      expect(error.message).not.to.include(userData.slice(0, 40));
      expect(error.message).not.to.include("\u001b");
      expect(error.message).not.to.include("\u0007");
    } finally {
      await srv.close();
    }
  });
});
