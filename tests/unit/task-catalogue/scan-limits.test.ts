import { promises as fs } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_SCAN_LIMITS, scanTaskYamls } from "@/lib/lmms-eval/tasks/scan-task-yamls";

describe("a task scan is bounded by depth, number of files and time", () => {
  let root: string;

  beforeAll(async () => {
    // 300 task YAMLs beside 300 other files, and one task 6 levels down.
    root = await fs.mkdtemp(path.join(os.tmpdir(), "scan-limits-"));
    for (let i = 0; i < 300; i++) {
      await fs.writeFile(path.join(root, `task_${String(i).padStart(3, "0")}.yaml`), `task: task_${i}\n`);
      await fs.writeFile(path.join(root, `notes_${i}.txt`), "not a task\n");
    }
    const deep = path.join(root, "a", "b", "c", "d", "e", "f");
    await fs.mkdir(deep, { recursive: true });
    await fs.writeFile(path.join(deep, "deep.yaml"), "task: deep_task\n");
  });

  afterAll(async () => {
    await fs.rm(root, { recursive: true, force: true });
  });

  it("within the default limits, everything is read", async () => {
    const catalogue = await scanTaskYamls([{ dir: root, source: "include" }]);
    expect(catalogue.incomplete).toBeNull();
    expect(catalogue.warnings).toEqual([]);
    expect(catalogue.entries).toHaveLength(301);
  });

  it("stops after maxEntries files and folders, says so, and keeps what it found", async () => {
    const catalogue = await scanTaskYamls([{ dir: root, source: "include" }], { ...DEFAULT_SCAN_LIMITS, maxEntries: 100 });
    expect(catalogue.incomplete).toBe("more than 100 files and folders");
    expect(catalogue.warnings).toEqual([
      { file: root, message: "scan stopped: more than 100 files and folders; the tasks after that point are missing (is this a folder of task YAMLs?)" },
    ]);
    expect(catalogue.entries.length).toBeGreaterThan(0);
    expect(catalogue.entries.length).toBeLessThan(100);
  });

  it("does not descend below maxDepth", async () => {
    const catalogue = await scanTaskYamls([{ dir: root, source: "include" }], { ...DEFAULT_SCAN_LIMITS, maxDepth: 3 });
    expect(catalogue.incomplete).toBeNull();
    expect(catalogue.entries.map((e) => e.name)).not.toContain("deep_task");
    expect(catalogue.entries).toHaveLength(300);
    expect(catalogue.warnings).toEqual([{ file: root, message: `folders more than 3 levels below it are not scanned (e.g. ${path.join(root, "a", "b", "c", "d")})` }]);
  });

  it("stops when its time is up", async () => {
    const catalogue = await scanTaskYamls([{ dir: root, source: "include" }], { ...DEFAULT_SCAN_LIMITS, timeoutMs: 0 });
    expect(catalogue.incomplete).toBe("it took longer than 0 s");
    expect(catalogue.entries).toEqual([]);
    expect(catalogue.warnings.map((w) => w.message)).toEqual(["scan stopped: it took longer than 0 s; the tasks after that point are missing (is this a folder of task YAMLs?)"]);
  });
});
