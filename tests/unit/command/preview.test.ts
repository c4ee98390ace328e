import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { buildEvalArgv, formatCommandPreview, maskSecretsInArgs, quoteForPosixShell, RunParams } from "@/lib/lmms-eval/command";
import { HOSTILE_TEXTS } from "./hostile-values";

const run = promisify(execFile);
const SHELL_ENV: Record<string, string> = { PATH: "/usr/bin:/bin", LC_ALL: "C.UTF-8" };
const SHELLS = ["/bin/bash", "/bin/sh", "/usr/bin/dash"].filter((shell) => existsSync(shell));

/**
 * Runs the preview in a real shell with the program replaced by `printf '%s\0'`, which prints each argument the
 * shell produced followed by NUL, and returns those arguments.
 */
async function wordsAfterShell(shell: string, preview: string): Promise<string[]> {
  const { stdout } = await run(shell, ["-c", preview], { env: SHELL_ENV as NodeJS.ProcessEnv });
  return stdout.split("\0").slice(0, -1);
}

describe("formatCommandPreview round-trips through a POSIX shell", () => {
  it.each(SHELLS)("%s gets back every hostile word exactly", async (shell) => {
    const argv = ["printf", "%s\\0", ...HOSTILE_TEXTS, "", "plain", "key=value"];
    const preview = formatCommandPreview(argv, { env: { OPENAI_BASE: "http://x" } });
    expect(await wordsAfterShell(shell, preview)).toEqual(argv.slice(2));
  });

  it.each(SHELLS)("%s gets back a whole built command, hostile values included", async (shell) => {
    const params = RunParams.parse({
      model: "openai",
      modelArgs: `model=gpt-4o,prompt='$(whoami), \`id\`; rm -rf /',kwargs={"stop": ["a,b", "\\n"]}`,
      tasks: ["mme", "mmbench_*", "-dash_task"],
      systemInstruction: "--tui\n'; rm -rf / #\n数学 🚀",
      genKwargs: "until=[\"Q:\", \"\\n\\n\"]",
      limit: 0.5,
    });
    const argv = buildEvalArgv({ commandPrefix: ["printf", "%s\\0"], params, outputDir: "/data/runs/it's here" });
    const preview = formatCommandPreview(argv, { env: {} });
    expect(await wordsAfterShell(shell, preview)).toEqual(argv.slice(2));
  });
});

describe("formatCommandPreview", () => {
  it("prefixes every environment variable with its value masked, including server-side secrets", () => {
    const preview = formatCommandPreview(["lmms-eval", "eval"], {
      env: { OPENAI_API_KEY: "sk-live-123", HF_HOME: "/data/hf" },
      secretEnvNames: ["HF_TOKEN", "OPENAI_API_KEY"],
    });
    expect(preview).toBe("OPENAI_API_KEY=*** HF_HOME=*** HF_TOKEN=*** lmms-eval eval");
  });

  it("falls back to env(1) for a name the shell cannot assign", () => {
    expect(formatCommandPreview(["lmms-eval"], { env: { "BAD-NAME": "x" } })).toBe("env 'BAD-NAME=***' lmms-eval");
  });

  it("quotes only what needs quoting, with POSIX single-quote escaping", () => {
    expect(formatCommandPreview(["lmms-eval", "eval", "--model", "openai", "--tasks", "mme,ai2d", "--limit", "0.5", "--system_instruction", "it's"], { env: {} })).toBe(
      `lmms-eval eval --model openai --tasks mme,ai2d --limit 0.5 --system_instruction 'it'\\''s'`,
    );
    expect(quoteForPosixShell("", false)).toBe("''");
    expect(quoteForPosixShell("mmbench_*", false)).toBe("'mmbench_*'");
    expect(quoteForPosixShell("~/x", false)).toBe("'~/x'");
    expect(quoteForPosixShell("A=b", true)).toBe("'A=b'");
    expect(quoteForPosixShell("A=b", false)).toBe("A=b");
  });

  it("masks model_args secrets in the rendered command", () => {
    const preview = formatCommandPreview(["lmms-eval", "eval", "--model_args", "model=gpt-4o,api_key=sk-live-123"], { env: {} });
    expect(preview).toBe("lmms-eval eval --model_args 'model=gpt-4o,api_key=***'");
    expect(preview).not.toContain("sk-live-123");
  });
});

describe("maskSecretsInArgs", () => {
  it("masks credential-named keys in k=v flags and leaves the rest", () => {
    const modelArgs = [
      "model=gpt-4o",
      "api_key=sk-1",
      "openai_api_key=sk-2",
      "token=t-3",
      "hf_token=t-4",
      "access_token=t-5",
      "client_secret=s-6",
      "db_password=p-7",
      "Secret=s-8",
      "max_new_tokens=64",
      "cluster_key=x",
      'headers={"a": 1, "b": 2}',
    ].join(",");
    expect(maskSecretsInArgs(["--model_args", modelArgs])).toEqual([
      "--model_args",
      'model=gpt-4o,api_key=***,openai_api_key=***,token=***,hf_token=***,access_token=***,client_secret=***,db_password=***,Secret=***,max_new_tokens=64,cluster_key=***,headers={"a": 1, "b": 2}',
    ]);
  });

  it("masks the attached --flag=value form and gen_kwargs too", () => {
    expect(maskSecretsInArgs(["--model_args=api_key=sk-1,model=x", "--gen_kwargs", "auth_token=abc,temperature=0"])).toEqual([
      "--model_args=api_key=***,model=x",
      "--gen_kwargs",
      "auth_token=***,temperature=0",
    ]);
  });

  it("masks Hugging Face tokens anywhere", () => {
    const token = "hf_AbCdEfGhIjKlMnOpQrStUvWxYz012345";
    expect(maskSecretsInArgs(["--system_instruction", `use ${token} please`, "--model_args", `path=${token}`])).toEqual([
      "--system_instruction",
      "use *** please",
      "--model_args",
      "path=***",
    ]);
  });

  it("still masks secret-looking assignments in model args lmms-eval could not parse", () => {
    expect(maskSecretsInArgs(["--model_args", "api_key=sk-1,prompt='unclosed"])).toEqual(["--model_args", "api_key=***,prompt='unclosed"]);
  });

  it("does not change the argv it is given", () => {
    const argv = ["--model_args", "api_key=sk-1"];
    maskSecretsInArgs(argv);
    expect(argv).toEqual(["--model_args", "api_key=sk-1"]);
  });
});
