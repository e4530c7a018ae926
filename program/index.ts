// The root Pulumi program: the classic OpenStack stack, built with this package alone — a private network
// and subnet, a router to the external network, a generated key pair, an image uploaded from a local
// file, a server on the network booted from that image, and a floating IP for the server.
//
// Which cloud: nothing here names one. The resources read it at run time from the stack config
// (`pulumi config set openstack:cloud …`, or openstack:authUrl/userName/password…), else OS_* variables,
// else clouds.yaml with OS_CLOUD. Stack config of this project (all optional):
//   externalNetwork  external network for the router and the floating IP   default "public"
//   flavor           the server's flavor (a change resizes the server)      default "m1.tiny"
//   cidr             the private subnet                                      default "10.20.30.0/24"
//   keyVersion       bump it to rotate the key pair (replaces the server)    default "1"
//   namePrefix       prefix of every name in the cloud                       default "osd-<stack>"
//   imageFile        a disk image of your own to upload instead of the generated one (relative to program/)
//   imageDiskFormat  its format                                              default "raw"
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import * as pulumi from "@pulumi/pulumi";
// By name, as a user's program imports the package, never "../provider": that would run the TypeScript
// sources in the program while the provider host runs dist/. In this repository Node resolves the name to
// the repository itself (package self-reference through package.json "exports"), so under the Pulumi CLI
// (ts-node, Pulumi.yaml main: program/index.ts) the program uses the compiled dist/, the build the provider
// host loads (`npm run build` first; `npm run demo` does). Type checkers map the name to the sources with
// `paths` (program/tsconfig.json for the CLI, the root tsconfig.json for npm run typecheck), and so does
// tsx, which runs the program in the tests and in the demo's fallback.
import * as os from "pulumi-openstack-dynamic";

const config = new pulumi.Config();
const externalNetwork = config.get("externalNetwork") ?? "public";
const flavor = config.get("flavor") ?? "m1.tiny";
const cidr = config.get("cidr") ?? "10.20.30.0/24";
const keyVersion = config.get("keyVersion") ?? "1";
const prefix = config.get("namePrefix") ?? `osd-${pulumi.getStack()}`;

/**
 * The image data. Generated, not shipped: a binary in git would grow the repository with every change,
 * while these bytes are the same on every run (so the image is not replaced), cost nothing to make, and
 * are enough for clouds whose hypervisor does not boot anything (like the local fake-driver cloud). The
 * file lives in program/.generated/ (git-ignored); its path is relative to the program directory, which
 * is where the provider host runs, so the state holds no absolute path.
 */
function demoDisk(): string {
  const relative = join(".generated", "demo-disk-v1.raw");
  const bytes = Buffer.alloc(1024 * 1024);
  bytes.write("pulumi-openstack-dynamic demo disk v1\n", 0, "ascii");
  // a boot-sector signature, so tools that look at the first sector see a disk
  bytes[510] = 0x55;
  bytes[511] = 0xaa;
  const file = join(process.cwd(), relative);
  if (!existsSync(file) || !readFileSync(file).equals(bytes)) {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, bytes);
  }
  return relative;
}

const network = new os.Network("network", { name: `${prefix}-net` });
const subnet = new os.Subnet("subnet", { name: `${prefix}-subnet`, networkId: network.id, cidr });
const router = new os.Router("router", { name: `${prefix}-router`, externalNetworkId: externalNetwork });
const routerInterface = new os.RouterInterface("router-interface", {
  routerId: router.id,
  subnetId: subnet.id,
});

// The key's name carries keyVersion: a new version is a new key pair (KeyPair replaces on any change),
// and the server, whose key pair cannot change in place, is replaced with it.
const key = new os.KeyPair("key", { name: `${prefix}-key-v${keyVersion}` });

const ownImage = config.get("imageFile");
const image = new os.Image("image", {
  name: `${prefix}-image`,
  file: ownImage ?? demoDisk(),
  diskFormat: (config.get("imageDiskFormat") ?? "raw") as os.ImageArgs["diskFormat"],
});

const server = new os.Server(
  "server",
  {
    name: `${prefix}-server`,
    flavor,
    image: image.id,
    keyPair: key.name,
    networks: [{ uuid: network.id }],
  },
  // a port on a network without a subnet gets no address, and the floating IP needs one
  { dependsOn: [subnet] },
);

const floatingIp = new os.FloatingIp(
  "floating-ip",
  { pool: externalNetwork, serverId: server.id },
  // Neutron refuses a floating IP for a subnet that no router connects to the external network
  { dependsOn: [routerInterface] },
);

export const floatingAddress = floatingIp.address;
/** Already a secret output of KeyPair; wrapped again so the export stays secret whatever KeyPair does. */
export const privateKey = pulumi.secret(key.privateKey);
export const serverId = server.id;
export const networkId = network.id;
