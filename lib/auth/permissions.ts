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

const atLeastMember = (role: Role) => role === "member" || role === "admin";

export const can = {
  viewDashboard: (actor: Actor) => Boolean(actor),
  launchRun: (actor: Actor) => atLeastMember(actor.role),
  importResults: (actor: Actor) => atLeastMember(actor.role),
  /** Server-side folder import reads the host's file system: admins only. */
  importFromServerPath: (actor: Actor) => actor.role === "admin",
  controlRun: (actor: Actor, run: Owned) =>
    actor.role === "admin" || (actor.role === "member" && run.createdById === actor.id),
  editOwned: (actor: Actor, thing: Owned) =>
    actor.role === "admin" || (actor.role === "member" && thing.createdById === actor.id),
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
