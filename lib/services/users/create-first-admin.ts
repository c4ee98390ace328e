import { z } from "zod";
import type { DB } from "@/db/client";
import { users } from "@/db/schema";
import type { ServiceContext } from "@/lib/auth/actor";
import { hashPassword } from "@/lib/auth/password";
import { writeAudit } from "@/lib/services/audit";
import { ConflictError, InvalidInputError } from "@/lib/services/errors";
import { assertPasswordAllowed } from "@/lib/services/security/password-rules";
import { parseInput } from "@/lib/services/validate";
import { countUsers, toUserDto, type UserDto } from "./queries";
import { EmailSchema, NameSchema, PasswordSchema } from "./schemas";

const FirstAdminInput = z.object({ email: EmailSchema, name: NameSchema, password: PasswordSchema });

/**
 * The /setup page (and ADMIN_EMAIL/ADMIN_PASSWORD at start) create the first admin. Closed forever once any user
 * exists; the check and the insert share one IMMEDIATE transaction so two concurrent setups cannot both win.
 */
export async function createFirstAdmin({ db, ctx, input }: { db: DB; ctx: ServiceContext; input: unknown }): Promise<UserDto> {
  const data = parseInput(FirstAdminInput, input);
  assertPasswordAllowed(db, data.password);
  const passwordHash = await hashPassword(data.password);
  return db.transaction(
    (tx) => {
      if (countUsers(tx) > 0) throw new ConflictError("Setup is already complete: an administrator exists. Sign in instead.");
      const user = tx.insert(users).values({ ...data, role: "admin", passwordHash }).returning().get();
      writeAudit(tx, { ...ctx, actor: { id: user.id, email: user.email, name: user.name, role: "admin" } }, {
        action: "user.setup_first_admin",
        targetType: "user",
        targetId: user.id,
      });
      return toUserDto(user);
    },
    { behavior: "immediate" },
  );
}

export function isSetupComplete(db: DB): boolean {
  return countUsers(db) > 0;
}

/** Used once at start: ADMIN_EMAIL/ADMIN_PASSWORD create the first admin when no user exists. */
export async function ensureAdminFromEnv(db: DB, env: { adminEmail: string | null; adminPassword: string | null }): Promise<boolean> {
  if (!env.adminEmail || !env.adminPassword || isSetupComplete(db)) return false;
  try {
    await createFirstAdmin({
      db,
      ctx: { actor: null, via: "system" },
      input: { email: env.adminEmail, name: env.adminEmail.split("@")[0], password: env.adminPassword },
    });
    return true;
  } catch (error) {
    if (error instanceof ConflictError) return false;
    // Start-up stops on it: say which variable to fix.
    if (error instanceof InvalidInputError) throw new InvalidInputError(`ADMIN_EMAIL/ADMIN_PASSWORD refused: ${error.message}`, error.fields);
    throw error;
  }
}
