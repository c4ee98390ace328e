import fs from "node:fs";
import path from "node:path";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { auditLog } from "@/db/schema";
import { ForbiddenError, InvalidInputError } from "@/lib/services/errors";
import { createRun, previewRunCommand } from "@/lib/services/runs/create-run";
import { getRun } from "@/lib/services/runs/get-run";
import { getExecutorOptions } from "@/lib/services/slurm/get-executor-options";
import { getSlurmSettings } from "@/lib/services/slurm/get-slurm-settings";
import { readSlurmSettings } from "@/lib/services/slurm/read-slurm-settings";
import { updateSlurmSettings } from "@/lib/services/slurm/update-slurm-settings";
import { ctxFor, freshDb, insertUser } from "../../helpers/db";
import { RecordingPublisher } from "../../helpers/recording-publisher";
import { STANDIN_COMMAND, tempDir, testRunConfig, useStandinEnvironment } from "../../helpers/standin";

useStandinEnvironment();

function setup() {
  const db = freshDb();
  const admin = insertUser(db, "admin");
  const member = insertUser(db, "member");
  const shared = tempDir("slurm-shared-");
  const config = testRunConfig(tempDir("slurm-svc-runs-"));
  const save = (input: Record<string, unknown>) => updateSlurmSettings({ db, ctx: ctxFor(admin), input, dashboardCommand: STANDIN_COMMAND });
  const launch = (input: Record<string, unknown>) => createRun({ db, ctx: ctxFor(member), input: { model: "standin", tasks: ["mme"], ...input }, deps: config, publisher: new RecordingPublisher() });
  return { db, admin, member, shared, config, save, launch };
}

/** The field errors a service call fails with. */
function fieldsOf(call: () => unknown): Record<string, string[]> {
  try {
    call();
  } catch (error) {
    if (error instanceof InvalidInputError) return error.fields ?? {};
    throw error;
  }
  throw new Error("expected an InvalidInputError");
}

describe("Slurm settings", () => {
  it("admins only; defaults until saved; saved under one key, audited", () => {
    const { db, admin, member, shared, save } = setup();
    expect(() => getSlurmSettings({ db, ctx: ctxFor(member) })).toThrow(ForbiddenError);
    expect(() => updateSlurmSettings({ db, ctx: ctxFor(member), input: { sharedDir: shared } })).toThrow(ForbiddenError);
    expect(getSlurmSettings({ db, ctx: ctxFor(admin), dashboardCommand: STANDIN_COMMAND })).toMatchObject({ configured: false, defaultExecutor: "local", sharedDir: "", effectiveLmmsEvalCommand: STANDIN_COMMAND });

    const saved = save({
      defaultExecutor: "slurm",
      sharedDir: `${shared}/`,
      lmmsEvalCommand: '"/opt/venv with space/bin/python" -m lmms_eval',
      partition: "gpu",
      account: "lab",
      qos: "normal",
      timeLimit: "04:00:00",
      gpusPerRun: "2",
      cpusPerRun: "",
      memory: "64G",
      extraDirectives: "#SBATCH --constraint=a100\n\n  #SBATCH --exclusive  \n",
      preamble: "module load cuda\r\nsource /opt/venv/bin/activate\r\n",
    });
    expect(saved).toMatchObject({
      configured: true,
      defaultExecutor: "slurm",
      sharedDir: shared,
      lmmsEvalCommand: ["/opt/venv with space/bin/python", "-m", "lmms_eval"],
      effectiveLmmsEvalCommand: ["/opt/venv with space/bin/python", "-m", "lmms_eval"],
      gpusPerRun: 2,
      cpusPerRun: null,
      extraDirectives: ["#SBATCH --constraint=a100", "#SBATCH --exclusive"],
      preamble: "module load cuda\nsource /opt/venv/bin/activate\n",
    });
    expect(readSlurmSettings(db)).toMatchObject({ partition: "gpu", timeLimit: "04:00:00" });
    expect(db.select().from(auditLog).where(eq(auditLog.action, "settings.slurm")).all()).toHaveLength(1);
  });

  it("every invalid field is reported with its own message", () => {
    const { shared, save } = setup();
    const fields = fieldsOf(() =>
      save({
        sharedDir: "relative/path",
        partition: "gpu; touch x",
        timeLimit: "4 hours",
        memory: "lots",
        gpusPerRun: -1,
        cpusPerRun: 0,
        extraDirectives: ["#SBATCH --output=/tmp/x", "echo not a directive"],
        lmmsEvalCommand: '"unclosed',
      }),
    );
    expect(Object.keys(fields).sort()).toEqual(["cpusPerRun", "extraDirectives", "gpusPerRun", "lmmsEvalCommand", "memory", "partition", "sharedDir", "timeLimit"]);
    expect(fields.extraDirectives).toEqual([expect.stringMatching(/the dashboard sets --output/), expect.stringMatching(/must start with "#SBATCH "/)]);
    expect(fieldsOf(() => save({ sharedDir: path.join(shared, "missing") })).sharedDir[0]).toMatch(/does not exist on the dashboard host/);
    const file = path.join(shared, "a-file");
    fs.writeFileSync(file, "");
    expect(fieldsOf(() => save({ sharedDir: file })).sharedDir[0]).toMatch(/is not a folder/);
    expect(fieldsOf(() => save({ sharedDir: `${shared}/50%` })).sharedDir[0]).toMatch(/'%'/);
    expect(fieldsOf(() => save({ defaultExecutor: "slurm" })).defaultExecutor[0]).toMatch(/only once a shared folder is set/);
  });
});

