import { describe, expect, it } from "vitest";
import { clampPercent, formatCount, formatEta, formatShortDateTime, formatRate, modelCheckpoint, phaseLabel, progressCaption, runDurationSeconds, runModelName, summarizeTasks } from "@/lib/runs-view/format";
import { statusDetail } from "@/lib/runs-view/status";
import { progress, run } from "./fixtures";

describe("formatEta", () => {
  it("reads like a progress bar", () => {
    expect(formatEta(0)).toBe("0s");
    expect(formatEta(44.6)).toBe("45s");
    expect(formatEta(185)).toBe("3m 05s");
    expect(formatEta(2 * 3600 + 7 * 60)).toBe("2h 07m");
    expect(formatEta(50 * 3600)).toBe("2d 2h");
  });

  it("is null when unknown", () => {
    expect(formatEta(null)).toBeNull();
    expect(formatEta(undefined)).toBeNull();
    expect(formatEta(Number.POSITIVE_INFINITY)).toBeNull();
    expect(formatEta(-1)).toBeNull();
  });
});

describe("formatRate", () => {
  it("uses it/s when fast and s/it when slow, like tqdm", () => {
    expect(formatRate(97.26)).toBe("97.3 it/s");
    expect(formatRate(245930.62)).toBe("245931 it/s");
    expect(formatRate(4.2)).toBe("4.20 it/s");
    expect(formatRate(0.25)).toBe("4.0 s/it");
    expect(formatRate(0.02)).toBe("50 s/it");
    expect(formatRate(0)).toBeNull();
    expect(formatRate(null)).toBeNull();
  });
});

describe("progress text", () => {
  it("clamps percent to whole numbers and only reaches 100 at 100", () => {
    expect(clampPercent(99.7)).toBe(99);
    expect(clampPercent(100)).toBe(100);
    expect(clampPercent(140)).toBe(100);
    expect(clampPercent(-3)).toBe(0);
    expect(clampPercent(null)).toBe(0);
  });

  it("summarises a running run's progress", () => {
    expect(progressCaption(progress(42.4, { etaSeconds: 62 }), "running")).toBe("42% · inference · ETA 1m 02s");
    expect(progressCaption(progress(10, { phase: "loading", etaSeconds: null }), "running")).toBe("10% · loading model");
    expect(progressCaption(null, "running")).toBe("starting");
    expect(progressCaption(progress(100, { phase: "finished" }), "succeeded")).toBe("100%");
    expect(progressCaption(null, "queued")).toBe("");
  });

  it("names phases", () => {
    expect(phaseLabel("building")).toBe("building contexts");
    expect(phaseLabel("something_new")).toBe("something_new");
    expect(phaseLabel(null)).toBe("waiting");
  });

  it("counts items", () => {
    expect(formatCount(progress(1, { n: 1200, total: 28000 }))).toBe("1,200 / 28,000");
    expect(formatCount(progress(1, { n: 6, total: null }))).toBe("6");
    expect(formatCount(progress(1, { n: null }))).toBeNull();
    expect(formatCount(null)).toBeNull();
  });
});

describe("runDurationSeconds", () => {
  const started = "2026-11-26T10:00:00.000Z";
  it("counts a running run on the viewer's clock", () => {
    expect(runDurationSeconds(run(1, { status: "running", startedAt: started }), Date.parse(started) + 65_000)).toBe(65);
  });
  it("is fixed once finished", () => {
    expect(runDurationSeconds(run(1, { status: "failed", startedAt: started, finishedAt: "2026-11-26T10:01:30.000Z" }), Date.now())).toBe(90);
  });
  it("is unknown for a run that never started", () => {
    expect(runDurationSeconds(run(1, { status: "cancelled" }), Date.now())).toBeNull();
  });
});

describe("table cells", () => {
  it("shows a compact UTC time", () => {
    expect(formatShortDateTime("2026-11-26T20:58:31.123Z")).toBe("2026-11-26 20:58");
    expect(formatShortDateTime(null)).toBe("—");
  });

  it("shows the first tasks and counts the rest", () => {
    expect(summarizeTasks(["a", "b"])).toEqual({ shown: ["a", "b"], more: 0 });
    expect(summarizeTasks(["a", "b", "c", "d", "e"], 3)).toEqual({ shown: ["a", "b", "c"], more: 2 });
  });

  it("finds the checkpoint in model args", () => {
    expect(modelCheckpoint("pretrained=Qwen/Qwen2.5-VL-7B-Instruct,max_pixels=12845056")).toBe("Qwen/Qwen2.5-VL-7B-Instruct");
    expect(modelCheckpoint("api_key=********,model_version=gpt-4o")).toBe("gpt-4o");
    expect(modelCheckpoint("response=A")).toBeNull();
    expect(modelCheckpoint("")).toBeNull();
    expect(modelCheckpoint("base_url=x, model = gpt-4o ")).toBe("gpt-4o");
  });

  it("names a run by its model, not by the backend that served it", () => {
    expect(runModelName({ model: "openai", modelArgs: "model=gpt-4o-mini,base_url=http://x" }, null)).toEqual({ name: "gpt-4o-mini", detail: "openai" });
    expect(runModelName({ model: "standin", modelArgs: "pretrained=org/a" }, { label: "v2", modelName: "qwen-vl" })).toEqual({ name: "qwen-vl · v2", detail: "standin · org/a" });
    expect(runModelName({ model: "dummy", modelArgs: "response=A" }, null)).toEqual({ name: "dummy", detail: "response=A" });
  });

  it("says where a queued run stands and that a cancel is under way", () => {
    expect(statusDetail(run(1, { status: "queued", queuePosition: 2 }))).toBe("#2 in queue");
    expect(statusDetail(run(1, { status: "queued", queuePosition: null }))).toBeNull();
    expect(statusDetail(run(1, { status: "running", cancelRequested: true }))).toBe("cancelling…");
    expect(statusDetail(run(1, { status: "succeeded" }))).toBeNull();
  });
});
