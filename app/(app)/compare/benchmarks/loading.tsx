import { HeaderSkeleton, PanelSkeleton, TabsSkeleton } from "@/components/compare/skeletons";

export default function Loading() {
  return (
    <div aria-busy="true" aria-label="Loading the benchmark correlation" className="animate-pulse space-y-5">
      <div>
        <HeaderSkeleton />
        <TabsSkeleton />
      </div>
      <PanelSkeleton height={96} />
      <div className="grid gap-5 lg:grid-cols-[3fr_2fr]">
        <PanelSkeleton height={420} />
        <PanelSkeleton height={260} />
      </div>
    </div>
  );
}
