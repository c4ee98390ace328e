import { describe, expect, it } from "vitest";
import { CONFIG_FIELDS } from "@/lib/services/models/schemas";
import { changedFields, FROZEN_FIELDS, lockedReason, suggestNextLabel, type VersionEditValues } from "@/lib/models-view/version-form";
import { parseTagsText, parseModelsFilter, modelsQueryString, positiveId } from "@/lib/models-view/list-filters";

describe("suggestNextLabel", () => {
  it("increments the last number and skips taken labels", () => {
    expect(suggestNextLabel("v1", ["v1"])).toBe("v2");
    expect(suggestNextLabel("v1", ["v1", "V2"])).toBe("v3");
    expect(suggestNextLabel("sft-v1.9", [])).toBe("sft-v1.10");
    expect(suggestNextLabel("7b-ckpt200-rc", [])).toBe("7b-ckpt201-rc");
    expect(suggestNextLabel("base", ["base", "base-2"])).toBe("base-3");
  });
});

describe("changedFields", () => {
  const initial: VersionEditValues = {
    label: "v1",
    backend: "openai",
    modelArgs: "model=x,api_key=***",
    genKwargs: "",
    notes: "n",
    parentVersionId: "",
    parentRelation: "",
    status: "active",
  };

  it("sends only what changed, so an untouched masked secret is never written back", () => {
    expect(changedFields(initial, { ...initial })).toEqual([]);
    expect(changedFields(initial, { ...initial, notes: "new", label: " v1 " })).toEqual(["notes"]);
    expect(changedFields(initial, { ...initial, modelArgs: "model=y,api_key=***", status: "deprecated" })).toEqual(["modelArgs", "status"]);
  });
});

describe("frozen fields", () => {
  it("match what the service freezes", () => {
    expect([...FROZEN_FIELDS].sort()).toEqual([...CONFIG_FIELDS].sort());
    expect(lockedReason(1)).toMatch(/^Used by 1 run:/);
    expect(lockedReason(3)).toMatch(/^Used by 3 runs:/);
  });
});

describe("list filters", () => {
  it("parse forgivingly and round-trip", () => {
    const f = parseModelsFilter({ q: " qwen ", tag: ["vlm", "x"], status: "bogus" });
    expect(f).toEqual({ q: "qwen", tag: "vlm", status: "active" });
    expect(modelsQueryString(f)).toBe("?q=qwen&tag=vlm");
    expect(modelsQueryString({ q: "", tag: "", status: "all" })).toBe("?status=all");
    expect(modelsQueryString({ q: "", tag: "", status: "active" })).toBe("");
  });
  it("tags and ids", () => {
    expect(parseTagsText("vlm, 7b ,, vlm")).toEqual(["vlm", "7b"]);
    expect(positiveId("12")).toBe(12);
    expect(positiveId("0")).toBeNull();
    expect(positiveId("1e3")).toBeNull();
    expect(positiveId(undefined)).toBeNull();
  });
});
