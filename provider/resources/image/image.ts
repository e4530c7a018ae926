// Image: a Glance image, its data uploaded from a local file or imported by Glance from a URL
// (web-download). The data of an active image cannot change, so a new source replaces the image; a
// file is keyed on its content's sha512, not its path. Metadata, tags and custom properties update in
// place through one JSON patch.
import { nameProperty, tagsProperty } from "../framework/schema/properties";
import { GLANCE_INT, GLANCE_TEXT, REFERENCE } from "../framework/schema/limits";
import { NotFoundError, OpenStackError, ResourceStateError } from "../../errors";
import {
  createImage,
  deleteImage,
  getImage,
  type GlanceImage,
  importFromUrl,
  isGlanceManagedKey,
  listImages,
  listImageTasks,
  type PatchOperation,
  patchImage,
  uploadImageData,
} from "../../services/image";
import { createOnce, creationTag, isCreationTag, userTags } from "../framework/host/creation";
import { pollUntil } from "../framework/host/deadline";
import type { OperationContext, Props } from "../framework/host/definition";
import type { DiffResult } from "../framework/host/diff";
import { withId } from "../framework/host/partial";
import { fromApi, requestBody } from "../framework/host/mapping";
import type { CheckFailure, PropertySpec, ResourceSchema } from "../framework/schema/schema";
import { unorderedEqual } from "../framework/schema/values";
import {
  fileIdentity,
  fileProblem,
  fileSha512,
  fileSize,
  type FileUpload,
  fileUpload,
  prepareFileHash,
  rememberHash,
} from "./file-source";
import { defineResource, type ResourceArgs } from "../framework/program/define";

export const VISIBILITIES = ["private", "shared", "community", "public"] as const;
export const CONTAINER_FORMATS = ["bare", "ovf", "ova", "aki", "ari", "ami", "docker", "compressed"] as const;
export const DISK_FORMATS = [
  "raw",
  "qcow2",
  "vmdk",
  "vdi",
  "vhd",
  "vhdx",
  "iso",
  "ploop",
  "aki",
  "ari",
  "ami",
] as const;

/** Glance fields this resource sets from its own inputs: a property with such a key points to the input. */
const INPUT_FOR_FIELD: Record<string, string> = {
  name: "name",
  visibility: "visibility",
  protected: "protected",
  min_disk: "minDisk",
  min_ram: "minRam",
  tags: "tags",
  container_format: "containerFormat",
  disk_format: "diskFormat",
};

function propertiesProblem(value: unknown): string | undefined {
  const managed = Object.keys(value as Record<string, unknown>).filter(isGlanceManagedKey);
  if (managed.length === 0) return undefined;
  const named = managed.map((key) =>
    INPUT_FOR_FIELD[key] ? `${key} (use the ${INPUT_FOR_FIELD[key]} input)` : key,
  );
  return managed.length > 1
    ? `properties keys ${named.join(", ")} are managed by Glance itself, not custom properties`
    : `properties key ${named[0]} is managed by Glance itself, not a custom property`;
}

const plain = (text: string) =>
  text
    .replace(/<[^>]*>/g, " ")
    .replace(/\s+/g, " ")
    .trim();

/** The URL without user info: it may hold a password, and messages repeat the URL. */
function shownUrl(url: string): string {
  try {
    const u = new URL(url);
    if (!u.username && !u.password) return url;
    u.username = "***";
    u.password = "";
    return u.toString();
  } catch {
    return url;
  }
}

function urlProblem(value: unknown): string | undefined {
  let protocol: string;
  try {
    protocol = new URL(value as string).protocol;
  } catch {
    return `url "${shownUrl(value as string)}" is not a URL`;
  }
  return protocol === "http:" || protocol === "https:"
    ? undefined
    : `url must be http or https (Glance's web-download fetches nothing else), got ${protocol}`;
}

