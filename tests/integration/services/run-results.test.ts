import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { runResults, runs } from "@/db/schema";
import { getRunResults } from "@/lib/services/results/get-run-results";
import { NotFoundError } from "@/lib/services/errors";
import { ctxFor, freshDb, insertUser } from "../../helpers/db";
import { runWithSamples } from "../../helpers/synthetic-run";

describe("a run's results", () => {
  it("are shaped once per ingest: a repeat view is the same, a re-import shows the new results, access is checked every time", async () => {
    const db = freshDb();
    const owner = insertUser(db, "member");
    const other = insertUser(db, "member");
    const line = (correct: boolean) => ({ docId: 0, input: "q", response: "a", correct });
    const { runId } = await runWithSamples(db, { createdById: owner.id, task: "t", lines: [line(true)] });
    const first = getRunResults({ db, ctx: ctxFor(owner), runId })!;
    expect(first).toMatchObject({ runId, sampleCount: 1, tasks: [{ task: "t", isGroup: false, subtasks: [], sampleCount: 1, correctCount: 1 }] });
    expect(first.metrics).toEqual([expect.objectContaining({ task: "t", metric: "exact_match", filter: "none", value: 0.5, isGroup: false, higherIsBetter: true, valueRaw: null, extras: null, n: 1, taskVersion: "1" })]);
    expect(getRunResults({ db, ctx: ctxFor(other), runId })).toEqual(first);

    // Re-imported with other files: a new ingest, so the new results, not the ones shaped before.
    await runWithSamples(db, { createdById: owner.id, task: "t", runId, stamp: "20260102_000000", lines: [line(false), { ...line(false), docId: 1 }] });
    expect(getRunResults({ db, ctx: ctxFor(owner), runId })).toMatchObject({ sampleCount: 2, tasks: [{ correctCount: 0, incorrectCount: 2 }] });

    // Made private: the shaped results are not handed to someone who may no longer see the run.
    db.update(runs).set({ visibility: "private" }).where(eq(runs.id, runId)).run();
    expect(() => getRunResults({ db, ctx: ctxFor(other), runId })).toThrow(NotFoundError);
    // Results removed (a failed import rolled back): none, not the shaped ones.
    db.delete(runResults).where(eq(runResults.runId, runId)).run();
    expect(getRunResults({ db, ctx: ctxFor(owner), runId })).toBeNull();
  });
});
