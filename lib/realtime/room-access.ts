import { getDb } from "@/lib/db";
import type { Actor } from "@/lib/auth/actor";
import { InvalidInputError, NotFoundError } from "@/lib/services/errors";
import { loadVisibleRun } from "@/lib/services/runs/get-run";

/**
 * Which rooms an actor may join: a run's room only if the actor may see the run (private runs included). A run that
 * does not exist, or an id that cannot be one, is refused exactly like a run the actor may not see.
 */
export function canJoinRoom(actor: Actor, room: string): boolean {
  if (room === "runs") return true;
  if (room.startsWith("run:")) {
    try {
      loadVisibleRun(getDb(), { actor, via: "session" }, room.slice(4));
      return true;
    } catch (error) {
      if (error instanceof NotFoundError || error instanceof InvalidInputError) return false;
      throw error;
    }
  }
  if (room.startsWith("comparison:runs:")) return room.slice("comparison:runs:".length).split(",").every((id) => canJoinRoom(actor, `run:${id}`));
  if (room.startsWith("user:")) return room === `user:${actor.id}`;
  return false;
}
