import Link from "next/link";
import { EmptyState } from "@/components/ui/card";

/** Compare pages before any run has results. */
export function NoResultsYet() {
  return (
    <EmptyState title="Nothing to compare yet">
      Comparisons appear once a run has finished with results.{" "}
      <Link href="/runs/new" className="text-accent-600 underline dark:text-accent-500">
        Launch a run
      </Link>{" "}
      or{" "}
      <Link href="/runs/import" className="text-accent-600 underline dark:text-accent-500">
        import lmms-eval results
      </Link>
      .
    </EmptyState>
  );
}
