// TEMPORARY (screenshots only) — delete before handing over.
import { RunResultsSection } from "@/components/results/run-results-section";

export default async function Preview({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return <RunResultsSection runId={Number(id)} />;
}
