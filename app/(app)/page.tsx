import type { Metadata } from "next";
import { BoardPageBody } from "@/components/compare/board/board-page";
import { CompareNav } from "@/components/compare/compare-nav";
import { GettingStarted } from "@/components/compare/getting-started";
import { PageHeader } from "@/components/ui/card";
import { getDb } from "@/lib/db";
import { can } from "@/lib/auth/permissions";
import { requirePageContext } from "@/lib/auth/session";
import { parseBoardView, toBoardInput } from "@/lib/compare-view/board-url";
import { getConfig } from "@/lib/config";
import { getBoard } from "@/lib/services/compare/board";
import { getHealth } from "@/lib/services/system/get-health";

export const metadata: Metadata = { title: "Home" };

/** The board is the home page once any run has results; before that, how to get the first ones. */
export default async function HomePage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const ctx = await requirePageContext();
  const db = getDb();
  const view = parseBoardView(await searchParams);
  const board = getBoard({ db, ctx, input: toBoardInput(view) });
  if (board.allColumns.length === 0) {
    const health = await getHealth(db, getConfig().lmmsEvalCommand);
    return (
      <>
        <PageHeader title={`Welcome, ${ctx.actor.name}`} description="Your team's lmms-eval runs, results and comparisons, on your own machine." />
        <GettingStarted health={{ worker: health.worker, lmmsEval: { found: health.lmmsEval.found, version: health.lmmsEval.version } }} canLaunch={can.launchRun(ctx.actor)} />
      </>
    );
  }
  return (
    <>
      <PageHeader title="Board" description="Every model on every benchmark. Pin a baseline to see which differences are significant; click a cell for its run." />
      <CompareNav active="board" />
      <BoardPageBody board={board} view={view} basePath="/" />
    </>
  );
}
