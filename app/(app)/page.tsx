import type { Metadata } from "next";
import Link from "next/link";
import { Badge } from "@/components/ui/badge";
import { Card, CardHeader, PageHeader } from "@/components/ui/card";
import { getDb } from "@/db/client";
import { requirePageContext } from "@/lib/auth/session";
import { getConfig } from "@/lib/config";
import { getHealth } from "@/lib/services/system/get-health";

export const metadata: Metadata = { title: "Home" };

export default async function HomePage() {
  const { actor } = await requirePageContext();
  const health = await getHealth(getDb(), getConfig().lmmsEvalCommand);
  return (
    <>
      <PageHeader title={`Welcome, ${actor.name}`} description="Your team's lmms-eval runs, results and comparisons, on your own machine." />
      <Card className="max-w-2xl">
        <CardHeader title="Status" />
        <ul className="space-y-2 px-4 py-3 text-sm">
          <li className="flex items-center gap-2">
            Worker {health.worker === "up" ? <Badge tone="green">up</Badge> : <Badge tone="red">down</Badge>}
          </li>
          <li className="flex items-center gap-2">
            lmms-eval{" "}
            {health.lmmsEval.found ? <Badge tone="green">{health.lmmsEval.version}</Badge> : <Badge tone="amber">not found</Badge>}
            {!health.lmmsEval.found ? (
              <Link href="/settings/system" className="text-accent-600 underline">
                how to install it
              </Link>
            ) : null}
          </li>
        </ul>
      </Card>
    </>
  );
}
