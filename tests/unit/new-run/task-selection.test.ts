import { describe, expect, it } from "vitest";
import {
  checkStates,
  countSelectedTasks,
  deselectName,
  indexCatalogue,
  normalizeSelection,
  rootNames,
  searchNames,
  selectName,
  toggleName,
  type SelectableItem,
} from "@/components/shared/task-picker/task-selection";

const task = (name: string, parents: string[] = []): SelectableItem => ({ name, kind: "task", members: [], parents });
const group = (name: string, members: string[], parents: string[] = []): SelectableItem => ({ name, kind: "group", members, parents });
const tag = (name: string, members: string[]): SelectableItem => ({ name, kind: "tag", members, parents: [] });

// The stand-in catalogue's shape (tests/fixtures/standin), plus a nested group like mmbench → mmbench_en.
const catalogue = indexCatalogue([
  task("ai2d", ["standin_mcq", "standin_smoke"]),
  task("mme"),
  task("scienceqa", ["scienceqa_full"]),
  group("scienceqa_full", ["scienceqa", "scienceqa_img"]),
  task("scienceqa_img", ["scienceqa_full"]),
  tag("standin_mcq", ["ai2d"]),
  tag("standin_ocr", ["textvqa_test", "textvqa_val"]),
  group("standin_smoke", ["ai2d", "textvqa_val"]),
  task("textvqa_test", ["standin_ocr"]),
  task("textvqa_val", ["standin_ocr", "standin_smoke"]),
  group("mmbench", ["mmbench_en", "mmbench_cn"]),
  group("mmbench_en", ["mmbench_en_dev", "mmbench_en_test"], ["mmbench"]),
  task("mmbench_en_dev", ["mmbench_en"]),
  task("mmbench_en_test", ["mmbench_en"]),
  task("mmbench_cn", ["mmbench"]),
]);

const states = (selected: string[], names: string[]) => {
  const of = checkStates(catalogue, selected);
  return Object.fromEntries(names.map((n) => [n, of(n)]));
};

describe("task selection", () => {
  it("selecting a group keeps the group's own name, and its members show as checked", () => {
    const selected = toggleName(catalogue, [], "scienceqa_full");
    expect(selected).toEqual(["scienceqa_full"]);
    expect(states(selected, ["scienceqa_full", "scienceqa", "scienceqa_img", "mme"])).toEqual({
      scienceqa_full: "checked",
      scienceqa: "checked",
      scienceqa_img: "checked",
      mme: "unchecked",
    });
  });

  it("a member picked alone makes its group indeterminate, even when every member is picked", () => {
    let selected = toggleName(catalogue, [], "scienceqa");
    expect(states(selected, ["scienceqa_full"])).toEqual({ scienceqa_full: "indeterminate" });
    selected = toggleName(catalogue, selected, "scienceqa_img");
    // No promotion: lmms-eval would then also report the group's aggregate, which the user did not ask for.
    expect(selected).toEqual(["scienceqa", "scienceqa_img"]);
    expect(states(selected, ["scienceqa_full"])).toEqual({ scienceqa_full: "indeterminate" });
  });

  it("checking an indeterminate group replaces its individually picked members with the group", () => {
    const selected = toggleName(catalogue, ["mme", "scienceqa"], "scienceqa_full");
    expect(selected).toEqual(["mme", "scienceqa_full"]);
  });

  it("unchecking a checked group clears it and its members", () => {
    expect(toggleName(catalogue, ["scienceqa_full", "mme"], "scienceqa_full")).toEqual(["mme"]);
  });

  it("unchecking one member of a checked group keeps the other members running", () => {
    const selected = toggleName(catalogue, ["scienceqa_full"], "scienceqa");
    expect(selected).toEqual(["scienceqa_img"]);
    expect(states(selected, ["scienceqa_full", "scienceqa", "scienceqa_img"])).toEqual({
      scienceqa_full: "indeterminate",
      scienceqa: "unchecked",
      scienceqa_img: "checked",
    });
  });

  it("expands nested groups level by level when a deep member is unchecked", () => {
    const selected = deselectName(catalogue, ["mmbench"], "mmbench_en_dev");
    expect(selected).toEqual(["mmbench_en_test", "mmbench_cn"]);
    expect(states(selected, ["mmbench", "mmbench_en", "mmbench_en_dev"])).toEqual({
      mmbench: "indeterminate",
      mmbench_en: "indeterminate",
      mmbench_en_dev: "unchecked",
    });
  });

  it("a task covered by two selected parents is removed from both", () => {
    const selected = deselectName(catalogue, ["standin_smoke", "standin_ocr"], "textvqa_val");
    expect(selected).toEqual(["ai2d", "textvqa_test"]);
    expect(checkStates(catalogue, selected)("textvqa_val")).toBe("unchecked");
  });

  it("a tag and an overlapping group: selecting one makes the other indeterminate", () => {
    const selected = selectName(catalogue, [], "standin_ocr");
    expect(states(selected, ["standin_ocr", "textvqa_val", "standin_smoke", "ai2d"])).toEqual({
      standin_ocr: "checked",
      textvqa_val: "checked",
      standin_smoke: "indeterminate",
      ai2d: "unchecked",
    });
  });

  it("normalizes away repeats and names another selection already runs", () => {
    expect(normalizeSelection(catalogue, ["mme", "scienceqa", "mme", "scienceqa_full"])).toEqual(["mme", "scienceqa_full"]);
    expect(normalizeSelection(catalogue, ["mmbench", "mmbench_en_dev"])).toEqual(["mmbench"]);
  });

  it("keeps names outside the catalogue (patterns, include-path tasks) as they are", () => {
    const selected = toggleName(catalogue, ["mmbench_*"], "mme");
    expect(selected).toEqual(["mmbench_*", "mme"]);
    expect(toggleName(catalogue, selected, "mmbench_*")).toEqual(["mme"]);
  });

  it("counts the individual tasks a selection runs", () => {
    expect(countSelectedTasks(catalogue, ["scienceqa_full", "mme"])).toEqual({ tasks: 3, unknown: 0 });
    expect(countSelectedTasks(catalogue, ["mmbench"])).toEqual({ tasks: 3, unknown: 0 });
    expect(countSelectedTasks(catalogue, ["standin_smoke", "standin_ocr", "custom_*"])).toEqual({ tasks: 3, unknown: 1 });
  });

  it("survives cyclic membership", () => {
    const cyclic = indexCatalogue([group("a", ["b"]), group("b", ["a", "t"]), task("t", ["b"])]);
    expect(normalizeSelection(cyclic, ["a", "b"])).toEqual(["a"]);
    expect(deselectName(cyclic, ["a"], "t")).toEqual([]);
    expect(checkStates(cyclic, ["a"])("t")).toBe("checked");
  });
});

