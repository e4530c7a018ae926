// Image without a cloud: check and diff through the runtime's entry points (schema defaults, enums,
// source rules, reserved property keys, replacement keyed on the file's content), and the create and
// delete flows against a stub Glance (upload progress and verification, import failures, protection).
import { createHash } from "node:crypto";
import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Readable } from "node:stream";
import { expect } from "chai";
import type { OpenStackClient, ServiceRequest } from "../../../provider/client/client";
import { NotFoundError, ServiceError } from "../../../provider/errors";
import { Deadline } from "../../../provider/resources/framework/host/deadline";
import type { OperationContext, Props } from "../../../provider/resources/framework/host/definition";
import { PartialCreateError } from "../../../provider/resources/framework/host/partial";
import { UNKNOWN } from "../../../provider/resources/framework/schema/schema";
import { fileIdentity } from "../../../provider/resources/image/file-source";
import { Image } from "../../../provider/resources/image/image";
import { check, diff } from "../../../provider/runtime/host";

const sha512 = (data: Buffer | string) => createHash("sha512").update(data).digest("hex");
const md5 = (data: Buffer | string) => createHash("md5").update(data).digest("hex");

async function failures(news: Props): Promise<Record<string, string>> {
  const result = await check("Image", {}, news);
  return Object.fromEntries((result.failures ?? []).map((f) => [f.property, f.reason]));
}

describe("Image: check", () => {
  let dir: string;
  let file: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), "image-unit-"));
    file = join(dir, "disk.raw");
    writeFileSync(file, "image data");
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it("fills in the defaults and sorts the tags", async () => {
    const result = await check("Image", {}, { name: "img", diskFormat: "raw", file, tags: ["b", "a", "b"] });
    expect(result.failures).to.deep.equal([]);
    expect(result.inputs).to.deep.equal({
      name: "img",
      diskFormat: "raw",
      file,
      tags: ["a", "b"],
      visibility: "private",
      protected: false,
      minDisk: 0,
      minRam: 0,
      containerFormat: "bare",
    });
  });

  it("names the field and the valid values of enums, numbers and the required disk format", async () => {
    const reasons = await failures({
      name: "img",
      file,
      visibility: "secret",
      containerFormat: "zip",
      minDisk: -1,
      minRam: 1.5,
    });
    expect(reasons.visibility).to.equal(
      'visibility "secret" is not valid: use one of private, shared, community, public',
    );
    expect(reasons.containerFormat).to.equal(
      'containerFormat "zip" is not valid: use one of bare, ovf, ova, aki, ari, ami, docker, compressed',
    );
    expect(reasons.minDisk).to.equal("minDisk is -1; the minimum is 0");
    expect(reasons.minRam).to.equal("minRam must be a whole number, got number 1.5");
    expect(reasons.diskFormat).to.match(
      /^diskFormat is required: Format of the disk data: one of raw, qcow2,/,
    );
    expect((await failures({ name: "img", file, diskFormat: "qcow3" })).diskFormat).to.match(
      /^diskFormat "qcow3" is not valid: use one of raw, qcow2, vmdk, vdi, vhd, vhdx, iso, ploop, aki, ari, ami$/,
    );
  });

  it("requires exactly one source, file or url", async () => {
    expect(await failures({ name: "img", diskFormat: "raw" })).to.deep.equal({
      file: "an image needs exactly one source: set file (a local path the provider uploads) or url (which Glance downloads)",
    });
    expect(
      await failures({ name: "img", diskFormat: "raw", file, url: "http://example.com/x.img" }),
    ).to.deep.equal({
      url: "file and url are exclusive: set exactly one source, file (a local path the provider uploads) or url (which Glance downloads)",
    });
    expect(
      await failures({ name: "img", diskFormat: "raw", url: "https://example.com/x.img" }),
    ).to.deep.equal({});
  });

  it("refuses a file that is not there or not a file, naming the path", async () => {
    const missing = join(dir, "nope.qcow2");
    expect((await failures({ name: "img", diskFormat: "raw", file: missing })).file).to.equal(
      `file ${missing} does not exist`,
    );
    const relative = (await failures({ name: "img", diskFormat: "raw", file: "no/such.img" })).file;
    expect(relative).to.equal(`file no/such.img (relative to ${process.cwd()}) does not exist`);
    const sub = join(dir, "sub");
    mkdirSync(sub, { recursive: true });
    expect((await failures({ name: "img", diskFormat: "raw", file: sub })).file).to.equal(
      `file ${sub} is not a regular file`,
    );
  });

  it("refuses urls Glance cannot download", async () => {
    expect((await failures({ name: "img", diskFormat: "raw", url: "ftp://host/x.img" })).url).to.equal(
      "url must be http or https (Glance's web-download fetches nothing else), got ftp:",
    );
    expect((await failures({ name: "img", diskFormat: "raw", url: "x.img" })).url).to.equal(
      'url "x.img" is not a URL',
    );
  });

  it("refuses property keys Glance manages, naming them and the input to use", async () => {
    const reasons = await failures({
      name: "img",
      diskFormat: "raw",
      file,
      properties: { hw_disk_bus: "scsi", os_hash_value: "x", min_disk: "3", os_glance_import_task: "t" },
    });
    expect(reasons.properties).to.equal(
      "properties keys os_hash_value, min_disk (use the minDisk input), os_glance_import_task are managed " +
        "by Glance itself, not custom properties",
    );
    const one = await failures({ name: "img", diskFormat: "raw", file, properties: { stores: "fs" } });
    expect(one.properties).to.equal(
      "properties key stores is managed by Glance itself, not a custom property",
    );
    expect(
      await failures({ name: "img", diskFormat: "raw", file, properties: { hw_disk_bus: "scsi" } }),
    ).to.deep.equal({});
  });

  it("lets unknown values through during a preview", async () => {
    const result = await check(
      "Image",
      {},
      {
        name: UNKNOWN,
        diskFormat: UNKNOWN,
        file: UNKNOWN,
        visibility: UNKNOWN,
        properties: { a: UNKNOWN },
        tags: ["x", UNKNOWN],
      },
    );
    expect(result.failures).to.deep.equal([]);
    expect(result.inputs).to.include({ file: UNKNOWN, diskFormat: UNKNOWN });
  });
});

