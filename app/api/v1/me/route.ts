import { NextResponse } from "next/server";
import { apiRoute } from "@/lib/api/handler";
import { requireActor } from "@/lib/auth/permissions";

export const GET = apiRoute(({ ctx }) => {
  const { id, email, name, role } = requireActor(ctx);
  return NextResponse.json({ id, email, name, role });
});
