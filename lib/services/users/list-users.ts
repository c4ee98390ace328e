import { asc } from "drizzle-orm";
import type { DB } from "@/db/client";
import { users } from "@/db/schema";
import type { ServiceContext } from "@/lib/auth/actor";
import { authorize, can, requireActor } from "@/lib/auth/permissions";
import { toUserDto, type UserDto } from "./queries";
import { isTwoFactorEnabled } from "./two-factor/queries";

export type UserListItem = UserDto & { twoFactorEnabled: boolean };

/** Full user list for the admin page, with whether each has two-factor on (admins can reset it). */
export function listUsers({ db, ctx }: { db: DB; ctx: ServiceContext }): UserListItem[] {
  authorize(ctx, can.manageUsers);
  return db
    .select()
    .from(users)
    .orderBy(asc(users.email))
    .all()
    .map((user) => ({ ...toUserDto(user), twoFactorEnabled: isTwoFactorEnabled(db, user.id) }));
}

/** Names of active team members, e.g. for filters and @mentions; every signed-in user may see these. */
export function listTeamMembers({ db, ctx }: { db: DB; ctx: ServiceContext }): Array<{ id: number; name: string; email: string }> {
  requireActor(ctx);
  return db
    .select({ id: users.id, name: users.name, email: users.email, disabled: users.disabled })
    .from(users)
    .orderBy(asc(users.name))
    .all()
    .filter((u) => !u.disabled)
    .map(({ id, name, email }) => ({ id, name, email }));
}
