import { describe, expect, it } from "vitest";
import { hasFilters, parseRunsPage, runMatchesFilter, runsQueryString, toListRunsInput, type RunsFilter } from "@/lib/runs-view/filters";
import { run } from "./fixtures";

const none: RunsFilter = { status: [], model: "", task: "", user: null };

describe("parseRunsPage", () => {
  it("reads every filter and the cursor", () => {
    expect(parseRunsPage({ status: "queued,running", model: " qwen ", task: "mme", user: "3", cursor: "120" })).toEqual({
      status: ["queued", "running"],
      model: "qwen",
      task: "mme",
      user: 3,
      cursor: 120,
    });
  });

  it("drops what a hand-edited URL gets wrong instead of failing", () => {
    expect(parseRunsPage({ status: "queued,bogus,queued", user: "0", cursor: "-4" })).toEqual({ status: ["queued"], model: "", task: "", user: null, cursor: null });
    expect(parseRunsPage({ user: "abc", cursor: "1e3" })).toMatchObject({ user: null, cursor: null });
    expect(parseRunsPage({ status: ["failed", "running"] })).toMatchObject({ status: ["failed"] });
    expect(parseRunsPage({ status: "__proto__,constructor" })).toMatchObject({ status: [] });
  });
});

describe("runsQueryString", () => {
  it("leaves out empty fields and keeps commas readable", () => {
    expect(runsQueryString(none)).toBe("");
    expect(runsQueryString({ ...none, status: ["queued", "running"], user: 2 }, 40)).toBe("?status=queued,running&user=2&cursor=40");
    expect(runsQueryString({ ...none, model: "a b&c" })).toBe("?model=a+b%26c");
  });

  it("round-trips through parseRunsPage", () => {
    const page = { status: ["failed" as const], model: "qwen/vl", task: "mme", user: 7, cursor: 99 };
    const qs = new URLSearchParams(runsQueryString(page, page.cursor).slice(1));
    expect(parseRunsPage(Object.fromEntries(qs))).toEqual(page);
  });
});

describe("filter helpers", () => {
  it("knows when a filter is set", () => {
    expect(hasFilters(none)).toBe(false);
    expect(hasFilters({ ...none, task: "mme" })).toBe(true);
  });

  it("builds listRuns input without unset fields", () => {
    expect(toListRunsInput({ ...none, cursor: null }, 50)).toEqual({ limit: 50 });
    expect(toListRunsInput({ ...none, status: ["queued"], user: 4, cursor: 10 }, 25)).toEqual({ limit: 25, status: "queued", user: 4, cursor: 10 });
  });

  it("matches live runs the way listRuns' SQL does", () => {
    const r = run(1, { status: "running", model: "Qwen2_VL", tasks: ["mme", "ai2d"], createdBy: { id: 3, name: "Bo" } });
    expect(runMatchesFilter(r, none)).toBe(true);
    expect(runMatchesFilter(r, { ...none, status: ["queued", "running"] })).toBe(true);
    expect(runMatchesFilter(r, { ...none, status: ["failed"] })).toBe(false);
    expect(runMatchesFilter(r, { ...none, model: "qwen2" })).toBe(true);
    expect(runMatchesFilter(r, { ...none, model: "llava" })).toBe(false);
    expect(runMatchesFilter(r, { ...none, task: "mme" })).toBe(true);
    expect(runMatchesFilter(r, { ...none, task: "mm" })).toBe(false);
    expect(runMatchesFilter(r, { ...none, user: 3 })).toBe(true);
    expect(runMatchesFilter(r, { ...none, user: 4 })).toBe(false);
    expect(runMatchesFilter({ ...r, createdBy: null }, { ...none, user: 3 })).toBe(false);
  });
});
