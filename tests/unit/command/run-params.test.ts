import { describe, expect, it } from "vitest";
import { RunParams } from "@/lib/lmms-eval/command";

const BASE = { model: "openai", tasks: ["mme"] };

/** The messages of a failed parse, as "path: message" (path omitted at the top level). */
function errorsOf(input: unknown): string[] {
  const result = RunParams.safeParse(input);
  if (result.success) return [];
  return result.error.issues.map((issue) => (issue.path.length ? `${issue.path.join(".")}: ${issue.message}` : issue.message));
}

describe("RunParams accepts", () => {
  it("the minimum, defaulting model args to empty", () => {
    expect(RunParams.parse(BASE)).toEqual({ model: "openai", modelArgs: "", tasks: ["mme"] });
  });

  it("every field at once", () => {
    const input = {
      model: "qwen2_5_vl",
      modelArgs: 'pretrained=Qwen/Qwen2.5-VL-3B-Instruct,chat_template_kwargs={"a": 1, "b": 2}',
      tasks: ["mme", "mmbench_*", "ai2d_[ab]?"],
      limit: 0.25,
      batchSize: "auto:4",
      numFewshot: 0,
      genKwargs: "temperature=0,max_new_tokens=64",
      seed: "0,None,1234,1234",
      device: "cuda:0",
      includePath: "/srv/tasks",
      applyChatTemplate: true,
      systemInstruction: "You are a careful grader.\nAnswer with one letter.",
      useCache: "/srv/cache",
      verbosity: "DEBUG",
      env: { OPENAI_API_KEY: "sk-test", HF_HOME: "/data/hf", _PRIVATE_1: "" },
    };
    expect(RunParams.parse(input)).toEqual(input);
  });

  it("trims and de-duplicates task names, keeping the first order", () => {
    expect(RunParams.parse({ ...BASE, tasks: ["mme", " ai2d ", "mme", "ai2d"] }).tasks).toEqual(["mme", "ai2d"]);
  });

  it.each([[1], [10], [0.5], [0.001]])("limit %j", (limit) => {
    expect(RunParams.parse({ ...BASE, limit }).limit).toBe(limit);
  });

  it.each([[1], [64], ["auto"], ["auto:8"]])("batch size %j", (batchSize) => {
    expect(RunParams.parse({ ...BASE, batchSize }).batchSize).toBe(batchSize);
  });

  it.each([[0], [42], [2 ** 32 - 1], ["42"], ["0,1234,1234,1234"], ["none,None,NONE,7"]])("seed %j", (seed) => {
    expect(RunParams.parse({ ...BASE, seed }).seed).toBe(seed);
  });

  it.each([["cpu"], ["cuda"], ["cuda:1"], ["mps"], ["xpu:0"]])("device %j", (device) => {
    expect(RunParams.parse({ ...BASE, device }).device).toBe(device);
  });
});

