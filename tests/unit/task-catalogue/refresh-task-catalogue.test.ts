import fs from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { InvalidInputError } from "@/lib/services/errors";
import { listTaskCatalogue } from "@/lib/services/tasks/list-task-catalogue";
import { catalogueRefreshReason, refreshTaskCatalogue } from "@/lib/services/tasks/refresh-task-catalogue";
import { resolveRunIncludePath } from "@/lib/services/tasks/resolve-include-path";
import { ctxFor, freshDb, insertUser } from "../../helpers/db";
import { STANDIN_COMMAND, tempDir, useStandinEnvironment } from "../../helpers/standin";

useStandinEnvironment();

const TOY_QA = path.resolve(import.meta.dirname, "../../fixtures/lmms-eval/B_dummy_offline_toy/my_tasks/toy_qa");

const made: string[] = [];
afterAll(() => made.forEach((dir) => fs.rmSync(dir, { recursive: true, force: true })));

/** Two include folders as a team would configure them: a suite with a group, and another folder of single tasks. */
function includeFolders(): { suite: string; extra: string } {
  const suite = tempDir("include-suite-");
  const extra = tempDir("include-extra-");
  made.push(suite, extra);
  fs.cpSync(TOY_QA, path.join(suite, "toy_qa"), { recursive: true });
  fs.writeFileSync(path.join(suite, "toy_qa", "toy_qa_hard.yaml"), "include: toy_qa.yaml\ntask: toy_qa_hard\ntag: team_smoke\n");
  fs.writeFileSync(path.join(suite, "team_suite.yaml"), "group: team_suite\ntask:\n  - toy_qa\n  - toy_qa_hard\n");
  // Same name as a built-in of the stand-in: lmms-eval keeps the built-in.
  fs.writeFileSync(path.join(suite, "mme.yaml"), "task: mme\ndataset_path: json\n");
  fs.mkdirSync(path.join(extra, "charts"));
  fs.writeFileSync(path.join(extra, "charts", "_chart_template_yaml"), "dataset_path: json\noutput_type: multiple_choice\n");
  fs.writeFileSync(path.join(extra, "charts", "chart_probe.yaml"), "include: _chart_template_yaml\ntask: chart_probe\ndoc_to_text: !function utils.doc_to_text\n");
  return { suite, extra };
}

/** A console-script-like wrapper the package locator cannot see through (as with `conda run …` or a site script). */
function wrapperCommand(script = 'exec python3 -m lmms_eval "$@"'): string[] {
  const dir = tempDir("lmms-wrapper-");
  made.push(dir);
  const file = path.join(dir, "lmms-eval");
  fs.writeFileSync(file, `#!/bin/sh\n${script}\n`, { mode: 0o755 });
  return [file];
}

