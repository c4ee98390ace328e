import { describe, expect, it } from "vitest";
import { clientFieldErrors, emptyFormState, prefillFromRun, toRunInput, type NewRunFormState } from "@/components/runs/new-run/form-model";
import { keyValueFieldFromText } from "@/components/ui/key-value-rows";
import { RunParams } from "@/lib/lmms-eval/command";

const filled = (patch: Partial<NewRunFormState> = {}): NewRunFormState => ({
  ...emptyFormState(),
  model: "standin",
  modelArgs: keyValueFieldFromText("pretrained=org/tiny"),
  tasks: ["mme", "ai2d"],
  ...patch,
});

describe("form state → createRun input", () => {
  it("sends only what was filled in, with numbers as numbers", () => {
    const input = toRunInput(
      filled({ limit: " 8 ", batchSize: "auto:4", numFewshot: "0", seed: "42", device: "cuda:0", applyChatTemplate: true, verbosity: "DEBUG" }),
      { rerunOfId: 7 },
    );
    expect(input).toEqual({
      model: "standin",
      modelArgs: "pretrained=org/tiny",
      tasks: ["mme", "ai2d"],
      limit: 8,
      batchSize: "auto:4",
      numFewshot: 0,
      seed: 42,
      device: "cuda:0",
      applyChatTemplate: true,
      verbosity: "DEBUG",
      rerunOfId: 7,
      executor: "local",
    });
    expect(RunParams.safeParse(input).success).toBe(true);
  });

  it("keeps a word where a number was expected, so the server names the mistake", () => {
    const input = toRunInput(filled({ limit: "ten", seed: "0,1234,1234,1234", batchSize: "16" }));
    expect(input).toMatchObject({ limit: "ten", seed: "0,1234,1234,1234", batchSize: 16 });
    const parsed = RunParams.safeParse(input);
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues.map((i) => i.path.join("."))).toEqual(["limit"]);
  });

  it("passes environment values to the launch but never to the preview", () => {
    const state = filled({
      env: [
        { id: "a", name: "HF_TOKEN", value: "hf_secret", reEnter: false },
        { id: "b", name: "", value: "", reEnter: false },
      ],
    });
    expect(toRunInput(state).env).toEqual({ HF_TOKEN: "hf_secret" });
    expect(toRunInput(state, { forPreview: true }).env).toEqual({ HF_TOKEN: "" });
  });
});

describe("quick client-side checks", () => {
  it("accepts a complete form", () => {
    expect(clientFieldErrors(filled())).toEqual({});
  });

  it("names the fields the server would refuse, with its wording", () => {
    const errors = clientFieldErrors(
      filled({
        model: " ",
        tasks: [],
        limit: "0",
        numFewshot: "1.5",
        env: [
          { id: "a", name: "bad-name", value: "x", reEnter: false },
          { id: "b", name: "HF_HOME", value: "/a", reEnter: false },
          { id: "c", name: "HF_HOME", value: "/b", reEnter: false },
          { id: "d", name: "", value: "orphan", reEnter: false },
        ],
      }),
    );
    expect(errors).toEqual({
      model: ["model is required"],
      tasks: ["choose at least one task"],
      limit: ["limit must be greater than 0"],
      numFewshot: ["number of few-shot examples must be a whole number"],
      "env.bad-name": ["environment variable name 'bad-name' must use upper-case letters, digits and _ and not start with a digit"],
      "env.HF_HOME": ["HF_HOME is set twice"],
      "env.#d": ["enter the variable's name"],
    });
  });

  it("checks limits like the server: fractions below 1 or whole counts", () => {
    expect(clientFieldErrors(filled({ limit: "0.25" }))).toEqual({});
    expect(clientFieldErrors(filled({ limit: "2.5" })).limit?.[0]).toMatch(/fraction below 1/);
    expect(clientFieldErrors(filled({ limit: "abc" })).limit).toEqual(["limit must be a number"]);
  });
});

describe("re-run prefill", () => {
  const run = {
    id: 12,
    model: "openai",
    modelArgs: "model_version=gpt-4o,api_key=***",
    tasks: ["scienceqa_full", "mme"],
    params: { limit: 0.5, batchSize: "auto", seed: 3, applyChatTemplate: true, verbosity: "WARNING" as const, genKwargs: "temperature=0,judge_api_key=sk-live" },
    envNames: ["OPENAI_API_KEY", "HF_HOME"],
    executor: "slurm" as const,
    visibility: "private" as const,
  };

  it("fills every field and marks secrets for re-entry", () => {
    const { state, source } = prefillFromRun(run);
    expect(state).toMatchObject({
      model: "openai",
      tasks: ["scienceqa_full", "mme"],
      limit: "0.5",
      batchSize: "auto",
      seed: "3",
      applyChatTemplate: true,
      verbosity: "WARNING",
      numFewshot: "",
      // A re-run of a private run starts private; its people are chosen again.
      visibility: "private",
      members: [],
    });
    expect(state.modelArgs.mode).toBe("rows");
    expect(state.modelArgs.text).toBe("model_version=gpt-4o,api_key=***");
    // Gen kwargs are masked here too, so the page never receives the stored secret.
    expect(state.genKwargs.text).toBe("temperature=0,judge_api_key=***");
    expect(state.env.map((r) => [r.name, r.value, r.reEnter])).toEqual([
      ["OPENAI_API_KEY", "", true],
      ["HF_HOME", "", true],
    ]);
    expect(source).toEqual({
      runId: 12,
      maskedModelArgKeys: ["api_key"],
      maskedGenKwargKeys: ["judge_api_key"],
      envNames: ["OPENAI_API_KEY", "HF_HOME"],
    });
  });

  it("blocks the launch until masked secrets are re-entered, then sends rerunOfId", () => {
    const { state, source } = prefillFromRun(run);
    const errors = clientFieldErrors(state, source);
    expect(errors.modelArgs?.[0]).toMatch(/re-enter api_key/);
    expect(errors.genKwargs?.[0]).toMatch(/re-enter judge_api_key/);
    expect(errors["env.OPENAI_API_KEY"]?.[0]).toMatch(/re-enter the value/);

    const fixed: NewRunFormState = {
      ...state,
      modelArgs: keyValueFieldFromText("model_version=gpt-4o,api_key=sk-new"),
      genKwargs: keyValueFieldFromText("temperature=0"),
      env: state.env.map((row) => ({ ...row, value: row.name === "HF_HOME" ? "/cache" : "sk-env" })),
    };
    expect(clientFieldErrors(fixed, source)).toEqual({});
    // A re-run keeps where the original ran.
    expect(toRunInput(fixed, { rerunOfId: source.runId })).toMatchObject({ rerunOfId: 12, executor: "slurm", visibility: "private", env: { OPENAI_API_KEY: "sk-env", HF_HOME: "/cache" } });
  });
});

describe("sharing a new run", () => {
  it("sends visibility only when private, and members as ids with their permission", () => {
    const team = { ...emptyFormState(), model: "standin", tasks: ["mme"] };
    expect(toRunInput(team)).not.toHaveProperty("visibility");
    expect(toRunInput(team)).not.toHaveProperty("members");
    const shared: NewRunFormState = { ...team, visibility: "private", members: [{ userId: 4, name: "Bo", email: "@bo", permission: "comment" }] };
    expect(toRunInput(shared)).toMatchObject({ visibility: "private", members: [{ userId: 4, permission: "comment" }] });
  });
});