function oneSource(inputs: Props): CheckFailure[] {
  const given = (v: unknown) => v !== undefined && v !== null;
  const how = "file (a local path the provider uploads) or url (which Glance downloads)";
  if (given(inputs.file) && given(inputs.url))
    return [{ property: "url", reason: `file and url are exclusive: set exactly one source, ${how}` }];
  if (!given(inputs.file) && !given(inputs.url))
    return [{ property: "file", reason: `an image needs exactly one source: set ${how}` }];
  return [];
}

const imageSchema = {
  properties: {
    name: nameProperty("Image name"),
    visibility: {
      type: "string",
      change: "update",
      field: "visibility",
      oneOf: VISIBILITIES,
      default: "private",
      description: "Who sees the image: private, shared (members), community or public (admin)",
    },
    protected: {
      type: "boolean",
      change: "update",
      field: "protected",
      default: false,
      description: "Protected from deletion",
    },
    minDisk: {
      type: "integer",
      change: "update",
      field: "min_disk",
      default: 0,
      limits: GLANCE_INT,
      description: "Disk size in GiB a server needs to boot the image",
    },
    minRam: {
      type: "integer",
      change: "update",
      field: "min_ram",
      default: 0,
      limits: GLANCE_INT,
      description: "RAM in MiB a server needs to boot the image",
    },
    tags: tagsProperty("Image tags", { items: { ...REFERENCE } }),
    properties: {
      type: "stringMap",
      change: "update",
      field: false,
      // keys are 255 characters in Glance's table; values are TEXT
      limits: { keys: REFERENCE, values: GLANCE_TEXT },
      validate: propertiesProblem,
      description: "Custom properties (e.g. hw_disk_bus, os_distro); the keys Glance manages are left out",
    },
    containerFormat: {
      type: "string",
      change: "replace",
      field: "container_format",
      oneOf: CONTAINER_FORMATS,
      default: "bare",
      description: "Container format of the data",
    },
    diskFormat: {
      type: "string",
      change: "replace",
      field: "disk_format",
      oneOf: DISK_FORMATS,
      // no default: Glance does not check the format against the data, so a wrong guess only shows
      // when a server fails to boot
      required: true,
      description: `Format of the disk data: one of ${DISK_FORMATS.join(", ")}`,
    },
    file: {
      type: "string",
      change: "replace",
      field: false,
      validate: (v) => fileProblem(v as string),
      // replacement follows the content, not the path: diff hashes the file and compares with the state
      stateForm: (v) => fileSha512(v as string),
      // a preview of an unchanged file (same identity as when it was hashed) does not read it
      prepareStateForm: (v, olds) => prepareFileHash(v as string, olds.fileIdentity, olds.contentSha512),
      stateKey: "contentSha512",
      description: "Local file uploaded as the image data; a new content replaces the image",
    },
    url: {
      type: "string",
      change: "replace",
      field: false,
      validate: urlProblem,
      description: "http(s) URL Glance downloads the image data from (web-download import)",
    },
    status: { type: "string", change: "output", field: "status", description: "Glance status, e.g. active" },
    size: { type: "integer", change: "output", field: "size", description: "Size of the data in bytes" },
    checksum: { type: "string", change: "output", field: "checksum", description: "MD5 of the data" },
    osHashAlgo: {
      type: "string",
      change: "output",
      field: "os_hash_algo",
      description: "Algorithm of osHashValue (sha512 unless the cloud chose another)",
    },
    osHashValue: {
      type: "string",
      change: "output",
      field: "os_hash_value",
      description: "Glance's hash of the data",
    },
    contentSha512: {
      type: "string",
      change: "output",
      description: "sha512 of the uploaded file (file images only); what a new file is compared with",
    },
    fileIdentity: {
      type: "string",
      change: "output",
      description:
        "Path, device, inode, size and mtime of the file when it was hashed: unchanged, it is not read again",
    },
    createdAt: { type: "string", change: "output", field: "created_at", description: "Creation time" },
    updatedAt: { type: "string", change: "output", field: "updated_at", description: "Last update time" },
  },
  rules: [oneSource],
} as const satisfies Omit<ResourceSchema, "name">;

