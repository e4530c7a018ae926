import { readFileSync } from "node:fs";
import { expect } from "chai";
import { README, readmeWithReference } from "../../../scripts/resource-docs";

/** The first lines that differ, as "- README" / "+ schemas" pairs, for a failure that shows what to fix. */
export function lineDiff(actual: string, expected: string, max = 12): string {
  const a = actual.split("\n");
  const b = expected.split("\n");
  const out: string[] = [];
  for (let i = 0; i < Math.max(a.length, b.length) && out.length < max * 2; i++) {
    if (a[i] === b[i]) continue;
    out.push(`line ${i + 1}:`, `- ${a[i] ?? "(none)"}`, `+ ${b[i] ?? "(none)"}`);
  }
  return out.join("\n");
}

describe("README resource reference", () => {
  it("is what the schemas say (run npm run docs:resources after changing a schema)", async () => {
    const readme = readFileSync(README, "utf8");
    const expected = await readmeWithReference(readme);
    const diff = lineDiff(readme, expected);
    expect(diff, `README.md is out of date (npm run docs:resources):\n${diff}`).to.equal("");
  });

  it("its failure shows the lines that differ", () => {
    expect(lineDiff("a\nb\nc", "a\nB\nc")).to.equal("line 2:\n- b\n+ B");
    expect(lineDiff("a", "a\nnew")).to.equal("line 2:\n- (none)\n+ new");
  });
});
