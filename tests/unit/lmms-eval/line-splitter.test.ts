import { describe, expect, it } from "vitest";

import { createLineSplitter, type SegmentTerminator } from "@/lib/lmms-eval/stream";

function split(chunks: Array<string | Buffer>): Array<[string, SegmentTerminator]> {
  const segments: Array<[string, SegmentTerminator]> = [];
  const splitter = createLineSplitter((text, terminator) => segments.push([text, terminator]));
  for (const chunk of chunks) splitter.push(typeof chunk === "string" ? Buffer.from(chunk) : chunk);
  splitter.end();
  return segments;
}

describe("createLineSplitter", () => {
  it("splits on \\n and \\r and reports which one ended each segment", () => {
    expect(split(["a\nb\rc\n"])).toEqual([
      ["a", "\n"],
      ["b", "\r"],
      ["c", "\n"],
    ]);
  });

  it("treats \\r\\n as a single \\n, also when the pair is split across chunks", () => {
    expect(split(["one\r\ntwo\r", "\nthree"])).toEqual([
      ["one", "\n"],
      ["two", "\n"],
      ["three", "eof"],
    ]);
  });

  it("ends a trailing \\r as a \\r segment at end of stream", () => {
    expect(split(["frame 1\rframe 2\r"])).toEqual([
      ["frame 1", "\r"],
      ["frame 2", "\r"],
    ]);
  });

  it("joins a segment delivered in many partial chunks", () => {
    expect(split(["Model Resp", "onding:  45%", "|████▌     | 45/100", "\r"])).toEqual([["Model Responding:  45%|████▌     | 45/100", "\r"]]);
  });

  it("keeps empty segments between consecutive terminators (tqdm writes \\n then \\r)", () => {
    expect(split(["bar done\n\rnext bar\r"])).toEqual([
      ["bar done", "\n"],
      ["", "\r"],
      ["next bar", "\r"],
    ]);
  });

  it("decodes a multibyte UTF-8 character split across chunks", () => {
    const bytes = Buffer.from("█▌ ok\n", "utf8");
    // "█" is 3 bytes: cut inside it, then inside "▌".
    const segments = split([bytes.subarray(0, 1), bytes.subarray(1, 4), bytes.subarray(4)]);
    expect(segments).toEqual([["█▌ ok", "\n"]]);
  });

  it("emits nothing for an empty stream", () => {
    expect(split([])).toEqual([]);
  });

  it("handles 100 KiB and 10 MB without a newline, in linear time", () => {
    const kib100 = "x".repeat(100 * 1024);
    expect(split([kib100.slice(0, 5000), kib100.slice(5000), "\n"])).toEqual([[kib100, "\n"]]);

    const chunk = Buffer.from("y".repeat(64 * 1024));
    const segments: string[] = [];
    const splitter = createLineSplitter((text) => segments.push(text));
    const started = performance.now();
    for (let i = 0; i < 160; i++) splitter.push(chunk);
    splitter.end();
    expect(performance.now() - started).toBeLessThan(2000);
    expect(segments).toHaveLength(1);
    expect(segments[0].length).toBe(160 * 64 * 1024);
  });
});
