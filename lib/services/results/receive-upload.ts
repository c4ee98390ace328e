import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import Busboy from "busboy";
import * as tar from "tar";
import yauzl from "yauzl";
import { InvalidInputError, PayloadTooLargeError } from "@/lib/services/errors";
import { DEFAULT_MAX_IMPORT_MB, DEFAULT_MAX_UNPACKED_MB } from "@/lib/services/security/policy";

/** Where uploads are unpacked, one fresh folder per request, removed when the import ends (or at the next start). */
export function importUploadsDir(dataDir: string): string {
  return path.join(dataDir, "imports");
}

/**
 * Upload limit per request (all files together) unless the security policy sets another; a 2 GB upload is refused
 * with a clear message instead of filling the disk.
 */
export const MAX_UPLOAD_BYTES = DEFAULT_MAX_IMPORT_MB * 1024 * 1024;
const ACCEPTED = /(\.json|\.jsonl|\.zip|\.tar\.gz|\.tgz)$/i;

/** Rejects archive entries that could escape the extraction folder. */
function safeEntryPath(root: string, name: string): string {
  const normalized = path.normalize(name);
  if (path.isAbsolute(name) || normalized.startsWith("..") || normalized.split(path.sep).includes("..")) {
    throw new InvalidInputError(`The archive contains an unsafe path (${name}); nothing was imported`);
  }
  const target = path.resolve(root, normalized);
  if (target !== root && !target.startsWith(root + path.sep)) throw new InvalidInputError(`The archive contains an unsafe path (${name}); nothing was imported`);
  return target;
}

/**
 * What all archives of one upload may unpack to. lmms-eval's JSONL compresses ~10×, so this leaves room for real
 * logs while a zip bomb (a small archive of huge files) is refused before it fills the disk.
 */
export const MAX_UNPACKED_BYTES = DEFAULT_MAX_UNPACKED_MB * 1024 * 1024;

/** Counts unpacked bytes across the archives of one upload and refuses the entry that would pass the limit. */
function unpackBudget(maxBytes: number) {
  let used = 0;
  return (entryName: string, size: number) => {
    used += size;
    if (used > maxBytes) throw new PayloadTooLargeError(`The archives unpack to more than ${formatLimit(maxBytes)} (at ${entryName}); nothing was imported. Import large folders from the server (IMPORT_ROOTS) instead.`);
  };
}

function extractZip(file: string, into: string, spend: (entryName: string, size: number) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    yauzl.open(file, { lazyEntries: true, strictFileNames: true, validateEntrySizes: true }, (error, zip) => {
      // yauzl's strictFileNames refuses `../` and absolute names itself; either way the import is refused.
      const refuse = (e: Error) => reject(e instanceof InvalidInputError || e instanceof PayloadTooLargeError ? e : new InvalidInputError(`The zip archive is unsafe or unreadable (${e.message}); nothing was imported`));
      if (error || !zip) return refuse(error ?? new Error("unknown error"));
      zip.on("error", refuse);
      zip.on("end", () => resolve());
      zip.on("entry", (entry: yauzl.Entry) => {
        try {
          const target = safeEntryPath(into, entry.fileName);
          // Unix mode in the high 16 bits of the external attributes: refuse symlinks outright.
          const mode = (entry.externalFileAttributes >>> 16) & 0o170000;
          if (mode === 0o120000) throw new InvalidInputError(`The archive contains a symbolic link (${entry.fileName}); nothing was imported`);
          if (entry.fileName.endsWith("/")) {
            fs.mkdirSync(target, { recursive: true });
            return zip.readEntry();
          }
          // yauzl checks (validateEntrySizes) that an entry really unpacks to the size its header declares.
          spend(entry.fileName, entry.uncompressedSize);
          fs.mkdirSync(path.dirname(target), { recursive: true });
          zip.openReadStream(entry, (err, stream) => {
            if (err || !stream) return refuse(err ?? new Error("unreadable entry"));
            pipeline(stream, fs.createWriteStream(target, { flags: "wx" })).then(() => zip.readEntry(), refuse);
          });
        } catch (e) {
          zip.close();
          refuse(e as Error);
        }
      });
      zip.readEntry();
    });
  });
}

async function extractTarGz(file: string, into: string, spend: (entryName: string, size: number) => void): Promise<void> {
  let rejected: Error | null = null;
  await tar.x({
    file,
    cwd: into,
    strict: true,
    // Only plain files and folders; links could point anywhere.
    filter: (entryPath, entry) => {
      const type = (entry as tar.ReadEntry).type;
      if (type !== "File" && type !== "Directory" && type !== "OldFile") {
        rejected ??= new InvalidInputError(`The archive contains a link or special file (${entryPath}); nothing was imported`);
        return false;
      }
      try {
        safeEntryPath(into, entryPath);
        // A tar entry's data is exactly its header's size: counting headers counts what will be written.
        spend(entryPath, (entry as tar.ReadEntry).size ?? 0);
      } catch (error) {
        rejected ??= error as Error;
        return false;
      }
      return true;
    },
  });
  if (rejected) throw rejected;
}

