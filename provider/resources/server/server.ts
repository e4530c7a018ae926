// The Server definition: create waits for ACTIVE (ERROR or the deadline still report the id, so the
// server is recorded and a later destroy removes it), read maps the live server back to the inputs'
// forms, update applies each in-place change with the action Nova has for it, delete waits for 404.
import type { OpenStackClient } from "../../client/client";
import { ConfigError, NotFoundError } from "../../errors";
import {
  createServer,
  deleteServer,
  getKeyPair,
  getServer,
  listServersTagged,
  type NovaServer,
  serverAction,
  setServerMetadata,
  setServerTags,
  updateServer,
} from "../../services/compute";
import { ports } from "../../services/network";
import type { OperationContext, Props } from "../framework/host/definition";
import { createOnce, creationTag, isCreationTag, userTags } from "../framework/host/creation";
import { PartialCreateError } from "../framework/host/partial";
import {
  findFlavor,
  imageInStateForm,
  resolveFlavor,
  resolveImageId,
  resolveNetwork,
  resolveSecurityGroups,
} from "./lookups";
import { type BlockDevice, blockDeviceMapping, bootDevice } from "./block-devices";
import { type ServerNetwork, serverSchema, userDataDigest } from "./schema";
import { waitForDeletion, waitForResize, waitForStatus } from "./waits";
import { defineResource, type ResourceArgs } from "../framework/program/define";

const RUNNING = "ACTIVE";
const STOPPED = "SHUTOFF";

async function networksBody(client: OpenStackClient, networks: unknown): Promise<unknown> {
  if (networks === "none" || networks === "auto" || networks === undefined) return networks ?? "auto";
  const out: Array<Record<string, string>> = [];
  for (const [i, entry] of (networks as ServerNetwork[]).entries()) {
    if (entry.port) {
      out.push({ port: entry.port });
      continue;
    }
    const network = await resolveNetwork(client, (entry.uuid ?? entry.name)!, `networks[${i}]`);
    // Nova takes one fixed_ip per entry: an IPv4 and an IPv6 address are two entries (two interfaces)
    const addresses = [entry.fixedIp, entry.fixedIpV6].filter((ip) => ip !== undefined);
    if (addresses.length === 0) out.push({ uuid: network.id });
    for (const ip of addresses) out.push({ uuid: network.id, fixed_ip: ip });
  }
  return out;
}

/**
 * The declared networks less the ports no longer attached to the server (detached out of band): the
 * difference shows on refresh, and the next update puts the server back on them.
 */
async function networksInStateForm(client: OpenStackClient, serverId: string, declared: unknown) {
  if (!Array.isArray(declared) || !declared.some((n: ServerNetwork) => n.port !== undefined)) return declared;
  const attached = new Set((await ports.list(client, { device_id: serverId })).map((p) => p.id));
  return (declared as ServerNetwork[]).filter((n) => n.port === undefined || attached.has(n.port));
}

/** Everything checked against the cloud before the server is created: nothing is half-made on a typo. */
async function createBody(client: OpenStackClient, inputs: Props): Promise<Props> {
  const devices = inputs.blockDevices as BlockDevice[] | undefined;
  const image = inputs.image as string | undefined;
  const [flavor, imageRef, networks, mapping] = await Promise.all([
    resolveFlavor(client, inputs.flavor as string),
    // booted from a volume: Nova takes the image from the boot device, not imageRef
    image === undefined || bootDevice(devices) ? undefined : resolveImageId(client, image),
    networksBody(client, inputs.networks),
    devices && blockDeviceMapping(client, devices, image),
  ]);
  if (typeof inputs.keyPair === "string" && !(await getKeyPair(client, inputs.keyPair))) {
    throw new ConfigError(`keyPair "${inputs.keyPair}" does not exist for this user in this region`);
  }
  const groups = inputs.securityGroups as string[] | undefined;
  if (groups) await resolveSecurityGroups(client, groups);
  const body: Props = { name: inputs.name, flavorRef: flavor.id, networks };
  if (imageRef !== undefined) body.imageRef = imageRef;
  if (mapping) body.block_device_mapping_v2 = mapping;
  if (inputs.description !== undefined) body.description = inputs.description;
  if (inputs.keyPair !== undefined) body.key_name = inputs.keyPair;
  if (inputs.userData !== undefined)
    body.user_data = Buffer.from(inputs.userData as string).toString("base64");
  if (groups) body.security_groups = groups.map((name) => ({ name }));
  if (inputs.metadata !== undefined) body.metadata = inputs.metadata;
  // the creation tag finds the server again when Nova's answer is lost (tags in a create: 2.52)
  body.tags = [...((inputs.tags as string[] | undefined) ?? []), creationTag(inputs)];
  if (inputs.adminPass !== undefined) body.adminPass = inputs.adminPass;
  if (inputs.availabilityZone !== undefined) body.availability_zone = inputs.availabilityZone;
  if (inputs.configDrive === true) body.config_drive = true;
  return body;
}

