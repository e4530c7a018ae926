// clouds.yaml is parsed once per process: read again only when its size, inode or mtime change.
import { mkdtempSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect } from "chai";
import { readClouds } from "../../../provider/config/cloud-files";

describe("clouds.yaml read once per process", () => {
  let dir: string;
  before(() => (dir = mkdtempSync(join(tmpdir(), "clouds-cache-"))));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it("serves an unchanged file from memory and reads it again once it changes", () => {
    const file = join(dir, "clouds.yaml");
    writeFileSync(file, "clouds:\n  one:\n    region_name: RegionA\n");
    const mtime = new Date(Math.floor(Date.now() / 1000) * 1000 - 60_000);
    utimesSync(file, mtime, mtime);
    expect(readClouds(file)).to.deep.equal({ one: { region_name: "RegionA" } });

    // other bytes of the same size, with the old mtime put back: only a re-read would see them
    writeFileSync(file, "clouds:\n  one:\n    region_name: RegionB\n");
    utimesSync(file, mtime, mtime);
    expect(readClouds(file)).to.deep.equal({ one: { region_name: "RegionA" } });

    utimesSync(file, mtime, new Date(mtime.getTime() + 5000));
    expect(readClouds(file)).to.deep.equal({ one: { region_name: "RegionB" } });
  });

  it("hands out copies: a caller changing what it got does not change the next answer", () => {
    const file = join(dir, "copy.yaml");
    writeFileSync(file, "clouds:\n  one:\n    auth: { auth_url: http://a }\n");
    (readClouds(file).one as { auth: { auth_url: string } }).auth.auth_url = "changed";
    expect(readClouds(file)).to.deep.equal({ one: { auth: { auth_url: "http://a" } } });
  });
});
