// OpenSSH keys without external tools: validating a public key before Nova sees it, generating an
// ed25519 key pair locally (compute ≥ 2.92 no longer generates keys), and the MD5 fingerprint Nova
// reports. Formats: RFC 4253 §6.6 (public key blobs) and OpenSSH's PROTOCOL.key (private keys).
import { createHash, generateKeyPairSync, randomBytes } from "node:crypto";

const ALGORITHMS = [
  "ssh-rsa",
  "ssh-ed25519",
  "ecdsa-sha2-nistp256",
  "ecdsa-sha2-nistp384",
  "ecdsa-sha2-nistp521",
] as const;

/** A length-prefixed field of the SSH wire format. */
function field(bytes: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(bytes.length);
  return Buffer.concat([length, bytes]);
}

function readFields(blob: Buffer): Buffer[] {
  const fields: Buffer[] = [];
  let offset = 0;
  while (offset < blob.length) {
    if (offset + 4 > blob.length) throw new Error("truncated");
    const length = blob.readUInt32BE(offset);
    if (offset + 4 + length > blob.length) throw new Error("truncated");
    fields.push(blob.subarray(offset + 4, offset + 4 + length));
    offset += 4 + length;
  }
  return fields;
}

/** The key with surrounding whitespace and line breaks removed; the comment is kept. */
export function normalizePublicKey(value: string): string {
  return value.trim().replace(/\s+/g, " ");
}

/** undefined when `value` is an OpenSSH public key of a supported type, else what is wrong. */
export function publicKeyProblem(value: string): string | undefined {
  const [type, data] = normalizePublicKey(value).split(" ");
  if (!type || !data) return `is not an OpenSSH public key: expected "<type> <base64> [comment]"`;
  if (!(ALGORITHMS as readonly string[]).includes(type)) {
    return `key type "${type}" is not supported: use ${ALGORITHMS.join(", ")}`;
  }
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(data)) return "the key data is not base64";
  let fields: Buffer[];
  try {
    fields = readFields(Buffer.from(data, "base64"));
  } catch {
    return "the key data is truncated";
  }
  if (fields[0]?.toString() !== type) return `the key data is not a ${type} key`;
  if (type === "ssh-ed25519" && (fields.length !== 2 || fields[1]!.length !== 32)) {
    return "an ssh-ed25519 key has 32 bytes of key data";
  }
  if (type === "ssh-rsa" && (fields.length !== 3 || fields[2]!.length * 8 < 1024)) {
    return "an ssh-rsa key needs an exponent and a modulus of at least 1024 bits";
  }
  if (type.startsWith("ecdsa") && (fields.length !== 3 || `ecdsa-sha2-${fields[1]!.toString()}` !== type)) {
    return `the curve in the key data does not match ${type}`;
  }
  return undefined;
}

/** Nova's fingerprint: MD5 of the key blob, as colon-separated hex. */
export function md5Fingerprint(publicKey: string): string {
  const data = normalizePublicKey(publicKey).split(" ")[1] ?? "";
  const hex = createHash("md5").update(Buffer.from(data, "base64")).digest("hex");
  return hex.match(/../g)!.join(":");
}

export interface GeneratedKeyPair {
  publicKey: string;
  /** OpenSSH private key (unencrypted), as ssh-keygen writes it. */
  privateKey: string;
}

/** A new ed25519 key pair in OpenSSH formats. */
export function generateEd25519(comment: string): GeneratedKeyPair {
  const { publicKey, privateKey } = generateKeyPairSync("ed25519");
  const pub = Buffer.from(publicKey.export({ format: "jwk" }).x!, "base64url");
  const seed = Buffer.from(privateKey.export({ format: "jwk" }).d!, "base64url");
  const type = Buffer.from("ssh-ed25519");
  const publicBlob = Buffer.concat([field(type), field(pub)]);

  const check = randomBytes(4);
  let secret = Buffer.concat([
    check,
    check,
    field(type),
    field(pub),
    field(Buffer.concat([seed, pub])),
    field(Buffer.from(comment)),
  ]);
  const padding = (8 - (secret.length % 8)) % 8;
  secret = Buffer.concat([secret, Buffer.from(Array.from({ length: padding }, (_, i) => i + 1))]);

  const none = Buffer.from("none");
  const body = Buffer.concat([
    Buffer.from("openssh-key-v1\0"),
    field(none),
    field(none),
    field(Buffer.alloc(0)),
    Buffer.from([0, 0, 0, 1]),
    field(publicBlob),
    field(secret),
  ]);
  const lines = body.toString("base64").match(/.{1,70}/g)!;
  return {
    publicKey: `ssh-ed25519 ${publicBlob.toString("base64")} ${comment}`,
    privateKey: `-----BEGIN OPENSSH PRIVATE KEY-----\n${lines.join("\n")}\n-----END OPENSSH PRIVATE KEY-----\n`,
  };
}