describe("RunParams rejects, with a message a user can act on", () => {
  it.each<[string, unknown, string[]]>([
    ["no model", { tasks: ["mme"] }, ["model: model is required"]],
    ["an empty model", { ...BASE, model: "  " }, ["model: model is required"]],
    [
      "a model with shell characters",
      { ...BASE, model: "openai; rm -rf /" },
      ["model: model must be a backend id such as 'openai' or 'qwen2_5_vl' (letters, digits, '.', '_' and '-')"],
    ],
    ["model args without '='", { ...BASE, modelArgs: "foo" }, ["modelArgs: model args: missing '=' in 'foo'"]],
    ["model args with an unclosed quote", { ...BASE, modelArgs: "prompt='x" }, ["modelArgs: model args: unclosed ' quote"]],
    [
      "batch_size inside model args",
      { ...BASE, modelArgs: "pretrained=x,batch_size=8" },
      [
        "modelArgs: model args: remove batch_size and use the Batch size field; lmms-eval also passes the batch size to the model, which then fails with 'got multiple values for keyword argument batch_size'",
      ],
    ],
    [
      "device in model args and in the Device field",
      { ...BASE, modelArgs: "device=cuda:1", device: "cuda:0" },
      ["device: device is set both here and in model args; lmms-eval would pass it twice and fail, so keep only one"],
    ],
    ["no tasks", { model: "openai" }, ["tasks: tasks must be a list of task names"]],
    ["an empty task list", { ...BASE, tasks: [] }, ["tasks: choose at least one task"]],
    ["a comma list instead of an array", { ...BASE, tasks: "mme,ai2d" }, ["tasks: tasks must be a list of task names"]],
    ["an empty task name", { ...BASE, tasks: ["mme", " "] }, ["tasks.1: task names must not be empty"]],
    [
      "a task name with a comma or shell characters",
      { ...BASE, tasks: ["mme,ai2d", "$(id)"] },
      [
        "tasks.0: task 'mme,ai2d' may only contain letters, digits, '.', '_', '-' and the wildcards * ? [ ]",
        "tasks.1: task '$(id)' may only contain letters, digits, '.', '_', '-' and the wildcards * ? [ ]",
      ],
    ],
    ["the listing word 'list'", { ...BASE, tasks: ["list"] }, ["tasks.0: 'list' is an lmms-eval listing command, not a task"]],
    ["a limit of 0", { ...BASE, limit: 0 }, ["limit: limit must be greater than 0"]],
    ["a negative limit", { ...BASE, limit: -1 }, ["limit: limit must be greater than 0"]],
    [
      "a fractional limit above 1",
      { ...BASE, limit: 1.5 },
      ["limit: limit must be a fraction below 1 (share of each task) or a whole number of samples"],
    ],
    ["a limit given as text", { ...BASE, limit: "10" }, ["limit: limit must be a number"]],
    ["an infinite limit", { ...BASE, limit: Infinity }, ["limit: limit must be a number"]],
    ["a batch size of 0", { ...BASE, batchSize: 0 }, ["batchSize: batch size must be a positive whole number, 'auto' or 'auto:N'"]],
    ["a fractional batch size", { ...BASE, batchSize: 2.5 }, ["batchSize: batch size must be a positive whole number, 'auto' or 'auto:N'"]],
    ["batch size auto:0", { ...BASE, batchSize: "auto:0" }, ["batchSize: batch size must be a positive whole number, 'auto' or 'auto:N'"]],
    ["a batch size of true", { ...BASE, batchSize: true }, ["batchSize: batch size must be a positive whole number, 'auto' or 'auto:N'"]],
    ["negative few-shot", { ...BASE, numFewshot: -1 }, ["numFewshot: number of few-shot examples must be 0 or more"]],
    ["fractional few-shot", { ...BASE, numFewshot: 1.5 }, ["numFewshot: number of few-shot examples must be a whole number"]],
    ["gen kwargs without '='", { ...BASE, genKwargs: "temperature" }, ["genKwargs: gen kwargs: missing '=' in 'temperature'"]],
    ["gen kwargs with a repeated key", { ...BASE, genKwargs: "top_p=1,top_p=0.9" }, ["genKwargs: gen kwargs: 'top_p' is given more than once"]],
    ["system instruction with NUL", { ...BASE, systemInstruction: "a\u0000b" }, ["systemInstruction: system instruction must not contain a NUL character"]],
    ["a huge system instruction", { ...BASE, systemInstruction: "é".repeat(40_000) }, ["systemInstruction: system instruction must be at most 64 KiB"]],
    ["a relative include path", { ...BASE, includePath: "my_tasks" }, ["includePath: include path must be an absolute path (starting with /)"]],
    ["an empty include path", { ...BASE, includePath: "" }, ["includePath: include path must not be empty"]],
    ["a relative cache path", { ...BASE, useCache: "cache" }, ["useCache: response cache path must be an absolute path (starting with /)"]],
    ["a lower-case verbosity", { ...BASE, verbosity: "debug" }, ["verbosity: verbosity must be one of DEBUG, INFO, WARNING, ERROR"]],
    ["a device with spaces", { ...BASE, device: "cuda:0 --tui" }, ["device: device must look like 'cpu', 'cuda' or 'cuda:0'"]],
    ["apply chat template as text", { ...BASE, applyChatTemplate: "yes" }, ["applyChatTemplate: apply chat template must be true or false"]],
  ])("%s", (_label, input, expected) => {
    expect(errorsOf(input)).toEqual(expected);
  });

  const seedMessage =
    "seed: seed must be a whole number from 0 to 4294967295, or four of them (or None) separated by commas: python,numpy,torch,fewshot";
  it.each([[-1], [1.5], [2 ** 32], ["1,2"], ["1,2,3,4,5"], ["abc"], ["1, 2, 3, 4"], ["4294967296,1,1,1"], [null]])("seed %j", (seed) => {
    expect(errorsOf({ ...BASE, seed })).toEqual([seedMessage]);
  });

  it.each<[string, Record<string, unknown>, string]>([
    ["openai_key", { openai_key: "x" }, "env.openai_key: environment variable name 'openai_key' must use upper-case letters, digits and _ and not start with a digit"],
    ["1ABC", { "1ABC": "x" }, "env.1ABC: environment variable name '1ABC' must use upper-case letters, digits and _ and not start with a digit"],
    ["A B", { "A B": "x" }, "env.A B: environment variable name 'A B' must use upper-case letters, digits and _ and not start with a digit"],
    ["PYTHONUNBUFFERED", { PYTHONUNBUFFERED: "0" }, "env.PYTHONUNBUFFERED: PYTHONUNBUFFERED cannot be set for a run: the dashboard sets it so that logs arrive while the run is going"],
    ["PYTHONINSPECT", { PYTHONINSPECT: "1" }, "env.PYTHONINSPECT: PYTHONINSPECT cannot be set for a run: it makes Python wait for interactive input after the run, so the run would never end"],
    ["PATH", { PATH: "/tmp" }, "env.PATH: PATH cannot be set for a run: the lmms-eval command is looked up through it; where lmms-eval is installed is an administrator setting"],
    ["HF_TOKEN too long", { HF_TOKEN: "x".repeat(8 * 1024 + 1) }, "env.HF_TOKEN: the value of HF_TOKEN must be at most 8 KiB"],
    ["HF_TOKEN with NUL", { HF_TOKEN: "a\u0000b" }, "env.HF_TOKEN: the value of HF_TOKEN must not contain a NUL character"],
    ["HF_TOKEN non-text", { HF_TOKEN: 42 }, "env.HF_TOKEN: environment variable values must be text"],
  ])("env with %s", (_label, env, message) => {
    expect(errorsOf({ ...BASE, env })).toEqual([message]);
  });

  it("more than 64 environment variables", () => {
    const env = Object.fromEntries(Array.from({ length: 65 }, (_, i) => [`VAR_${i}`, "x"]));
    expect(errorsOf({ ...BASE, env })).toEqual(["env: at most 64 environment variables per run"]);
  });

  it("an env that is not a map", () => {
    expect(errorsOf({ ...BASE, env: "A=1" })).toEqual(["env: environment variables must be a NAME → value map"]);
  });
});
