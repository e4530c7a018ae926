import { expect } from "chai";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";

// The services' shape, checked from their sources: each one a folder with the same files, reaching
// its API only through its ServiceClient, with the version prefix written in one place.
const ROOT = join(__dirname, "..", "..", "..");
const SERVICES = join(ROOT, "provider", "services");
const SERVICE_FOLDERS = ["block-storage", "compute", "image", "network"];

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sources(path);
    return name.endsWith(".ts") ? [path] : [];
  });
}

/** The code without comments, so a comment naming a path or an Error is no finding. */
function code(path: string): string {
  return readFileSync(path, "utf8")
    .replace(/\/\*[\s\S]*?\*\//g, "")
    .replace(/(^|[^:])\/\/.*$/gm, "$1");
}

describe("service layout", () => {
  it("every service folder has the same files: client, requests, results and an index", () => {
    const folders = readdirSync(SERVICES).filter((n) => statSync(join(SERVICES, n)).isDirectory());
    expect(folders.sort()).to.deep.equal(SERVICE_FOLDERS);
    for (const folder of SERVICE_FOLDERS) {
      const files = readdirSync(join(SERVICES, folder));
      expect(files, folder).to.include.members(["client.ts", "requests.ts", "results.ts", "index.ts"]);
      expect(code(join(SERVICES, folder, "client.ts")), folder).to.match(/new ServiceClient\(/);
    }
  });

  it("no service module calls the OpenStack client itself: all go through their ServiceClient", () => {
    const offenders = sources(SERVICES)
      .filter((p) => !p.endsWith("service-client.ts"))
      .filter((p) => /\bclient\.request\s*[<(]/.test(code(p)))
      .map((p) => relative(ROOT, p));
    expect(offenders).to.deep.equal([]);
  });

  it("a version prefix is written only in its service's client.ts", () => {
    const offenders = sources(SERVICES)
      .filter((p) => !p.endsWith("/client.ts"))
      .filter((p) => /["'`]\/v\d+(\.\d+)?(\/|["'`])/.test(code(p)))
      .map((p) => relative(ROOT, p));
    expect(offenders).to.deep.equal([]);
  });

  it("results hold only types: no calls, no client", () => {
    for (const folder of SERVICE_FOLDERS) {
      const text = code(join(SERVICES, folder, "results.ts"));
      expect(text, folder).not.to.match(/ServiceClient|OpenStackClient|from "\.\/client"/);
    }
  });

  it("services and the provider host throw only OpenStackError subclasses", () => {
    const files = [...sources(SERVICES), ...sources(join(ROOT, "provider", "runtime"))];
    const offenders = files
      .filter((p) => /new (Type|Range|Syntax)?Error\(/.test(code(p)))
      .map((p) => relative(ROOT, p));
    expect(offenders).to.deep.equal([]);
  });
});
