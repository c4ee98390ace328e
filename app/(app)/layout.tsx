import type { ReactNode } from "react";
import { AppShell } from "@/components/shell/app-shell";
import { requirePageContext } from "@/lib/auth/session";

export default async function AppLayout({ children }: { children: ReactNode }) {
  const ctx = await requirePageContext();
  return <AppShell actor={ctx.actor}>{children}</AppShell>;
}
