// errors.ts promises that every error the package raises is an OpenStackError, so programs and the
// provider host can tell a cloud's refusal from a bug. The resources and the runtime keep that promise:
// no plain Error is constructed anywhere in the package's source (a bug's TypeError is still a bug).
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { expect } from "chai";

const ROOT = join(__dirname, "..", "..", "..", "provider");

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const path = join(dir, entry);
    return statSync(path).isDirectory() ? sources(path) : path.endsWith(".ts") ? [path] : [];
  });
}

// parse failures caught and reported as a ConfigError by their caller
const INTERNAL = new Set(["resources/keypair/ssh-keys.ts"]);

describe("errors the package raises", () => {
  it("are OpenStackError subclasses in every resource, framework and runtime module", () => {
    const offenders = sources(join(ROOT, "resources"))
      .concat(sources(join(ROOT, "runtime")))
      .filter((path) => !INTERNAL.has(relative(ROOT, path)))
      .flatMap((path) =>
        readFileSync(path, "utf8")
          .split("\n")
          .map((line, i) => ({ line, where: `${relative(ROOT, path)}:${i + 1}` }))
          .filter(({ line }) => /\bnew Error\(/.test(line))
          .map(({ where }) => where),
      );
    expect(offenders).to.deep.equal([]);
  });
});
