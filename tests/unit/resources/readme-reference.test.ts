import { readFileSync } from "node:fs";
import { expect } from "chai";
import { README, readmeWithReference } from "../../../scripts/resource-docs";

describe("README resource reference", () => {
  it("is what the schemas say (run npm run docs:resources after changing a schema)", async () => {
    const readme = readFileSync(README, "utf8");
    const expected = await readmeWithReference(readme);
    expect(expected === readme, "README.md is out of date: npm run docs:resources").to.equal(true);
  });
});
