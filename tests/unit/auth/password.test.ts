import { describe, expect, it } from "vitest";
import { hashPassword, verifyPassword } from "@/lib/auth/password";

describe("scrypt password hashes", () => {
  it("verifies the right password and rejects others", async () => {
    const hash = await hashPassword("s3cret-passw0rd");
    expect(hash).toMatch(/^scrypt\$16384\$8\$1\$/);
    expect(await verifyPassword("s3cret-passw0rd", hash)).toBe(true);
    expect(await verifyPassword("s3cret-passw0rd ", hash)).toBe(false);
    expect(await verifyPassword("s3cret-passw0rd", "garbage")).toBe(false);
  });
  it("salts every hash", async () => {
    expect(await hashPassword("same")).not.toEqual(await hashPassword("same"));
  });
});
