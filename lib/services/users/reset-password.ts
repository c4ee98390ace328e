import { eq, sql } from "drizzle-orm";
import { z } from "zod";
import type { DB } from "@/db/client";
import { users } from "@/db/schema";
import type { ServiceContext } from "@/lib/auth/actor";
import { hashPassword, verifyPassword } from "@/lib/auth/password";
import { authorizeOperatorOr, can, requireActor } from "@/lib/auth/permissions";
import { revisitUserSessions } from "@/lib/realtime/publish";
import { writeAudit } from "@/lib/services/audit";
import { InvalidInputError, NotFoundError } from "@/lib/services/errors";
import { assertPasswordAllowed } from "@/lib/services/security/password-rules";
import { parseInput } from "@/lib/services/validate";
import { findUserById } from "./queries";
import { PasswordSchema, UserIdSchema } from "./schemas";

const ResetPasswordInput = z.object({ userId: UserIdSchema, password: PasswordSchema });

/** Admin sets a new password for a user; their existing sessions end. */
export async function resetPassword({ db, ctx, input }: { db: DB; ctx: ServiceContext; input: unknown }): Promise<void> {
  authorizeOperatorOr(ctx, can.manageUsers);
  const data = parseInput(ResetPasswordInput, input);
  assertPasswordAllowed(db, data.password);
  const passwordHash = await hashPassword(data.password);
  db.transaction((tx) => {
    const user = findUserById(tx, { id: data.userId });
    if (!user) throw new NotFoundError(`User ${data.userId}`);
    tx.update(users)
      .set({ passwordHash, sessionVersion: sql`${users.sessionVersion} + 1` })
      .where(eq(users.id, user.id))
      .run();
    writeAudit(tx, ctx, { action: "user.reset_password", targetType: "user", targetId: user.id });
  });
  // Open sockets end with the sessions (from the CLI, in another process, the socket server's own check does it).
  revisitUserSessions(data.userId);
}

const ChangeOwnPasswordInput = z.object({
  currentPassword: z.string().min(1, { error: "Enter your current password" }),
  newPassword: PasswordSchema,
});

/** A signed-in user changes their own password (needs the current one). */
export async function changeOwnPassword({ db, ctx, input }: { db: DB; ctx: ServiceContext; input: unknown }): Promise<void> {
  const actor = requireActor(ctx);
  const data = parseInput(ChangeOwnPasswordInput, input);
  assertPasswordAllowed(db, data.newPassword, "newPassword");
  const user = findUserById(db, { id: actor.id });
  if (!user) throw new NotFoundError("Your account");
  if (!(await verifyPassword(data.currentPassword, user.passwordHash))) {
    throw new InvalidInputError("Current password is wrong", { currentPassword: ["Current password is wrong"] });
  }
  const passwordHash = await hashPassword(data.newPassword);
  db.transaction((tx) => {
    tx.update(users).set({ passwordHash }).where(eq(users.id, user.id)).run();
    writeAudit(tx, ctx, { action: "user.change_password", targetType: "user", targetId: user.id });
  });
}
