// Seeds the local cloud through its public APIs (plain fetch, no dependencies), idempotently.
//   node seed.mjs identity   - roles, service users, the demo project and user, services and endpoints
//   node seed.mjs resources  - flavors m1.nano/m1.tiny/m1.small, the external network "public", image "cirros"
import { createHash } from "node:crypto";

const KEYSTONE = process.env.KEYSTONE_URL ?? "http://127.0.0.1:5000/v3";
const REGION = "RegionOne";
const env = (name) => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set`);
  return value;
};

async function adminToken() {
  const body = {
    auth: {
      identity: {
        methods: ["password"],
        password: { user: { name: "admin", domain: { id: "default" }, password: env("ADMIN_PASS") } },
      },
      scope: { project: { name: "admin", domain: { id: "default" } } },
    },
  };
  const res = await fetch(`${KEYSTONE}/auth/tokens`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  if (res.status !== 201) throw new Error(`admin token: HTTP ${res.status} ${await res.text()}`);
  return res.headers.get("x-subject-token");
}

function api(token) {
  return async (method, url, body, headers = {}) => {
    const res = await fetch(url, {
      method,
      headers: {
        "x-auth-token": token,
        ...(body !== undefined && !(body instanceof Uint8Array)
          ? { "content-type": "application/json" }
          : {}),
        ...headers,
      },
      body: body === undefined ? undefined : body instanceof Uint8Array ? body : JSON.stringify(body),
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`${method} ${url}: HTTP ${res.status} ${text.slice(0, 300)}`);
    return text ? JSON.parse(text) : {};
  };
}

// Find the first item of a list call matching the query, or create it.
async function ensure(call, listUrl, collection, createBody, created = (r) => Object.values(r)[0]) {
  const found = (await call("GET", listUrl))[collection];
  if (found.length > 0) return found[0];
  const [base] = listUrl.split("?");
  return created(await call("POST", base, createBody));
}

async function seedIdentity(call) {
  const role = (name) => ensure(call, `${KEYSTONE}/roles?name=${name}`, "roles", { role: { name } });
  const project = (name, description) =>
    ensure(call, `${KEYSTONE}/projects?name=${name}&domain_id=default`, "projects", {
      project: { name, description, domain_id: "default" },
    });
  const user = (name, password, proj) =>
    ensure(call, `${KEYSTONE}/users?name=${name}&domain_id=default`, "users", {
      user: { name, password, domain_id: "default", default_project_id: proj.id },
    });
  const grant = (proj, usr, rol) =>
    call("PUT", `${KEYSTONE}/projects/${proj.id}/users/${usr.id}/roles/${rol.id}`);

  const admin = await role("admin");
  const member = await role("member");
  await role("reader");
  // the role a service token needs for Cinder to accept Nova's detach
  const serviceRole = await role("service");
  const service = await project("service", "Service users of the local cloud");
  for (const name of ["glance", "neutron", "nova", "placement", "cinder"]) {
    const serviceUser = await user(name, env("SERVICE_PASS"), service);
    await grant(service, serviceUser, admin);
    await grant(service, serviceUser, serviceRole);
  }
  const demo = await project("demo", "Non-admin project for examples and tests");
  await grant(demo, await user("demo", env("DEMO_PASS"), demo), member);

  const services = [
    ["glance", "image", "http://127.0.0.1:9292"],
    ["neutron", "network", "http://127.0.0.1:9696"],
    ["placement", "placement", "http://127.0.0.1:8778"],
    ["nova", "compute", "http://127.0.0.1:8774/v2.1"],
    // Cinder under its official type and the one the CLI and Nova look up, one URL (no project id: 3.67+)
    ["cinder", "block-storage", "http://127.0.0.1:8776/v3"],
    ["cinderv3", "volumev3", "http://127.0.0.1:8776/v3"],
  ];
  for (const [name, type, url] of services) {
    const svc = await ensure(call, `${KEYSTONE}/services?type=${type}`, "services", {
      service: { name, type, enabled: true },
    });
    for (const iface of ["public", "internal", "admin"]) {
      await ensure(call, `${KEYSTONE}/endpoints?service_id=${svc.id}&interface=${iface}`, "endpoints", {
        endpoint: { service_id: svc.id, interface: iface, url, region_id: REGION, enabled: true },
      });
    }
  }
  console.log("identity seeded");
}

// Deterministic bytes, so the image's checksum is the same on every machine.
function imageBytes(size) {
  const out = new Uint8Array(size);
  let block = createHash("sha256").update("local-openstack-cirros").digest();
  for (let i = 0; i < size; i += block.length) {
    out.set(block.subarray(0, Math.min(block.length, size - i)), i);
    block = createHash("sha256").update(block).digest();
  }
  return out;
}

async function seedResources(call) {
  const nova = "http://127.0.0.1:8774/v2.1";
  const neutron = "http://127.0.0.1:9696/v2.0";
  const glance = "http://127.0.0.1:9292/v2";

  const flavors = (await call("GET", `${nova}/flavors`)).flavors.map((f) => f.name);
  for (const [name, ram, disk] of [
    ["m1.nano", 128, 1],
    ["m1.tiny", 512, 1],
    ["m1.small", 2048, 20],
  ]) {
    if (!flavors.includes(name))
      await call("POST", `${nova}/flavors`, { flavor: { name, ram, vcpus: 1, disk } });
  }

  const network = await ensure(call, `${neutron}/networks?name=public`, "networks", {
    network: {
      name: "public",
      "router:external": true,
      "provider:network_type": "flat",
      "provider:physical_network": "public",
    },
  });
  await ensure(call, `${neutron}/subnets?name=public-subnet`, "subnets", {
    subnet: {
      name: "public-subnet",
      network_id: network.id,
      ip_version: 4,
      cidr: "172.24.4.0/24",
      gateway_ip: "172.24.4.1",
      allocation_pools: [{ start: "172.24.4.10", end: "172.24.4.250" }],
      enable_dhcp: false,
    },
  });

  let image = (await call("GET", `${glance}/images?name=cirros`)).images[0];
  if (!image) {
    image = await call("POST", `${glance}/images`, {
      name: "cirros",
      disk_format: "raw",
      container_format: "bare",
      visibility: "public",
    });
  }
  if (image.status === "queued") {
    await call("PUT", `${glance}/images/${image.id}/file`, imageBytes(1 << 20), {
      "content-type": "application/octet-stream",
    });
  }
  // a test cloud: the default quotas (10 instances, 10 floating IPs...) would only make tests fail
  for (const name of ["admin", "demo"]) {
    const [project] = (await call("GET", `${KEYSTONE}/projects?name=${name}`)).projects;
    await call("PUT", `${nova}/os-quota-sets/${project.id}`, {
      quota_set: { instances: -1, cores: -1, ram: -1, key_pairs: -1 },
    });
    await call("PUT", `${neutron}/quotas/${project.id}`, {
      quota: { network: -1, subnet: -1, port: -1, router: -1, floatingip: -1, security_group: -1 },
    });
  }
  console.log(
    `flavors m1.nano m1.tiny m1.small, network public (${network.id}), image cirros (${image.id}), quotas unlimited`,
  );
}

const phase = process.argv[2];
const call = api(await adminToken());
if (phase === "identity") await seedIdentity(call);
else if (phase === "resources") await seedResources(call);
else throw new Error(`usage: node seed.mjs identity|resources (got ${phase})`);
