import { beforeAll, describe, expect, it } from "vitest";
import {
  clientFieldErrors,
  emptyFormState,
  prefillFromVersion,
  toRunInput,
  versionDiff,
  type BaseVersion,
  type EnvRow,
  type NewRunFormState,
} from "@/components/runs/new-run/form-model";
import { keyValueFieldFromText } from "@/components/ui/key-value-rows";
import { InvalidInputError } from "@/lib/services/errors";
import { createModel } from "@/lib/services/models/manage-models";
import { createVersion } from "@/lib/services/models/manage-versions";
import { createRun } from "@/lib/services/runs/create-run";
import { maskModelArgs } from "@/lib/services/runs/run-dto";
import { refreshTaskCatalogue } from "@/lib/services/tasks/refresh-task-catalogue";
import { ctxFor, freshDb, insertUser } from "../helpers/db";
import { RecordingPublisher } from "../helpers/recording-publisher";
import { STANDIN_COMMAND, tempDir, testRunConfig, useStandinEnvironment } from "../helpers/standin";

/**
 * The new-run form and the server must agree: a field the form lets through is one the server accepts (and the
 * other way round), and the overrides the form shows for a version launch are exactly the ones the run records.
 * Each case goes through the form's own functions and then, as the form would send it, through the real createRun.
 */
useStandinEnvironment();

const db = freshDb();
const config = testRunConfig(tempDir("form-agreement-"));
const publisher = new RecordingPublisher();
const admin = insertUser(db, "admin");
const member = insertUser(db, "member");

beforeAll(async () => {
  await refreshTaskCatalogue({ db, ctx: ctxFor(admin), command: STANDIN_COMMAND });
});

const env = (name: string, value = "x"): EnvRow => ({ id: `row-${name}`, name, value, reEnter: false });
const form = (patch: Partial<NewRunFormState> = {}): NewRunFormState => ({
  ...emptyFormState(),
  model: "standin",
  modelArgs: keyValueFieldFromText("pretrained=org/tiny"),
  tasks: ["mme"],
  ...patch,
});

/** The field keys the server refuses (none when it queues the run), by the form's slots. */
async function serverRefuses(state: NewRunFormState, baseVersion?: BaseVersion): Promise<string[]> {
  try {
    await createRun({ db, ctx: ctxFor(member), input: toRunInput(state, { baseVersion }), deps: config, publisher });
    return [];
  } catch (error) {
    if (!(error instanceof InvalidInputError)) throw error;
    return Object.keys(error.fields ?? {}).map((key) => (key.startsWith("tasks.") ? "tasks" : key)).sort();
  }
}

describe("the new-run form checks fields exactly as the server does", () => {
  const cases: Array<[string, Partial<NewRunFormState>]> = [
    ["a complete form", {}],
    ["every optional field, valid", { limit: "0.5", batchSize: "auto:4", numFewshot: "0", seed: "0,1234,1234,1234", device: "cuda:0", verbosity: "DEBUG", env: [env("HF_TOKEN"), env("OPENAI_API_KEY")] }],
    ["an environment name in lower case", { env: [env("hf_token")] }],
    ["an environment name starting with a digit", { env: [env("1TOKEN")] }],
    ["a variable the dashboard reserves (PATH)", { env: [env("PATH", "/opt/bin")] }],
    ["a variable the dashboard reserves (PYTHONUNBUFFERED)", { env: [env("PYTHONUNBUFFERED", "0")] }],
    ["batch_size in model args", { modelArgs: keyValueFieldFromText("pretrained=org/tiny,batch_size=8") }],
    ["device both in model args and as a field", { modelArgs: keyValueFieldFromText("pretrained=org/tiny,device=cuda"), device: "cuda:0" }],
    ["model args that are not k=v", { modelArgs: { mode: "raw", text: "pretrained", rows: [] } }],
    ["gen kwargs with an unclosed quote", { genKwargs: { mode: "raw", text: "stop='x", rows: [] } }],
    ["limit 0", { limit: "0" }],
    ["limit 2.5", { limit: "2.5" }],
    ["limit that is a word", { limit: "ten" }],
    ["negative few-shot", { numFewshot: "-1" }],
    ["fractional few-shot", { numFewshot: "1.5" }],
    ["a seed that is a word", { seed: "lucky" }],
    ["three seeds", { seed: "1,2,3" }],
    ["a batch size word lmms-eval does not know", { batchSize: "max" }],
    ["a device lmms-eval does not know", { device: "GPU0" }],
    ["a relative response cache", { useCache: "cache/here" }],
    ["a task name with a space", { tasks: ["mme ai2d"] }],
    ["an lmms-eval listing word as a task", { tasks: ["list"] }],
    ["no backend", { model: " " }],
    ["a backend with a slash", { model: "org/model" }],
  ];

  it.each(cases)("%s", async (_name, patch) => {
    const state = form(patch);
    const shown = Object.keys(clientFieldErrors(state)).sort();
    expect(shown).toEqual(await serverRefuses(state));
  });
});

describe("a version launch: the overrides the form shows are the ones the run records", () => {
  let version: BaseVersion;

  beforeAll(() => {
    const model = createModel({ db, ctx: ctxFor(member), input: { name: "agreeable" } });
    const v = createVersion({
      db,
      ctx: ctxFor(member),
      input: { modelId: model.id, label: "v1", backend: "standin", modelArgs: 'pretrained="org/tiny",dtype=bf16,api_key=sk-version-secret', genKwargs: "temperature=0" },
      publisher,
      encryptionKey: config.encryptionKey,
    });
    // As the new-run page builds it: the args masked, like everything that leaves the server.
    version = { id: v.id, label: v.label, modelName: model.name, backend: v.backend, modelArgs: maskModelArgs('pretrained="org/tiny",dtype=bf16,api_key=sk-version-secret'), genKwargs: v.genKwargs, storedSecretsUsable: true };
  });

  const edits: Array<[string, (state: NewRunFormState) => Partial<NewRunFormState>]> = [
    ["nothing changed", () => ({})],
    ["model args reordered and re-spaced", () => ({ modelArgs: keyValueFieldFromText("api_key=***, dtype=bf16, pretrained=\"org/tiny\"") })],
    ["quotes dropped from a value (lmms-eval reads the same string)", () => ({ modelArgs: { mode: "raw", text: "pretrained=org/tiny,dtype=bf16,api_key=sk-version-secret", rows: [] } })],
    ["a model-args value changed (the secret typed again)", () => ({ modelArgs: keyValueFieldFromText("pretrained=\"org/tiny\",dtype=fp16,api_key=sk-version-secret") })],
    ["gen kwargs changed", () => ({ genKwargs: keyValueFieldFromText("temperature=0.7") })],
    ["gen kwargs emptied", () => ({ genKwargs: keyValueFieldFromText("") })],
    ["the backend changed", () => ({ model: "dummy" })],
    ["the backend with spaces around it", (state) => ({ model: ` ${state.model} ` })],
  ];

  it.each(edits)("%s", async (_name, edit) => {
    const start = { ...prefillFromVersion(version), tasks: ["mme"] };
    const state = { ...start, ...edit(start) };
    expect(clientFieldErrors(state, null, version)).toEqual({});
    const shown = versionDiff(state, version).map((d) => ({ "model args": "modelArgs", "gen kwargs": "genKwargs", backend: "backend" })[d.field]);
    const run = await createRun({ db, ctx: ctxFor(member), input: toRunInput(state, { baseVersion: version }), deps: config, publisher });
    expect(shown.sort()).toEqual(Object.keys(run.versionOverrides ?? {}).sort());
  });
});
