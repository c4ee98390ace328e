import { eq, sql } from "drizzle-orm";
import { z } from "zod";
import type { DB } from "@/db/client";
import { recoveryCodes, users, userTwoFactor } from "@/db/schema";
import type { ServiceContext } from "@/lib/auth/actor";
import { authorizeOperatorOr, can } from "@/lib/auth/permissions";
import { revisitUserSessions } from "@/lib/realtime/publish";
import { writeAudit } from "@/lib/services/audit";
import { InvalidInputError, NotFoundError } from "@/lib/services/errors";
import { parseInput } from "@/lib/services/validate";
import { findUserById } from "../queries";
import { UserIdSchema } from "../schemas";

const ResetTwoFactorInput = z.object({ userId: UserIdSchema });

/**
 * An admin (or the operator CLI) removes a user's authenticator and recovery codes, e.g. after a lost phone. The
 * user's sessions end too: whoever has the phone now must not keep a session that it protected. If the policy requires
 * two-factor for them, they set up a new authenticator at their next sign-in.
 */
export function resetTwoFactor({ db, ctx, input }: { db: DB; ctx: ServiceContext; input: unknown }): void {
  authorizeOperatorOr(ctx, can.manageUsers);
  const { userId } = parseInput(ResetTwoFactorInput, input);
  db.transaction((tx) => {
    const user = findUserById(tx, { id: userId });
    if (!user) throw new NotFoundError(`User ${userId}`);
    const removed = tx.delete(userTwoFactor).where(eq(userTwoFactor.userId, userId)).run().changes;
    tx.delete(recoveryCodes).where(eq(recoveryCodes.userId, userId)).run();
    if (removed === 0) throw new InvalidInputError(`${user.email} has no two-factor authentication to reset`);
    tx.update(users).set({ sessionVersion: sql`${users.sessionVersion} + 1` }).where(eq(users.id, userId)).run();
    writeAudit(tx, ctx, { action: "user.two_factor_reset", targetType: "user", targetId: userId, detail: { email: user.email } });
  });
  // Open sockets end with the sessions (from the CLI, in another process, the socket server's own check does it).
  revisitUserSessions(userId);
}
