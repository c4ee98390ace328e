import { BoardSkeleton, HeaderSkeleton, TabsSkeleton } from "@/components/compare/skeletons";

export default function Loading() {
  return (
    <div aria-busy="true" aria-label="Loading the board" className="animate-pulse">
      <HeaderSkeleton />
      <TabsSkeleton />
      <BoardSkeleton />
    </div>
  );
}
