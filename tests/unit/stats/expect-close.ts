import { expect } from "vitest";

/** Reference values below come from scipy 1.17 / statsmodels 0.15; agreement is asked to ~10 significant digits. */
export function expectClose(actual: number, expected: number, relativeTolerance = 1e-10): void {
  if (expected === 0) {
    expect(Math.abs(actual)).toBeLessThan(1e-300);
    return;
  }
  expect(Math.abs(actual - expected) / Math.abs(expected), `${actual} vs ${expected}`).toBeLessThan(relativeTolerance);
}
