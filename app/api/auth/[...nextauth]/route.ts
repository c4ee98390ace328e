import NextAuth from "next-auth";
import type { NextRequest } from "next/server";
import { getAuthOptions } from "@/lib/auth/next-auth";

type Context = { params: Promise<{ nextauth: string[] }> };

// Built per request so the options read the validated config of this process (secret, session lifetime) and carry
// this request's client address for the sign-in record.
async function handler(req: NextRequest, context: Context) {
  return NextAuth(req, context, getAuthOptions(req.headers));
}

export { handler as GET, handler as POST };