describe("Image: diff", () => {
  let dir: string;
  const content = Buffer.from("the same bytes");
  let fileA: string;
  let fileB: string;
  let fileC: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), "image-diff-"));
    [fileA, fileB, fileC] = ["a.raw", "b.raw", "c.raw"].map((n) => join(dir, n)) as [string, string, string];
    writeFileSync(fileA, content);
    writeFileSync(fileB, content);
    writeFileSync(fileC, "other bytes");
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  const inputs = (over: Props = {}): Props => ({
    name: "img",
    visibility: "private",
    protected: false,
    minDisk: 0,
    minRam: 0,
    containerFormat: "bare",
    diskFormat: "raw",
    tags: ["a", "b"],
    properties: { os_distro: "cirros" },
    ...over,
  });
  const state = (over: Props = {}): Props => ({
    ...inputs({ file: fileA }),
    contentSha512: sha512(content),
    status: "active",
    size: content.length,
    ...over,
  });

  it("finds nothing to do when the state matches", async () => {
    const d = await diff("Image", "id", state(), inputs({ file: fileA, tags: ["b", "a"] }));
    expect(d).to.deep.include({ changes: false, replaces: [] });
  });

  it("does not replace for the same content at another path", async () => {
    const d = await diff("Image", "id", state(), inputs({ file: fileB }));
    expect(d).to.deep.include({ changes: false, replaces: [] });
  });

  it("replaces for another content, at another path or at the same one", async () => {
    expect((await diff("Image", "id", state(), inputs({ file: fileC }))).replaces).to.deep.equal(["file"]);
    const moving = join(dir, "moving.raw");
    writeFileSync(moving, content);
    const s = state({ file: moving });
    expect((await diff("Image", "id", s, inputs({ file: moving }))).changes).to.equal(false);
    writeFileSync(moving, "edited in place");
    expect((await diff("Image", "id", s, inputs({ file: moving }))).replaces).to.deep.equal(["file"]);
  });

  it("replaces when the source changes kind, or the formats change", async () => {
    const fromUrl = (await diff("Image", "id", state(), inputs({ url: "http://example.com/x.img" })))
      .replaces;
    expect(fromUrl).to.have.members(["file", "url"]);
    const urlState = { ...inputs({ url: "http://example.com/x.img" }), status: "active" };
    expect((await diff("Image", "id", urlState, inputs({ file: fileA }))).replaces).to.have.members([
      "file",
      "url",
    ]);
    expect(
      (await diff("Image", "id", urlState, inputs({ url: "http://example.com/y.img" }))).replaces,
    ).to.deep.equal(["url"]);
    const formats = await diff(
      "Image",
      "id",
      state(),
      inputs({ file: fileA, diskFormat: "qcow2", containerFormat: "ovf" }),
    );
    expect(formats.replaces).to.have.members(["diskFormat", "containerFormat"]);
  });

  it("updates metadata, tags and properties in place; drift in them is a change", async () => {
    const d = await diff(
      "Image",
      "id",
      state(),
      inputs({
        file: fileA,
        name: "renamed",
        visibility: "shared",
        minDisk: 1,
        tags: ["c"],
        properties: {},
      }),
    );
    expect(d).to.deep.include({ changes: true, replaces: [], deleteBeforeReplace: false });
    const drifted = state({
      properties: { os_distro: "cirros", foo: "bar" },
      minDisk: 3,
      tags: ["a", "b", "x"],
    });
    expect((await diff("Image", "id", drifted, inputs({ file: fileA }))).changes).to.equal(true);
    // absent optional inputs are their defaults or empty
    const bare = { name: "img", diskFormat: "raw", file: fileA };
    expect((await diff("Image", "id", state({ tags: [], properties: {} }), bare)).changes).to.equal(false);
  });

  it("trusts the recorded hash while the file's identity is unchanged, and hashes again once it changes", async () => {
    const file = join(dir, "recorded.raw");
    writeFileSync(file, content);
    // the state says another content: only reading the file could show that this one differs
    const recorded = state({ file, contentSha512: "recorded-hash", fileIdentity: fileIdentity(file) });
    expect(await diff("Image", "id", recorded, inputs({ file }))).to.deep.include({ changes: false });
    // touched: same bytes, new mtime, so the file is read, and its real hash differs from the record
    utimesSync(file, new Date(), new Date(Date.now() + 5000));
    expect((await diff("Image", "id", recorded, inputs({ file }))).replaces).to.deep.equal(["file"]);
  });

  it("treats unknown values as changes without touching the file system", async () => {
    const d = await diff("Image", "id", state(), inputs({ file: UNKNOWN }));
    expect(d.replaces).to.deep.equal(["file"]);
  });

  it("says which file it could not hash", async () => {
    const gone = join(dir, "gone.raw");
    let error: Error | undefined;
    try {
      await diff("Image", "id", state(), inputs({ file: gone }));
    } catch (e) {
      error = e as Error;
    }
    expect(error?.message).to.match(
      new RegExp(`^file ${gone} cannot be hashed to compare it with the image`),
    );
  });
});

