import Link from "next/link";
import { cn } from "@/components/ui/cn";

export type SegmentOption = { value: string; label: string; href: string; title?: string };

/** A small radio-like switch made of links, so every state is a URL. */
export function Segmented({ label, value, options }: { label: string; value: string; options: SegmentOption[] }) {
  return (
    <div role="group" aria-label={label} className="inline-flex h-8 items-center rounded-md border border-zinc-300 bg-white p-0.5 text-xs dark:border-zinc-700 dark:bg-zinc-900">
      {options.map((o) => {
        const active = o.value === value;
        return (
          <Link
            key={o.value}
            href={o.href}
            scroll={false}
            title={o.title}
            aria-current={active ? "true" : undefined}
            className={cn(
              "flex h-full items-center rounded px-2.5 font-medium transition-colors",
              active ? "bg-zinc-900 text-white dark:bg-zinc-100 dark:text-zinc-900" : "text-zinc-600 hover:bg-zinc-100 hover:text-zinc-900 dark:text-zinc-400 dark:hover:bg-zinc-800 dark:hover:text-white",
            )}
          >
            {o.label}
          </Link>
        );
      })}
    </div>
  );
}