describe("browsing and search", () => {
  it("roots are what no group or tag contains, groups and tags first", () => {
    expect(rootNames(catalogue)).toEqual(["mmbench", "scienceqa_full", "standin_smoke", "standin_mcq", "standin_ocr", "mme"]);
  });

  it("search matches names and dataset paths, prefix matches first", () => {
    const items = [
      { name: "ai2d", datasetPath: "lmms-lab/ai2d" },
      { name: "textvqa_val", datasetPath: "lmms-lab/textvqa" },
      { name: "mme_textvqa_like", datasetPath: null },
    ];
    expect(searchNames(items, "TEXTVQA").map((i) => i.name)).toEqual(["textvqa_val", "mme_textvqa_like"]);
    expect(searchNames(items, "lmms-lab/ai").map((i) => i.name)).toEqual(["ai2d"]);
    expect(searchNames(items, "  ").length).toBe(3);
  });
});

describe("membership known from one side only", () => {
  // A group whose own member list is missing, while its members name it as their parent (and a tag the same way).
  const partial = indexCatalogue([group("suite", []), task("a", ["suite"]), task("b", ["suite"]), tag("label", []), task("c", []), group("listed", ["c"])]);

  it("counts and ticks a group's members whichever side names them", () => {
    expect(partial.membersOf("suite")).toEqual(["a", "b"]);
    expect(partial.membersOf("listed")).toEqual(["c"]);
    expect(partial.parentsOf("c")).toEqual(["listed"]);
    const picked = toggleName(partial, [], "suite");
    expect(picked).toEqual(["suite"]);
    const of = checkStates(partial, picked);
    expect([of("a"), of("b")]).toEqual(["checked", "checked"]);
    expect(countSelectedTasks(partial, picked)).toEqual({ tasks: 2, unknown: 0 });
    // Unticking one member keeps the other.
    expect(deselectName(partial, picked, "a")).toEqual(["b"]);
  });

  it("a group or tag whose members nobody lists runs as one name", () => {
    expect(partial.membersOf("label")).toEqual([]);
    expect(countSelectedTasks(partial, ["label"])).toEqual({ tasks: 1, unknown: 0 });
  });
});