// --- a stub Glance for the create and delete flows ---

interface StubOptions {
  /** Store different bytes than were sent (corruption on the way). */
  corrupt?: boolean;
  /** The import task fails with this message. */
  importFailure?: string;
}

class StubGlance {
  images = new Map<string, Props>();
  requests: string[] = [];
  private next = 0;
  constructor(private readonly options: StubOptions = {}) {}

  client(): OpenStackClient {
    return {
      request: (service: string, req: ServiceRequest) => this.request(service, req),
    } as unknown as OpenStackClient;
  }

  private async request(
    service: string,
    req: ServiceRequest,
  ): Promise<{ status: number; headers: object; data: unknown }> {
    expect(service).to.equal("image");
    const method = req.method ?? "GET";
    this.requests.push(`${method} ${req.path}`);
    const ok = (data: unknown, status = 200) => ({ status, headers: {}, data });
    if (method === "POST" && req.path === "/v2/images") {
      const id = `img-${++this.next}`;
      const image = {
        ...(req.body as Props),
        id,
        status: "queued",
        size: null,
        checksum: null,
        os_hash_algo: null,
        os_hash_value: null,
        tags: (req.body as Props).tags ?? [],
      };
      this.images.set(id, image);
      return ok(image, 201);
    }
    const m = /^\/v2\/images\/([^/]+)(\/.*)?$/.exec(req.path);
    const image = m && this.images.get(decodeURIComponent(m[1]!));
    if (!image) throw new NotFoundError(`${method} ${req.path} returned 404`, { status: 404 });
    const sub = m[2] ?? "";
    if (method === "PUT" && sub === "/file") {
      const chunks: Buffer[] = [];
      const body = req.body as { open: () => Readable };
      for await (const chunk of body.open()) chunks.push(chunk as Buffer);
      const data = Buffer.concat(chunks);
      const stored = this.options.corrupt ? Buffer.concat([data.subarray(1), Buffer.from("!")]) : data;
      Object.assign(image, {
        status: "active",
        size: stored.length,
        checksum: md5(stored),
        os_hash_algo: "sha512",
        os_hash_value: sha512(stored),
        stores: "fs",
      });
      return ok(undefined, 204);
    }
    if (method === "POST" && sub === "/import") {
      if (this.options.importFailure)
        Object.assign(image, { os_glance_failed_import: "fs", os_glance_importing_to_stores: "" });
      else
        Object.assign(image, {
          status: "active",
          size: 3,
          checksum: md5("abc"),
          os_hash_algo: "sha512",
          os_hash_value: sha512("abc"),
        });
      return ok(undefined, 202);
    }
    if (method === "GET" && sub === "/tasks") {
      const failed = {
        id: "task-1",
        type: "api_image_import",
        status: "failure",
        message: this.options.importFailure,
        created_at: "2024-01-01T00:00:00Z",
        updated_at: "2024-01-01T00:00:01Z",
      };
      return ok({ tasks: this.options.importFailure ? [failed] : [] });
    }
    if (method === "PATCH" && sub === "") {
      for (const op of req.body as Array<{ op: string; path: string; value?: unknown }>) {
        const key = op.path.slice(1);
        if (op.op === "remove") delete image[key];
        else image[key] = op.value;
      }
      return ok(image);
    }
    if (method === "DELETE" && sub === "") {
      if (image.protected)
        throw new ServiceError(`DELETE ${req.path} returned 403`, {
          status: 403,
          serviceMessage: "Image is protected",
        });
      this.images.delete(image.id as string);
      return ok(undefined, 204);
    }
    if (method === "GET" && sub === "") return ok(image);
    throw new Error(`stub Glance: unexpected ${method} ${req.path}`);
  }
}

