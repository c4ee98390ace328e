import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

import { parseLoguruLine, stripAnsi } from "@/lib/lmms-eval/stream";

import { FIXTURES_DIR } from "./run-standin";

describe("parseLoguruLine", () => {
  it("splits a record into its fields", () => {
    expect(parseLoguruLine("2026-08-06 10:15:09 | INFO     | lmms_eval.__main__:cli_evaluate_single:713 - Selected Tasks: ['ai2d', 'mme']")).toEqual({
      time: "2026-08-06 10:15:09",
      level: "INFO",
      module: "lmms_eval.__main__",
      fn: "cli_evaluate_single",
      line: 713,
      message: "Selected Tasks: ['ai2d', 'mme']",
    });
  });

  it("keeps separators inside the message", () => {
    const record = parseLoguruLine("2026-08-06 10:23:06 | ERROR    | lmms_eval.__main__:cli_evaluate:597 - Error during evaluation: a | b - c: d. Please set `--verbosity=DEBUG` to get more information.");
    expect(record?.level).toBe("ERROR");
    expect(record?.message).toBe("Error during evaluation: a | b - c: d. Please set `--verbosity=DEBUG` to get more information.");
  });

  it("rejects continuation lines, print() output and tqdm frames", () => {
    expect(parseLoguruLine("    Try `lm-eval --tasks list` for list of available tasks")).toBeNull();
    expect(parseLoguruLine("|Tasks|     Filter     |n-shot|")).toBeNull();
    expect(parseLoguruLine("Model Responding:  45%|████▌     | 2458/5462 [02:52<03:31, 14.22it/s]")).toBeNull();
  });

  it("parses every loguru line of the fixture transcript and nothing after the final print()s", () => {
    const lines = stripAnsi(readFileSync(path.join(FIXTURES_DIR, "A_openai_mme_ai2d/console_stdout.ansi.txt"), "utf8")).split("\n");
    const records = lines.map(parseLoguruLine);
    const firstPrint = lines.findIndex((line) => line.startsWith("openai ("));
    expect(records.slice(0, firstPrint).every((record) => record !== null)).toBe(true);
    expect(records.slice(firstPrint).every((record) => record === null)).toBe(true);
    expect(records.filter((record) => record?.module === "utils")).toHaveLength(14);
  });
});
