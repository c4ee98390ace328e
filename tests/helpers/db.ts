import { createTestDatabase, type DB } from "@/db/client";
import { users, type Role } from "@/db/schema";
import type { Actor, ServiceContext } from "@/lib/auth/actor";

export function freshDb(): DB {
  return createTestDatabase();
}

/** Inserts a user directly (password hashing is slow and irrelevant to most service tests). */
export function insertUser(db: DB, role: Role, email = `${role}-${Math.random().toString(36).slice(2)}@example.org`): Actor {
  const row = db.insert(users).values({ email, name: email.split("@")[0], role, passwordHash: "x" }).returning().get();
  return { id: row.id, email: row.email, name: row.name, role: row.role };
}

export function ctxFor(actor: Actor | null, via: ServiceContext["via"] = "session"): ServiceContext {
  return { actor, via, ip: "127.0.0.1" };
}
