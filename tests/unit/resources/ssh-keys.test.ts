import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect } from "chai";
import {
  generateEd25519,
  md5Fingerprint,
  normalizePublicKey,
  publicKeyProblem,
} from "../../../provider/resources/keypair/ssh-keys";

function hasSshKeygen(): boolean {
  try {
    execFileSync("ssh-keygen", ["-?"], { stdio: "ignore" });
    return true;
  } catch (e) {
    return (e as { status?: number }).status !== undefined && (e as { code?: string }).code !== "ENOENT";
  }
}

describe("OpenSSH keys", () => {
  let dir: string;
  before(() => (dir = mkdtempSync(join(tmpdir(), "ssh-keys-"))));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it("accepts ssh-keygen's rsa, ecdsa and ed25519 keys and computes Nova's MD5 fingerprint", function () {
    if (!hasSshKeygen()) {
      console.warn("  !!! SKIPPING: ssh-keygen is not installed (apt-get install openssh-client)");
      this.skip();
    }
    for (const [type, bits] of [
      ["rsa", "2048"],
      ["ecdsa", "384"],
      ["ed25519", "256"],
    ] as const) {
      const file = join(dir, type);
      execFileSync("ssh-keygen", ["-q", "-t", type, "-b", bits, "-N", "", "-C", "me@host", "-f", file]);
      const pub = readFileSync(`${file}.pub`, "utf8");
      expect(publicKeyProblem(`\n  ${pub}  \n`), type).to.equal(undefined);
      const expected = execFileSync("ssh-keygen", ["-l", "-E", "md5", "-f", `${file}.pub`]).toString();
      expect(expected).to.include(`MD5:${md5Fingerprint(pub)}`);
    }
  });

  it("rejects what is not a supported public key, saying why", () => {
    const { publicKey } = generateEd25519("x");
    const [, data] = publicKey.split(" ");
    expect(publicKeyProblem("hello")).to.match(/not an OpenSSH public key/);
    expect(publicKeyProblem(`ssh-dss ${data}`)).to.match(/key type "ssh-dss" is not supported: use ssh-rsa/);
    expect(publicKeyProblem("ssh-ed25519 @@@")).to.equal("the key data is not base64");
    expect(publicKeyProblem(`ssh-rsa ${data}`)).to.equal("the key data is not a ssh-rsa key");
    expect(publicKeyProblem(`ssh-ed25519 ${data!.slice(0, 40)}`)).to.equal("the key data is truncated");
  });

  it("generates an ed25519 pair whose private key ssh-keygen reads back to the same public key", function () {
    const pair = generateEd25519("pulumi@test");
    expect(publicKeyProblem(pair.publicKey)).to.equal(undefined);
    expect(pair.privateKey).to.match(
      /^-----BEGIN OPENSSH PRIVATE KEY-----\n[A-Za-z0-9+/=\n]+-----END OPENSSH PRIVATE KEY-----\n$/,
    );
    if (!hasSshKeygen()) {
      console.warn("  !!! SKIPPING the ssh-keygen cross-check: ssh-keygen is not installed");
      this.skip();
    }
    const file = join(dir, "generated");
    writeFileSync(file, pair.privateKey, { mode: 0o600 });
    const derived = execFileSync("ssh-keygen", ["-y", "-f", file]).toString().trim();
    expect(derived.split(" ").slice(0, 2)).to.deep.equal(pair.publicKey.split(" ").slice(0, 2));
  });

  it("normalises whitespace and line breaks", () => {
    expect(normalizePublicKey("  ssh-ed25519   AAAA  me@host \n")).to.equal("ssh-ed25519 AAAA me@host");
  });
});