/** "1 GB", "512 MB", "800 bytes": the limit as people read it. */
export function formatLimit(bytes: number): string {
  if (bytes >= 1024 ** 3) return `${+(bytes / 1024 ** 3).toFixed(1)} GB`;
  if (bytes >= 1024 ** 2) return `${+(bytes / 1024 ** 2).toFixed(1)} MB`;
  return `${bytes} bytes`;
}

/**
 * Streams a multipart upload (field `files`, one or many) into a fresh folder under `stagingRoot`, extracting .zip
 * and .tar.gz archives safely. Returns the folder; the caller removes it when done.
 *
 * The limit holds for the whole request, not only per file and not only as declared: a chunked upload has no
 * Content-Length and many files under the per-file limit can still fill the disk, so the bytes actually read are
 * counted, and at the first byte over the limit reading stops and what was written is removed.
 */
export async function receiveUpload(
  request: { headers: Headers; body: ReadableStream<Uint8Array> | null },
  stagingRoot: string,
  { maxBytes = MAX_UPLOAD_BYTES, maxUnpackedBytes = MAX_UNPACKED_BYTES }: { maxBytes?: number; maxUnpackedBytes?: number } = {},
): Promise<string> {
  const contentType = request.headers.get("content-type") ?? "";
  if (!contentType.startsWith("multipart/form-data") || !request.body) throw new InvalidInputError("Send the files as multipart/form-data in the field `files`");
  const limit = formatLimit(maxBytes);
  const declared = Number(request.headers.get("content-length") ?? "0");
  if (declared > maxBytes) throw new PayloadTooLargeError(`The upload is ${formatLimit(declared)}; the limit is ${limit} per import. Import large folders from the server (IMPORT_ROOTS) instead.`);
  const folder = path.join(stagingRoot, crypto.randomUUID());
  fs.mkdirSync(folder, { recursive: true });
  const received: string[] = [];
  try {
    await new Promise<void>((resolve, reject) => {
      const source = Readable.fromWeb(request.body as import("node:stream/web").ReadableStream);
      const busboy = Busboy({ headers: { "content-type": contentType }, limits: { fileSize: maxBytes, files: 1000 } });
      const writes: Promise<void>[] = [];
      const fileStreams: Readable[] = [];
      let failed = false;
      // The first problem stops the upload: no more bytes are read, open files are closed, then the caller cleans up.
      const fail = (error: Error) => {
        if (failed) return;
        failed = true;
        source.unpipe(busboy);
        source.destroy();
        // With the error, not without: a busboy file stream destroyed plainly can leave its pipeline pending forever.
        // Only unfinished ones: their pipeline still listens for the error.
        for (const stream of fileStreams) if (!stream.readableEnded && !stream.destroyed) stream.destroy(error);
        void Promise.allSettled(writes).then(() => reject(error));
      };
      let total = 0;
      source.on("data", (chunk: Buffer) => {
        total += chunk.length;
        if (total > maxBytes) fail(new PayloadTooLargeError(`The upload is larger than ${limit} in total; the limit is ${limit} per import. Import large folders from the server (IMPORT_ROOTS) instead, or upload fewer files at a time.`));
      });
      source.on("error", fail);
      busboy.on("file", (field, stream, info) => {
        const name = path.basename(info.filename || "");
        if (failed || field !== "files" || !name || !ACCEPTED.test(name) || received.includes(name)) {
          stream.resume();
          if (field === "files" && name && !ACCEPTED.test(name)) fail(new InvalidInputError(`${name} is not a results JSON, samples JSONL, .zip or .tar.gz file`));
          return;
        }
        received.push(name);
        fileStreams.push(stream);
        stream.on("limit", () => fail(new PayloadTooLargeError(`${name} is larger than ${limit}; import it from the server (IMPORT_ROOTS) instead`)));
        writes.push(pipeline(stream, fs.createWriteStream(path.join(folder, name))).catch(fail));
      });
      busboy.on("error", (error) => fail(error as Error));
      busboy.on("close", () => {
        void Promise.all(writes).then(() => {
          if (!failed) resolve();
        });
      });
      source.pipe(busboy);
    });
    if (received.length === 0) throw new InvalidInputError("No files were uploaded in the field `files`");
    const spend = unpackBudget(maxUnpackedBytes);
    for (const name of received) {
      const file = path.join(folder, name);
      if (/\.zip$/i.test(name)) {
        await extractZip(file, path.join(folder, name.replace(/\.zip$/i, "")), spend);
        fs.rmSync(file);
      } else if (/\.(tar\.gz|tgz)$/i.test(name)) {
        const into = path.join(folder, name.replace(/\.(tar\.gz|tgz)$/i, ""));
        fs.mkdirSync(into, { recursive: true });
        await extractTarGz(file, into, spend).catch((error) => {
          throw error instanceof InvalidInputError || error instanceof PayloadTooLargeError ? error : new InvalidInputError(`Not a readable .tar.gz archive: ${(error as Error).message}`);
        });
        fs.rmSync(file);
      }
    }
    return folder;
  } catch (error) {
    fs.rmSync(folder, { recursive: true, force: true });
    throw error;
  }
}
