import { eq } from "drizzle-orm";
import type { DB } from "@/db/client";
import { users, type Theme } from "@/db/schema";
import type { ServiceContext } from "@/lib/auth/actor";
import { requireActor } from "@/lib/auth/permissions";
import { parseInput } from "@/lib/services/validate";
import { ThemeSchema } from "./schemas";

/** Remembers the user's light/dark/system choice (a preference, so not audited). */
export function setTheme({ db, ctx, input }: { db: DB; ctx: ServiceContext; input: unknown }): Theme {
  const actor = requireActor(ctx);
  const theme = parseInput(ThemeSchema, input);
  db.update(users).set({ theme }).where(eq(users.id, actor.id)).run();
  return theme;
}
