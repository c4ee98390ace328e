import { describe, expect, it } from "vitest";
import { checkRunParams } from "@/lib/schedules-view/check-run-params";
import { describeParams, paramFieldsFrom, paramsFromFields } from "@/lib/schedules-view/params";

describe("run parameter fields", () => {
  it("turns text into typed parameters", () => {
    expect(paramsFromFields({ limit: "4", batchSize: "8", numFewshot: "0", seed: "42" }).params).toEqual({ limit: 4, batchSize: 8, numFewshot: 0, seed: 42 });
    expect(paramsFromFields({ limit: "0.25", batchSize: "auto:4", numFewshot: "", seed: "1,2,3,None" }).params).toEqual({ limit: 0.25, batchSize: "auto:4", seed: "1,2,3,None" });
    expect(paramsFromFields({ limit: " ", batchSize: "", numFewshot: "", seed: "" }).params).toEqual({});
  });

  it("flags text that is not a number where a number is needed", () => {
    const { errors } = paramsFromFields({ limit: "four", batchSize: "", numFewshot: "2.5", seed: "" });
    expect(errors.limit).toMatch(/number/);
    expect(errors.numFewshot).toMatch(/whole number/);
  });

  it("splits stored parameters into fields and the rest", () => {
    expect(paramFieldsFrom({ limit: 4, seed: "1,2,3,4", verbosity: "DEBUG", device: null })).toEqual({
      fields: { limit: "4", batchSize: "", numFewshot: "", seed: "1,2,3,4" },
      extra: { verbosity: "DEBUG" },
    });
    expect(paramFieldsFrom(undefined).extra).toEqual({});
  });

  it("describes parameters in words", () => {
    expect(describeParams({ limit: 4, batchSize: "auto" })).toBe("limit 4 · batch size auto");
    expect(describeParams({})).toBe("");
  });
});

describe("checkRunParams (createRun's own rules, at save time)", () => {
  it("accepts good values and nothing", () => {
    expect(checkRunParams({ limit: 4, batchSize: "auto", seed: 1 })).toEqual({});
    expect(checkRunParams(undefined)).toEqual({});
  });

  it("refuses what lmms-eval would refuse, keyed by parameter", () => {
    const fields = checkRunParams({ limit: -1, batchSize: "lots", seed: "1,2" });
    expect(Object.keys(fields).sort()).toEqual(["params.batchSize", "params.limit", "params.seed"]);
    expect(fields["params.limit"][0]).toMatch(/greater than 0/);
  });
});