/** Custom properties of the image: everything that is not a Glance attribute or one of its own keys. */
function customProperties(image: GlanceImage): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(image)) {
    // custom properties are strings; other values are Glance's own typed attributes
    if (!isGlanceManagedKey(key) && typeof value === "string") out[key] = value;
  }
  return out;
}

/**
 * Live values under the input names. The source (file, url) is not in Glance's answer and comes from
 * `state`; so does contentSha512 unless Glance's own sha512 of the data is there to say it.
 */
function outputs(image: GlanceImage, state: Props): Props {
  const outs: Props = {
    ...fromApi(imageSchema, image),
    tags: userTags(image.tags),
    properties: customProperties(image),
  };
  for (const key of ["file", "url"]) if (typeof state[key] === "string") outs[key] = state[key];
  if (typeof state.file === "string") {
    const live = image.os_hash_algo === "sha512" && image.os_hash_value ? image.os_hash_value : undefined;
    const content = live ?? state.contentSha512;
    if (typeof content === "string") outs.contentSha512 = content;
    if (typeof state.fileIdentity === "string") outs.fileIdentity = state.fileIdentity;
  }
  return outs;
}

const mib = (bytes: number) => (bytes / 1024 / 1024).toFixed(1);

/** Streams the file (afresh for each attempt); returns the digests of what the last attempt sent. */
async function upload(ctx: OperationContext, id: string, path: string) {
  if (ctx.deadline.remainingMs() === 0) throw ctx.deadline.error("before the upload started");
  let source: FileUpload | undefined;
  const open = () => {
    // a request that failed before reading everything would otherwise keep the file open
    source?.stream.destroy();
    source = fileUpload(path, (percent, sent, size) =>
      ctx.log(`openstack:Image ${id}: uploaded ${percent}% of ${path} (${mib(sent)} of ${mib(size)} MiB)`),
    );
    return source.stream;
  };
  const size = fileSize(path);
  try {
    await uploadImageData(ctx.client, id, open, size, ctx.deadline.remainingMs());
  } finally {
    source?.stream.destroy();
  }
  return { ...source!.digests(), size };
}

/** Glance's digests of what it stored against those of what was sent. */
function verifyUpload(
  image: GlanceImage,
  sent: { sha512: string; md5: string; size: number },
  path: string,
): void {
  const problems: string[] = [];
  if (typeof image.size === "number" && image.size !== sent.size)
    problems.push(`Glance stored ${image.size} bytes, ${sent.size} were sent`);
  if (image.os_hash_algo === "sha512" && image.os_hash_value !== sent.sha512)
    problems.push(`Glance's sha512 is ${image.os_hash_value}, the file's as sent is ${sent.sha512}`);
  if (image.checksum && image.checksum !== sent.md5)
    problems.push(`Glance's md5 checksum is ${image.checksum}, the file's as sent is ${sent.md5}`);
  if (problems.length > 0)
    throw new ResourceStateError(
      `the data of image ${image.id} does not match ${path}: ${problems.join("; ")}`,
    );
}

async function startImport(ctx: OperationContext, id: string, url: string): Promise<void> {
  try {
    await importFromUrl(ctx.client, id, url);
  } catch (error) {
    // webob's JSON errors keep the HTML line breaks of its page template
    const message = error instanceof OpenStackError ? plain(error.serviceMessage ?? "") : "";
    if (/does not pass filtering/i.test(message)) {
      throw new ResourceStateError(
        `Glance refused to download ${shownUrl(url)}: "${message.replace(url, shownUrl(url))}". By default ` +
          `Glance's web-download only fetches from ports 80 and 443 and not from loopback or link-local ` +
          `addresses; the cloud's operator can change that in glance-api.conf [import_filtering_opts]`,
        { cause: error },
      );
    }
    throw error;
  }
  ctx.log(`openstack:Image ${id}: Glance is importing ${shownUrl(url)}`);
}

