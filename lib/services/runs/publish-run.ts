import { eq } from "drizzle-orm";
import type { DB } from "@/db/client";
import { runs, users } from "@/db/schema";
import { EVENTS, rooms, type Publisher } from "@/lib/realtime/events";
import { queuePositions } from "./queries";
import { privateRunAudience } from "./run-access";

/** Where a run's list-level events go: the team's runs room, or (private runs) each allowed user's own room. */
export function listRooms(db: DB, run: { id: number; createdById: number | null; visibility: "team" | "private" }): string[] {
  return run.visibility === "private" ? privateRunAudience(db, run).map((id) => rooms.user(id)) : [rooms.runs];
}
import { toRunDto } from "./run-dto";

/**
 * After the DB is written: tell the run's room and the runs list. Queued runs' positions shift whenever one of
 * them moves, so the list also gets every queued run's new position.
 */
export function publishRunChanged(db: DB, publisher: Publisher, runId: number): void {
  const row = db
    .select({ run: runs, createdByName: users.name })
    .from(runs)
    .leftJoin(users, eq(users.id, runs.createdById))
    .where(eq(runs.id, runId))
    .get();
  if (!row) return;
  const positions = queuePositions(db);
  const dto = toRunDto(row.run, { createdByName: row.createdByName, queuePosition: positions.get(runId) ?? null });
  publisher.publish(rooms.run(runId), EVENTS.runUpdated, dto);
  // The team room would leak a private run to everyone: its list updates go only to the people who may see it.
  for (const room of listRooms(db, row.run)) publisher.publish(room, EVENTS.runUpdated, dto);
  publisher.publish(rooms.runs, EVENTS.queueChanged, Object.fromEntries(positions));
}
