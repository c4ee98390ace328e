"use client";

import { signOut } from "next-auth/react";
import { useRouter } from "next/navigation";
import { Card } from "@/components/ui/card";
import { TwoFactorSetup } from "./two-factor-setup";

/** The page a user whom the policy obliges to use two-factor authentication sees, and nothing else, until it is on. */
export function TwoFactorRequired({ email }: { email: string }) {
  const router = useRouter();
  return (
    <Card className="space-y-4 p-6">
      <div>
        <h1 className="text-base font-semibold">Set up two-factor authentication</h1>
        <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">
          Your administrator requires it for {email}. The dashboard opens once it is on.
        </p>
      </div>
      <TwoFactorSetup onDone={() => (router.replace("/"), router.refresh())} doneLabel="Continue to the dashboard" />
      <button type="button" className="text-sm text-zinc-600 hover:underline dark:text-zinc-400" onClick={() => signOut({ callbackUrl: "/login" })}>
        Sign out
      </button>
    </Card>
  );
}