/** Why Glance gave up on the image: the message of its latest failed import task, when it keeps one. */
async function failureReason(ctx: OperationContext, id: string): Promise<string> {
  const tasks = await listImageTasks(ctx.client, id).catch(() => undefined);
  const failed = (tasks ?? [])
    .filter((t) => t.status === "failure")
    .sort((a, b) => a.updated_at.localeCompare(b.updated_at));
  const latest = failed[failed.length - 1];
  return latest?.message
    ? `Glance's reason: ${latest.message} (task ${latest.id})`
    : "Glance recorded no reason; the glance-api log has it";
}

async function waitUntilActive(ctx: OperationContext, id: string, doing: string): Promise<GlanceImage> {
  return pollUntil(ctx.deadline, async () => {
    const image = await getImage(ctx.client, id);
    if (!image) throw new NotFoundError(`image ${id} disappeared while ${doing}`);
    if (image.status === "active") return { done: true, value: image };
    if (["killed", "deleted", "pending_delete"].includes(image.status))
      throw new ResourceStateError(
        `image ${id} became ${image.status} while ${doing}; ${await failureReason(ctx, id)}`,
      );
    const failedStores = image.os_glance_failed_import;
    if (typeof failedStores === "string" && failedStores !== "")
      throw new ResourceStateError(
        `${doing} failed (stores: ${failedStores}); ${await failureReason(ctx, id)}`,
      );
    return { done: false, state: image.status };
  });
}

/** JSON pointer of a key (RFC 6901 escapes). */
const pointer = (key: string) => `/${key.replace(/~/g, "~0").replace(/\//g, "~1")}`;

/** The patch bringing the live image to the inputs, for the properties that changed. */
function patchFor(live: GlanceImage, news: Props, changed: readonly string[]): PatchOperation[] {
  const ops: PatchOperation[] = [];
  for (const name of ["name", "visibility", "protected", "minDisk", "minRam"] as const) {
    if (!changed.includes(name)) continue;
    const spec: PropertySpec = imageSchema.properties[name];
    const field = spec.field as string;
    const desired = news[name] ?? spec.default;
    if (live[field] !== desired) ops.push({ op: "replace", path: pointer(field), value: desired });
  }
  if (changed.includes("tags")) {
    const desired = (news.tags as string[] | undefined) ?? [];
    // the creation tag stays with the image
    const kept = (live.tags ?? []).filter(isCreationTag);
    if (!unorderedEqual(userTags(live.tags), desired))
      ops.push({ op: "replace", path: "/tags", value: [...desired, ...kept] });
  }
  if (changed.includes("properties")) {
    const current = customProperties(live);
    const desired = (news.properties as Record<string, string> | undefined) ?? {};
    for (const [key, value] of Object.entries(desired)) {
      if (!(key in current)) ops.push({ op: "add", path: pointer(key), value });
      else if (current[key] !== value) ops.push({ op: "replace", path: pointer(key), value });
    }
    for (const key of Object.keys(current))
      if (!(key in desired)) ops.push({ op: "remove", path: pointer(key) });
  }
  return ops;
}

