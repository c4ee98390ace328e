import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

import { stripAnsi } from "@/lib/lmms-eval/stream";

import { FIXTURES_DIR } from "./run-standin";

describe("stripAnsi", () => {
  it("removes loguru colour codes", () => {
    const line = "\x1b[32m2026-08-06 10:15:02\x1b[0m | \x1b[1mINFO    \x1b[0m | \x1b[36mlmms_eval.__main__\x1b[0m:\x1b[36mcli_evaluate\x1b[0m:\x1b[36m498\x1b[0m - \x1b[1mVerbosity set to INFO\x1b[0m";
    expect(stripAnsi(line)).toBe("2026-08-06 10:15:02 | INFO     | lmms_eval.__main__:cli_evaluate:498 - Verbosity set to INFO");
  });

  it("removes multi-parameter colours, cursor moves, erase-line and OSC sequences", () => {
    expect(stripAnsi("\x1b[33m\x1b[1mWARN\x1b[0m")).toBe("WARN");
    expect(stripAnsi("\x1b[38;5;208mrgb\x1b[39m")).toBe("rgb");
    expect(stripAnsi("\x1b[2K\x1b[1Aup\x1b[K")).toBe("up");
    expect(stripAnsi("\x1b]0;title\x07text \x1b]8;;https://x.y\x1b\\link\x1b]8;;\x1b\\")).toBe("text link");
  });

  it("leaves text without escapes untouched", () => {
    expect(stripAnsi("Model Responding:  45%|████▌     |")).toBe("Model Responding:  45%|████▌     |");
  });

  it("leaves no escape character in the fixture stdout transcript", () => {
    const transcript = readFileSync(path.join(FIXTURES_DIR, "A_openai_mme_ai2d/console_stdout.ansi.txt"), "utf8");
    expect(transcript).toContain("\x1b[");
    expect(stripAnsi(transcript)).not.toContain("\x1b");
  });
});
