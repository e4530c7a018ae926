// Which cloud the integration tests run against, and the loud skip when there is none.
//   OS_CLOUD set          → that cloud from clouds.yaml (OS_CLIENT_CONFIG_FILE, ./, ~/.config/openstack/, /etc/openstack/)
//   otherwise             → the local cloud's generated .local-openstack/clouds.yaml (local-admin / local-demo)
// With no reachable cloud the suite is skipped with one line saying why, unless OPENSTACK_REQUIRE_CLOUD=1
// (set by .ci/run), where that is a failure.
import { existsSync, readFileSync } from "node:fs";
import { homedir } from "node:os";
import { join, resolve } from "node:path";
import { parse } from "yaml";

export const PROJECT_DIR = resolve(__dirname, "../..");
export const LOCAL_CLOUDS_YAML = join(PROJECT_DIR, ".local-openstack", "clouds.yaml");

export interface CloudAuth {
  auth_url: string;
  username?: string;
  password?: string;
  project_name?: string;
  user_domain_name?: string;
  project_domain_name?: string;
  [key: string]: unknown;
}

export interface TestCloud {
  /** Name in clouds.yaml. */
  name: string;
  file: string;
  auth: CloudAuth;
  region?: string;
}

export function cloudRequired(): boolean {
  return process.env.OPENSTACK_REQUIRE_CLOUD === "1";
}

function cloudsFiles(): string[] {
  const env = process.env.OS_CLIENT_CONFIG_FILE;
  return [
    ...(env ? [env] : []),
    join(process.cwd(), "clouds.yaml"),
    join(homedir(), ".config", "openstack", "clouds.yaml"),
    "/etc/openstack/clouds.yaml",
  ];
}

/** The cloud the tests should use for `role` (admin operations or a plain project member). */
export function findTestCloud(role: "admin" | "member" = "admin"): TestCloud | { missing: string } {
  const named = process.env.OS_CLOUD;
  const candidates = named ? cloudsFiles() : [LOCAL_CLOUDS_YAML];
  const name = named ?? (role === "admin" ? "local-admin" : "local-demo");
  for (const file of candidates) {
    if (!existsSync(file)) continue;
    const doc = parse(readFileSync(file, "utf8")) as { clouds?: Record<string, Record<string, unknown>> };
    const entry = doc?.clouds?.[name];
    if (!entry) continue;
    const auth = entry.auth as CloudAuth | undefined;
    if (!auth?.auth_url) return { missing: `cloud ${name} in ${file} has no auth.auth_url` };
    return { name, file, auth, region: entry.region_name as string | undefined };
  }
  return named
    ? { missing: `OS_CLOUD=${named} is not in any of ${candidates.join(", ")}` }
    : { missing: `no local cloud (${LOCAL_CLOUDS_YAML} does not exist; start it with 'npm run cloud:up')` };
}

/** Issues a v3 password token for the cloud; the probe used to decide whether the cloud is reachable. */
export async function issueToken(cloud: TestCloud): Promise<{ token: string; body: TokenBody }> {
  const a = cloud.auth;
  const res = await fetch(`${a.auth_url.replace(/\/+$/, "")}/auth/tokens`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    signal: AbortSignal.timeout(15_000),
    body: JSON.stringify({
      auth: {
        identity: {
          methods: ["password"],
          password: {
            user: {
              name: a.username,
              domain: { name: a.user_domain_name ?? "Default" },
              password: a.password,
            },
          },
        },
        scope: { project: { name: a.project_name, domain: { name: a.project_domain_name ?? "Default" } } },
      },
    }),
  });
  if (res.status !== 201) throw new Error(`token request to ${a.auth_url} answered ${res.status}`);
  const token = res.headers.get("x-subject-token");
  if (!token) throw new Error("Keystone answered 201 without X-Subject-Token");
  return { token, body: (await res.json()) as TokenBody };
}

export interface TokenBody {
  token: {
    expires_at: string;
    project?: { id: string; name: string };
    user: { id: string; name: string };
    catalog: Array<{
      type: string;
      name: string;
      endpoints: Array<{ interface: string; region?: string; region_id?: string; url: string }>;
    }>;
  };
}

/**
 * Declares a suite that needs a cloud: `use()` inside the tests returns the cloud found in `before`.
 * Unreachable cloud → the suite is skipped with one loud line, or fails under OPENSTACK_REQUIRE_CLOUD=1.
 * Mocha still runs a skipped suite's after hooks: a cleanup hook starts with `if (!found()) return;`.
 */
export function describeWithCloud(
  title: string,
  role: "admin" | "member",
  body: (use: () => TestCloud, found: () => boolean) => void,
): void {
  describe(title, function () {
    let cloud: TestCloud | undefined;
    before(async function () {
      this.timeout(30_000);
      const found = findTestCloud(role);
      let reason = "missing" in found ? found.missing : undefined;
      if (!("missing" in found)) {
        try {
          await issueToken(found);
          cloud = found;
        } catch (e) {
          reason = `cloud ${found.name} (${found.auth.auth_url}) is not reachable: ${(e as Error).message}`;
        }
      }
      if (reason !== undefined) {
        if (cloudRequired()) throw new Error(`OPENSTACK_REQUIRE_CLOUD=1 but ${reason}`);
        console.warn(`\n  !!! SKIPPING "${title}": ${reason}\n`);
        this.skip();
      }
    });
    body(
      () => {
        if (!cloud) throw new Error("no cloud: the suite's before hook did not find one");
        return cloud;
      },
      () => cloud !== undefined,
    );
  });
}
