import { describe, expect, it } from "vitest";
import { rankWithTies } from "@/lib/services/compare/shared-rank";

const s = (name: string, value: number, half: number | null) => ({ name, value, ci: half === null ? null : ([value - half, value + half] as const) });
const ranks = (entries: ReturnType<typeof s>[], higher = true) => rankWithTies(entries, higher).map(({ entry, rank }) => `${entry.name}=${rank}`);

describe("rankWithTies (the board's shared rank, also the model page's best version)", () => {
  it("shares a rank while a score's CI overlaps the group leader's", () => {
    expect(ranks([s("a", 0.7, 0.02), s("b", 0.69, 0.02), s("c", 0.6, 0.02)])).toEqual(["a=1", "b=1", "c=3"]);
    // Overlap is judged against the leader, not a chain of neighbours.
    expect(ranks([s("a", 0.7, 0.01), s("b", 0.685, 0.01), s("c", 0.67, 0.01)])).toEqual(["a=1", "b=1", "c=3"]);
  });

  it("ranks separately without overlap, ties equal values without a CI, and follows the direction", () => {
    expect(ranks([s("a", 0.5, null), s("b", 0.6, null)])).toEqual(["b=1", "a=2"]);
    expect(ranks([s("a", 0.5, null), s("b", 0.5, null)])).toEqual(["a=1", "b=1"]);
    expect(ranks([s("low", 2.1, 0.05), s("high", 3.4, 0.05)], false)).toEqual(["low=1", "high=2"]);
    expect(ranks([])).toEqual([]);
  });
});
