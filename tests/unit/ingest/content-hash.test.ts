import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { hashRunFiles } from "@/lib/lmms-eval/ingest/content-hash";
import { locateResultFiles } from "@/lib/lmms-eval/ingest/locate-files";

const FIXTURE_A = path.join(import.meta.dirname, "../../fixtures/lmms-eval/A_openai_mme_ai2d");
const scratch = mkdtempSync(path.join(tmpdir(), "content-hash-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function writeRun(name: string, files: Record<string, string>): { resultsPath: string; samples: Array<{ path: string }> } {
  const folder = path.join(scratch, name);
  mkdirSync(folder);
  for (const [fileName, content] of Object.entries(files)) writeFileSync(path.join(folder, fileName), content);
  const samples = Object.keys(files).filter((fileName) => fileName.endsWith(".jsonl")).map((fileName) => ({ path: path.join(folder, fileName) }));
  return { resultsPath: path.join(folder, "1_results.json"), samples };
}

describe("hashRunFiles", () => {
  it("gives a run the same sha256 wherever it lives and however its samples are listed", async () => {
    const [original] = await locateResultFiles(FIXTURE_A);
    const copy = path.join(scratch, "copy");
    cpSync(FIXTURE_A, copy, { recursive: true });
    const [copied] = await locateResultFiles(copy);

    const hash = await hashRunFiles(original);
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(await hashRunFiles(copied)).toBe(hash);
    expect(await hashRunFiles({ ...copied, samples: [...copied.samples].reverse() })).toBe(hash);
  });

  it("changes when any byte, file or file boundary changes", async () => {
    const base = await hashRunFiles(writeRun("base", { "1_results.json": "{}", "1_samples_a.jsonl": "ab", "1_samples_b.jsonl": "c" }));
    const variants = [
      writeRun("byte", { "1_results.json": "{}", "1_samples_a.jsonl": "ab", "1_samples_b.jsonl": "d" }),
      writeRun("boundary", { "1_results.json": "{}", "1_samples_a.jsonl": "a", "1_samples_b.jsonl": "bc" }),
      writeRun("renamed", { "1_results.json": "{}", "1_samples_a.jsonl": "ab", "1_samples_c.jsonl": "c" }),
      writeRun("missing", { "1_results.json": "{}", "1_samples_a.jsonl": "ab" }),
    ];
    const hashes = await Promise.all(variants.map((run) => hashRunFiles(run)));
    for (const hash of hashes) expect(hash).not.toBe(base);
    expect(new Set(hashes).size).toBe(hashes.length);
  });
});
