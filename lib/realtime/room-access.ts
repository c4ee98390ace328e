import type { Actor } from "@/lib/auth/actor";

/** Which rooms an actor may join. Private runs (issue #10) will narrow `run:<id>` here, in one place. */
export function canJoinRoom(actor: Actor, room: string): boolean {
  if (room === "runs") return true;
  if (room.startsWith("run:")) return true;
  if (room.startsWith("user:")) return room === `user:${actor.id}`;
  return false;
}
