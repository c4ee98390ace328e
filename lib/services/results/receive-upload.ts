import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import Busboy from "busboy";
import * as tar from "tar";
import yauzl from "yauzl";
import { InvalidInputError, PayloadTooLargeError } from "@/lib/services/errors";

/** Upload limit per request; a 2 GB upload is refused with a clear message instead of filling the disk. */
export const MAX_UPLOAD_BYTES = 1024 * 1024 * 1024;
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

function extractZip(file: string, into: string): Promise<void> {
  return new Promise((resolve, reject) => {
    yauzl.open(file, { lazyEntries: true, strictFileNames: true, validateEntrySizes: true }, (error, zip) => {
      // yauzl's strictFileNames refuses `../` and absolute names itself; either way the import is refused.
      const refuse = (e: Error) => reject(e instanceof InvalidInputError ? e : new InvalidInputError(`The zip archive is unsafe or unreadable (${e.message}); nothing was imported`));
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

async function extractTarGz(file: string, into: string): Promise<void> {
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
      } catch (error) {
        rejected ??= error as Error;
        return false;
      }
      return true;
    },
  });
  if (rejected) throw rejected;
}

/**
 * Streams a multipart upload (field `files`, one or many) into a fresh folder under `stagingRoot`, extracting .zip
 * and .tar.gz archives safely. Returns the folder; the caller removes it when done.
 */
export async function receiveUpload(request: { headers: Headers; body: ReadableStream<Uint8Array> | null }, stagingRoot: string): Promise<string> {
  const contentType = request.headers.get("content-type") ?? "";
  if (!contentType.startsWith("multipart/form-data") || !request.body) throw new InvalidInputError("Send the files as multipart/form-data in the field `files`");
  const declared = Number(request.headers.get("content-length") ?? "0");
  if (declared > MAX_UPLOAD_BYTES) throw new PayloadTooLargeError(`The upload is ${(declared / 1e9).toFixed(1)} GB; the limit is ${MAX_UPLOAD_BYTES / 1024 ** 3} GB per import. Import large folders from the server (IMPORT_ROOTS) instead.`);
  const folder = path.join(stagingRoot, crypto.randomUUID());
  fs.mkdirSync(folder, { recursive: true });
  const received: string[] = [];
  try {
    await new Promise<void>((resolve, reject) => {
      const busboy = Busboy({ headers: { "content-type": contentType }, limits: { fileSize: MAX_UPLOAD_BYTES, files: 1000 } });
      const writes: Promise<void>[] = [];
      busboy.on("file", (field, stream, info) => {
        const name = path.basename(info.filename || "");
        if (field !== "files" || !name || !ACCEPTED.test(name) || received.includes(name)) {
          stream.resume();
          if (field === "files" && name && !ACCEPTED.test(name)) {
            reject(new InvalidInputError(`${name} is not a results JSON, samples JSONL, .zip or .tar.gz file`));
          }
          return;
        }
        received.push(name);
        const target = path.join(folder, name);
        stream.on("limit", () => reject(new PayloadTooLargeError(`${name} is larger than ${MAX_UPLOAD_BYTES / 1024 ** 3} GB; import it from the server (IMPORT_ROOTS) instead`)));
        writes.push(pipeline(stream, fs.createWriteStream(target)));
      });
      busboy.on("error", reject);
      busboy.on("close", () => Promise.all(writes).then(() => resolve(), reject));
      Readable.fromWeb(request.body as import("node:stream/web").ReadableStream).pipe(busboy);
    });
    if (received.length === 0) throw new InvalidInputError("No files were uploaded in the field `files`");
    for (const name of received) {
      const file = path.join(folder, name);
      if (/\.zip$/i.test(name)) {
        await extractZip(file, path.join(folder, name.replace(/\.zip$/i, "")));
        fs.rmSync(file);
      } else if (/\.(tar\.gz|tgz)$/i.test(name)) {
        const into = path.join(folder, name.replace(/\.(tar\.gz|tgz)$/i, ""));
        fs.mkdirSync(into, { recursive: true });
        await extractTarGz(file, into).catch((error) => {
          throw error instanceof InvalidInputError ? error : new InvalidInputError(`Not a readable .tar.gz archive: ${(error as Error).message}`);
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
