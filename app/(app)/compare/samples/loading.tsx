import { HeaderSkeleton, PanelSkeleton, TabsSkeleton } from "@/components/compare/skeletons";

export default function Loading() {
  return (
    <div aria-busy="true" aria-label="Loading the sample diff" className="animate-pulse space-y-5">
      <div>
        <HeaderSkeleton />
        <TabsSkeleton />
      </div>
      <div className="grid grid-cols-2 gap-3 lg:grid-cols-4">
        {[0, 1, 2, 3].map((i) => (
          <PanelSkeleton key={i} height={104} />
        ))}
      </div>
      <PanelSkeleton height={420} />
    </div>
  );
}
