// The local file of an image: checked before anything is sent, hashed for diff, and streamed to Glance
// with its digests and progress. Nothing here holds the whole file in memory.
import { ConfigError, ResourceStateError } from "../../errors";
import { createHash } from "node:crypto";
import { accessSync, closeSync, constants, createReadStream, openSync, readSync, statSync } from "node:fs";
import { resolve } from "node:path";
import { isAbsolute } from "node:path";
import { pipeline, Readable, Transform } from "node:stream";

const CHUNK = 1024 * 1024;

function where(path: string): string {
  // the provider host runs in the program's directory, which is what relative paths mean
  return isAbsolute(path) ? path : `${path} (relative to ${process.cwd()})`;
}

/** undefined when `path` is a readable regular file, else what is wrong, naming the path. */
export function fileProblem(path: string): string | undefined {
  let isFile: boolean;
  try {
    isFile = statSync(path).isFile();
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return code === "ENOENT"
      ? `file ${where(path)} does not exist`
      : `file ${where(path)} cannot be read (${code ?? (error as Error).message})`;
  }
  if (!isFile) return `file ${where(path)} is not a regular file`;
  try {
    accessSync(path, constants.R_OK);
  } catch {
    return `file ${where(path)} is not readable by the provider`;
  }
  return undefined;
}

/**
 * What stands for a file's content without reading it: its absolute path, device, inode, size and
 * modification time. A file whose identity is unchanged is not hashed again.
 */
export function fileIdentity(path: string): string {
  const st = statSync(path, { bigint: true });
  return `${resolve(path)}:${st.dev}:${st.ino}:${st.size}:${st.mtimeNs}`;
}

// sha512 by file identity, for this process
const hashes = new Map<string, string>();

/** Records the hash of a file's content under its identity (from the state, or an upload that read it). */
export function rememberHash(identity: string, sha512: string): void {
  hashes.set(identity, sha512);
}

/**
 * Makes fileSha512(path) free: trusts `recorded` (the state's hash) when the file's identity is still
 * `recordedIdentity`, else streams the file through the hash without blocking the event loop.
 */
export async function prepareFileHash(
  path: string,
  recordedIdentity: unknown,
  recorded: unknown,
): Promise<void> {
  let identity: string;
  try {
    identity = fileIdentity(path);
  } catch {
    return; // check reports an unreadable file
  }
  if (hashes.has(identity)) return;
  if (identity === recordedIdentity && typeof recorded === "string") return rememberHash(identity, recorded);
  const hash = createHash("sha512");
  await new Promise<void>((done, fail) => {
    createReadStream(path, { highWaterMark: CHUNK })
      .on("data", (chunk) => hash.update(chunk))
      .on("end", done)
      .on("error", fail);
  }).catch((error: unknown) => {
    throw new ConfigError(
      `file ${where(path)} cannot be hashed to compare it with the image: ${(error as Error).message}`,
      { cause: error },
    );
  });
  // a file that changed while it was read is hashed again next time
  if (fileIdentity(path) === identity) rememberHash(identity, hash.digest("hex"));
}

/**
 * sha512 (hex) of the file's content: what prepareFileHash found for its current identity, else read
 * here, synchronously in chunks (diff compares it with the state and cannot wait).
 */
export function fileSha512(path: string): string {
  let identity: string | undefined;
  try {
    identity = fileIdentity(path);
  } catch {
    // hashNow says what is wrong with the file
  }
  const known = identity === undefined ? undefined : hashes.get(identity);
  return known ?? hashNow(path);
}

function hashNow(path: string): string {
  const hash = createHash("sha512");
  let fd: number | undefined;
  try {
    fd = openSync(path, "r");
    const buffer = Buffer.allocUnsafe(CHUNK);
    for (let n = readSync(fd, buffer, 0, CHUNK, null); n > 0; n = readSync(fd, buffer, 0, CHUNK, null)) {
      hash.update(buffer.subarray(0, n));
    }
  } catch (error) {
    throw new ConfigError(
      `file ${where(path)} cannot be hashed to compare it with the image: ${(error as Error).message}`,
      { cause: error },
    );
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
  return hash.digest("hex");
}

export function fileSize(path: string): number {
  return statSync(path).size;
}

export interface FileUpload {
  /** The request body: exactly `size` bytes of the file. */
  stream: Readable;
  size: number;
  /** Digests of the bytes that went through `stream`; complete once it has ended. */
  digests(): { sha512: string; md5: string; sent: number };
}

/**
 * A stream of the file that hashes what it passes on (sha512 for Glance's os_hash_value, md5 for its
 * checksum) and reports progress each time another tenth has gone through.
 */
export function fileUpload(
  path: string,
  progress: (percent: number, sent: number, size: number) => void,
): FileUpload {
  const size = fileSize(path);
  const sha512 = createHash("sha512");
  const md5 = createHash("md5");
  let sent = 0;
  let tenths = 0;
  let result: { sha512: string; md5: string; sent: number } | undefined;
  const meter = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      sha512.update(chunk);
      md5.update(chunk);
      sent += chunk.length;
      const reached = size === 0 ? 10 : Math.min(10, Math.floor((sent * 10) / size));
      if (reached > tenths) {
        tenths = reached;
        progress(tenths * 10, sent, size);
      }
      done(null, chunk);
    },
    flush(done) {
      if (tenths < 10) progress(100, sent, size);
      result = { sha512: sha512.digest("hex"), md5: md5.digest("hex"), sent };
      done();
    },
  });
  // a file that grew since stat must not send more than the Content-Length announced
  const source = size === 0 ? Readable.from([]) : createReadStream(path, { start: 0, end: size - 1 });
  // errors destroy both streams, which fails the request reading from `meter`
  pipeline(source, meter, () => undefined);
  return {
    stream: meter,
    size,
    digests() {
      if (!result) throw new ResourceStateError(`the upload of ${path} did not finish reading the file`);
      return result;
    },
  };
}
