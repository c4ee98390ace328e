import { count, eq } from "drizzle-orm";
import { z } from "zod";
import type { DbOrTx } from "@/db/client";
import { ROLES, THEMES, users, type User } from "@/db/schema";
import { IsoTimestamp } from "@/lib/services/dto-fields";

/** Public shape of a user: never carries the password hash (house style 10). */
export const UserDto = z.strictObject({
  id: z.number(),
  email: z.string(),
  name: z.string(),
  role: z.enum(ROLES),
  disabled: z.boolean(),
  theme: z.enum(THEMES),
  createdAt: IsoTimestamp,
  lastLoginAt: IsoTimestamp.nullable(),
});
export type UserDto = z.infer<typeof UserDto>;

export function toUserDto(user: User): UserDto {
  return {
    id: user.id,
    email: user.email,
    name: user.name,
    role: user.role,
    disabled: user.disabled,
    theme: user.theme,
    createdAt: user.createdAt.toISOString(),
    lastLoginAt: user.lastLoginAt?.toISOString() ?? null,
  };
}

export function countUsers(db: DbOrTx): number {
  return db.select({ n: count() }).from(users).get()?.n ?? 0;
}

export function findUserByEmail(db: DbOrTx, params: { email: string }): User | undefined {
  return db.select().from(users).where(eq(users.email, params.email.toLowerCase())).get();
}

export function findUserById(db: DbOrTx, params: { id: number }): User | undefined {
  return db.select().from(users).where(eq(users.id, params.id)).get();
}
