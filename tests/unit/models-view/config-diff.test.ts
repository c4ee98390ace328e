import { describe, expect, it } from "vitest";
import { expandConfigDiff } from "@/lib/models-view/config-diff";

describe("expandConfigDiff", () => {
  it("opens k=v fields key by key and shows only what differs", () => {
    const rows = expandConfigDiff([
      { field: "backend", a: "standin", b: "dummy" },
      { field: "model args", a: "pretrained=org/a,dtype=bf16,max_pixels=1024", b: "dtype=bf16, pretrained=org/b,device=cuda" },
    ]);
    expect(rows).toEqual([
      { field: "backend", key: null, a: "standin", b: "dummy", secret: false },
      { field: "model args", key: "pretrained", a: "org/a", b: "org/b", secret: false },
      { field: "model args", key: "max_pixels", a: "1024", b: null, secret: false },
      { field: "model args", key: "device", a: null, b: "cuda", secret: false },
    ]);
  });

  it("treats quoting and surrounding spaces as the same value", () => {
    expect(expandConfigDiff([{ field: "gen kwargs", a: 'temperature="0"', b: "temperature=0,top_p=1" }])).toEqual([
      { field: "gen kwargs", key: "top_p", a: null, b: "1", secret: false },
    ]);
  });

  it("masks credentials and hf tokens, but still reports that two secrets differ", () => {
    const rows = expandConfigDiff([{ field: "model args", a: "api_key=sk-one,tok=hf_abcdefghijklmnopqrstuvwx", b: "api_key=sk-two,tok=x" }]);
    expect(rows).toEqual([
      { field: "model args", key: "api_key", a: "***", b: "***", secret: true },
      { field: "model args", key: "tok", a: "***", b: "x", secret: false },
    ]);
    expect(JSON.stringify(rows)).not.toMatch(/sk-one|sk-two|hf_abc/);
  });

  it("falls back to whole (masked) strings when a side cannot be parsed", () => {
    const rows = expandConfigDiff([{ field: "model args", a: "api_key=sk-secret,broken", b: "pretrained=x" }]);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ key: null, b: "pretrained=x" });
    expect(rows[0].a).not.toContain("sk-secret");
  });

  it("keeps non-k=v fields as they are, empty sides as null", () => {
    expect(expandConfigDiff([{ field: "parent", a: "—", b: "#3" }])).toEqual([{ field: "parent", key: null, a: "—", b: "#3", secret: false }]);
    const labels = new Map([[3, "sft-v2"]]);
    expect(expandConfigDiff([{ field: "parent", a: "#4", b: "#3" }], { versionLabel: (id) => labels.get(id) })).toEqual([
      { field: "parent", key: null, a: "#4", b: "sft-v2", secret: false },
    ]);
    expect(expandConfigDiff([{ field: "model args", a: "", b: "pretrained=x" }])).toEqual([
      { field: "model args", key: "pretrained", a: null, b: "x", secret: false },
    ]);
  });
});
