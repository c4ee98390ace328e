import { execFile, execFileSync } from "node:child_process";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { buildEvalArgv, RunParams } from "@/lib/lmms-eval/command";
import { HOSTILE_TEXTS } from "./hostile-values";

const run = promisify(execFile);
const OUTPUT_DIR = "/data/runs/run-42";

function hasPython(): boolean {
  try {
    execFileSync("python3", ["--version"]);
    return true;
  } catch {
    return false;
  }
}

/**
 * What lmms-eval does with argv before evaluating: cli/dispatch.py launches the web UI if any element is exactly
 * `--tui`, strips `eval`, then __main__.parse_eval_args reads the flags with argparse (the flags that matter here,
 * plus a few others so that argparse's prefix matching behaves as it does there).
 */
const FAKE_LMMS_EVAL = `
import argparse, json, sys
argv = sys.argv[1:]
if "--tui" in argv:
    print(json.dumps({"launched": "tui"})); sys.exit(0)
assert argv[0] == "eval", argv
p = argparse.ArgumentParser()
p.add_argument("--config", default="")
p.add_argument("--model", default="hf")
p.add_argument("--tasks", default=None)
p.add_argument("--model_args", default="")
p.add_argument("--num_fewshot", type=int, default=None)
p.add_argument("--batch_size", "-b", type=str, default=1)
p.add_argument("--max_batch_size", type=int, default=None)
p.add_argument("--device", type=str, default=None)
p.add_argument("--output_path", default=None, type=str)
p.add_argument("--limit", type=float, default=None)
p.add_argument("--use_cache", "-c", type=str, default=None)
p.add_argument("--log_samples", action="store_true")
p.add_argument("--system_instruction", type=str, default=None)
p.add_argument("--apply_chat_template", action="store_true")
p.add_argument("--show_config", action="store_true")
p.add_argument("--include_path", type=str, default=None)
p.add_argument("--gen_kwargs", default="")
p.add_argument("--verbosity", type=str, default="INFO")
p.add_argument("--timezone", default="Asia/Singapore")
p.add_argument("--predict_only", "-x", action="store_true")
p.add_argument("--seed", type=str, default="0,1234,1234,1234")
print(json.dumps(vars(p.parse_args(argv[1:]))))
`;

async function parsedByFakeLmmsEval(params: unknown): Promise<Record<string, unknown>> {
  const argv = buildEvalArgv({ commandPrefix: ["python3", "-c", FAKE_LMMS_EVAL], params: RunParams.parse(params), outputDir: OUTPUT_DIR });
  const { stdout } = await run(argv[0], argv.slice(1));
  return JSON.parse(stdout) as Record<string, unknown>;
}

describe("buildEvalArgv", () => {
  it("builds the fixed part of the command and leaves out empty model args", () => {
    const params = RunParams.parse({ model: "dummy", tasks: ["toy_qa", "mme"] });
    expect(buildEvalArgv({ commandPrefix: ["lmms-eval"], params, outputDir: OUTPUT_DIR })).toEqual([
      "lmms-eval",
      "eval",
      "--model",
      "dummy",
      "--tasks",
      "toy_qa,mme",
      "--output_path",
      OUTPUT_DIR,
      "--log_samples",
      "--timezone",
      "UTC",
    ]);
  });

  it("appends every optional flag in a fixed order", () => {
    const params = RunParams.parse({
      verbosity: "WARNING",
      useCache: "/srv/cache",
      systemInstruction: "Be brief.",
      applyChatTemplate: true,
      device: "cuda:0",
      seed: "1,2,3,4",
      genKwargs: "temperature=0",
      numFewshot: 0,
      batchSize: "auto",
      limit: 0.1,
      includePath: "/srv/tasks",
      tasks: ["mme"],
      modelArgs: "model=gpt-4o,base_url=http://127.0.0.1:8000/v1",
      model: "openai",
    });
    expect(buildEvalArgv({ commandPrefix: ["/venv/bin/python", "-m", "lmms_eval"], params, outputDir: OUTPUT_DIR })).toEqual([
      "/venv/bin/python", "-m", "lmms_eval", "eval",
      "--model", "openai",
      "--model_args", "model=gpt-4o,base_url=http://127.0.0.1:8000/v1",
      "--tasks", "mme",
      "--output_path", OUTPUT_DIR,
      "--log_samples",
      "--timezone", "UTC",
      "--include_path", "/srv/tasks",
      "--limit", "0.1",
      "--batch_size", "auto",
      "--num_fewshot", "0",
      "--gen_kwargs", "temperature=0",
      "--seed", "1,2,3,4",
      "--device", "cuda:0",
      "--apply_chat_template",
      "--system_instruction", "Be brief.",
      "--use_cache", "/srv/cache",
      "--verbosity", "WARNING",
    ]);
  });

  it.each(HOSTILE_TEXTS)("passes the system instruction %j through as one unchanged element", (text) => {
    const argv = buildEvalArgv({ commandPrefix: ["lmms-eval"], params: RunParams.parse({ model: "dummy", tasks: ["mme"], systemInstruction: text }), outputDir: OUTPUT_DIR });
    const expected = text.startsWith("-") ? [`--system_instruction=${text}`] : ["--system_instruction", text];
    expect(argv.slice(-expected.length)).toEqual(expected);
    expect(argv.filter((word) => word === "--tui")).toEqual([]);
  });

  it.skipIf(!hasPython())("delivers hostile values to an argparse parser built like lmms-eval's exactly as typed", async () => {
    for (const text of HOSTILE_TEXTS) {
      const modelArgs = `prompt='${text.replaceAll("'", "")}',kwargs={"stop": ["a,b", "$(id)"]}`;
      const parsed = await parsedByFakeLmmsEval({ model: "dummy", tasks: ["-odd_task", "mmbench_*"], modelArgs, systemInstruction: text, seed: 7, limit: 5 });
      expect(parsed).toMatchObject({
        model: "dummy",
        model_args: modelArgs,
        tasks: "-odd_task,mmbench_*",
        output_path: OUTPUT_DIR,
        log_samples: true,
        timezone: "UTC",
        system_instruction: text,
        seed: "7",
        limit: 5,
        show_config: false,
      });
    }
  });

  it("refuses params that skipped validation, a relative output dir and an empty command", () => {
    const params = RunParams.parse({ model: "dummy", tasks: ["mme"] });
    expect(() => buildEvalArgv({ commandPrefix: ["lmms-eval"], params: { ...params, modelArgs: "batch_size=4" }, outputDir: OUTPUT_DIR })).toThrow(/Batch size field/);
    expect(() => buildEvalArgv({ commandPrefix: ["lmms-eval"], params, outputDir: "runs/1" })).toThrow("outputDir must be an absolute path (got runs/1)");
    expect(() => buildEvalArgv({ commandPrefix: [], params, outputDir: OUTPUT_DIR })).toThrow("the lmms-eval command prefix is empty");
  });
});
