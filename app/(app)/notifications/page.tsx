import { ChevronRight, Settings } from "lucide-react";
import type { Metadata } from "next";
import Link from "next/link";
import { MarkAllReadButton, NotificationList } from "@/components/notifications/notification-list";
import { buttonClasses } from "@/components/ui/button";
import { Card, EmptyState, PageHeader } from "@/components/ui/card";
import { getDb } from "@/lib/db";
import { requirePageContext } from "@/lib/auth/session";
import { listNotifications } from "@/lib/services/notifications/center";

export const metadata: Metadata = { title: "Notifications" };

const PAGE_SIZE = 30;

export default async function NotificationsPage({ searchParams }: { searchParams: Promise<{ cursor?: string | string[] }> }) {
  const ctx = await requirePageContext();
  const { cursor: raw } = await searchParams;
  const cursor = Array.isArray(raw) ? raw[0] : raw;
  const page = listNotifications({ db: getDb(), ctx, input: { limit: PAGE_SIZE, ...(cursor && /^\d+$/.test(cursor) ? { cursor } : {}) } });
  return (
    <>
      <PageHeader
        title="Notifications"
        description={page.unread ? `${page.unread} unread.` : "All read."}
        actions={
          <>
            <Link href="/settings/notifications" className={buttonClasses("ghost")}>
              <Settings size={15} aria-hidden /> Preferences
            </Link>
            <MarkAllReadButton disabled={page.unread === 0} />
          </>
        }
      />
      {page.items.length === 0 ? (
        <EmptyState title={cursor ? "No older notifications" : "No notifications yet"}>
          Failed runs, finished batches, schedule problems and regressions show up here. Choose which ones under{" "}
          <Link href="/settings/notifications" className="text-accent-600 underline underline-offset-2 dark:text-accent-500">
            Settings → Notifications
          </Link>
          .
        </EmptyState>
      ) : (
        <Card>
          <NotificationList items={page.items} />
          {cursor || page.nextCursor ? (
            <div className="flex justify-between border-t border-zinc-200 px-4 py-2 dark:border-zinc-800">
              {cursor ? (
                <Link href="/notifications" className={buttonClasses("ghost", "sm")}>
                  Newest
                </Link>
              ) : (
                <span />
              )}
              {page.nextCursor ? (
                <Link href={`/notifications?cursor=${page.nextCursor}`} className={buttonClasses("secondary", "sm")}>
                  Older <ChevronRight size={13} aria-hidden />
                </Link>
              ) : null}
            </div>
          ) : null}
        </Card>
      )}
    </>
  );
}
