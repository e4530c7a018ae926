// KeyPair without a cloud: check and diff through the runtime's entry points. Every change replaces a
// key pair; the old one must go first exactly when the new one takes the same name.
import { expect } from "chai";
import type { Props } from "../../../provider/resources/framework/host/definition";
import { UNKNOWN } from "../../../provider/resources/framework/schema/schema";
import { generateEd25519, md5Fingerprint } from "../../../provider/resources/keypair/ssh-keys";
import { check, diff } from "../../../provider/runtime/host";

async function failures(news: Props): Promise<Record<string, string>> {
  const result = await check("KeyPair", {}, news);
  return Object.fromEntries((result.failures ?? []).map((f) => [f.property, f.reason]));
}

describe("KeyPair: check", () => {
  const { publicKey } = generateEd25519("me@host");

  it("accepts a key with stray whitespace and keeps it in one line", async () => {
    const result = await check(
      "KeyPair",
      {},
      { name: "kp", publicKey: `\n  ${publicKey.replace(" ", "   ")}\n` },
    );
    expect(result.failures).to.deep.equal([]);
    expect(result.inputs).to.deep.equal({ name: "kp", publicKey });
  });

  it("accepts no public key at all (the provider generates one)", async () => {
    const result = await check("KeyPair", {}, { name: "kp" });
    expect(result.failures).to.deep.equal([]);
    expect(result.inputs).to.deep.equal({ name: "kp" });
  });

  it("refuses bad keys, saying why", async () => {
    const data = publicKey.split(" ")[1]!;
    expect((await failures({ name: "kp", publicKey: "hello" })).publicKey).to.equal(
      'publicKey is not an OpenSSH public key: expected "<type> <base64> [comment]"',
    );
    expect((await failures({ name: "kp", publicKey: `ssh-dss ${data}` })).publicKey).to.match(
      /^publicKey key type "ssh-dss" is not supported: use ssh-rsa, ssh-ed25519, ecdsa-sha2-nistp256/,
    );
    expect((await failures({ name: "kp", publicKey: `ssh-rsa ${data}` })).publicKey).to.equal(
      "publicKey the key data is not a ssh-rsa key",
    );
    expect(
      (await failures({ name: "kp", publicKey: `ssh-ed25519 ${data.slice(0, 40)}` })).publicKey,
    ).to.equal("publicKey the key data is truncated");
    expect((await failures({ name: "kp", publicKey: "ssh-ed25519 not*base64" })).publicKey).to.equal(
      "publicKey the key data is not base64",
    );
  });

  it("refuses a bad name and a private key given as input", async () => {
    const reasons = await failures({ name: "no/slash", publicKey, privateKey: "x" });
    expect(reasons.name).to.equal(
      "name may use letters, digits, spaces, '_', '-', '.' and '@' (1 to 255 characters)",
    );
    expect(reasons.privateKey).to.equal("privateKey is an output of openstack:KeyPair and cannot be set");
    expect((await failures({})).name).to.equal("name is required: Key pair name, unique per user");
  });

  it("lets unknown values through", async () => {
    expect((await check("KeyPair", {}, { name: UNKNOWN, publicKey: UNKNOWN })).failures).to.deep.equal([]);
  });
});

describe("KeyPair: diff", () => {
  const one = generateEd25519("one").publicKey;
  const two = generateEd25519("two").publicKey;
  const state: Props = { name: "kp", publicKey: one, fingerprint: md5Fingerprint(one) };

  it("finds nothing to do for the same key, or for no key when one was generated", async () => {
    expect(await diff("KeyPair", "kp", state, { name: "kp", publicKey: one })).to.deep.include({
      changes: false,
    });
    expect(await diff("KeyPair", "kp", state, { name: "kp" })).to.deep.include({ changes: false });
  });

  it("replaces on a new key, deleting the old key pair first since the name stays", async () => {
    expect(await diff("KeyPair", "kp", state, { name: "kp", publicKey: two })).to.deep.include({
      changes: true,
      replaces: ["publicKey"],
      deleteBeforeReplace: true,
    });
  });

  it("replaces on a new name without deleting first, with or without a new key", async () => {
    expect(await diff("KeyPair", "kp", state, { name: "kp2", publicKey: one })).to.deep.include({
      replaces: ["name"],
      deleteBeforeReplace: false,
    });
    const both = await diff("KeyPair", "kp", state, { name: "kp2", publicKey: two });
    expect(both.replaces).to.have.members(["name", "publicKey"]);
    expect(both.deleteBeforeReplace).to.equal(false);
  });

  it("replaces when the name is not known yet, without deleting first", async () => {
    expect(await diff("KeyPair", "kp", state, { name: UNKNOWN, publicKey: one })).to.deep.include({
      replaces: ["name"],
      deleteBeforeReplace: false,
    });
  });
});
