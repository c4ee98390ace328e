import { encode } from "next-auth/jwt";
import { NextRequest } from "next/server";
import { beforeAll, describe, expect, it } from "vitest";
import { setDb } from "@/lib/db";
import { getConfig } from "@/lib/config";
import { POST as createRunRoute } from "@/app/api/v1/runs/route";
import { freshDb, insertUser } from "../../helpers/db";
import { tempDir } from "../../helpers/standin";

process.env.DATA_DIR = tempDir("session-origin-");

let cookie = "";

beforeAll(async () => {
  const db = freshDb();
  setDb(db);
  const member = insertUser(db, "member");
  cookie = `next-auth.session-token=${await encode({ token: { sub: String(member.id), sv: 1 }, secret: getConfig().nextAuthSecret })}`;
});

async function postWithOrigin(origin: string | null): Promise<{ status: number; body: { error?: { code: string } } }> {
  const headers: Record<string, string> = { cookie, host: "localhost:3000", "content-type": "application/json" };
  if (origin !== null) headers.origin = origin;
  const req = new NextRequest("http://localhost:3000/api/v1/runs", { method: "POST", headers, body: JSON.stringify({}) });
  const res = await createRunRoute(req, { params: Promise.resolve({}) });
  return { status: res.status, body: (await res.json()) as { error?: { code: string } } };
}

describe("cookie-authenticated writes and their Origin (CSRF)", () => {
  it.each([["null"], ["not a url"], ["http://evil.example"], ["http://localhost:3001"]])("Origin %j is refused with 401, never a 500", async (origin) => {
    const { status, body } = await postWithOrigin(origin);
    expect(status).toBe(401);
    expect(body.error?.code).toBe("unauthorized");
  });

  it("a missing Origin is refused too", async () => {
    expect((await postWithOrigin(null)).status).toBe(401);
  });

  it("the dashboard's own Origin gets through to validation", async () => {
    const { status, body } = await postWithOrigin("http://localhost:3000");
    expect(status).toBe(400);
    expect(body.error?.code).toBe("invalid_input");
  });
});
