import type { Role, TokenScope } from "@/db/schema";

/** Who is calling a service, as established by a boundary (session, API token, scheduler, CLI). */
export type Actor = {
  id: number;
  email: string;
  name: string;
  role: Role;
};

export type ServiceContext = {
  /** null only for the system itself (first-admin bootstrap, worker housekeeping). */
  actor: Actor | null;
  /** How the actor reached us; part of the audit trail. */
  via: "session" | "token" | "cli" | "worker" | "schedule" | "system";
  /** Extra words for the audit label, e.g. the token name or the schedule that fired. */
  viaLabel?: string;
  ip?: string | null;
  requestId?: string;
  /** The API token a request came with (`via: "token"`): what it may do and until when. */
  token?: { id: number; scopes: TokenScope[]; expiresAt: Date | null };
};

export function actorLabel(ctx: ServiceContext): string {
  const who = ctx.actor ? ctx.actor.email : "system";
  if (ctx.via === "token") return `${who} (API token ${ctx.viaLabel ?? ""})`.replace(" )", ")");
  if (ctx.via === "schedule") return `${ctx.viaLabel ?? "schedule"} (owner ${who})`;
  if (ctx.via === "cli") return `${who} (CLI)`;
  return who;
}

export const systemContext = (via: ServiceContext["via"] = "system"): ServiceContext => ({ actor: null, via });
