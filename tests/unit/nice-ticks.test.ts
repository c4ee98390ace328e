import { describe, expect, it } from "vitest";
import { niceAxis } from "@/lib/nice-ticks";

describe("niceAxis", () => {
  it("puts round ticks around scores instead of fifths of the data range", () => {
    // The model page's history once read 0.540 / 0.595 / … / 0.747.
    expect(niceAxis(0.5403, 0.7472)).toEqual({ domain: [0.5, 0.75], ticks: [0.5, 0.55, 0.6, 0.65, 0.7, 0.75], decimals: 2 });
    expect(niceAxis(0, 1)).toEqual({ domain: [0, 1], ticks: [0, 0.2, 0.4, 0.6, 0.8, 1], decimals: 1 });
    expect(niceAxis(1476, 1831)).toEqual({ domain: [1400, 1900], ticks: [1400, 1500, 1600, 1700, 1800, 1900], decimals: 0 });
    expect(niceAxis(0.612, 0.6135).ticks).toEqual([0.612, 0.6125, 0.613, 0.6135]);
  });

  it("never strays past 0 and 1 for scores inside them, and copes with one value or none", () => {
    const unit = niceAxis(0.02, 0.99);
    expect(unit.domain[0]).toBeGreaterThanOrEqual(0);
    expect(unit.domain[1]).toBeLessThanOrEqual(1);
    expect(niceAxis(0.5, 0.5).ticks.length).toBeGreaterThan(1);
    expect(niceAxis(0.5, 0.5).domain[0]).toBeLessThan(0.5);
    expect(niceAxis(Number.NaN, 1).domain).toEqual([0, 1]);
    expect(niceAxis(-0.2, 0.3).ticks).toEqual([-0.2, -0.1, 0, 0.1, 0.2, 0.3]);
  });
});
