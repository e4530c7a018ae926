// Image through the real provider host against the cloud: a streamed upload cross-checked with the CLI,
// read without diff, drift made with the CLI and put back, in-place updates, replacement keyed on the
// file's content (not its path), web-download imports from a local HTTP server, protection, delete.
import { createHash } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect } from "chai";
import { userTags } from "../../../provider/resources/framework/host/creation";
import { describeWithCloud } from "../../support/cloud";
import { openstackCli } from "../../support/openstack-cli";
import {
  ResourceInitFailedError,
  type ResourceDriver,
  type ResourceState,
} from "../../support/provider-host";
import { startResourceHost, type ResourceHost } from "../../support/resource-host";

interface CliImage {
  id: string;
  name: string;
  status: string;
  size: number;
  checksum: string;
  visibility: string;
  protected: boolean;
  min_disk: number;
  min_ram: number;
  tags: string[];
  properties: Record<string, unknown>;
}

const sha512 = (data: Buffer) => createHash("sha512").update(data).digest("hex");
const md5 = (data: Buffer) => createHash("md5").update(data).digest("hex");

/** `size` bytes from a seeded xorshift generator: the same file on every run. */
function deterministicBytes(size: number, seed: number): Buffer {
  const out = Buffer.alloc(size);
  let x = seed >>> 0 || 1;
  for (let i = 0; i < size; i++) {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    out[i] = x & 0xff;
  }
  return out;
}

/** A file server for Glance to download from; counts what it was asked for. */
async function serveDirectory(
  dir: string,
  host: string,
  port: number,
): Promise<{ server: Server; hits: string[]; base: string }> {
  const hits: string[] = [];
  const server = createServer((req, res) => {
    hits.push(req.url ?? "");
    try {
      const data = readFileSync(join(dir, (req.url ?? "/").replace(/^\/+/, "").replace(/\.\./g, "")));
      res.writeHead(200, { "Content-Type": "application/octet-stream", "Content-Length": data.length });
      res.end(data);
    } catch {
      res.writeHead(404).end("not found");
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => resolve());
  });
  const bound = (server.address() as AddressInfo).port;
  return { server, hits, base: `http://${host}${bound === 80 ? "" : `:${bound}`}` };
}

/** The port the local cloud's Glance allows web-download from on 127.0.0.1 (scripts/local-openstack). */
const IMPORT_PORT = 18475;

