import type { Metadata } from "next";
import { BoardPageBody } from "@/components/compare/board/board-page";
import { CompareNav } from "@/components/compare/compare-nav";
import { NoResultsYet } from "@/components/compare/no-results";
import { PageHeader } from "@/components/ui/card";
import { getDb } from "@/lib/db";
import { requirePageContext } from "@/lib/auth/session";
import { parseBoardView, toBoardInput } from "@/lib/compare-view/board-url";
import { getBoard } from "@/lib/services/compare/board";

export const metadata: Metadata = { title: "Compare" };

export default async function ComparePage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const ctx = await requirePageContext();
  const view = parseBoardView(await searchParams);
  const board = getBoard({ db: getDb(), ctx, input: toBoardInput(view) });
  return (
    <>
      <PageHeader title="Compare" description="Is B better than A, where, and can we trust it? Pin a baseline; only significant differences are coloured." />
      <CompareNav active="board" />
      {board.allColumns.length === 0 ? <NoResultsYet /> : <BoardPageBody board={board} view={view} basePath="/compare" />}
    </>
  );
}
