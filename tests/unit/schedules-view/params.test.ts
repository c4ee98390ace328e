import { describe, expect, it } from "vitest";
import { checkRunParams } from "@/lib/services/schedules/run-settings";
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
      executor: null,
      extra: { verbosity: "DEBUG" },
    });
    expect(paramFieldsFrom(undefined).extra).toEqual({});
  });

  it("the executor is the form's own choice; an unknown one stays with the rest, for the server to name", () => {
    expect(paramFieldsFrom({ executor: "slurm", limit: 2 })).toMatchObject({ executor: "slurm", extra: {} });
    expect(paramFieldsFrom({ executor: "gpu" })).toMatchObject({ executor: null, extra: { executor: "gpu" } });
    expect(paramsFromFields({ limit: "2", batchSize: "", numFewshot: "", seed: "" }, {}, "slurm").params).toEqual({ limit: 2, executor: "slurm" });
    expect(paramsFromFields({ limit: "", batchSize: "", numFewshot: "", seed: "" }, {}, null).params).toEqual({});
    expect(describeParams({ limit: 4, executor: "slurm" })).toBe("limit 4 · runs on the Slurm cluster");
    expect(describeParams({ executor: "local" })).toBe("runs on this machine");
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

  it("checks the executor with createRun's rule", () => {
    expect(checkRunParams({ executor: "local" })).toEqual({});
    expect(checkRunParams({ executor: "gpu" })).toEqual({ "params.executor": ["executor must be local or slurm"] });
  });

  it("refuses what lmms-eval would refuse, keyed by parameter", () => {
    const fields = checkRunParams({ limit: -1, batchSize: "lots", seed: "1,2" });
    expect(Object.keys(fields).sort()).toEqual(["params.batchSize", "params.limit", "params.seed"]);
    expect(fields["params.limit"][0]).toMatch(/greater than 0/);
  });

  it("refuses credentials: stored settings are plain JSON every member reads (issue 24)", () => {
    const fields = checkRunParams({ env: { OPENAI_API_KEY: "sk-stored" }, genKwargs: "temperature=0,judge_api_key=sk-stored", modelArgs: "pretrained=x,api_key=sk-stored" });
    expect(Object.keys(fields).sort()).toEqual(["params.env", "params.genKwargs", "params.modelArgs"]);
    expect(fields["params.genKwargs"][0]).toMatch(/credentials cannot be stored with a schedule/);
    expect(checkRunParams({ genKwargs: "temperature=0" })).toEqual({});
  });
});
