import Link from "next/link";
import { buttonClasses } from "@/components/ui/button";

export default function RunNotFound() {
  return (
    <div className="mx-auto max-w-md rounded-lg border border-zinc-200 bg-white p-6 text-center dark:border-zinc-800 dark:bg-zinc-900">
      <h1 className="text-base font-semibold">Run not found</h1>
      <p className="mt-1 text-sm text-zinc-500">There is no run with this number that you can see. It may be private, have been deleted, or the link has a typo.</p>
      <Link href="/runs" className={`${buttonClasses("secondary")} mt-4`}>
        All runs
      </Link>
    </div>
  );
}
