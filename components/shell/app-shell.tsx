import Link from "next/link";
import type { ReactNode } from "react";
import { NotificationBell } from "@/components/notifications/notification-bell";
import { getDb } from "@/lib/db";
import type { SessionActor } from "@/lib/auth/session-token";
import { BELL_SIZE } from "@/lib/notifications-view/notifications";
import { listNotifications } from "@/lib/services/notifications/center";
import { MobileNav, NavLinks, type NavItem } from "./nav-links";
import { UserMenu } from "./user-menu";

/** Only pages that work are linked (no placeholders). */
export const NAV_ITEMS: NavItem[] = [
  { href: "/runs", label: "Runs" },
  { href: "/models", label: "Models" },
  { href: "/compare", label: "Compare" },
  { href: "/schedules", label: "Schedules" },
  { href: "/settings", label: "Settings" },
];

export function AppShell({ actor, children }: { actor: SessionActor; children: ReactNode }) {
  const { items, unread } = listNotifications({ db: getDb(), ctx: { actor, via: "session" }, input: { limit: BELL_SIZE } });
  return (
    <div className="flex min-h-screen flex-col">
      <header className="sticky top-0 z-40 border-b border-zinc-200 bg-white/90 backdrop-blur dark:border-zinc-800 dark:bg-zinc-950/90">
        <div className="mx-auto flex h-14 max-w-screen-2xl items-center gap-3 px-4 md:gap-6 lg:px-6">
          <MobileNav items={NAV_ITEMS} />
          <Link href="/" className="flex shrink-0 items-center gap-2 text-sm font-semibold tracking-tight">
            <span aria-hidden className="flex h-6 w-6 items-center justify-center rounded bg-accent-600 text-[10px] font-bold text-white">
              LE
            </span>
            <span className="hidden sm:inline">LMMS-Eval Dashboard</span>
          </Link>
          <NavLinks items={NAV_ITEMS} />
          <div className="ml-auto flex shrink-0 items-center gap-1 sm:gap-2">
            <NotificationBell userId={actor.id} initial={{ items, unread }} />
            <UserMenu name={actor.name} email={actor.email} role={actor.role} theme={actor.theme} />
          </div>
        </div>
      </header>
      <main className="mx-auto w-full max-w-screen-2xl flex-1 px-4 py-6 lg:px-6">{children}</main>
    </div>
  );
}
