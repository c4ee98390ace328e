import { count, eq } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { users, type User } from "@/db/schema";

/** Public shape of a user: never carries the password hash (house style 10). */
export type UserDto = {
  id: number;
  email: string;
  name: string;
  role: User["role"];
  disabled: boolean;
  theme: User["theme"];
  createdAt: string;
  lastLoginAt: string | null;
};

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