describe("the catalogue scans the configured include folders beside the package", () => {
  const db = freshDb();
  const admin = insertUser(db, "admin");
  const { suite, extra } = includeFolders();

  it("their tasks, groups and tags appear marked with the folder they come from; built-ins win on a clash", async () => {
    const meta = await refreshTaskCatalogue({ db, ctx: ctxFor(admin), command: STANDIN_COMMAND, includePaths: [suite, extra] });
    expect(meta).toMatchObject({ method: "scan", error: null, includePaths: [suite, extra] });
    const byName = new Map(listTaskCatalogue({ db, ctx: ctxFor(admin) }).items.map((i) => [i.name, i]));
    expect(byName.get("toy_qa")).toMatchObject({ kind: "task", source: "include", includePath: suite, outputType: "generate_until", datasetPath: "json", parents: ["team_suite"] });
    expect(byName.get("toy_qa_hard")).toMatchObject({ kind: "task", source: "include", includePath: suite, parents: ["team_smoke", "team_suite"] });
    expect(byName.get("team_suite")).toMatchObject({ kind: "group", source: "include", includePath: suite, members: ["toy_qa", "toy_qa_hard"] });
    expect(byName.get("team_smoke")).toMatchObject({ kind: "tag", source: "include", includePath: suite, members: ["toy_qa_hard"] });
    expect(byName.get("chart_probe")).toMatchObject({ kind: "task", source: "include", includePath: extra, outputType: "multiple_choice" });
    expect(byName.get("mme")).toMatchObject({ kind: "task", source: "builtin", includePath: null, datasetPath: "lmms-lab/MME" });
    expect(meta.warnings).toContainEqual({ file: path.join(suite, "mme.yaml"), message: expect.stringMatching(/^'mme' is ignored: the built-in task .*built-ins win over include paths/) });
    expect(meta.warningCount).toBe(1);
  });

  it("a run's include path follows from its tasks: the one folder they come from; two folders cannot share a run", () => {
    expect(resolveRunIncludePath(db, { tasks: ["mme", "ai2d"] })).toBeUndefined();
    expect(resolveRunIncludePath(db, { tasks: ["mme", "toy_qa"] })).toBe(suite);
    expect(resolveRunIncludePath(db, { tasks: ["team_suite"] })).toBe(suite);
    expect(resolveRunIncludePath(db, { tasks: ["team_smoke"] })).toBe(suite);
    expect(resolveRunIncludePath(db, { tasks: ["toy_qa_*"] })).toBe(suite);
    expect(() => resolveRunIncludePath(db, { tasks: ["toy_qa", "chart_probe"] })).toThrowError(InvalidInputError);
    expect(() => resolveRunIncludePath(db, { tasks: ["toy_qa", "chart_probe"] })).toThrowError(
      `The selected tasks come from 2 include folders: toy_qa (${suite}); chart_probe (${extra}). lmms-eval reads one include path per run: launch them as separate runs.`,
    );
  });

  it("an include path typed for the run is kept when it holds the tasks, and refused when it does not", () => {
    expect(resolveRunIncludePath(db, { tasks: ["toy_qa"], includePath: suite })).toBe(suite);
    // The parent of a configured folder is walked recursively by lmms-eval, so it finds the task too.
    expect(resolveRunIncludePath(db, { tasks: ["team_smoke"], includePath: path.dirname(suite) })).toBe(path.dirname(suite));
    expect(resolveRunIncludePath(db, { tasks: ["mme"], includePath: extra })).toBe(extra);
    let error: unknown;
    try {
      resolveRunIncludePath(db, { tasks: ["toy_qa", "mme"], includePath: extra });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(InvalidInputError);
    expect((error as InvalidInputError).fields).toEqual({ includePath: [expect.stringMatching(new RegExp(`^toy_qa comes from the include folder ${suite}, but this run's include path is ${extra}\\.`))] });
  });

  it("the worker refreshes at start when the configured folders changed", () => {
    expect(catalogueRefreshReason(db, [extra, suite])).toBeNull();
    expect(catalogueRefreshReason(db, [suite])).toBe("LMMS_EVAL_INCLUDE_PATHS changed");
    expect(catalogueRefreshReason(freshDb(), [])).toBe("the catalogue is empty");
  });

  it("a folder that vanished since start is a warning, not a failed refresh", async () => {
    const gone = path.join(extra, "no-longer-here");
    const meta = await refreshTaskCatalogue({ db, ctx: ctxFor(admin), command: STANDIN_COMMAND, includePaths: [suite, gone] });
    expect(meta).toMatchObject({ method: "scan", error: null });
    expect(meta.warnings).toContainEqual({ file: gone, message: "task directory cannot be read: not found" });
    expect(listTaskCatalogue({ db, ctx: ctxFor(admin) }).items.some((i) => i.name === "chart_probe")).toBe(false);
  });
});

describe("the `tasks` fallback, end to end against the stand-in CLI", () => {
  it("keeps groups and tags apart (from `tasks groups` / `tasks tags`) and still scans the include folders", async () => {
    const db = freshDb();
    const admin = insertUser(db, "admin");
    const { suite } = includeFolders();
    const meta = await refreshTaskCatalogue({ db, ctx: ctxFor(admin), command: wrapperCommand(), includePaths: [suite] });
    expect(meta).toMatchObject({ method: "tasks-list", packageDir: null, error: null, warningCount: 1 });
    expect(meta.warnings[0].message).toMatch(/^'mme' is ignored: lmms-eval already has a built-in mme/);
    const { items, models } = listTaskCatalogue({ db, ctx: ctxFor(admin) });
    const kinds = Object.fromEntries(items.map((i) => [i.name, [i.kind, i.source]]));
    expect(kinds).toEqual({
      ai2d: ["task", "builtin"],
      mme: ["task", "builtin"],
      scienceqa: ["task", "builtin"],
      scienceqa_full: ["group", "builtin"],
      scienceqa_img: ["task", "builtin"],
      standin_mcq: ["tag", "builtin"],
      standin_ocr: ["tag", "builtin"],
      standin_smoke: ["group", "builtin"],
      textvqa_test: ["task", "builtin"],
      textvqa_val: ["task", "builtin"],
      team_smoke: ["tag", "include"],
      team_suite: ["group", "include"],
      toy_qa: ["task", "include"],
      toy_qa_hard: ["task", "include"],
    });
    expect(items.find((i) => i.name === "toy_qa")?.includePath).toBe(suite);
    expect(models.map((m) => m.name)).toContain("dummy");
  });

  it("a table that cannot be read leaves its names as tasks, with a warning", async () => {
    const db = freshDb();
    const admin = insertUser(db, "admin");
    const command = wrapperCommand('if [ "$2" = groups ]; then echo "ModuleNotFoundError: No module named pytablewriter" >&2; exit 1; fi\nexec python3 -m lmms_eval "$@"');
    const meta = await refreshTaskCatalogue({ db, ctx: ctxFor(admin), command, includePaths: [] });
    expect(meta).toMatchObject({ method: "tasks-list", error: null });
    expect(meta.warnings).toEqual([
      { file: "lmms-eval tasks list", message: "`lmms-eval tasks groups` could not be read (ModuleNotFoundError: No module named pytablewriter); its groups are listed as tasks" },
    ]);
    const kinds = Object.fromEntries(listTaskCatalogue({ db, ctx: ctxFor(admin) }).items.map((i) => [i.name, i.kind]));
    expect(kinds).toMatchObject({ scienceqa_full: "task", standin_smoke: "task", standin_mcq: "tag" });
  });

  it("lmms-eval unreachable: a good catalogue is kept; an empty one gets the include folders' tasks", async () => {
    const db = freshDb();
    const admin = insertUser(db, "admin");
    const { suite } = includeFolders();
    const broken = wrapperCommand('echo "lmms-eval: not installed here" >&2; exit 1');
    const first = await refreshTaskCatalogue({ db, ctx: ctxFor(admin), command: broken, includePaths: [suite] });
    expect(first).toMatchObject({ method: "none", error: expect.stringMatching(/`tasks list` failed \(lmms-eval: not installed here\)$/) });
    expect(listTaskCatalogue({ db, ctx: ctxFor(admin) }).items.map((i) => i.name)).toEqual(["mme", "team_smoke", "team_suite", "toy_qa", "toy_qa_hard"]);

    await refreshTaskCatalogue({ db, ctx: ctxFor(admin), command: STANDIN_COMMAND, includePaths: [suite] });
    const good = listTaskCatalogue({ db, ctx: ctxFor(admin) }).items.length;
    await refreshTaskCatalogue({ db, ctx: ctxFor(admin), command: broken, includePaths: [suite] });
    expect(listTaskCatalogue({ db, ctx: ctxFor(admin) }).items).toHaveLength(good);
  });
});
