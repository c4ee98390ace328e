import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { ConfigError, parseConfig } from "@/lib/config";

const dirs: string[] = [];
function tmp(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "cfg-include-"));
  dirs.push(dir);
  return dir;
}
afterEach(() => dirs.splice(0).forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

describe("LMMS_EVAL_INCLUDE_PATHS", () => {
  it("is empty by default", () => {
    expect(parseConfig({ PATH: "" }, tmp()).lmmsEvalIncludePaths).toEqual([]);
  });

  it("takes ':'-separated folders, relative ones against the working directory, each once", () => {
    const cwd = tmp();
    const absolute = tmp();
    fs.mkdirSync(path.join(cwd, "my_tasks"));
    const config = parseConfig({ PATH: "", LMMS_EVAL_INCLUDE_PATHS: ` my_tasks :${absolute}::${absolute}/` }, cwd);
    expect(config.lmmsEvalIncludePaths).toEqual([path.join(cwd, "my_tasks"), absolute]);
  });

  it("stops the start with one line naming a missing folder or a file", () => {
    const cwd = tmp();
    const file = path.join(cwd, "tasks.yaml");
    fs.writeFileSync(file, "task: x\n");
    const missing = path.join(cwd, "nope");
    expect(() => parseConfig({ PATH: "", LMMS_EVAL_INCLUDE_PATHS: `${cwd}:${missing}` }, cwd)).toThrowError(ConfigError);
    expect(() => parseConfig({ PATH: "", LMMS_EVAL_INCLUDE_PATHS: `${cwd}:${missing}` }, cwd)).toThrowError(
      `Invalid configuration: LMMS_EVAL_INCLUDE_PATHS: "${missing}" is missing (folders are separated by ':')`,
    );
    expect(() => parseConfig({ PATH: "", LMMS_EVAL_INCLUDE_PATHS: file }, cwd)).toThrowError(`LMMS_EVAL_INCLUDE_PATHS: "${file}" is not a folder`);
  });
});
