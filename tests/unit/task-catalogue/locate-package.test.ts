import { execFileSync } from "node:child_process";
import { promises as fs } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { derivePythonInterpreter, interpreterFromScriptHead, locateLmmsEvalPackage } from "@/lib/lmms-eval/tasks";

function findPython(): string | null {
  try {
    return execFileSync("python3", ["-c", "import sys; print(sys.executable)"], { encoding: "utf8" }).trim();
  } catch {
    return null;
  }
}

const realPython = findPython();

describe("interpreterFromScriptHead", () => {
  it.each([
    ["#!/venv/bin/python3\n# -*- coding: utf-8 -*-\nimport sys\n", "/venv/bin/python3"],
    ["#!/usr/bin/env python3\nimport sys\n", "python3"],
    ["#!/usr/bin/env -S python3.11 -u\n", "python3.11"],
    ["#!/opt/pypy/bin/pypy3\n", "/opt/pypy/bin/pypy3"],
    ["#!/bin/sh\n'''exec' '/very long/venv path/bin/python' \"$0\" \"$@\"\n' '''\n", "/very long/venv path/bin/python"],
    ["#!/bin/sh\n'''exec' /long/venv/bin/python3 \"$0\" \"$@\"\n' '''\n", "/long/venv/bin/python3"],
  ])("finds the interpreter in %j", (head, expected) => {
    expect(interpreterFromScriptHead(head)).toBe(expected);
  });

  it.each([["#!/bin/bash\nexec foo\n"], ["#!/bin/sh\necho hi\n"], ["\u007fELF\u0002\u0001"], ["#!/usr/bin/env node\n"]])(
    "returns null for %j",
    (head) => {
      expect(interpreterFromScriptHead(head)).toBeNull();
    },
  );
});

describe("derivePythonInterpreter and locateLmmsEvalPackage", () => {
  let sandbox: string;
  let binDir: string;
  let sitePackages: string;

  beforeAll(async () => {
    sandbox = await fs.mkdtemp(path.join(os.tmpdir(), "locate-lmms-eval-"));
    binDir = path.join(sandbox, "bin");
    sitePackages = path.join(sandbox, "site-packages");
    await fs.mkdir(binDir);
    await fs.mkdir(path.join(sitePackages, "lmms_eval", "tasks"), { recursive: true });
    await fs.writeFile(path.join(sitePackages, "lmms_eval", "__init__.py"), "");
    await fs.writeFile(path.join(binDir, "lmms-eval"), `#!${realPython ?? "/usr/bin/python3"}\nfrom lmms_eval.cli.dispatch import main\nmain()\n`, {
      mode: 0o755,
    });
    await fs.writeFile(path.join(binDir, "not-python"), "#!/bin/bash\necho hi\n", { mode: 0o755 });
  });

  afterAll(async () => {
    await fs.rm(sandbox, { recursive: true, force: true });
  });

  it("takes argv[0] of the `-m lmms_eval` form as the interpreter", async () => {
    expect(await derivePythonInterpreter(["python3", "-m", "lmms_eval"], {})).toEqual({ ok: true, python: "python3" });
    expect(await derivePythonInterpreter(["/venv/bin/python", "-m", "lmms_eval"], {})).toEqual({ ok: true, python: "/venv/bin/python" });
  });

  it("reads a console script's shebang, found on the PATH it is given", async () => {
    expect(await derivePythonInterpreter(["lmms-eval"], { PATH: binDir })).toEqual({ ok: true, python: realPython ?? "/usr/bin/python3" });
    expect(await derivePythonInterpreter([path.join(binDir, "lmms-eval")], {})).toEqual({ ok: true, python: realPython ?? "/usr/bin/python3" });
  });

  it("explains why no interpreter can be derived", async () => {
    expect(await derivePythonInterpreter([], {})).toEqual({ ok: false, reason: "the lmms-eval command is empty" });
    expect(await derivePythonInterpreter(["lmms-eval"], { PATH: path.join(sandbox, "empty") })).toEqual({
      ok: false,
      reason: "'lmms-eval' was not found on PATH",
    });
    expect(await derivePythonInterpreter(["not-python"], { PATH: binDir })).toEqual({
      ok: false,
      reason: `${path.join(binDir, "not-python")} is not a Python console script (its #! line names no python interpreter)`,
    });
  });

  it.skipIf(!realPython)("returns the package directory printed by the interpreter", async () => {
    const location = await locateLmmsEvalPackage({ commandPrefix: ["lmms-eval"], env: { PATH: binDir, PYTHONPATH: sitePackages } });
    const packageDir = await fs.realpath(path.join(sitePackages, "lmms_eval"));
    expect(location).toEqual({ ok: true, python: realPython, packageDir, tasksDir: path.join(packageDir, "tasks") });
  });

  it.skipIf(!realPython)("reports the import error when lmms_eval is not installed", async () => {
    const location = await locateLmmsEvalPackage({ commandPrefix: [realPython!, "-m", "lmms_eval"], env: { PATH: binDir } });
    expect(location).toEqual({ ok: false, reason: `${realPython} could not import lmms_eval: ModuleNotFoundError: No module named 'lmms_eval'` });
  });

  it("reports a missing interpreter", async () => {
    const missing = path.join(sandbox, "nowhere", "python3");
    expect(await locateLmmsEvalPackage({ commandPrefix: [missing, "-m", "lmms_eval"], env: {} })).toEqual({
      ok: false,
      reason: `python interpreter '${missing}' was not found`,
    });
  });
});