/** A Glance image, uploaded from a local file or imported from a URL. */
export const Image = defineResource({
  kind: "Image",
  description: "A Glance image, uploaded from a local file or imported from a URL.",
  namedAfterResource: "name",
  ...imageSchema,
  operations: {
    async create(ctx, inputs) {
      const tag = creationTag(inputs);
      const body = {
        ...((inputs.properties as Record<string, string> | undefined) ?? {}),
        ...requestBody(imageSchema, inputs),
        // protection comes last: an image whose upload failed must stay deletable by the next destroy
        protected: false,
        tags: [...((inputs.tags as string[] | undefined) ?? []), tag],
      };
      const created = await createOnce(ctx, inputs, tag, {
        what: "image",
        send: () => createImage(ctx.client, body),
        find: (t) => listImages(ctx.client, { tag: t }),
        idOf: (i) => i.id,
      });
      const id = created.id;
      // without contentSha512 a partly created image differs from its file: the next up replaces it
      const partial = outputs(created, { ...inputs, contentSha512: undefined });
      return withId(id, partial, async () => {
        let contentSha512: string | undefined;
        let identity: string | undefined;
        let image: GlanceImage;
        if (typeof inputs.file === "string" && created.status !== "queued") {
          // adopted after its data went up (the run was interrupted later): check it is this file's
          image = await waitUntilActive(ctx, id, `storing the upload of ${inputs.file}`);
          contentSha512 = fileSha512(inputs.file);
          if (image.os_hash_algo === "sha512" && image.os_hash_value !== contentSha512)
            throw new ResourceStateError(`the data of image ${id} is not the content of ${inputs.file}`);
        } else if (typeof inputs.file === "string") {
          const before = fileIdentity(inputs.file);
          const sent = await upload(ctx, id, inputs.file);
          image = await waitUntilActive(ctx, id, `storing the upload of ${inputs.file}`);
          verifyUpload(image, sent, inputs.file);
          contentSha512 = sent.sha512;
          // the upload read the file once and hashed it: unchanged since, it need not be read again
          if (fileIdentity(inputs.file) === before) {
            identity = before;
            rememberHash(before, sent.sha512);
          }
        } else if (created.status !== "queued") {
          image = await waitUntilActive(ctx, id, `importing ${shownUrl(inputs.url as string)}`);
        } else {
          const url = inputs.url as string;
          await startImport(ctx, id, url);
          image = await waitUntilActive(ctx, id, `importing ${shownUrl(url)}`);
        }
        if (inputs.protected === true)
          image = await patchImage(ctx.client, id, [{ op: "replace", path: "/protected", value: true }]);
        return { id, outs: outputs(image, { ...inputs, contentSha512, fileIdentity: identity }) };
      });
    },

    async read(ctx, id, state) {
      const image = await getImage(ctx.client, id);
      return image && outputs(image, state);
    },

    async update(ctx: OperationContext, id: string, olds: Props, news: Props, diff: DiffResult) {
      const live = await getImage(ctx.client, id);
      if (!live)
        throw new NotFoundError(`image ${id} no longer exists; run pulumi refresh to drop it from the state`);
      const ops = patchFor(live, news, diff.updates);
      const image = ops.length > 0 ? await patchImage(ctx.client, id, ops) : live;
      // a file at a new path with the same content is not a change of source: the new path is recorded,
      // with its identity when the diff hashed it to that content
      let identity: string | undefined;
      if (typeof news.file === "string") {
        identity = fileIdentity(news.file);
        if (fileSha512(news.file) !== olds.contentSha512) identity = undefined;
      }
      return outputs(image, {
        file: news.file,
        url: news.url,
        contentSha512: olds.contentSha512,
        fileIdentity: identity,
      });
    },

    async delete(ctx, id) {
      try {
        await deleteImage(ctx.client, id);
      } catch (error) {
        if (error instanceof OpenStackError && error.status === 403) {
          const image = await getImage(ctx.client, id).catch(() => undefined);
          if (image?.protected) {
            throw new ResourceStateError(
              `image ${id} is protected, so Glance refuses to delete it: set protected: false and run ` +
                `pulumi up first (or unprotect it: openstack image set --unprotected ${id}), then delete again`,
              { cause: error },
            );
          }
        }
        throw error;
      }
      // deleted at once, or pending_delete with delayed deletion: either way it is going
      await pollUntil(ctx.deadline, async () => {
        const image = await getImage(ctx.client, id);
        return !image || image.status === "deleted" || image.status === "pending_delete"
          ? { done: true, value: undefined }
          : { done: false, state: image.status };
      });
    },
  },
});
export type Image = InstanceType<typeof Image>;
export type ImageArgs = ResourceArgs<typeof Image>;
