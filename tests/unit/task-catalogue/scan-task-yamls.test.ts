import { promises as fs } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { scanTaskYamls, type CatalogueEntry, type TaskCatalogue } from "@/lib/lmms-eval/tasks";

const FIXTURES = path.resolve(__dirname, "../../fixtures/task-yamls");
const BUILTIN = path.join(FIXTURES, "builtin");
const INCLUDE = path.join(FIXTURES, "include");

function entry(catalogue: TaskCatalogue, name: string): CatalogueEntry {
  const found = catalogue.entries.find((e) => e.name === name);
  if (!found) throw new Error(`no catalogue entry '${name}'`);
  return found;
}

function warningsFor(catalogue: TaskCatalogue, file: string): string[] {
  return catalogue.warnings.filter((w) => w.file === file).map((w) => w.message);
}

describe("scanTaskYamls on the fixture tree", () => {
  let catalogue: TaskCatalogue;

  beforeAll(async () => {
    // Include root listed first on purpose: built-ins must still win.
    catalogue = await scanTaskYamls([
      { dir: INCLUDE, source: "include" },
      { dir: BUILTIN, source: "builtin" },
    ]);
  });

  it("lists exactly the tasks, groups, tags and python tasks lmms-eval would index, sorted by name", () => {
    expect(catalogue.entries.map((e) => [e.name, e.kind])).toEqual([
      ["ai2d", "task"],
      ["ai2d_lite", "task"],
      ["custom_tag_task", "task"],
      ["cycle_a", "task"],
      ["cycle_b", "task"],
      ["legacy_suite", "tag"],
      ["missing_include_task", "task"],
      ["mmbench", "group"],
      ["mmbench_en", "task"],
      ["mme", "task"],
      ["mmmu", "group"],
      ["mmmu_test", "task"],
      ["mmmu_val", "task"],
      ["perception", "tag"],
      ["shared_name", "task"],
      ["squad_python", "python_task"],
      ["toy_qa", "task"],
      ["vqa_suite", "tag"],
      ["yml_task", "task"],
    ]);
  });

  it("keeps tasks that use !function (the ones a strict loader drops) with their YAML text", async () => {
    const mme = entry(catalogue, "mme");
    const yamlPath = path.join(BUILTIN, "mme/mme.yaml");
    expect(mme).toMatchObject({
      kind: "task",
      yamlPath,
      source: "builtin",
      outputType: "generate_until",
      datasetPath: "lmms-lab/MME",
      members: [],
      parents: ["perception", "vqa_suite"],
    });
    expect(mme.yamlText).toBe(await fs.readFile(yamlPath, "utf8"));
  });

  it("resolves include chains: keys come from the included files, the including file overrides them", () => {
    expect(entry(catalogue, "ai2d")).toMatchObject({ outputType: "multiple_choice", datasetPath: "lmms-lab/ai2d" });
    expect(entry(catalogue, "ai2d_lite")).toMatchObject({ outputType: "multiple_choice", datasetPath: "lmms-lab/ai2d-lite" });
  });

  it("does not list an extension-less template or a .yaml template without task/group", () => {
    const paths = catalogue.entries.map((e) => e.yamlPath);
    expect(paths).not.toContain(path.join(BUILTIN, "ai2d/_default_template_ai2d_yaml"));
    expect(paths).not.toContain(path.join(BUILTIN, "templates/_shared_template.yaml"));
  });

  it("reports an include cycle once and still indexes both files", () => {
    expect(entry(catalogue, "cycle_a").kind).toBe("task");
    expect(entry(catalogue, "cycle_b").outputType).toBe("loglikelihood");
    const cycleWarnings = catalogue.warnings.filter((w) => w.message.startsWith("include cycle"));
    expect(cycleWarnings).toEqual([
      {
        file: path.join(BUILTIN, "chain/cycle_b.yaml"),
        message: "include cycle cycle_a.yaml → cycle_b.yaml → cycle_a.yaml; lmms-eval would fail on it with RecursionError",
      },
    ]);
  });

  it("reads a group's members from names and from inline task configs", () => {
    const mmbench = entry(catalogue, "mmbench");
    expect(mmbench).toMatchObject({ yamlPath: path.join(BUILTIN, "groups/mmbench.yaml"), outputType: null, datasetPath: null });
    expect(mmbench.members).toEqual(["mmbench_en", "mmbench_cn_inline"]);
    expect(entry(catalogue, "mmbench_en").parents).toEqual(["legacy_suite", "mmbench"]);
  });

  it("indexes a group with aggregate_metric_list and links its members back", () => {
    expect(entry(catalogue, "mmmu").members).toEqual(["mmmu_val", "mmmu_test"]);
    expect(entry(catalogue, "mmmu_val").parents).toEqual(["mmmu"]);
    expect(entry(catalogue, "mmmu_test").parents).toEqual(["mmmu"]);
  });

  it("turns string tags, list tags and the legacy group: string into tags with their tasks as members", () => {
    expect(entry(catalogue, "vqa_suite")).toMatchObject({ kind: "tag", yamlPath: null, yamlText: null, members: ["ai2d_lite", "mme"] });
    expect(entry(catalogue, "perception").members).toEqual(["mme"]);
    expect(entry(catalogue, "legacy_suite").members).toEqual(["mmbench_en"]);
  });

  it("classifies a config with class: as a python task", () => {
    expect(entry(catalogue, "squad_python")).toMatchObject({ kind: "python_task", outputType: null });
  });

  it("warns about a malformed file and keeps scanning", () => {
    const messages = warningsFor(catalogue, path.join(BUILTIN, "broken/malformed.yaml"));
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatch(/^YAML parse error: .+ at line 3, column 1$/);
    expect(catalogue.entries.some((e) => e.name === "broken_task")).toBe(false);
  });

  it("indexes .yml files but warns that lmms-eval only looks at .yaml", () => {
    expect(entry(catalogue, "yml_task").yamlPath).toBe(path.join(BUILTIN, "yml/short_ext.yml"));
    expect(warningsFor(catalogue, path.join(BUILTIN, "yml/short_ext.yml"))).toEqual([
      "lmms-eval only indexes *.yaml files, so it will not find 'yml_task'; rename the file to .yaml",
    ]);
  });

  it("loads an unknown !tag as a marker but warns that lmms-eval's loader would refuse it", () => {
    expect(entry(catalogue, "custom_tag_task").kind).toBe("task");
    expect(warningsFor(catalogue, path.join(BUILTIN, "unknown_tag/custom_tag.yaml"))).toEqual([
      "uses !python_thing, which lmms-eval's YAML loader does not define (it only knows !function): lmms-eval will fail on this file",
    ]);
  });

  it("warns about an empty file", () => {
    expect(warningsFor(catalogue, path.join(BUILTIN, "empty/empty.yaml"))).toEqual([
      "file is empty; lmms-eval's loader fails on an empty YAML",
    ]);
  });

  it("lets the built-in win a name clash with an include path, and says so", () => {
    expect(entry(catalogue, "shared_name")).toMatchObject({ source: "builtin", datasetPath: "builtin/shared" });
    expect(warningsFor(catalogue, path.join(INCLUDE, "my_tasks/shared_name.yaml"))).toEqual([
      `'shared_name' is ignored: the built-in task (${path.join(BUILTIN, "shared/shared_name.yaml")}) already defines it, and lmms-eval keeps the first (built-ins win over include paths)`,
    ]);
  });

  it("drops an include-path tag whose name is a built-in tag, as lmms-eval's {**new, **old} does", () => {
    expect(entry(catalogue, "toy_qa")).toMatchObject({ source: "include", datasetPath: "json", parents: [] });
    expect(entry(catalogue, "vqa_suite").members).not.toContain("toy_qa");
    expect(warningsFor(catalogue, path.join(INCLUDE, "my_tasks/toy_qa.yaml"))).toEqual([
      "'vqa_suite' is ignored: the built-in tag (tag on ai2d_lite, mme) already defines it, and lmms-eval keeps the first (built-ins win over include paths)",
    ]);
  });

  it("reports a missing include on the including file and still indexes it from its own keys", () => {
    expect(entry(catalogue, "missing_include_task").source).toBe("include");
    expect(warningsFor(catalogue, path.join(INCLUDE, "my_tasks/missing_include.yaml"))).toEqual([
      `include 'does_not_exist.yaml' (${path.join(INCLUDE, "my_tasks/does_not_exist.yaml")}) cannot be used: not found`,
    ]);
  });
});