describe("choosing the executor of a run", () => {
  it("the new-run form learns whether to offer Slurm and what to preselect", () => {
    const { db, member, shared, save } = setup();
    expect(getExecutorOptions({ db, ctx: ctxFor(member) })).toEqual({ slurmAvailable: false, defaultExecutor: "local" });
    save({ sharedDir: shared, defaultExecutor: "slurm" });
    expect(getExecutorOptions({ db, ctx: ctxFor(member) })).toEqual({ slurmAvailable: true, defaultExecutor: "slurm" });
    expect(() => getExecutorOptions({ db, ctx: ctxFor(insertUser(db, "viewer")) })).toThrow(ForbiddenError);
  });

  it("slurm is refused with a field error while Slurm is not configured", async () => {
    const { launch } = setup();
    await expect(launch({ executor: "slurm" })).rejects.toMatchObject({ code: "invalid_input", fields: { executor: [expect.stringMatching(/Slurm is not configured/)] } });
    await expect(launch({ executor: "cloud" })).rejects.toMatchObject({ fields: { executor: ["executor must be local or slurm"] } });
    expect((await launch({})).executor).toBe("local");
  });

  it("a Slurm run's command points at the shared folder and the nodes' command; the default comes from the settings", async () => {
    const { db, member, shared, config, save, launch } = setup();
    save({ sharedDir: shared, lmmsEvalCommand: "/nodes/bin/lmms-eval" });
    expect((await launch({})).executor).toBe("local");
    const run = await launch({ executor: "slurm", env: { HF_TOKEN: "hf_notshownanywhere1234567" } });
    expect(run.executor).toBe("slurm");
    expect(run.commandPreview).toBe(`HF_TOKEN=*** /nodes/bin/lmms-eval eval --model standin --tasks mme --output_path ${shared}/runs/${run.id}/output --log_samples --timezone UTC`);
    expect(getRun({ db, ctx: ctxFor(member), runId: run.id }).slurm).toEqual({ jobId: null, state: null, reason: null, node: null, summary: "not submitted yet", batchScript: null });
    const preview = previewRunCommand({ db, ctx: ctxFor(member), input: { model: "standin", tasks: ["mme"], executor: "slurm" }, deps: config });
    expect(preview.command).toBe(`/nodes/bin/lmms-eval eval --model standin --tasks mme --output_path ${shared}/runs/<id>/output --log_samples --timezone UTC`);

    save({ sharedDir: shared, defaultExecutor: "slurm" });
    const byDefault = await launch({});
    expect(byDefault.executor).toBe("slurm");
    expect(byDefault.commandPreview).toContain(`${STANDIN_COMMAND.join(" ")} eval`);
    expect((await launch({ executor: "local" })).executor).toBe("local");

    // The folder vanished (unmounted): a launch says so instead of queueing a run that cannot start.
    fs.rmSync(shared, { recursive: true });
    await expect(launch({})).rejects.toMatchObject({ fields: { executor: [expect.stringMatching(/does not exist on the dashboard host/)] } });
  });
});
