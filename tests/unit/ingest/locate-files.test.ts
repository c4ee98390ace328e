import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { IngestError } from "@/lib/lmms-eval/ingest/errors";
import { locateResultFiles, taskFromSamplesFileName } from "@/lib/lmms-eval/ingest/locate-files";

const FIXTURES = path.join(import.meta.dirname, "../../fixtures");
const scratch = mkdtempSync(path.join(tmpdir(), "locate-files-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function makeFolder(name: string, files: Record<string, string>): string {
  const folder = path.join(scratch, name);
  for (const [relativePath, content] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(folder, relativePath)), { recursive: true });
    writeFileSync(path.join(folder, relativePath), content);
  }
  return folder;
}

describe("taskFromSamplesFileName", () => {
  it.each([
    ["20260806_101502_samples_mme.jsonl", "mme"],
    ["/logs/model/20260806_101502_samples_mmbench_en_dev.jsonl", "mmbench_en_dev"],
    ["20260806_101502_samples_my_samples_task.jsonl", "my_samples_task"],
    ["20260806_101502_results.json", null],
    ["20260806_101502_samples_.jsonl", null],
    ["20260806_101502_samples_mme.json", null],
  ])("%s → %s", (name, task) => {
    expect(taskFromSamplesFileName(name)).toBe(task);
  });
});

describe("locateResultFiles", () => {
  it("finds fixture A under its model sub-folder with both samples files", async () => {
    const folder = path.join(FIXTURES, "lmms-eval/A_openai_mme_ai2d");
    const logs = path.join(folder, "logs/Qwen__Qwen2.5-VL-7B-Instruct");
    expect(await locateResultFiles(folder)).toEqual([
      {
        resultsPath: path.join(logs, "20260806_101502_results.json"),
        stamp: "20260806_101502",
        samples: [
          { task: "ai2d", path: path.join(logs, "20260806_101502_samples_ai2d.jsonl") },
          { task: "mme", path: path.join(logs, "20260806_101502_samples_mme.jsonl") },
        ],
      },
    ]);
  });

  it("finds fixture B written directly in the output folder, ignoring the task's own files", async () => {
    const folder = path.join(FIXTURES, "lmms-eval/B_dummy_offline_toy");
    const located = await locateResultFiles(folder);
    expect(located.map((run) => [path.relative(folder, run.resultsPath), run.samples.map((samples) => samples.task)])).toEqual([
      ["logs/offline_smoke/20260806_113012_results.json", ["toy_qa"]],
    ]);
  });

  it("pairs by stamp and directory, and ignores samples without a results file", async () => {
    const folder = path.join(FIXTURES, "ingest-edge");
    const located = await locateResultFiles(folder);
    expect(located.map((run) => [path.relative(folder, run.resultsPath), run.stamp, run.samples.map((samples) => samples.task)])).toEqual([
      ["grouped/20260102_030405_results.json", "20260102_030405", ["mmbench_en", "toy_a", "toy_b"]],
    ]);
  });

  it("keeps runs of one folder apart by stamp and sorts everything", async () => {
    const folder = makeFolder("two-runs", {
      "m/20260102_000000_results.json": "{}",
      "m/20260102_000000_samples_b.jsonl": "",
      "m/20260101_000000_samples_a.jsonl": "",
      "m/20260101_000000_results.json": "{}",
      "a/20260103_000000_results.json": "{}",
    });
    const located = await locateResultFiles(folder);
    expect(located.map((run) => [path.relative(folder, run.resultsPath), run.samples.map((samples) => samples.task)])).toEqual([
      ["a/20260103_000000_results.json", []],
      ["m/20260101_000000_results.json", ["a"]],
      ["m/20260102_000000_results.json", ["b"]],
    ]);
  });

  it("follows symlinks that stay inside the folder, without looping on a cycle", async () => {
    const folder = makeFolder("inside-links", { "real/20260101_000000_results.json": "{}", "real/20260101_000000_samples_t.jsonl": "" });
    symlinkSync(path.join(folder, "real"), path.join(folder, "alias"));
    symlinkSync(folder, path.join(folder, "real/loop"));
    const located = await locateResultFiles(folder);
    expect(located.map((run) => path.relative(folder, run.resultsPath))).toEqual(["alias/20260101_000000_results.json"]);
  });

  it("rejects a symlink that points outside the folder", async () => {
    const outside = makeFolder("outside", { "secret_results.json": "{}" });
    const folder = makeFolder("escaping", { "20260101_000000_results.json": "{}" });
    symlinkSync(path.join(outside, "secret_results.json"), path.join(folder, "20260101_000000_samples_t.jsonl"));
    const error = await locateResultFiles(folder).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(IngestError);
    expect(error).toMatchObject({ file: path.join(folder, "20260101_000000_samples_t.jsonl") });
    expect((error as IngestError).reason).toMatch(/^symlink points outside the import folder/);
  });

  it("rejects a symlinked directory that points outside the folder", async () => {
    const outside = makeFolder("outside-dir", { "20260101_000000_results.json": "{}" });
    const folder = makeFolder("escaping-dir", { "keep.txt": "" });
    symlinkSync(outside, path.join(folder, "elsewhere"));
    await expect(locateResultFiles(folder)).rejects.toBeInstanceOf(IngestError);
  });

  it("ignores dangling symlinks", async () => {
    const folder = makeFolder("dangling", { "20260101_000000_results.json": "{}" });
    symlinkSync(path.join(folder, "missing.jsonl"), path.join(folder, "20260101_000000_samples_gone.jsonl"));
    const located = await locateResultFiles(folder);
    expect(located[0].samples).toEqual([]);
  });

  it("rejects a path that is not a folder", async () => {
    const filePath = path.join(makeFolder("a-file", { "x.json": "{}" }), "x.json");
    await expect(locateResultFiles(filePath)).rejects.toMatchObject({ reason: "not a readable folder", file: filePath });
  });
});
