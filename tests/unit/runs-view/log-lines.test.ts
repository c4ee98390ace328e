import { describe, expect, it } from "vitest";
import { lastSeqOf, mergeLogLines, planLogCatchUp, toConsoleLine } from "@/lib/runs-view/log-lines";

const line = (seq: number) => ({ seq, text: `line ${seq}` });
const seqs = (lines: Array<{ seq: number }>) => lines.map((l) => l.seq);

describe("mergeLogLines", () => {
  it("appends new lines in order", () => {
    expect(seqs(mergeLogLines([line(1), line(2)], [line(4), line(3)]))).toEqual([1, 2, 3, 4]);
  });

  it("never shows a line twice when a reconnect fetch overlaps the live stream", () => {
    const held = [line(1), line(2), line(3)];
    expect(seqs(mergeLogLines(held, [line(2), line(3), line(4), line(4)]))).toEqual([1, 2, 3, 4]);
  });

  it("returns the same array when nothing is new", () => {
    const held = [line(1), line(2)];
    expect(mergeLogLines(held, [])).toBe(held);
    expect(mergeLogLines(held, [line(2), line(1)])).toBe(held);
  });

  it("fills a gap with older lines", () => {
    expect(seqs(mergeLogLines([line(1), line(5)], [line(3), line(2), line(6)]))).toEqual([1, 2, 3, 5, 6]);
  });

  it("keeps only the newest lines", () => {
    const held = Array.from({ length: 5 }, (_, i) => line(i + 1));
    expect(seqs(mergeLogLines(held, [line(6), line(7)], 4))).toEqual([4, 5, 6, 7]);
  });

  it("knows the last sequence number", () => {
    expect(lastSeqOf([])).toBe(0);
    expect(lastSeqOf([line(1), line(9)])).toBe(9);
  });
});

describe("planLogCatchUp", () => {
  it("fetches nothing when up to date", () => {
    expect(planLogCatchUp(10, 10)).toEqual({ kind: "none" });
    expect(planLogCatchUp(10, 8)).toEqual({ kind: "none" });
  });

  it("fetches lines after the last one held", () => {
    expect(planLogCatchUp(10, 50)).toEqual({ kind: "after", after: 10 });
    expect(planLogCatchUp(0, 3)).toEqual({ kind: "after", after: 0 });
  });

  it("fetches the tail when the gap is larger than what is kept", () => {
    expect(planLogCatchUp(10, 10_000, 5000)).toEqual({ kind: "tail", tail: 5000 });
  });
});

describe("toConsoleLine", () => {
  it("parses colours once and keeps the plain text for search", () => {
    const parsed = toConsoleLine({ seq: 1, stream: "stdout", level: "INFO", text: "\x1b[32m10:00\x1b[0m | \x1b[1mINFO\x1b[0m", at: "2026-11-26T10:00:00.000Z" });
    expect(parsed.plain).toBe("10:00 | INFO");
    expect(parsed.segments[0]).toMatchObject({ text: "10:00", fg: "74, 222, 128" });
  });
});
