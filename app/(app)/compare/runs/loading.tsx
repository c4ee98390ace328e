import { HeaderSkeleton, PanelSkeleton, TabsSkeleton } from "@/components/compare/skeletons";

export default function Loading() {
  return (
    <div aria-busy="true" aria-label="Loading the run comparison" className="animate-pulse space-y-5">
      <div>
        <HeaderSkeleton />
        <TabsSkeleton />
      </div>
      <PanelSkeleton height={120} />
      <PanelSkeleton height={96} />
      <PanelSkeleton height={360} />
      <div className="grid gap-5 xl:grid-cols-[3fr_2fr]">
        <PanelSkeleton height={320} />
        <PanelSkeleton height={320} />
      </div>
    </div>
  );
}