/** The live server under the input names, each in the form the state used (name or id). */
async function outputs(client: OpenStackClient, server: NovaServer, state: Props): Promise<Props> {
  const flavorName = server.flavor.original_name;
  const flavor = await findFlavor(client, (f) => f.id === server.flavor.id || f.name === flavorName);
  const imageId = server.image === "" ? undefined : server.image.id;
  const liveGroups = [...new Set((server.security_groups ?? []).map((g) => g.name))].sort();
  let groups: string[] | undefined = liveGroups;
  const declaredGroups = state.securityGroups as string[] | undefined;
  if (declaredGroups && declaredGroups.some((g) => /^[0-9a-f-]{36}$/.test(g))) {
    // declared by id: the ids on the server's ports (Nova reports names, which repeat across projects)
    const serverPorts = await ports.list(client, { device_id: server.id });
    groups = [...new Set(serverPorts.flatMap((p) => p.security_groups ?? []))].sort();
  }
  const powerState =
    server.status === STOPPED ? "shutoff" : server.status === RUNNING ? "active" : state.powerState;
  return {
    name: server.name,
    description: server.description ?? undefined,
    flavor: flavor && state.flavor === flavor.id ? flavor.id : (flavorName ?? flavor?.name),
    flavorId: flavor?.id ?? server.flavor.id,
    // booted from a volume, Nova shows no image: the declared one went into the boot volume
    image: imageId ? await imageInStateForm(client, imageId, state.image) : state.image,
    imageId,
    rebuildOnImageChange: state.rebuildOnImageChange,
    keyPair: server.key_name ?? undefined,
    userData: state.userData,
    networks: await networksInStateForm(client, server.id, state.networks),
    blockDevices: state.blockDevices,
    schedulerHints: state.schedulerHints,
    securityGroups: groups,
    metadata: server.metadata,
    tags: userTags(server.tags),
    adminPass: state.adminPass,
    powerState,
    availabilityZone: server["OS-EXT-AZ:availability_zone"],
    configDrive: server.config_drive === "True" || server.config_drive === "true",
    status: server.status,
    addresses: server.addresses,
    accessIPv4: server.accessIPv4 || undefined,
    accessIPv6: server.accessIPv6 || undefined,
    createdAt: server.created,
    updatedAt: server.updated,
  };
}

/** The declared inputs as the state keeps them: user data only as its digest. */
function stateInputs(inputs: Props, adminPass: unknown): Props {
  return {
    ...inputs,
    userData: inputs.userData === undefined ? undefined : userDataDigest(inputs.userData),
    adminPass: inputs.adminPass ?? adminPass,
  };
}

async function resize(
  ctx: OperationContext,
  id: string,
  flavor: { id: string; name: string },
  settled: readonly string[],
) {
  await serverAction(ctx.client, id, { resize: { flavorRef: flavor.id } });
  const { needsConfirm } = await waitForResize(ctx.client, ctx.deadline, id, flavor, settled);
  // a cloud that confirms resizes itself has done so already
  if (!needsConfirm) return;
  await serverAction(ctx.client, id, { confirmResize: null });
  await waitForStatus(ctx.client, ctx.deadline, id, settled);
}

async function setSecurityGroups(ctx: OperationContext, id: string, wanted: string[]): Promise<void> {
  const ids = await resolveSecurityGroups(ctx.client, wanted);
  const serverPorts = await ports.list(ctx.client, { device_id: id });
  const current = new Set(serverPorts.flatMap((p) => p.security_groups ?? []));
  const target = new Set(ids.values());
  for (const groupId of target)
    if (!current.has(groupId)) await serverAction(ctx.client, id, { addSecurityGroup: { name: groupId } });
  for (const groupId of current)
    if (!target.has(groupId)) await serverAction(ctx.client, id, { removeSecurityGroup: { name: groupId } });
}

