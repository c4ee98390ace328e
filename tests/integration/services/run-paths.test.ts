import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runs } from "@/db/schema";
import { InvalidInputError } from "@/lib/services/errors";
import { createRun, previewRunCommand } from "@/lib/services/runs/create-run";
import { refreshTaskCatalogue } from "@/lib/services/tasks/refresh-task-catalogue";
import { ctxFor, freshDb, insertUser } from "../../helpers/db";
import { RecordingPublisher } from "../../helpers/recording-publisher";
import { STANDIN_COMMAND, tempDir, testRunConfig, useStandinEnvironment } from "../../helpers/standin";

useStandinEnvironment();

describe("a run's host paths stay inside the configured folders", () => {
  const dataDir = tempDir("run-paths-");
  afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));
  const teamTasks = path.join(dataDir, "include", "team_tasks");
  fs.mkdirSync(path.join(teamTasks, "vision"), { recursive: true });
  fs.writeFileSync(path.join(teamTasks, "vision", "probe.yaml"), "task: team_probe\ndataset_path: json\n");
  const outside = path.join(dataDir, "elsewhere");
  fs.mkdirSync(outside);
  fs.symlinkSync(outside, path.join(teamTasks, "escape"));
  const config = testRunConfig(path.join(dataDir, "runs"), { includePaths: [teamTasks] });
  fs.mkdirSync(config.responseCacheRoot, { recursive: true });
  fs.symlinkSync(outside, path.join(config.responseCacheRoot, "escape"));

  const db = freshDb();
  const member = insertUser(db, "member");
  const publisher = new RecordingPublisher();
  beforeAll(async () => {
    await refreshTaskCatalogue({ db, ctx: ctxFor(member), command: STANDIN_COMMAND, includePaths: [teamTasks] });
  });
  const base = { model: "standin", tasks: ["mme"] };
  const create = (input: Record<string, unknown>) => createRun({ db, ctx: ctxFor(member), input: { ...base, ...input }, deps: config, publisher });
  const fieldsOf = async (input: Record<string, unknown>) => {
    const error = await create(input).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidInputError);
    return (error as InvalidInputError).fields;
  };
  const includeHint = `Use one of the include folders (LMMS_EVAL_INCLUDE_PATHS) or a folder inside one: ${teamTasks}`;

  it.each(["/", "/etc", path.dirname(teamTasks), `${teamTasks}/../..`, path.join(teamTasks, "escape")])(
    "refuses the include path %s before looking at it, and queues nothing",
    async (includePath) => {
      expect(await fieldsOf({ includePath })).toEqual({ includePath: [includeHint] });
      expect(() => previewRunCommand({ db, ctx: ctxFor(member), input: { ...base, includePath }, deps: config })).toThrow(`include path ${includePath} is not inside an include folder`);
      expect(db.select().from(runs).all()).toEqual([]);
    },
  );

  it("accepts an include folder and a folder inside one; a missing one is named as such", async () => {
    expect((await create({ includePath: teamTasks, tasks: ["team_probe"] })).params.includePath).toBe(teamTasks);
    expect((await create({ includePath: path.join(teamTasks, "vision"), tasks: ["team_probe"] })).params.includePath).toBe(path.join(teamTasks, "vision"));
    expect(await fieldsOf({ includePath: path.join(teamTasks, "gone") })).toEqual({ includePath: ["Not a folder on the dashboard host"] });
  });

  it("refuses a response cache outside LMMS_EVAL_CACHE_ROOT (also through .. and symlinks) and accepts one inside", async () => {
    const cacheHint = `The response cache must be inside ${config.responseCacheRoot} (LMMS_EVAL_CACHE_ROOT), e.g. ${path.join(config.responseCacheRoot, "my-model")}`;
    for (const useCache of ["/tmp/cache", "/", `${config.responseCacheRoot}/../elsewhere`, path.join(config.responseCacheRoot, "escape", "deeper")]) {
      expect(await fieldsOf({ useCache })).toEqual({ useCache: [cacheHint] });
    }
    const inside = path.join(config.responseCacheRoot, "qwen", "v2");
    expect((await create({ useCache: inside })).params.useCache).toBe(inside);
  });
});