describeWithCloud("Image resource", "admin", (use, found) => {
  let rh: ResourceHost;
  let images: ResourceDriver;
  let state: ResourceState | undefined;
  let dir: string;
  let fileA: string;
  let copyOfA: string;
  let fileB: string;
  const dataA = deterministicBytes(3 * 1024 * 1024 + 4321, 42);
  const dataB = deterministicBytes(2 * 1024 * 1024 + 99, 7);
  const name = `it-img-${process.pid}`;
  const servers: Server[] = [];

  const show = async (id: string) => (await openstackCli(use(), ["image", "show", id])) as CliImage;
  const declared = (over: Record<string, unknown> = {}) => ({
    name,
    diskFormat: "raw",
    file: fileA,
    tags: ["b", "a"],
    properties: { os_distro: "it-linux", hw_disk_bus: "virtio" },
    minRam: 64,
    ...over,
  });

  before(async function () {
    this.timeout(60_000);
    dir = mkdtempSync(join(tmpdir(), "it-image-"));
    [fileA, copyOfA, fileB] = ["a.raw", "copy-of-a.raw", "b.raw"].map((f) => join(dir, f)) as [
      string,
      string,
      string,
    ];
    writeFileSync(fileA, dataA);
    writeFileSync(copyOfA, dataA);
    writeFileSync(fileB, dataB);
    rh = await startResourceHost(use());
    // uploads and imports take longer than the default RPC deadline of the harness
    rh.host.rpcTimeoutMs = 180_000;
    images = await rh.driver("Image");
  });

  after(async function () {
    this.timeout(120_000);
    if (!found()) return; // skipped: nothing was made
    for (const server of servers) server.close();
    // every image this run made, whatever state the tests left it in
    const listed = (await openstackCli(use(), ["image", "list", "--long"]).catch(() => [])) as Array<{
      ID: string;
      Name: string;
    }>;
    for (const image of listed.filter((i) => i.Name?.startsWith(name))) {
      await openstackCli(use(), ["--no-json", "image", "set", "--unprotected", image.ID]).catch(
        () => undefined,
      );
      await openstackCli(use(), ["--no-json", "image", "delete", image.ID]).catch(() => undefined);
    }
    await rh?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it("uploads a file, logging progress, and the CLI sees its size and sha512", async function () {
    this.timeout(120_000);
    state = await images.up("img", declared());
    expect(state.id).to.match(/^[0-9a-f-]{36}$/);
    expect(state.outs).to.include({
      name,
      status: "active",
      visibility: "private",
      protected: false,
      diskFormat: "raw",
      containerFormat: "bare",
      size: dataA.length,
      checksum: md5(dataA),
      osHashAlgo: "sha512",
      osHashValue: sha512(dataA),
      contentSha512: sha512(dataA),
      file: fileA,
      minRam: 64,
      minDisk: 0,
    });
    expect(state.outs.tags).to.deep.equal(["a", "b"]);
    expect(state.outs.properties).to.deep.equal({ os_distro: "it-linux", hw_disk_bus: "virtio" });

    const cli = await show(state.id);
    expect(cli).to.include({
      status: "active",
      size: dataA.length,
      checksum: md5(dataA),
      visibility: "private",
    });
    expect(cli.properties.os_hash_algo).to.equal("sha512");
    expect(cli.properties.os_hash_value).to.equal(sha512(dataA));
    expect(cli.properties).to.include({ os_distro: "it-linux", hw_disk_bus: "virtio" });

    const progress = rh.host
      .stdoutText()
      .split("\n")
      .filter((line) => line.includes(`openstack:Image ${state!.id}: uploaded`))
      .map((line) => /uploaded (\d+)%/.exec(line)![1]);
    expect(progress).to.deep.equal(["10", "20", "30", "40", "50", "60", "70", "80", "90", "100"]);
  });

  it("reads back without a diff, with none of Glance's own keys among the properties", async () => {
    state = (await images.refresh("img", state!))!;
    expect(state.outs.properties).to.deep.equal({ os_distro: "it-linux", hw_disk_bus: "virtio" });
    expect(state.outs.contentSha512).to.equal(sha512(dataA));
    const outcome = await images.update("img", state, declared({ tags: ["a", "b"] }));
    expect(outcome.action).to.equal("same");
  });

  it("shows drift made out of band, and puts it back", async function () {
    this.timeout(60_000);
    await openstackCli(use(), [
      "--no-json",
      "image",
      "set",
      "--property",
      "foo=bar",
      "--min-disk",
      "3",
      "--tag",
      "x",
      state!.id,
    ]);
    state = (await images.refresh("img", state!))!;
    expect(state.outs.properties).to.deep.equal({ os_distro: "it-linux", hw_disk_bus: "virtio", foo: "bar" });
    expect(state.outs.minDisk).to.equal(3);
    expect(state.outs.tags).to.deep.equal(["a", "b", "x"]);

    const outcome = await images.update("img", state, declared());
    expect(outcome.action).to.equal("updated");
    expect(outcome.diff.replaces).to.deep.equal([]);
    state = outcome.state;
    const cli = await show(state.id);
    expect(cli.properties).not.to.have.property("foo");
    expect(cli.min_disk).to.equal(0);
    expect(userTags(cli.tags)).to.deep.equal(["a", "b"]);
  });

  it("updates name, visibility, tags and properties in place", async () => {
    const before = state!.id;
    const outcome = await images.update(
      "img",
      state!,
      declared({
        name: `${name}-renamed`,
        visibility: "shared",
        tags: ["c"],
        properties: { os_distro: "it-other", architecture: "x86_64" },
      }),
    );
    expect(outcome.action).to.equal("updated");
    state = outcome.state;
    expect(state.id).to.equal(before);
    expect(state.outs).to.include({ name: `${name}-renamed`, visibility: "shared" });
    const cli = await show(state.id);
    expect(cli).to.include({ name: `${name}-renamed`, visibility: "shared" });
    expect(userTags(cli.tags)).to.deep.equal(["c"]);
    expect(cli.properties).to.include({ os_distro: "it-other", architecture: "x86_64" });
    expect(cli.properties).not.to.have.property("hw_disk_bus");
  });

  it("keeps the image for the same content at another path", async () => {
    const before = state!.id;
    const outcome = await images.update(
      "img",
      state!,
      declared({
        name: `${name}-renamed`,
        visibility: "shared",
        tags: ["c"],
        properties: { os_distro: "it-other", architecture: "x86_64" },
        file: copyOfA,
      }),
    );
    expect(outcome.action).to.equal("same");
    expect(outcome.diff.replaces).to.deep.equal([]);
    state = outcome.state;
    expect(state.id).to.equal(before);
  });

  it("replaces the image for another content, and deletes the old one", async function () {
    this.timeout(120_000);
    const before = state!.id;
    const outcome = await images.update("img", state!, declared({ file: fileB }));
    expect(outcome.action).to.equal("replaced");
    expect(outcome.diff.replaces).to.deep.equal(["file"]);
    expect(outcome.deletedBeforeCreate).to.equal(false);
    state = outcome.state;
    expect(state.id).not.to.equal(before);
    expect(state.outs).to.include({ size: dataB.length, contentSha512: sha512(dataB), file: fileB });
    expect((await show(state.id)).properties.os_hash_value).to.equal(sha512(dataB));
    expect(await images.refresh("img", { ...state, id: before })).to.equal(undefined, "old image deleted");
  });

  it("refuses to delete a protected image, saying how to unprotect it", async function () {
    this.timeout(60_000);
    const outcome = await images.update("img", state!, declared({ file: fileB, protected: true }));
    expect(outcome.action).to.equal("updated");
    state = outcome.state;
    expect((await show(state.id)).protected).to.equal(true);

    let error: Error | undefined;
    try {
      await images.destroy("img", state);
    } catch (e) {
      error = e as Error;
    }
    expect(error?.message).to.include(`image ${state.id} is protected, so Glance refuses to delete it`);
    expect(error?.message).to.include("set protected: false");
    expect((await show(state.id)).status).to.equal("active", "still there");

    state = (await images.update("img", state, declared({ file: fileB, protected: false }))).state;
    expect((await show(state.id)).protected).to.equal(false);
  });

  it("deletes the image", async () => {
    await images.destroy("img", state!);
    expect(await images.refresh("img", state!)).to.equal(undefined);
    const listed = (await openstackCli(use(), ["image", "list"])) as Array<{ ID: string }>;
    expect(listed.map((i) => i.ID)).not.to.include(state!.id);
    state = undefined;
  });

  describe("web-download import", () => {
    it("surfaces Glance's refusal of a URL its import filter does not allow as a clear error, and the image stays deletable", async function () {
      this.timeout(60_000);
      const local = await serveDirectory(dir, "127.0.0.1", 0);
      servers.push(local.server);
      let error: unknown;
      try {
        await images.up("loopback", {
          name: `${name}-loopback`,
          diskFormat: "raw",
          url: `${local.base}/a.raw`,
        });
      } catch (e) {
        error = e;
      }
      expect(error).to.be.instanceOf(ResourceInitFailedError, String(error));
      const failed = error as ResourceInitFailedError;
      expect(failed.message).to.include(`Glance refused to download ${local.base}/a.raw`);
      expect(failed.message).to.include("does not pass filtering");
      expect(failed.message).to.include("[import_filtering_opts]");
      expect(failed.message).not.to.match(/<br|\n/, "Glance's HTML line breaks are dropped");
      expect(local.hits).to.deep.equal([], "refused before fetching anything");
      // the engine keeps the partly created image, so the next destroy removes it
      expect(failed.state.id).to.match(/^[0-9a-f-]{36}$/);
      expect((await show(failed.state.id)).status).to.equal("queued");
      await images.destroy("loopback", failed.state);
      expect(await images.refresh("loopback", failed.state)).to.equal(undefined);
    });

    describe("from a server on 127.0.0.1, on the port the cloud's import filter allows", () => {
      let remote: { server: Server; hits: string[]; base: string } | undefined;
      let skipReason: string | undefined;

      before(async function () {
        try {
          remote = await serveDirectory(dir, "127.0.0.1", IMPORT_PORT);
          servers.push(remote.server);
        } catch (e) {
          skipReason = `cannot serve on 127.0.0.1:${IMPORT_PORT} (${(e as Error).message})`;
        }
        if (skipReason) {
          console.warn(`\n  !!! SKIPPING web-download success and failure: ${skipReason}\n`);
          this.skip();
        }
      });

      it("imports the data and waits for active", async function () {
        this.timeout(180_000);
        const imported = await images.up("imported", {
          name: `${name}-imported`,
          diskFormat: "raw",
          url: `${remote!.base}/b.raw`,
        });
        try {
          expect(remote!.hits).to.include("/b.raw");
          expect(imported.outs).to.include({
            status: "active",
            size: dataB.length,
            osHashValue: sha512(dataB),
            url: `${remote!.base}/b.raw`,
          });
          expect(imported.outs).not.to.have.property("contentSha512");
          const cli = await show(imported.id);
          expect(cli).to.include({ status: "active", size: dataB.length });
          expect(cli.properties.os_hash_value).to.equal(sha512(dataB));
          // the import bookkeeping Glance adds (os_glance_*) is not drift
          const again = (await images.refresh("imported", imported))!;
          expect(again.outs.properties).to.deep.equal({});
          const outcome = await images.update("imported", again, {
            name: `${name}-imported`,
            diskFormat: "raw",
            url: `${remote!.base}/b.raw`,
          });
          expect(outcome.action).to.equal("same");
        } finally {
          await images.destroy("imported", imported);
        }
        expect(await images.refresh("imported", imported)).to.equal(undefined);
      });

      it("fails with the image id and Glance's reason when the download fails", async function () {
        this.timeout(180_000);
        let error: unknown;
        try {
          await images.up("missing", {
            name: `${name}-missing`,
            diskFormat: "raw",
            url: `${remote!.base}/missing.raw`,
          });
        } catch (e) {
          error = e;
        }
        expect(error).to.be.instanceOf(ResourceInitFailedError, String(error));
        const failed = error as ResourceInitFailedError;
        expect(remote!.hits).to.include("/missing.raw");
        expect(failed.message).to.match(
          new RegExp(
            `^created ${failed.state.id}, then failed: importing .*/missing\\.raw failed \\(stores: fs\\); Glance's reason: `,
          ),
        );
        await images.destroy("missing", failed.state);
        expect(await images.refresh("missing", failed.state)).to.equal(undefined);
      });
    });
  });
});
