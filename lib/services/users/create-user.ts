import type { DB } from "@/db/client";
import { users } from "@/db/schema";
import type { ServiceContext } from "@/lib/auth/actor";
import { authorizeOperatorOr, can } from "@/lib/auth/permissions";
import { hashPassword } from "@/lib/auth/password";
import { writeAudit } from "@/lib/services/audit";
import { ConflictError } from "@/lib/services/errors";
import { assertPasswordAllowed } from "@/lib/services/security/password-rules";
import { parseInput } from "@/lib/services/validate";
import { findUserByEmail, toUserDto, type UserDto } from "./queries";
import { NewUserInput } from "./schemas";

/** Admin creates (invites) a user with an initial password they hand over out of band. */
export async function createUser({ db, ctx, input }: { db: DB; ctx: ServiceContext; input: unknown }): Promise<UserDto> {
  authorizeOperatorOr(ctx, can.manageUsers);
  const data = parseInput(NewUserInput, input);
  assertPasswordAllowed(db, data.password);
  const passwordHash = await hashPassword(data.password);
  return db.transaction((tx) => {
    if (findUserByEmail(tx, { email: data.email })) {
      throw new ConflictError(`A user with the email ${data.email} already exists`, {
        email: ["A user with this email already exists"],
      });
    }
    const user = tx
      .insert(users)
      .values({ email: data.email, name: data.name, role: data.role, passwordHash })
      .returning()
      .get();
    writeAudit(tx, ctx, { action: "user.create", targetType: "user", targetId: user.id, detail: { email: user.email, role: user.role } });
    return toUserDto(user);
  });
}
