import { createHash, type Hash } from "node:crypto";
import { createReadStream } from "node:fs";
import path from "node:path";

/**
 * sha256 (hex) of a run's files, streamed, so re-ingesting the same output is recognisable. It depends on the file
 * names and bytes only — not on where the folder lives or the order the samples are listed in: the results file
 * comes first, then the samples files by name. Each file is framed by its name and byte length, so moving bytes
 * from one file to the next changes the hash.
 */
export async function hashRunFiles(files: { resultsPath: string; samples: ReadonlyArray<{ path: string }> }): Promise<string> {
  const hash = createHash("sha256");
  const samplesPaths = files.samples
    .map((samplesFile) => samplesFile.path)
    .sort((left, right) => {
      const [leftName, rightName] = [path.basename(left), path.basename(right)];
      return leftName < rightName ? -1 : leftName > rightName ? 1 : 0;
    });
  await hashFile(hash, "results", files.resultsPath);
  for (const samplesPath of samplesPaths) await hashFile(hash, "samples", samplesPath);
  return hash.digest("hex");
}

async function hashFile(hash: Hash, role: string, filePath: string): Promise<void> {
  hash.update(`${role}\0${path.basename(filePath)}\0`);
  let byteLength = 0;
  // 1 MiB reads: hashing a 200 MB samples file in the default 64 KiB chunks is several times slower.
  for await (const chunk of createReadStream(filePath, { highWaterMark: 1 << 20 })) {
    const bytes = chunk as Buffer;
    byteLength += bytes.length;
    hash.update(bytes);
  }
  hash.update(`\0${byteLength}\0`);
}
