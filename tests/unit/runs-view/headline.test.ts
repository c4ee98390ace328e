import { describe, expect, it } from "vitest";
import { pickHeadline, type HeadlineInput } from "@/lib/runs-view/headline";

const m = (task: string, metric: string, value: number | null, higherIsBetter: boolean | null = true, filter = "none"): HeadlineInput => ({ task, metric, filter, value, higherIsBetter });

describe("pickHeadline", () => {
  it("takes the first requested task with a score, in the order lmms-eval wrote its metrics", () => {
    const metrics = [m("ai2d", "exact_match", 0.67, true, "flexible-extract"), m("mme", "mme_cognition_score", 175), m("mme", "mme_perception_score", 125)];
    expect(pickHeadline(["mme", "ai2d"], metrics)).toEqual({ task: "mme", metric: "mme_cognition_score", filter: "none", value: 175, higherIsBetter: true, more: 2 });
    expect(pickHeadline(["ai2d", "mme"], metrics)).toMatchObject({ task: "ai2d", metric: "exact_match", filter: "flexible-extract", more: 2 });
  });

  it("prefers a metric whose direction is known, skips non-numbers, and uses a group's own row", () => {
    expect(pickHeadline(["t"], [m("t", "submission", 1, null), m("t", "acc", 0.5)])).toMatchObject({ metric: "acc" });
    expect(pickHeadline(["t"], [m("t", "acc", null), m("t", "f1", 0.4)])).toMatchObject({ metric: "f1", more: 0 });
    expect(pickHeadline(["mmmu"], [m("mmmu_val_art", "acc", 0.3), m("mmmu", "acc", 0.45)])).toMatchObject({ task: "mmmu", value: 0.45 });
  });

  it("falls back to any task with a score, and to nothing", () => {
    expect(pickHeadline(["missing"], [m("other", "acc", 0.1)])).toMatchObject({ task: "other" });
    expect(pickHeadline(["t"], [m("t", "acc", null)])).toBeNull();
    expect(pickHeadline(["t"], [])).toBeNull();
  });
});
