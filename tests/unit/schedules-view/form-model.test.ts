import { describe, expect, it } from "vitest";
import {
  autoEvaluationFormFrom,
  describeTarget,
  emptyBatchForm,
  emptyScheduleForm,
  scheduleFormFrom,
  slotErrors,
  toAutoEvaluationInput,
  toBatchInput,
  toScheduleInput,
} from "@/lib/schedules-view/form-model";
import { UpdateModelInput } from "@/lib/services/models/schemas";
import { CreateScheduleInput, BatchInput } from "@/lib/services/schedules/schemas";

const filled = () => ({
  ...emptyScheduleForm("Europe/Berlin"),
  name: "Nightly MME",
  versionIds: [3, 4],
  tasks: ["mme"],
  params: { limit: "4", batchSize: "", numFewshot: "", seed: "" },
});

describe("schedule form → service input", () => {
  it("builds an input the service schema accepts", () => {
    const { input, errors } = toScheduleInput(filled());
    expect(errors).toEqual({});
    expect(input).toEqual({
      name: "Nightly MME",
      cron: "0 2 * * *",
      timezone: "Europe/Berlin",
      enabled: true,
      overlap: "skip",
      misfire: "skip",
      target: { type: "evaluation", modelVersionIds: [3, 4], tasks: ["mme"], params: { limit: 4 } },
    });
    expect(CreateScheduleInput.safeParse(input).success).toBe(true);
  });

  it("a comparison carries its baseline only when the baseline is one of the chosen versions", () => {
    const form = { ...filled(), type: "comparison" as const, baselineVersionId: 4 };
    expect(toScheduleInput(form).input.target).toMatchObject({ type: "comparison", baselineVersionId: 4 });
    expect(toScheduleInput({ ...form, baselineVersionId: 9 }).input.target).toMatchObject({ baselineVersionId: null });
    // An evaluation has no baseline at all.
    expect(toScheduleInput({ ...filled(), baselineVersionId: 4 }).input.target).not.toHaveProperty("baselineVersionId");
  });

  it("reports what is missing without a round trip", () => {
    const { errors } = toScheduleInput({ ...emptyScheduleForm(), cron: " ", params: { limit: "abc", batchSize: "", numFewshot: "1.5", seed: "" } });
    expect(Object.keys(errors).sort()).toEqual(["cron", "limit", "name", "numFewshot", "tasks", "versions"]);
  });

  it("round-trips a stored schedule, keeping parameters the form has no field for", () => {
    const stored = {
      name: "Weekly",
      cron: "0 2 * * 1",
      timezone: "UTC",
      enabled: false,
      overlap: "queue" as const,
      misfire: "run_once" as const,
      target: { type: "comparison" as const, modelVersionIds: [1, 2], tasks: ["mme", "ai2d"], params: { limit: 8, genKwargs: "temperature=0" }, baselineVersionId: 1 },
    };
    const form = scheduleFormFrom(stored);
    expect(form.params.limit).toBe("8");
    expect(form.extraParams).toEqual({ genKwargs: "temperature=0" });
    expect(toScheduleInput(form).input).toEqual({ ...stored });
  });
});

describe("Runs on (executor)", () => {
  it("a schedule sends the executor inside its parameters only when one is chosen", () => {
    expect(toScheduleInput({ ...filled(), executor: "slurm" }).input.target).toEqual({ type: "evaluation", modelVersionIds: [3, 4], tasks: ["mme"], params: { limit: 4, executor: "slurm" } });
    expect(toScheduleInput({ ...filled(), executor: null }).input.target).toEqual({ type: "evaluation", modelVersionIds: [3, 4], tasks: ["mme"], params: { limit: 4 } });
    expect(CreateScheduleInput.safeParse(toScheduleInput({ ...filled(), executor: "local" }).input).success).toBe(true);
    expect(emptyScheduleForm("UTC", "slurm").executor).toBe("slurm");
  });

  it("a stored choice round-trips; a schedule that never chose shows the default it gets today", () => {
    const stored = { name: "n", cron: "0 2 * * *", timezone: "UTC", enabled: true, overlap: "skip" as const, misfire: "skip" as const, target: { type: "evaluation" as const, modelVersionIds: [1], tasks: ["mme"], params: { executor: "local" } } };
    const form = scheduleFormFrom(stored, "slurm");
    expect(form).toMatchObject({ executor: "local", extraParams: {} });
    expect(toScheduleInput(form).input).toEqual(stored);
    expect(scheduleFormFrom({ ...stored, target: { ...stored.target, params: {} } }, "slurm").executor).toBe("slurm");
    expect(scheduleFormFrom({ ...stored, target: { ...stored.target, params: {} } }).executor).toBeNull();
  });

  it("a batch sends it the same way, and the schema refuses an unknown executor", () => {
    const { input } = toBatchInput({ ...emptyBatchForm([1], ["mme"], "slurm") });
    expect(input.params).toEqual({ executor: "slurm" });
    expect(BatchInput.safeParse(input).success).toBe(true);
    const bad = BatchInput.safeParse({ ...input, params: { executor: "gpu" } });
    expect(bad.success ? [] : bad.error.issues.map((i) => i.path.join("."))).toEqual(["params.executor"]);
  });

  it("server errors about the executor land on the Runs on field, whatever createRun or the schedule called it", () => {
    expect(slotErrors({ "target.params.executor": ["a"], "params.executor": ["b"], executor: ["c"], "evaluateNewVersions.params.executor": ["d"] })).toEqual({ executor: ["a", "b", "c", "d"] });
    expect(slotErrors({ modelVersionId: ["Archived"] })).toEqual({ versions: ["Archived"] });
  });
});

