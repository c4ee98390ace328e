import { execFileSync, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { buildEvalArgv } from "@/lib/lmms-eval/command";
import { buildBatchScript, checkExtraDirective, SCRIPT_EXIT, secretArgvValues, slurmOptionProblems, type SlurmJobOptions } from "@/lib/lmms-eval/slurm";
import { runFolderAt } from "@/lib/run-folder";

const NO_OPTIONS: SlurmJobOptions = { partition: "", account: "", qos: "", timeLimit: "", gpusPerRun: 0, cpusPerRun: null, memory: "", extraDirectives: [], preamble: "" };
const ALL_OPTIONS: SlurmJobOptions = {
  partition: "gpu,gpu-long",
  account: "vision-lab",
  qos: "high",
  timeLimit: "1-04:00:00",
  gpusPerRun: 2,
  cpusPerRun: 16,
  memory: "64G",
  extraDirectives: ["#SBATCH --constraint=a100", "#SBATCH --exclusive"],
  preamble: "module load cuda/12.1\nsource /opt/venvs/lmms/bin/activate",
};

const root = fs.mkdtempSync(path.join(os.tmpdir(), "batch-script-"));
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

/**
 * Values a shell would interpret. These scripts really run, so every value that would execute something if the
 * quoting broke only touches a canary file (never anything destructive): the canary must not exist afterwards.
 */
const CANARY = path.join(root, "canary");
const HOSTILE: string[] = [
  `'; touch ${CANARY} #`,
  `$(touch ${CANARY})`,
  `\`touch ${CANARY}\``,
  `" ; touch ${CANARY} ; "`,
  `'"'"'; touch ${CANARY}; '"'`,
  "${HOME} $HOME \\$HOME $((1+1)) ${PATH:0:1}",
  "line one\nline two\r\nline three\n; touch " + CANARY,
  "tab\there",
  `"double" and 'single' and \\' escaped`,
  "数学 🚀 ünïcödé \u200b zero-width",
  "* ? [a-z] ~ # & | ; < > ( ) { } {a,b} ~root",
  "--tui",
  "-h",
  "   leading and trailing spaces   ",
  "!history !! $? $$ $0 $1 $@",
  "\\",
  "'",
  '"',
  "",
];

/** A stand-in for lmms-eval that records its argv (NUL-separated) and the environment it was given. */
const FAKE = path.join(root, "fake lmms-eval");
fs.writeFileSync(
  FAKE,
  `#!/bin/bash
printf '%s\\0' "$@" > "$PWD/argv.bin"
env -0 > "$PWD/env.bin"
exit "\${FAKE_EXIT:-0}"
`,
  { mode: 0o755 },
);

let counter = 0;
function runFolder(name = "run"): ReturnType<typeof runFolderAt> {
  const dir = path.join(root, `${name}-${++counter}`);
  fs.mkdirSync(dir, { recursive: true });
  return runFolderAt(dir);
}

/** Runs the script the way slurmd would (bash, in any folder), with the env file written 0600 like the worker does. */
function execute(script: ReturnType<typeof buildBatchScript>, paths: ReturnType<typeof runFolderAt>, env: Record<string, string> = {}) {
  if (script.envFile !== null) fs.writeFileSync(paths.envFile, script.envFile, { mode: 0o600, flag: "wx" });
  const file = path.join(root, `job-${++counter}.sh`);
  fs.writeFileSync(file, script.script);
  // HOME is a scratch folder: nothing a broken escape could reach through `~` matters.
  const childEnv: Record<string, string> = { PATH: process.env.PATH ?? "/usr/bin:/bin", HOME: path.join(root, "home"), ...env };
  const result = spawnSync("bash", [file], { cwd: os.tmpdir(), env: childEnv as NodeJS.ProcessEnv, encoding: "utf8" });
  const read = (name: string) => (fs.existsSync(path.join(paths.runDir, name)) ? fs.readFileSync(path.join(paths.runDir, name), "utf8").split("\0").slice(0, -1) : null);
  const envList = read("env.bin") ?? [];
  return {
    status: result.status,
    stderr: result.stderr,
    argv: read("argv.bin"),
    env: Object.fromEntries(envList.map((kv) => [kv.slice(0, kv.indexOf("=")), kv.slice(kv.indexOf("=") + 1)])),
  };
}

function syntaxOk(script: string): void {
  const result = spawnSync("bash", ["-n"], { input: script, encoding: "utf8" });
  expect(result.stderr).toBe("");
  expect(result.status).toBe(0);
}

describe("the batch script", () => {
  it("writes every option as an #SBATCH line, the dashboard's own lines first", () => {
    const paths = runFolderAt("/shared/team lmms/runs/42");
    const { script } = buildBatchScript({ runId: 42, argv: ["lmms-eval", "eval"], paths, options: ALL_OPTIONS, env: {}, secretValues: [], exports: { PYTHONUNBUFFERED: "1" } });
    const directives = script.split("\n").filter((l) => l.startsWith("#SBATCH"));
    expect(directives).toEqual([
      "#SBATCH --job-name=lmms-eval-run-42",
      '#SBATCH --comment="/shared/team lmms/runs/42"',
      '#SBATCH --output="/shared/team lmms/runs/42/slurm-stdout.log"',
      '#SBATCH --error="/shared/team lmms/runs/42/slurm-stderr.log"',
      "#SBATCH --no-requeue",
      "#SBATCH --partition=gpu,gpu-long",
      "#SBATCH --account=vision-lab",
      "#SBATCH --qos=high",
      "#SBATCH --time=1-04:00:00",
      "#SBATCH --gres=gpu:2",
      "#SBATCH --cpus-per-task=16",
      "#SBATCH --mem=64G",
      "#SBATCH --constraint=a100",
      "#SBATCH --exclusive",
    ]);
    // sbatch stops reading directives at the first command: all of them come before the preamble.
    expect(script.indexOf("#SBATCH --exclusive")).toBeLessThan(script.indexOf("module load cuda/12.1"));
    expect(script).toContain("module load cuda/12.1\nsource /opt/venvs/lmms/bin/activate");
    expect(script.startsWith("#!/bin/bash\n")).toBe(true);
    syntaxOk(script);
  });

  it("leaves the cluster's defaults alone when nothing is set", () => {
    const { script, envFile } = buildBatchScript({ runId: 1, argv: ["lmms-eval"], paths: runFolderAt("/s/runs/1"), options: NO_OPTIONS, env: {}, secretValues: [], exports: {} });
    expect(script.split("\n").filter((l) => l.startsWith("#SBATCH")).map((l) => l.split("=")[0])).toEqual([
      "#SBATCH --job-name",
      "#SBATCH --comment",
      "#SBATCH --output",
      "#SBATCH --error",
      "#SBATCH --no-requeue",
    ]);
    expect(envFile).toBeNull();
    expect(script).not.toContain("env_file");
    syntaxOk(script);
  });

  it("runs exactly the argv lmms-eval would get locally, whatever the values (quotes, $(), backticks, newlines, globs)", () => {
    for (const hostile of HOSTILE) {
      const paths = runFolder();
      // Put a file there that a glob would match, and a variable a `$` would expand.
      fs.writeFileSync(path.join(paths.runDir, "a"), "");
      const argv = [FAKE, "eval", "--model", "standin", "--model_args", `pretrained=org/tiny,note=${hostile}`, "--system_instruction", hostile, "--tasks", "mme", "", hostile, "*", "~", "{a,b}", "$HOME", "--seed=1"];
      const built = buildBatchScript({ runId: 7, argv, paths, options: NO_OPTIONS, env: {}, secretValues: [], exports: { PYTHONUNBUFFERED: "1" } });
      syntaxOk(built.script);
      const result = execute(built, paths);
      expect(result.stderr).toBe("");
      expect(result.status).toBe(0);
      expect(result.argv, JSON.stringify(hostile)).toEqual(argv.slice(1));
      expect(fs.existsSync(CANARY), `executed: ${JSON.stringify(hostile)}`).toBe(false);
    }
  });

  it("runs the real argv builder's output for hostile run params unchanged", () => {
    const paths = runFolder("with space's");
    const argv = buildEvalArgv({
      commandPrefix: [FAKE],
      params: { model: "standin", modelArgs: `pretrained=org/tiny,prompt="$(touch ${CANARY}) \`touch ${CANARY}\` 'q'"`, tasks: ["mme", "ai2d*"], systemInstruction: `line1\nline2 $(touch ${CANARY}) ; touch ${CANARY}`, genKwargs: "temperature=0,until=[\"\\n\"]" },
      outputDir: paths.outputDir,
    });
    const built = buildBatchScript({ runId: 8, argv, paths, options: ALL_OPTIONS, env: {}, secretValues: secretArgvValues(argv), exports: {} });
    // The preamble refers to tools that do not exist here; bash reports them and carries on, like on a node without them.
    const result = execute({ ...built, script: built.script.replace(ALL_OPTIONS.preamble, ":") }, paths);
    expect(result.status).toBe(0);
    expect(result.argv).toEqual(argv.slice(1));
    expect(fs.readFileSync(paths.exitStatus, "utf8")).toBe("0\n");
    expect(fs.existsSync(CANARY)).toBe(false);
  });

  it("keeps secret values out of the script: the run's env and credential arguments come from a 0600 env file it deletes", () => {
    const paths = runFolder();
    const secretKey = `sk-'quoted' "double" $(touch ${CANARY}) \`touch ${CANARY}\`\nnewline`;
    const hfToken = "hf_abcdefghijklmnopqrstuvwxyz123456";
    const argv = [FAKE, "eval", "--model", "openai", "--model_args", `model=gpt-4o,api_key=${secretKey},base_url=http://x`, "--gen_kwargs", `temperature=0,token=${hfToken}`, `--note=${hfToken}`];
    const env = { OPENAI_API_KEY: `sk-env 'secret' $(touch ${CANARY})`, HF_TOKEN: hfToken, MULTI: "a\nb" };
    const built = buildBatchScript({ runId: 9, argv, paths, options: NO_OPTIONS, env, secretValues: secretArgvValues(argv), exports: { PYTHONUNBUFFERED: "1", LMMS_DASHBOARD_RUN_ID: "9" } });
    for (const secret of [secretKey, hfToken, env.OPENAI_API_KEY, "sk-env"]) expect(built.script).not.toContain(secret);
    expect(built.script).toContain('"${LMMS_DASHBOARD_SECRET_1}"');
    expect(built.envFile).toContain("export OPENAI_API_KEY=");
    syntaxOk(built.script);
    syntaxOk(built.envFile!);

    const result = execute(built, paths, { OPENAI_API_KEY: "from-the-worker", PYTHONUNBUFFERED: "0" });
    expect(result.status).toBe(0);
    expect(result.argv).toEqual(argv.slice(1));
    expect(result.env).toMatchObject({ OPENAI_API_KEY: env.OPENAI_API_KEY, HF_TOKEN: hfToken, MULTI: "a\nb", PYTHONUNBUFFERED: "1", LMMS_DASHBOARD_RUN_ID: "9" });
    // Credential arguments are shell variables of the script, not environment variables of lmms-eval.
    expect(Object.keys(result.env).some((k) => k.startsWith("LMMS_DASHBOARD_SECRET_"))).toBe(false);
    expect(fs.existsSync(paths.envFile)).toBe(false);
    expect(fs.existsSync(CANARY)).toBe(false);
  });

  it("exits with lmms-eval's status and records it next to the console files", () => {
    const paths = runFolder();
    const built = buildBatchScript({ runId: 10, argv: [FAKE, "eval"], paths, options: NO_OPTIONS, env: {}, secretValues: [], exports: {} });
    const result = execute(built, paths, { FAKE_EXIT: "3" });
    expect(result.status).toBe(3);
    expect(fs.readFileSync(paths.exitStatus, "utf8")).toBe("3\n");
  });

  it("says so when the run folder or the env file is missing on the node", () => {
    const gone = runFolderAt(path.join(root, "not-mounted", "runs", "11"));
    const missingFolder = execute(buildBatchScript({ runId: 11, argv: [FAKE], paths: gone, options: NO_OPTIONS, env: {}, secretValues: [], exports: {} }), gone);
    expect(missingFolder.status).toBe(SCRIPT_EXIT.runFolderMissing);
    expect(missingFolder.stderr).toMatch(/shared folder is not visible on .*: cannot enter .*not-mounted/);

    const paths = runFolder();
    const built = buildBatchScript({ runId: 12, argv: [FAKE], paths, options: NO_OPTIONS, env: { A: "b" }, secretValues: [], exports: {} });
    const noEnv = execute({ ...built, envFile: null }, paths);
    expect(noEnv.status).toBe(SCRIPT_EXIT.envFileMissing);
    expect(noEnv.stderr).toMatch(/environment file .* is missing/);
    expect(noEnv.argv).toBeNull();
  });

  it("refuses what it cannot write safely", () => {
    const paths = runFolderAt("/s/runs/1");
    const build = (over: Partial<Parameters<typeof buildBatchScript>[0]>) => () =>
      buildBatchScript({ runId: 1, argv: ["x"], paths, options: NO_OPTIONS, env: {}, secretValues: [], exports: {}, ...over });
    expect(build({ argv: [] })).toThrow(/empty/);
    expect(build({ argv: ["a\u0000b"] })).toThrow(/NUL/);
    expect(build({ env: { "BAD NAME": "x" } })).toThrow(/cannot be exported/);
    expect(build({ env: { "X=$(id)": "x" } })).toThrow(/cannot be exported/);
    expect(build({ paths: runFolderAt('/s/"quoted"/1') })).toThrow(/quotes/);
    expect(build({ paths: runFolderAt("/s/%j/1") })).toThrow(/%/);
    expect(build({ paths: runFolderAt("relative/1") })).toThrow(/absolute/);
    expect(build({ options: { ...NO_OPTIONS, partition: "gpu; touch x" } })).toThrow(/partition/);
    expect(build({ options: { ...NO_OPTIONS, extraDirectives: ["#SBATCH --x\ntouch x"] } })).toThrow(/single line/);
  });
});

describe("Slurm options", () => {
  it("accepts Slurm's own formats and refuses the rest", () => {
    for (const timeLimit of ["30", "30:00", "4:00:00", "2-00", "2-04:30", "2-04:30:00", "UNLIMITED"]) expect(slurmOptionProblems({ ...NO_OPTIONS, timeLimit })).toEqual([]);
    for (const timeLimit of ["4h", "1:2:3:4", "-1", "$(id)"]) expect(slurmOptionProblems({ ...NO_OPTIONS, timeLimit }).map((p) => p.field)).toEqual(["timeLimit"]);
    for (const memory of ["64G", "1024", "512M", "2t"]) expect(slurmOptionProblems({ ...NO_OPTIONS, memory })).toEqual([]);
    for (const memory of ["64 G", "lots", "1.5G"]) expect(slurmOptionProblems({ ...NO_OPTIONS, memory }).map((p) => p.field)).toEqual(["memory"]);
    expect(slurmOptionProblems({ ...NO_OPTIONS, account: "a b", qos: "q'", gpusPerRun: -1, cpusPerRun: 0 }).map((p) => p.field)).toEqual(["account", "qos", "gpusPerRun", "cpusPerRun"]);
  });

  it("extra lines: one #SBATCH line each, never one of the options the dashboard owns", () => {
    expect(checkExtraDirective("#SBATCH --constraint=a100")).toBeNull();
    expect(checkExtraDirective("#SBATCH --constraint=a100\n#SBATCH --x")).toMatch(/single line/);
    expect(checkExtraDirective("#SBATCH --x\rrm")).toMatch(/single line/);
    expect(checkExtraDirective("touch x")).toMatch(/must start with "#SBATCH "/);
    expect(checkExtraDirective("#SBATCH")).toMatch(/must start/);
    expect(checkExtraDirective("#SBATCH   ")).toMatch(/no option/);
    for (const owned of ["-o /tmp/x", "--output=/tmp/x", "-e x", "--error=x", "-J name", "--job-name=x", "--comment=x", "--chdir=/", "-D /", "--array=1-3", "--open-mode=append", "--wrap=id", "--parsable"]) {
      expect(checkExtraDirective(`#SBATCH ${owned}`), owned).toMatch(/the dashboard sets/);
    }
  });

  it("finds credentials in k=v flags (attached or not) and Hugging Face tokens anywhere", () => {
    const argv = ["lmms-eval", "eval", "--model_args", "pretrained=org/x,api_key=sk-1,token='quoted tok'", "--gen_kwargs=secret=s3,max_new_tokens=5", "--tasks", "hf_aaaaaaaaaaaaaaaaaaaa"];
    expect(secretArgvValues(argv)).toEqual(expect.arrayContaining(["sk-1", "'quoted tok'", "quoted tok", "s3", "hf_aaaaaaaaaaaaaaaaaaaa"]));
    expect(secretArgvValues(argv)).not.toContain("org/x");
    expect(secretArgvValues(["lmms-eval", "--model_args", "pretrained=x"])).toEqual([]);
  });
});

it("bash is available for these tests", () => {
  expect(execFileSync("bash", ["-c", "echo ok"], { encoding: "utf8" })).toBe("ok\n");
});
