import http from "node:http";
import net, { type AddressInfo } from "node:net";
import { expect } from "chai";
import { OpenStackClient } from "../../../provider/client/client";
import { clearTokenCache } from "../../../provider/client/token-cache";
import { ServiceError } from "../../../provider/errors";

// https:// to a port that speaks plain HTTP: the error says so, whichever way the TLS handshake dies.
describe("https:// to a plain-http port", () => {
  beforeEach(() => clearTokenCache());
  const listen = (server: net.Server) =>
    new Promise<number>((resolve) =>
      server.listen(0, "127.0.0.1", () => resolve((server.address() as AddressInfo).port)),
    );

  for (const [label, make] of [
    ["an HTTP server (wrong version number)", () => http.createServer((_req, res) => res.end("plain"))],
    [
      "a server that hangs up (connection reset)",
      () => net.createServer((socket) => socket.on("data", () => socket.resetAndDestroy())),
    ],
  ] as Array<[string, () => net.Server]>) {
    it(`${label}: says the port may not speak TLS and what URL to try`, async () => {
      const server = make();
      const port = await listen(server);
      try {
        const client = new OpenStackClient({
          authUrl: `https://127.0.0.1:${port}/v3`,
          username: "u",
          password: "p",
          maxRetries: 0,
        });
        const error = (await client.authenticate().catch((e: unknown) => e)) as Error;
        expect(error).to.be.instanceOf(ServiceError);
        expect(error.message)
          .to.include("The port may not speak TLS")
          .and.include(`use http://127.0.0.1:${port}`);
      } finally {
        server.close();
      }
    });
  }
});
