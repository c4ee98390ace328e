import Link from "next/link";
import { buttonClasses } from "./button";

/** Shown instead of a page the user's role may not see (the services refuse the data as well). */
export function AccessDenied({ what }: { what: string }) {
  return (
    <div role="alert" className="mx-auto max-w-md rounded-lg border border-amber-300 bg-amber-50 p-6 text-center dark:border-amber-900 dark:bg-amber-950/30">
      <h1 className="text-base font-semibold">Administrators only</h1>
      <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">Your role does not allow {what}. Ask an administrator if you need it.</p>
      <Link href="/" className={`${buttonClasses("secondary")} mt-4`}>
        Back to the dashboard
      </Link>
    </div>
  );
}