describe("Image: create and delete against a stub Glance", () => {
  let dir: string;
  let file: string;
  const data = Buffer.alloc(1024 * 1024 + 17, 7);
  before(() => {
    dir = mkdtempSync(join(tmpdir(), "image-flow-"));
    file = join(dir, "disk.raw");
    writeFileSync(file, data);
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  function context(glance: StubGlance, log: string[] = []): OperationContext {
    return { client: glance.client(), deadline: new Deadline("Image create", 10), log: (m) => log.push(m) };
  }
  const inputs = (over: Props = {}): Props => ({
    name: "img",
    visibility: "private",
    protected: false,
    minDisk: 0,
    minRam: 0,
    containerFormat: "bare",
    diskFormat: "raw",
    file,
    ...over,
  });

  it("uploads, logs every tenth, verifies and protects last", async () => {
    const glance = new StubGlance();
    const log: string[] = [];
    const { id, outs } = await Image.definition.create(
      context(glance, log),
      inputs({ protected: true, properties: { os_distro: "x" } }),
    );
    expect(outs).to.include({
      status: "active",
      protected: true,
      size: data.length,
      contentSha512: sha512(data),
      file,
    });
    expect(outs.properties).to.deep.equal({ os_distro: "x" });
    const percents = log.map((l) => /uploaded (\d+)%/.exec(l)?.[1]).filter(Boolean);
    expect(percents).to.deep.equal(["10", "20", "30", "40", "50", "60", "70", "80", "90", "100"]);
    expect(glance.requests[0]).to.equal("POST /v2/images");
    expect(glance.requests.at(-1)).to.equal(`PATCH /v2/images/${id}`, "protected after the data is in");
  });

  it("fails with the image id when Glance's hash differs from the file's", async () => {
    const glance = new StubGlance({ corrupt: true });
    let error: unknown;
    try {
      await Image.definition.create(context(glance), inputs({ protected: true }));
    } catch (e) {
      error = e;
    }
    expect(error).to.be.instanceOf(PartialCreateError);
    const partial = error as PartialCreateError;
    expect(partial.id).to.equal("img-1");
    expect(partial.message).to.match(
      /^created img-1, then failed: the data of image img-1 does not match .*sha512/,
    );
    expect(partial.outs).not.to.have.property("contentSha512");
    expect(glance.images.get("img-1")?.protected).to.equal(false, "left deletable");
  });

  it("fails with the image id and Glance's reason when an import fails", async () => {
    const glance = new StubGlance({ importFailure: "HTTP 404 from the source" });
    let error: unknown;
    try {
      await Image.definition.create(
        context(glance),
        inputs({ file: undefined, url: "http://user:pw@example.com/x.img" }),
      );
    } catch (e) {
      error = e;
    }
    expect(error).to.be.instanceOf(PartialCreateError);
    expect((error as PartialCreateError).id).to.equal("img-1");
    expect((error as Error).message).to.equal(
      "created img-1, then failed: importing http://***@example.com/x.img failed (stores: fs); " +
        "Glance's reason: HTTP 404 from the source (task task-1)",
    );
  });

  it("refuses to delete a protected image with what to do instead", async () => {
    const glance = new StubGlance();
    const ctx = context(glance);
    const { id } = await Image.definition.create(ctx, inputs({ protected: true }));
    let error: Error | undefined;
    try {
      await Image.definition.delete(ctx, id, {});
    } catch (e) {
      error = e as Error;
    }
    expect(error?.message).to.match(
      /^image img-1 is protected, so Glance refuses to delete it: set protected: false/,
    );
    await Image.definition.update(ctx, id, {}, inputs({ protected: false }), {
      changes: true,
      replaces: [],
      updates: ["protected"],
      deleteBeforeReplace: false,
      stables: [],
    });
    await Image.definition.delete(ctx, id, {});
    expect(glance.images.size).to.equal(0);
    await Image.definition.delete(ctx, id, {}); // already gone: success
  });

  it("patches only what differs from the live image, adding, replacing and removing properties", async () => {
    const glance = new StubGlance();
    const ctx = context(glance);
    const { id } = await Image.definition.create(
      ctx,
      inputs({ properties: { keep: "1", change: "a", drop: "x" }, tags: ["t"] }),
    );
    glance.requests.length = 0;
    let patch: unknown;
    const client = ctx.client as unknown as { request: (s: string, r: ServiceRequest) => Promise<unknown> };
    const original = client.request;
    client.request = (s, r) => {
      if (r.method === "PATCH") patch = r.body;
      return original(s, r);
    };
    const outs = await Image.definition.update(
      ctx,
      id,
      {},
      inputs({ name: "img", properties: { keep: "1", change: "b", "new/key": "n" }, tags: ["u"] }),
      {
        changes: true,
        replaces: [],
        updates: ["name", "tags", "properties"],
        deleteBeforeReplace: false,
        stables: [],
      },
    );
    const creationTag = (glance.images.get(id)!.tags as string[]).find((t) => t.startsWith("pulumi-create-"));
    expect(creationTag, "the image carries its creation tag").to.be.a("string");
    expect(patch).to.deep.equal([
      // the user's tags replace the old ones; the creation tag stays
      { op: "replace", path: "/tags", value: ["u", creationTag] },
      { op: "replace", path: "/change", value: "b" },
      { op: "add", path: "/new~1key", value: "n" },
      { op: "remove", path: "/drop" },
    ]);
    expect(outs.file).to.equal(file);
  });
});
