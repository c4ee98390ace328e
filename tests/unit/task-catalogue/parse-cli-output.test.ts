import { describe, expect, it } from "vitest";
import { parseModelsTable, parseTasksList, parseTaskTable } from "@/lib/lmms-eval/tasks";

// `lmms-eval tasks list` as cli/tasks_cmd.py prints it (docs/LMMS-EVAL-BEHAVIOUR.md §subcommands), with loguru records mixed in the way a
// misconfigured logger would put them on stdout, one of them coloured.
const TASKS_LIST_STDOUT = [
  "2026-08-06 10:15:02 | WARNING  | lmms_eval.tasks:_get_task_and_group:512 - The tag vqa is already registered as a group, this tag will not be registered. This may affect tasks you want to call.",
  "Available tasks (5):",
  "",
  "  ai2d",
  "\u001b[32m2026-08-06 10:15:03\u001b[0m | \u001b[1mINFO    \u001b[0m | lmms_eval.models:<module>:12 - registry ready",
  "  mmbench_*",
  "  mme",
  "  mmmu_val",
  "  vqa_suite",
  "",
].join("\n");

// `lmms-eval models --aliases` exactly as cli/models_cmd.py formats it: _col(name, 28) + _col(type, 14) + aliases.
// The third row's name is 30 characters long and is cut to 28, running into its type.
const MODELS_STDOUT =
  "\nRegistered Models (4 total)\n\n" +
  "Name                        Type          Aliases                                 \n" +
  "----------------------------------------------------------------------------------\n" +
  "openai                      chat          openai_compatible, openai_compatible_chat\n" +
  "qwen2_5_vl                  chat+simple   qwen2_5_vl_chat\n" +
  "llava_onevision_moviechat_losimple        \n" +
  "dummy                       simple        dummy_video_reader\n" +
  "----------------------------------------------------------------------------------\n" +
  "\n  chat-only: 1  |  chat+simple: 1  |  simple-only: 2\n" +
  "  Tip: chat models are recommended for new evaluations.\n\n";

describe("parseTasksList", () => {
  it("returns the indented names after the header and ignores log noise", () => {
    expect(parseTasksList(TASKS_LIST_STDOUT)).toEqual({
      ok: true,
      names: ["ai2d", "mmbench_*", "mme", "mmmu_val", "vqa_suite"],
      declaredCount: 5,
    });
  });

  it("accepts CRLF line ends", () => {
    expect(parseTasksList("Available tasks (1):\r\n\r\n  mme\r\n")).toEqual({ ok: true, names: ["mme"], declaredCount: 1 });
  });

  it("fails when the header is missing (the command printed an error instead)", () => {
    expect(parseTasksList("Traceback (most recent call last):\n  File \"x\"\nModuleNotFoundError: No module named 'torch'\n")).toEqual({
      ok: false,
      error: "the output has no 'Available tasks (N):' line",
    });
  });
});

describe("parseModelsTable", () => {
  it("cuts the fixed-width columns and splits the aliases", () => {
    expect(parseModelsTable(MODELS_STDOUT)).toEqual({
      ok: true,
      models: [
        { name: "openai", type: "chat", aliases: ["openai_compatible", "openai_compatible_chat"], nameMayBeTruncated: false },
        { name: "qwen2_5_vl", type: "chat+simple", aliases: ["qwen2_5_vl_chat"], nameMayBeTruncated: false },
        { name: "llava_onevision_moviechat_lo", type: "simple", aliases: [], nameMayBeTruncated: true },
        { name: "dummy", type: "simple", aliases: ["dummy_video_reader"], nameMayBeTruncated: false },
      ],
    });
  });

  it("reads the table without the Aliases column", () => {
    const withoutAliases =
      "\nRegistered Models (1 total)\n\nName                        Type          \n" +
      "------------------------------------------\n" +
      "dummy                       simple        \n" +
      "------------------------------------------\n";
    expect(parseModelsTable(withoutAliases)).toEqual({
      ok: true,
      models: [{ name: "dummy", type: "simple", aliases: [], nameMayBeTruncated: false }],
    });
  });

  it("skips stray lines inside the table and fails without a header", () => {
    const noisy = MODELS_STDOUT.replace("dummy      ", "WARNING: something happened\ndummy      ");
    const parsed = parseModelsTable(noisy);
    expect(parsed.ok && parsed.models.map((m) => m.name)).toEqual(["openai", "qwen2_5_vl", "llava_onevision_moviechat_lo", "dummy"]);
    expect(parseModelsTable("usage: lmms-eval [-h]\n")).toEqual({ ok: false, error: "the output has no 'Name  Type' table header" });
  });
});

// `lmms-eval tasks groups` / `tasks tags`: TaskManager.list_all_tasks returns "\n" + a pytablewriter Markdown table +
// "\n\n" (§subcommands), which tasks_cmd.py print()s. A group configured through a task config has no file ("---").
const GROUPS_STDOUT =
  "\n" +
  "|     Group     |               Config Location               |\n" +
  "|---------------|---------------------------------------------|\n" +
  "|mmbench        |lmms_eval/tasks/mmbench/mmbench.yaml         |\n" +
  "|mmmu           |lmms_eval/tasks/mmmu/mmmu.yaml               |\n" +
  "|team_suite     |/home/me/my_tasks/team_suite.yaml            |\n" +
  "|vqa_legacy     |---                                          |\n" +
  "\n\n\n";

describe("parseTaskTable", () => {
  it("reads the first column of the groups table", () => {
    expect(parseTaskTable(GROUPS_STDOUT, "Group")).toEqual({ ok: true, names: ["mmbench", "mmmu", "team_suite", "vqa_legacy"] });
  });

  it("skips log records around the table, aligned rules and colour", () => {
    const noisy = "2026-11-26 21:36:09.996 | DEBUG    | lmms_eval.tasks:_get_task_and_group:530 - File x could not be loaded\n\n|\u001b[1m   Tag   \u001b[0m|\r\n|:-------:|\r\n|ocr_suite|\r\n|vqa_suite|\r\n\n";
    expect(parseTaskTable(noisy, "Tag")).toEqual({ ok: true, names: ["ocr_suite", "vqa_suite"] });
  });

  it("an empty listing is an empty table; other output is an error, not an empty table", () => {
    expect(parseTaskTable("\n\n\n", "Tag")).toEqual({ ok: true, names: [] });
    expect(parseTaskTable("\n|Tag|\n|---|\n\n", "Tag")).toEqual({ ok: true, names: [] });
    expect(parseTaskTable(GROUPS_STDOUT, "Tag")).toEqual({ ok: false, error: "the output has no '| Tag |' Markdown table" });
    expect(parseTaskTable("Traceback (most recent call last):\nImportError: torch\n", "Group")).toMatchObject({ ok: false });
  });
});
