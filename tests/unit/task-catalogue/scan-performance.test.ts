import { promises as fs } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import * as parseModule from "@/lib/lmms-eval/tasks/parse-task-yaml";
import { scanTaskYamls } from "@/lib/lmms-eval/tasks";

vi.mock("@/lib/lmms-eval/tasks/parse-task-yaml", async (importOriginal) => {
  const original = await importOriginal<typeof import("@/lib/lmms-eval/tasks/parse-task-yaml")>();
  return { ...original, parseTaskYaml: vi.fn(original.parseTaskYaml) };
});

const FOLDERS = 100;
const TASKS_PER_FOLDER = 20;

describe("scanTaskYamls at the size of lmms-eval's task folder", () => {
  let root: string;

  beforeAll(async () => {
    // ~2000 task YAMLs like lmms-eval/tasks: every folder's tasks include a folder template that includes a shared one.
    root = await fs.mkdtemp(path.join(os.tmpdir(), "task-yamls-perf-"));
    await fs.writeFile(path.join(root, "_shared_template_yaml"), "output_type: generate_until\nmetadata:\n  - version: 0.0\n");
    for (let folder = 0; folder < FOLDERS; folder++) {
      const dir = path.join(root, `bench_${folder}`);
      await fs.mkdir(dir);
      await fs.writeFile(
        path.join(dir, "_default_template_yaml"),
        `include: ../_shared_template_yaml\ndataset_path: lmms-lab/bench_${folder}\ndoc_to_text: !function utils.doc_to_text\n`,
      );
      for (let task = 0; task < TASKS_PER_FOLDER; task++) {
        await fs.writeFile(
          path.join(dir, `bench_${folder}_${task}.yaml`),
          `include: _default_template_yaml\ntask: bench_${folder}_${task}\ntag: bench_${folder}\nprocess_results: !function utils.process\n`,
        );
      }
    }
  });

  afterAll(async () => {
    await fs.rm(root, { recursive: true, force: true });
  });

  it("indexes 2000 files, parsing each file exactly once (includes are cached)", async () => {
    const parse = vi.mocked(parseModule.parseTaskYaml);
    parse.mockClear();
    const catalogue = await scanTaskYamls([{ dir: root, source: "builtin" }]);

    expect(catalogue.warnings).toEqual([]);
    expect(catalogue.entries).toHaveLength(FOLDERS * TASKS_PER_FOLDER + FOLDERS);
    expect(catalogue.entries.find((e) => e.name === "bench_7_3")).toMatchObject({
      outputType: "generate_until",
      datasetPath: "lmms-lab/bench_7",
      parents: ["bench_7"],
    });
    const filesOnDisk = FOLDERS * TASKS_PER_FOLDER + FOLDERS + 1;
    expect(parse).toHaveBeenCalledTimes(filesOnDisk);
  });
});
