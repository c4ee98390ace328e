import type { Role } from "@/db/schema";
import { ForbiddenError, UnauthorizedError } from "@/lib/services/errors";
import type { Actor, ServiceContext } from "./actor";

/**
 * Every capability is one named predicate (house style 9), used by server actions, route handlers and socket
 * handshakes alike, and walked as a matrix in tests/unit/auth/permissions.test.ts.
 *
 * viewers read everything; members also launch/cancel runs and edit what they created; admins manage users and
 * settings (and may act on anything).
 */

type Owned = { createdById: number | null };

/**
 * What decides access to a run: its owner, its visibility, and the actor's own share of it (if any). A team run is
 * visible to everyone in the team; a private one only to its owner, admins and the people it is shared with.
 */
export type RunAcl = Owned & { visibility?: "team" | "private"; sharePermission?: "view" | "comment" | "control" | null };

const isOwner = (actor: Actor, run: Owned) => run.createdById === actor.id;
const viewRun = (actor: Actor, run: RunAcl) => actor.role === "admin" || isOwner(actor, run) || run.visibility !== "private" || Boolean(run.sharePermission);

const atLeastMember = (role: Role) => role === "member" || role === "admin";

export const can = {
  viewDashboard: (actor: Actor) => Boolean(actor),
  launchRun: (actor: Actor) => atLeastMember(actor.role),
  importResults: (actor: Actor) => atLeastMember(actor.role),
  /** Server-side folder import reads the host's file system: admins only. */
  importFromServerPath: (actor: Actor) => actor.role === "admin",
  viewRun,
  /** Team runs: members and admins discuss; private runs: owner, admins, and shares with comment or control. */
  commentRun: (actor: Actor, run: RunAcl) =>
    viewRun(actor, run) &&
    (actor.role === "admin" ||
      isOwner(actor, run) ||
      (run.visibility === "private" ? run.sharePermission === "comment" || run.sharePermission === "control" : actor.role !== "viewer")),
  /** Cancel, reorder, re-run as the owner: owner (member) or admin, or someone the owner shared it with for control. */
  controlRun: (actor: Actor, run: RunAcl) =>
    actor.role === "admin" || (actor.role === "member" && isOwner(actor, run)) || run.sharePermission === "control",
  /** Only the owner (or an admin) decides who sees a run. */
  shareRun: (actor: Actor, run: Owned) => actor.role === "admin" || isOwner(actor, run),
  editOwned: (actor: Actor, thing: Owned) =>
    actor.role === "admin" || (actor.role === "member" && thing.createdById === actor.id),
  /**
   * Edit, pause, delete or "run now" a schedule: its owner (while a member) or an admin. Not controlRun: a run shared
   * "for control" says nothing about the schedule that made it, and a schedule launches runs in its owner's name.
   */
  manageSchedule: (actor: Actor, schedule: Owned) => actor.role === "admin" || (actor.role === "member" && isOwner(actor, schedule)),
  createOwned: (actor: Actor) => atLeastMember(actor.role),
  manageUsers: (actor: Actor) => actor.role === "admin",
  manageSettings: (actor: Actor) => actor.role === "admin",
  viewAuditLog: (actor: Actor) => actor.role === "admin",
  /** Everyone may hold personal API tokens; a token never has more rights than its owner's role. */
  manageOwnTokens: (actor: Actor) => Boolean(actor),
  viewSystem: (actor: Actor) => Boolean(actor),
} as const;

export type Capability = keyof typeof can;

export function requireActor(ctx: ServiceContext): Actor {
  if (!ctx.actor) throw new UnauthorizedError();
  return ctx.actor;
}

/**
 * The operator CLI (scripts/admin.ts) runs with access to DATA_DIR and the database file, i.e. above every role, so
 * user administration lets it through; everything else still needs a real actor.
 */
export function authorizeOperatorOr(ctx: ServiceContext, check: (actor: Actor) => boolean): Actor | null {
  if (ctx.via === "cli" && ctx.actor === null) return null;
  return authorize(ctx, check);
}

/** Throws ForbiddenError unless the predicate allows it; returns the actor for convenience. */
export function authorize<Args extends unknown[]>(
  ctx: ServiceContext,
  check: (actor: Actor, ...args: Args) => boolean,
  ...args: Args
): Actor {
  const actor = requireActor(ctx);
  if (!check(actor, ...args)) throw new ForbiddenError();
  return actor;
}
