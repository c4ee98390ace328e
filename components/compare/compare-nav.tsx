import Link from "next/link";
import { cn } from "@/components/ui/cn";

const TABS = [
  { key: "board", href: "/compare", label: "Board" },
  { key: "runs", href: "/compare/runs", label: "Run vs run" },
  { key: "samples", href: "/compare/samples", label: "Sample diff" },
  { key: "benchmarks", href: "/compare/benchmarks", label: "Benchmark vs benchmark" },
] as const;

export type CompareTab = (typeof TABS)[number]["key"];

/** The four ways to compare, one click apart. */
export function CompareNav({ active }: { active: CompareTab | null }) {
  return (
    <nav aria-label="Compare" className="mb-5 flex gap-1 overflow-x-auto border-b border-zinc-200 dark:border-zinc-800">
      {TABS.map((tab) => (
        <Link
          key={tab.key}
          href={tab.href}
          aria-current={tab.key === active ? "page" : undefined}
          className={cn(
            "-mb-px whitespace-nowrap border-b-2 px-3 py-2 text-sm font-medium transition-colors",
            tab.key === active
              ? "border-accent-600 text-zinc-900 dark:border-accent-500 dark:text-white"
              : "border-transparent text-zinc-500 hover:border-zinc-300 hover:text-zinc-800 dark:hover:border-zinc-700 dark:hover:text-zinc-200",
          )}
        >
          {tab.label}
        </Link>
      ))}
    </nav>
  );
}
