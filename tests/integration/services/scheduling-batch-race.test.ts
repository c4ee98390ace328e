import { eq } from "drizzle-orm";
import { describe, expect, it, vi } from "vitest";
import { batches, batchItems, runs } from "@/db/schema";
import { ConflictError } from "@/lib/services/errors";
import { createModel } from "@/lib/services/models/manage-models";
import { createVersion } from "@/lib/services/models/manage-versions";
import { createBatch } from "@/lib/services/schedules/batches";
import { ctxFor, freshDb, insertUser } from "../../helpers/db";
import { RecordingPublisher } from "../../helpers/recording-publisher";
import { tempDir, testRunConfig, useStandinEnvironment } from "../../helpers/standin";

// The moment between createBatch's checks and its launches cannot be reached from outside (createRun is called
// right after the checks pass), so the second launch is made to fail here, as if its version was archived meanwhile.
const launches = vi.hoisted(() => ({ failOn: 0, count: 0 }));
vi.mock("@/lib/services/runs/create-run", async (importOriginal) => {
  const original = await importOriginal<typeof import("@/lib/services/runs/create-run")>();
  return {
    ...original,
    createRun: async (args: Parameters<typeof original.createRun>[0]) => {
      launches.count++;
      if (launches.count === launches.failOn) throw new ConflictError("archived meanwhile");
      return original.createRun(args);
    },
  };
});

useStandinEnvironment();

describe("a batch whose launch fails after its checks passed", () => {
  it("leaves no batch and no queued run behind: the runs it had queued are cancelled", async () => {
    const db = freshDb();
    const member = insertUser(db, "member");
    const ctx = ctxFor(member);
    const publisher = new RecordingPublisher();
    const model = createModel({ db, ctx, input: { name: "race" } });
    const v1 = createVersion({ db, ctx, input: { modelId: model.id, label: "v1", backend: "standin" }, publisher });
    const v2 = createVersion({ db, ctx, input: { modelId: model.id, label: "v2", backend: "standin" }, publisher });
    launches.failOn = 2;
    await expect(createBatch({ db, ctx, input: { modelVersionIds: [v1.id, v2.id], tasks: ["mme"] }, deps: testRunConfig(tempDir("race-runs-")), publisher })).rejects.toThrow(/archived meanwhile/);
    expect(db.select().from(batches).all()).toEqual([]);
    expect(db.select().from(batchItems).all()).toEqual([]);
    expect(db.select({ status: runs.status }).from(runs).where(eq(runs.modelVersionId, v1.id)).all()).toEqual([{ status: "cancelled" }]);
    expect(db.select().from(runs).where(eq(runs.status, "queued")).all()).toEqual([]);
  });
});