describe("scanTaskYamls on generated trees", () => {
  const temporaryDirs: string[] = [];

  async function tree(files: Record<string, string>): Promise<string> {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), "task-yamls-"));
    temporaryDirs.push(dir);
    for (const [relativePath, text] of Object.entries(files)) {
      await fs.mkdir(path.dirname(path.join(dir, relativePath)), { recursive: true });
      await fs.writeFile(path.join(dir, relativePath), text);
    }
    return dir;
  }

  afterEach(async () => {
    await Promise.all(temporaryDirs.splice(0).map((dir) => fs.rm(dir, { recursive: true, force: true })));
  });

  it("skips __pycache__ and .ipynb_checkpoints like TaskManager", async () => {
    const dir = await tree({
      "a/real.yaml": "task: real\n",
      "a/__pycache__/cached.yaml": "task: cached\n",
      "a/.ipynb_checkpoints/real-checkpoint.yaml": "task: checkpoint\n",
    });
    const catalogue = await scanTaskYamls([{ dir, source: "builtin" }]);
    expect(catalogue.entries.map((e) => e.name)).toEqual(["real"]);
  });

  it("warns about a task directory that does not exist instead of failing", async () => {
    const missing = path.join(os.tmpdir(), "no-such-task-dir-for-the-scanner");
    const catalogue = await scanTaskYamls([{ dir: missing, source: "include" }]);
    expect(catalogue).toEqual({ entries: [], warnings: [{ file: missing, message: "task directory cannot be read: not found" }], incomplete: null });
  });

  it("with several includes the first listed wins and the file's own keys win over all; absolute includes work", async () => {
    const shared = await tree({ "shared.yaml": "output_type: loglikelihood\ndataset_path: from-shared\ntest_split: s\n" });
    const dir = await tree({
      "first.yaml": "output_type: multiple_choice\n",
      "task.yaml": `include:\n  - first.yaml\n  - ${path.join(shared, "shared.yaml")}\ntask: t\ntest_split: own\n`,
    });
    const catalogue = await scanTaskYamls([{ dir, source: "builtin" }]);
    expect(catalogue.entries.map((e) => [e.name, e.outputType, e.datasetPath])).toEqual([["t", "multiple_choice", "from-shared"]]);
    expect(catalogue.warnings).toEqual([]);
  });

  it("warns about an include that is not a mapping, is broken, or is not a file name", async () => {
    const dir = await tree({
      "_list_yaml": "- a\n- b\n",
      "_broken_yaml": "a: [\n",
      "t.yaml": "include:\n  - _list_yaml\n  - _broken_yaml\ntask: t\n",
      "u.yaml": "include: 5\ntask: u\n",
    });
    const catalogue = await scanTaskYamls([{ dir, source: "builtin" }]);
    expect(catalogue.entries.map((e) => e.name)).toEqual(["t", "u"]);
    expect(catalogue.warnings.map((w) => [path.basename(w.file), w.message.replace(/ \(.*?\)/, "")])).toEqual([
      ["t.yaml", expect.stringMatching(/^include '_broken_yaml' cannot be used: YAML parse error: /)],
      ["t.yaml", "include '_list_yaml' cannot be used: it is not a YAML mapping"],
      ["u.yaml", "`include:` must be a file name or a list of file names; it is ignored"],
    ]);
  });

  it("classifies an included !function template correctly", async () => {
    const dir = await tree({
      "_template_yaml": "doc_to_text: !function utils.x\noutput_type: generate_until_multi_round\n",
      "t.yaml": "include: _template_yaml\ntask: multi\n",
    });
    const catalogue = await scanTaskYamls([{ dir, source: "builtin" }]);
    expect(catalogue.entries.map((e) => [e.name, e.outputType])).toEqual([["multi", "generate_until_multi_round"]]);
  });

  it("warns when a group or python task has no usable name", async () => {
    const dir = await tree({
      "group.yaml": "task:\n  - a\n",
      "python.yaml": "class: !function task.Cls\n",
      "member.yaml": "group: g\ntask:\n  - 3\n  - ok\n",
    });
    const catalogue = await scanTaskYamls([{ dir, source: "builtin" }]);
    expect(catalogue.entries.map((e) => [e.name, e.members])).toEqual([["g", ["ok"]]]);
    expect(catalogue.warnings.map((w) => [path.basename(w.file), w.message])).toEqual([
      ["group.yaml", "lists tasks under `task:` but has no string `group:` name; lmms-eval cannot index it"],
      ["member.yaml", "group member 1 is neither a task name nor a config with a `task:` name"],
      ["python.yaml", "has `class:` but no string `task:` name; lmms-eval cannot index it"],
    ]);
  });

  it("lets a task replace a tag of the same name and warns about duplicates inside one root", async () => {
    const dir = await tree({
      "a.yaml": "task: a\ntag: b\n",
      "b.yaml": "task: b\n",
      "c/a.yaml": "task: a\ndataset_path: second\n",
    });
    const catalogue = await scanTaskYamls([{ dir, source: "builtin" }]);
    expect(catalogue.entries.map((e) => [e.name, e.kind, e.datasetPath])).toEqual([
      ["a", "task", "second"],
      ["b", "task", null],
    ]);
    expect(catalogue.warnings.map((w) => w.message)).toEqual([
      "'b' is also a tag (on a); lmms-eval lets this task replace the tag",
      `'a' is also defined in ${path.join(dir, "a.yaml")}; lmms-eval keeps whichever file it reads last`,
    ]);
  });
});
