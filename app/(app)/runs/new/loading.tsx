import { NewRunSkeleton } from "@/components/runs/new-run/new-run-skeleton";

export default function Loading() {
  return <NewRunSkeleton />;
}
