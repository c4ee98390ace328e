import { describe, expect, it } from "vitest";
import { apiTokens } from "@/db/schema";
import { NotFoundError, UnauthorizedError } from "@/lib/services/errors";
import { authenticateToken } from "@/lib/services/tokens/authenticate-token";
import { createApiToken } from "@/lib/services/tokens/create-api-token";
import { listApiTokens } from "@/lib/services/tokens/list-api-tokens";
import { revokeApiToken } from "@/lib/services/tokens/revoke-api-token";
import { updateUser } from "@/lib/services/users/update-user";
import { ctxFor, freshDb, insertUser } from "../../helpers/db";

describe("API tokens", () => {
  it("stores only a hash, authenticates, lists and revokes", () => {
    const db = freshDb();
    const viewer = insertUser(db, "viewer");
    const { token, info } = createApiToken({ db, ctx: ctxFor(viewer), input: { name: "ci" } });
    expect(token).toMatch(/^lmd_[A-Za-z0-9_-]{40,}$/);
    expect(info.prefix).toBe(token.slice(0, 10));
    const stored = db.select().from(apiTokens).get()!;
    expect(stored.tokenHash).not.toContain(token.slice(4));
    expect(JSON.stringify(stored)).not.toContain(token);

    expect(authenticateToken(db, token)?.actor).toMatchObject({ id: viewer.id, role: "viewer" });
    expect(authenticateToken(db, token + "x")).toBeNull();
    expect(authenticateToken(db, "Bearer " + token)).toBeNull();
    expect(listApiTokens({ db, ctx: ctxFor(viewer) })[0].lastUsedAt).not.toBeNull();

    const other = insertUser(db, "member");
    expect(() => revokeApiToken({ db, ctx: ctxFor(other), input: { tokenId: info.id } })).toThrow(NotFoundError);
    revokeApiToken({ db, ctx: ctxFor(viewer), input: { tokenId: info.id } });
    expect(authenticateToken(db, token)).toBeNull();
    expect(() => revokeApiToken({ db, ctx: ctxFor(viewer), input: { tokenId: info.id } })).toThrow(NotFoundError);
  });

  it("a disabled owner's tokens stop working", () => {
    const db = freshDb();
    const admin = insertUser(db, "admin");
    const member = insertUser(db, "member");
    const { token } = createApiToken({ db, ctx: ctxFor(member), input: { name: "x" } });
    updateUser({ db, ctx: ctxFor(admin), input: { userId: member.id, disabled: true } });
    expect(authenticateToken(db, token)).toBeNull();
  });

  it("needs a name and a signed-in user", () => {
    const db = freshDb();
    const member = insertUser(db, "member");
    expect(() => createApiToken({ db, ctx: ctxFor(member), input: { name: "  " } })).toThrow("Name is required");
    expect(() => createApiToken({ db, ctx: ctxFor(null), input: { name: "x" } })).toThrow(UnauthorizedError);
  });
});
