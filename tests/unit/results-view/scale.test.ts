import { describe, expect, it } from "vitest";
import { checkStderrScale } from "@/lib/results-view/scale";

describe("checkStderrScale", () => {
  it("accepts accuracies with their own stderr", () => {
    expect(checkStderrScale({ value: 0.8335, stderr: 0.0067, n: 3088 })).toEqual({ status: "ok" });
    expect(checkStderrScale({ value: 0.999, stderr: 0.001, n: 1000 })).toEqual({ status: "ok" });
    expect(checkStderrScale({ value: 0, stderr: 0, n: 10 })).toEqual({ status: "ok" });
  });

  it("accepts percentage-scale metrics whose stderr is on the same scale", () => {
    // 72% of 0/100 scores over 200 samples: SD ≈ 45, stderr ≈ 3.2.
    expect(checkStderrScale({ value: 72, stderr: 3.2, n: 200 })).toEqual({ status: "ok" });
    expect(checkStderrScale({ value: 35.2, stderr: 1.2, n: 500 })).toEqual({ status: "ok" });
  });

  it("accepts a mean of 1–5 ratings with a small but plausible spread", () => {
    // SD ≈ 0.45 (≤ 0.5) but the value is only ~8 SDs: could be the mean of those scores.
    expect(checkStderrScale({ value: 3.5, stderr: 0.02, n: 500 })).toEqual({ status: "ok" });
  });

  it("refuses MME's 0–2000 score with a stderr of its 0/1 per-sample scores", () => {
    const check = checkStderrScale({ value: 1713.2958, stderr: 0.006888820284184943, n: 2374 });
    expect(check.status).toBe("mismatch");
    expect(check.status === "mismatch" && check.reason).toMatch(/0–1 score scale/);
  });

  it("refuses a percentage with a 0–1 stderr (mmbench's gpt_eval_score)", () => {
    expect(checkStderrScale({ value: 72.25, stderr: 0.031, n: 200 }).status).toBe("mismatch");
  });

  it("refuses MME's cognition score although n (documents) overstates its sample count", () => {
    // 2374 documents, but the cognition score covers ~260 of them: stderr·√2374 ≈ 1.1 looks like a wide SD.
    expect(checkStderrScale({ value: 630.357, stderr: 0.02264596103725982, n: 2374 }).status).toBe("mismatch");
  });

  it("accepts a huge percentage-scale run whose stderr is tiny only because n is", () => {
    // 0/100 scores, p = 0.72, n = 1e6: stderr ≈ 0.045, value/stderr ≈ 1600, SD ≈ 45.
    expect(checkStderrScale({ value: 72, stderr: 0.0449, n: 1_000_000 })).toEqual({ status: "ok" });
  });

  it("without n only refuses an extreme mismatch", () => {
    expect(checkStderrScale({ value: 1713.3, stderr: 0.0069, n: null }).status).toBe("mismatch");
    expect(checkStderrScale({ value: 72.25, stderr: 3.1, n: null }).status).toBe("ok");
  });

  it("says when there is nothing to build a CI from", () => {
    expect(checkStderrScale({ value: 0.5, stderr: null, n: 10 }).status).toBe("missing");
    expect(checkStderrScale({ value: null, stderr: 0.1, n: 10 }).status).toBe("missing");
    expect(checkStderrScale({ value: 0.5, stderr: Number.NaN, n: 10 }).status).toBe("missing");
    expect(checkStderrScale({ value: 0.5, stderr: -1, n: 10 }).status).toBe("missing");
  });
});
