import { describe, expect, it } from "vitest";
import { workerHeartbeats } from "@/db/schema";
import { getHealth, WORKER_STALE_MS } from "@/lib/services/system/get-health";
import { freshDb } from "../../helpers/db";
import { STANDIN_COMMAND, useStandinEnvironment } from "../../helpers/standin";

useStandinEnvironment();

describe("health (GET /api/health and Settings → System)", () => {
  it("reports the worker down without a recent heartbeat and up with one", async () => {
    const db = freshDb();
    expect(await getHealth(db, STANDIN_COMMAND)).toMatchObject({ status: "ok", db: "ok", worker: "down" });
    const beat = { workerId: "w1", pid: 1, hostname: "h", startedAt: new Date() };
    db.insert(workerHeartbeats).values({ ...beat, lastSeenAt: new Date(Date.now() - WORKER_STALE_MS - 1000) }).run();
    expect((await getHealth(db, STANDIN_COMMAND)).worker).toBe("down");
    db.update(workerHeartbeats).set({ lastSeenAt: new Date() }).run();
    expect((await getHealth(db, STANDIN_COMMAND)).worker).toBe("up");
  });

  it("says whether lmms-eval answers, with its version, and never more than the command prefix", async () => {
    const db = freshDb();
    const found = await getHealth(db, STANDIN_COMMAND);
    expect(found.lmmsEval).toMatchObject({ found: true, command: STANDIN_COMMAND });
    expect(found.lmmsEval.version).toMatch(/^\d+\.\d+/);
    const missing = await getHealth(db, ["/nonexistent/lmms-eval-for-health-test"]);
    expect(missing.lmmsEval).toEqual({ found: false, version: null, command: ["/nonexistent/lmms-eval-for-health-test"] });
    expect(missing.lmmsEvalDetail.error).toBeTruthy();
    expect(missing.status).toBe("ok");
  });
});