/** A Nova server. */
export const Server = defineResource({
  kind: "Server",
  description: "A Nova server.",
  namedAfterResource: "name",
  ...serverSchema,
  operations: {
    async create(ctx, inputs) {
      const body = await createBody(ctx.client, inputs);
      const tag = (body.tags as string[]).find(isCreationTag)!;
      const created = await createOnce(ctx, inputs, tag, {
        what: "server",
        send: () => createServer(ctx.client, body, inputs.schedulerHints as Props | undefined),
        find: (t) => listServersTagged(ctx.client, [t]),
        idOf: (s) => s.id,
      });
      const declared = stateInputs(inputs, created.adminPass);
      try {
        ctx.log(`server ${created.id} created, waiting for ACTIVE`);
        let server = await waitForStatus(ctx.client, ctx.deadline, created.id, [RUNNING], "BUILD");
        if (inputs.powerState === "shutoff") {
          await serverAction(ctx.client, created.id, { "os-stop": null });
          server = await waitForStatus(ctx.client, ctx.deadline, created.id, [STOPPED]);
        }
        return { id: created.id, outs: await outputs(ctx.client, server, declared) };
      } catch (error) {
        // the server exists: report its id so Pulumi records it and a destroy or the next up deletes it
        const { adminPass: _secret, ...recorded } = declared;
        throw new PartialCreateError(
          (error as Error).message,
          created.id,
          { ...recorded, status: "ERROR" },
          { cause: error },
        );
      }
    },

    async read(ctx, id, state) {
      const server = await getServer(ctx.client, id);
      if (!server || server.status === "DELETED" || server.status === "SOFT_DELETED") return undefined;
      return outputs(ctx.client, server, state);
    },

    async update(ctx, id, olds, news, diff) {
      const changed = new Set(diff.updates);
      const settled =
        news.powerState === "shutoff" || olds.powerState === "shutoff" ? [RUNNING, STOPPED] : [RUNNING];
      if (changed.has("name") || changed.has("description")) {
        await updateServer(ctx.client, id, {
          name: news.name as string,
          description: (news.description as string | undefined) ?? null,
        });
      }
      if (changed.has("metadata"))
        await setServerMetadata(ctx.client, id, (news.metadata as Record<string, string>) ?? {});
      if (changed.has("tags")) {
        // the creation tag stays: the next replacement must still tell this server from its own
        const kept = ((await getServer(ctx.client, id))?.tags ?? []).filter(isCreationTag);
        await setServerTags(ctx.client, id, [...new Set([...((news.tags as string[]) ?? []), ...kept])]);
      }
      if (changed.has("flavor")) {
        const flavor = await resolveFlavor(ctx.client, news.flavor as string);
        if (flavor.id !== olds.flavorId) {
          ctx.log(`resizing server ${id} to ${flavor.name}`);
          await resize(ctx, id, flavor, settled);
        }
      }
      if (changed.has("image")) {
        const imageRef = await resolveImageId(ctx.client, news.image as string);
        ctx.log(`rebuilding server ${id} from image ${imageRef} (its disk is wiped)`);
        const rebuild: Props = { imageRef };
        if (news.adminPass !== undefined) rebuild.adminPass = news.adminPass;
        await serverAction(ctx.client, id, { rebuild });
        await waitForStatus(ctx.client, ctx.deadline, id, settled);
      }
      if (changed.has("securityGroups") && news.securityGroups !== undefined) {
        await setSecurityGroups(ctx, id, news.securityGroups as string[]);
      }
      if (changed.has("adminPass") && news.adminPass !== undefined && !changed.has("image")) {
        await serverAction(ctx.client, id, { changePassword: { adminPass: news.adminPass } });
      }
      if (changed.has("powerState")) {
        const stop = news.powerState === "shutoff";
        await serverAction(ctx.client, id, stop ? { "os-stop": null } : { "os-start": null });
        await waitForStatus(ctx.client, ctx.deadline, id, [stop ? STOPPED : RUNNING]);
      }
      const server = await getServer(ctx.client, id);
      if (!server) throw new NotFoundError(`server ${id} disappeared during the update`);
      return outputs(ctx.client, server, stateInputs(news, olds.adminPass));
    },

    async delete(ctx, id) {
      if (await deleteServer(ctx.client, id)) await waitForDeletion(ctx.client, ctx.deadline, id);
    },
  },
});
export type Server = InstanceType<typeof Server>;
export type ServerArgs = ResourceArgs<typeof Server>;
export type { ServerBlockDevice, ServerNetwork } from "./schema";
