import Link from "next/link";
import { buttonClasses } from "@/components/ui/button";

export default function NotFound() {
  return (
    <main className="mx-auto flex min-h-[60vh] max-w-md flex-col items-center justify-center gap-3 px-6 text-center">
      <p className="text-sm font-medium text-accent-600">404</p>
      <h1 className="text-xl font-semibold">This page does not exist</h1>
      <p className="text-sm text-zinc-500">The link may be mistyped, or the thing it pointed to was deleted.</p>
      <Link href="/" className={buttonClasses("secondary")}>
        Back to the dashboard
      </Link>
    </main>
  );
}
