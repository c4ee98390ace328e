import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

import { parseTqdmFrame } from "@/lib/lmms-eval/stream";

import { FIXTURES_DIR } from "./run-standin";

describe("parseTqdmFrame", () => {
  it("parses a Model Responding frame with a tokens postfix", () => {
    expect(parseTqdmFrame("Model Responding:  45%|████▌     | 2458/5462 [02:52<03:31, 14.22it/s, tokens=2,851,740]")).toEqual({
      desc: "Model Responding",
      percent: (2458 / 5462) * 100,
      n: 2458,
      total: 5462,
      elapsedSeconds: 172,
      etaSeconds: 211,
      rate: 14.22,
      postfix: "tokens=2,851,740",
    });
  });

  it("parses unlabeled context-building bars and the unknown first-frame rate/eta", () => {
    expect(parseTqdmFrame("  0%|          | 0/2374 [00:00<?, ?it/s]")).toMatchObject({ desc: null, n: 0, total: 2374, etaSeconds: null, rate: null, postfix: null });
    expect(parseTqdmFrame(" 38%|███▊      | 902/2374 [00:00<00:00, 9123.44it/s]")).toMatchObject({ desc: null, n: 902, rate: 9123.44 });
  });

  it("inverts s/it rates and reads h:mm:ss clocks", () => {
    expect(parseTqdmFrame("Model Responding:   2%|▏         | 3/150 [1:02:03<2:00:00,  2.50s/it]")).toMatchObject({ elapsedSeconds: 3723, etaSeconds: 7200, rate: 0.4 });
  });

  it("reads unit-scaled counts and custom units", () => {
    expect(parseTqdmFrame("Generating test split:  51%|█████     | 1.2k/2.4k [00:01<00:01, 702.10 examples/s]")).toMatchObject({ desc: "Generating test split", n: 1200, total: 2400, rate: 702.1 });
  });

  it("tolerates padding and text appended after the frame", () => {
    expect(parseTqdmFrame("Postprocessing: 100%|██████████| 12/12 [00:00<00:00, 9.5it/s]     ")).toMatchObject({ n: 12, total: 12 });
    expect(parseTqdmFrame("Model Responding:   0%|          | 0/12 [00:00<?, ?it/s]Traceback (most recent call last):")).toMatchObject({ n: 0, total: 12 });
  });

  it("returns null for bars without a known total and for other text", () => {
    expect(parseTqdmFrame("Generating test split: 6 examples [00:00, 1170.90 examples/s]")).toBeNull();
    expect(parseTqdmFrame("Traceback (most recent call last):")).toBeNull();
    expect(parseTqdmFrame("")).toBeNull();
  });

  it("parses make_progress log lines (vllm/sglang without a TTY)", () => {
    expect(parseTqdmFrame("[rank 0] Model Responding: 104/2837 (3.7%) | 1.52 it/s | elapsed 1m08s | ETA 30m02s")).toEqual({
      desc: "Model Responding",
      percent: (104 / 2837) * 100,
      n: 104,
      total: 2837,
      elapsedSeconds: 68,
      etaSeconds: 1802,
      rate: 1.52,
      postfix: null,
    });
    expect(parseTqdmFrame("[rank 0] Model Responding: done 2837/2837 in 1h02m (1.52 it/s)")).toMatchObject({ n: 2837, total: 2837, percent: 100, elapsedSeconds: 3720, etaSeconds: 0 });
  });

  it("parses every known-total frame of the fixture stderr transcript", () => {
    const segments = readFileSync(path.join(FIXTURES_DIR, "A_openai_mme_ai2d/console_stderr.txt"), "utf8").split(/\r|\n/).filter((s) => s !== "");
    const frames = segments.map(parseTqdmFrame);
    expect(frames.every((frame) => frame !== null)).toBe(true);
    const responding = frames.filter((frame) => frame?.desc === "Model Responding");
    expect(responding.at(-1)).toMatchObject({ n: 5462, total: 5462, percent: 100, postfix: "tokens=6,336,944" });
  });
});
