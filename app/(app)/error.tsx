"use client";

import Link from "next/link";
import { Button, buttonClasses } from "@/components/ui/button";

export default function AppError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <div role="alert" className="mx-auto max-w-lg rounded-lg border border-red-200 bg-red-50 p-6 dark:border-red-900 dark:bg-red-950/40">
      <h1 className="text-base font-semibold text-red-900 dark:text-red-200">This page failed to load</h1>
      <p className="mt-1 text-sm text-red-800 dark:text-red-300">
        Something went wrong on the server{error.digest ? ` (reference ${error.digest})` : ""}. Try again; if it keeps
        failing, the server log has the details.
      </p>
      <div className="mt-4 flex gap-2">
        <Button onClick={() => reset()}>Try again</Button>
        <Link href="/" className={buttonClasses("secondary")}>
          Go home
        </Link>
      </div>
    </div>
  );
}
