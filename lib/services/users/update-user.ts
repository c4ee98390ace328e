import { and, count, eq, ne, sql } from "drizzle-orm";
import { z } from "zod";
import type { DB, Tx } from "@/db/client";
import { users } from "@/db/schema";
import type { ServiceContext } from "@/lib/auth/actor";
import { authorize, can } from "@/lib/auth/permissions";
import { revisitUserSessions } from "@/lib/realtime/publish";
import { writeAudit } from "@/lib/services/audit";
import { ConflictError, InvalidInputError, NotFoundError } from "@/lib/services/errors";
import { parseInput } from "@/lib/services/validate";
import { findUserById, toUserDto, type UserDto } from "./queries";
import { NameSchema, RoleSchema, UserIdSchema } from "./schemas";

const UpdateUserInput = z
  .object({
    userId: UserIdSchema,
    name: NameSchema.optional(),
    role: RoleSchema.optional(),
    disabled: z.boolean().optional(),
  })
  .refine((v) => v.name !== undefined || v.role !== undefined || v.disabled !== undefined, {
    error: "Nothing to change",
  });

function otherActiveAdmins(tx: Tx, userId: number): number {
  return (
    tx
      .select({ n: count() })
      .from(users)
      .where(and(eq(users.role, "admin"), eq(users.disabled, false), ne(users.id, userId)))
      .get()?.n ?? 0
  );
}

/** Admin changes a user's name, role or disabled flag. The team can never be left without an active admin. */
export function updateUser({ db, ctx, input }: { db: DB; ctx: ServiceContext; input: unknown }): UserDto {
  authorize(ctx, can.manageUsers);
  const data = parseInput(UpdateUserInput, input);
  let sessionsEnd = false;
  const updatedUser = db.transaction(
    (tx) => {
      const user = findUserById(tx, { id: data.userId });
      if (!user) throw new NotFoundError(`User ${data.userId}`);
      const losesAdmin = user.role === "admin" && ((data.role && data.role !== "admin") || data.disabled === true);
      if (losesAdmin && otherActiveAdmins(tx, user.id) === 0) {
        throw new ConflictError("This is the last active administrator; make someone else an admin first");
      }
      if (data.disabled && ctx.actor?.id === user.id) throw new InvalidInputError("You cannot disable your own account");
      const changesAccess = (data.role && data.role !== user.role) || (data.disabled !== undefined && data.disabled !== user.disabled);
      sessionsEnd = Boolean(changesAccess);
      const updated = tx
        .update(users)
        .set({
          ...(data.name !== undefined ? { name: data.name } : {}),
          ...(data.role !== undefined ? { role: data.role } : {}),
          ...(data.disabled !== undefined ? { disabled: data.disabled } : {}),
          // Existing sessions carry the old version and stop working, so a demotion or disable takes effect at once.
          ...(changesAccess ? { sessionVersion: sql`${users.sessionVersion} + 1` } : {}),
        })
        .where(eq(users.id, user.id))
        .returning()
        .get();
      writeAudit(tx, ctx, {
        action: "user.update",
        targetType: "user",
        targetId: user.id,
        detail: {
          ...(data.name !== undefined && data.name !== user.name ? { name: [user.name, data.name] } : {}),
          ...(data.role !== undefined && data.role !== user.role ? { role: [user.role, data.role] } : {}),
          ...(data.disabled !== undefined && data.disabled !== user.disabled ? { disabled: data.disabled } : {}),
        },
      });
      return toUserDto(updated);
    },
    { behavior: "immediate" },
  );
  // Open sockets were authenticated with the old session and would keep receiving live events: end them too.
  if (sessionsEnd) revisitUserSessions(updatedUser.id);
  return updatedUser;
}