describe("evaluate new versions form (model page)", () => {
  it("builds the model's setting, and round-trips a stored one", () => {
    const form = autoEvaluationFormFrom({ tasks: ["mme", "ai2d"], params: { limit: 8, executor: "slurm", verbosity: "DEBUG" } });
    expect(form).toMatchObject({ tasks: ["mme", "ai2d"], executor: "slurm", extraParams: { verbosity: "DEBUG" } });
    const { input, errors } = toAutoEvaluationInput(form);
    expect(errors).toEqual({});
    expect(input).toEqual({ tasks: ["mme", "ai2d"], params: { verbosity: "DEBUG", executor: "slurm", limit: 8 } });
    expect(UpdateModelInput.safeParse({ modelId: 1, evaluateNewVersions: input }).success).toBe(true);
  });

  it("starts empty with the default executor, and needs a task", () => {
    const form = autoEvaluationFormFrom(null, "local");
    expect(form).toMatchObject({ tasks: [], executor: "local" });
    expect(Object.keys(toAutoEvaluationInput(form).errors)).toEqual(["tasks"]);
    expect(slotErrors({ "evaluateNewVersions.tasks": ["choose"], "evaluateNewVersions.params.limit": ["bad"] })).toEqual({ tasks: ["choose"], limit: ["bad"] });
  });
});

describe("batch form → service input", () => {
  it("builds an input the batch schema accepts", () => {
    const form = { ...emptyBatchForm([1, 2], ["mme"]), force: true, baselineVersionId: 2, params: { limit: "0.5", batchSize: "auto", numFewshot: "", seed: "" } };
    const { input, errors } = toBatchInput(form);
    expect(errors).toEqual({});
    expect(input).toEqual({ modelVersionIds: [1, 2], tasks: ["mme"], params: { limit: 0.5, batchSize: "auto" }, force: true, baselineVersionId: 2 });
    expect(BatchInput.safeParse(input).success).toBe(true);
  });

  it("needs versions and tasks", () => {
    expect(Object.keys(toBatchInput(emptyBatchForm()).errors).sort()).toEqual(["tasks", "versions"]);
  });
});

describe("server field errors → form slots", () => {
  it("maps nested paths and collects the rest under _form", () => {
    expect(
      slotErrors({
        "target.modelVersionIds.0": ["Version 9 not found"],
        "target.modelVersionIds": ["choose at least one model version"],
        "params.limit": ["limit must be greater than 0"],
        "target.params.seed": ["bad seed"],
        baselineVersionId: ["no"],
        cron: ["bad cron"],
        "target.type": ["bad type"],
      }),
    ).toEqual({
      versions: ["Version 9 not found", "choose at least one model version"],
      limit: ["limit must be greater than 0"],
      seed: ["bad seed"],
      baseline: ["no"],
      cron: ["bad cron"],
      _form: ["bad type"],
    });
    expect(slotErrors(undefined)).toEqual({});
  });
});

describe("describeTarget", () => {
  it("names the kind, the number of versions and the tasks", () => {
    expect(describeTarget({ type: "evaluation", modelVersionIds: [1], tasks: ["mme"] })).toBe("Evaluate 1 version on mme");
    expect(describeTarget({ type: "comparison", modelVersionIds: [1, 2], tasks: ["a", "b", "c", "d"] })).toBe("Compare 2 versions on 4 tasks");
  });
});
