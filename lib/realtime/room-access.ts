import { getDb } from "@/lib/db";
import type { Actor } from "@/lib/auth/actor";
import { NotFoundError } from "@/lib/services/errors";
import { loadVisibleRun } from "@/lib/services/runs/get-run";

/** Which rooms an actor may join: a run's room only if the actor may see the run (private runs included). */
export function canJoinRoom(actor: Actor, room: string): boolean {
  if (room === "runs") return true;
  if (room.startsWith("run:")) {
    try {
      loadVisibleRun(getDb(), { actor, via: "session" }, room.slice(4));
      return true;
    } catch (error) {
      if (error instanceof NotFoundError) return false;
      throw error;
    }
  }
  if (room.startsWith("comparison:runs:")) return room.slice("comparison:runs:".length).split(",").every((id) => canJoinRoom(actor, `run:${id}`));
  if (room.startsWith("user:")) return room === `user:${actor.id}`;
  return false;
}
