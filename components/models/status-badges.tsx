import { Archive, CircleCheck, CircleAlert } from "lucide-react";
import { Badge } from "@/components/ui/badge";
import { versionColor } from "@/lib/models-view/history-chart";
import Link from "next/link";
import type { CSSProperties } from "react";

export function ModelStatusBadge({ status }: { status: "active" | "archived" }) {
  return status === "active" ? (
    <Badge tone="green">
      <CircleCheck size={11} aria-hidden /> active
    </Badge>
  ) : (
    <Badge tone="neutral">
      <Archive size={11} aria-hidden /> archived
    </Badge>
  );
}

export function VersionStatusBadge({ status }: { status: "active" | "deprecated" | "archived" }) {
  if (status === "active") return <Badge tone="green">active</Badge>;
  if (status === "deprecated")
    return (
      <Badge tone="amber">
        <CircleAlert size={11} aria-hidden /> deprecated
      </Badge>
    );
  return (
    <Badge tone="neutral">
      <Archive size={11} aria-hidden /> archived
    </Badge>
  );
}

/** The version's colour in the history chart, so tables and chart read together (light and dark variants). */
export function VersionDot({ index, className }: { index: number; className?: string }) {
  const style = { "--dot": versionColor(index), "--dot-dark": versionColor(index, true) } as CSSProperties;
  return <span aria-hidden style={style} className={`inline-block h-2.5 w-2.5 shrink-0 rounded-full bg-[var(--dot)] dark:bg-[var(--dot-dark)] ${className ?? ""}`} />;
}

export function TagList({ tags, hrefFor }: { tags: string[]; hrefFor?: (tag: string) => string }) {
  if (!tags.length) return null;
  return (
    <span className="inline-flex flex-wrap gap-1">
      {tags.map((tag) =>
        hrefFor ? (
          <Link
            key={tag}
            href={hrefFor(tag)}
            className="rounded bg-accent-50 px-1.5 py-0.5 text-xs font-medium text-accent-700 hover:bg-accent-100 dark:bg-accent-500/15 dark:text-accent-100 dark:hover:bg-accent-500/25"
          >
            #{tag}
          </Link>
        ) : (
          <span key={tag} className="rounded bg-accent-50 px-1.5 py-0.5 text-xs font-medium text-accent-700 dark:bg-accent-500/15 dark:text-accent-100">
            #{tag}
          </span>
        ),
      )}
    </span>
  );
}
