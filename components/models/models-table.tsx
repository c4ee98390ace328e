import { Boxes } from "lucide-react";
import Link from "next/link";
import { Card } from "@/components/ui/card";
import { Table, Td, Th } from "@/components/ui/table";
import { formatDateTime } from "@/lib/format";
import { modelsQueryString, type ModelsFilter } from "@/lib/models-view/list-filters";
import type { ModelDto } from "@/lib/services/models/queries";
import { ModelStatusBadge, TagList } from "./status-badges";

export function ModelsTable({ models, filter, filtered }: { models: ModelDto[]; filter: ModelsFilter; filtered: boolean }) {
  if (models.length === 0) {
    return (
      <Card className="px-6 py-12 text-center">
        <Boxes size={28} aria-hidden className="mx-auto text-zinc-300 dark:text-zinc-600" />
        <p className="mt-3 text-sm font-medium">{filtered ? "No model matches these filters" : "No models registered yet"}</p>
        <p className="mt-1 text-sm text-zinc-500">
          {filtered ? (
            <>
              Try another search, or{" "}
              <Link href="/models" className="text-accent-600 hover:underline dark:text-accent-500">
                clear the filters
              </Link>
              .
            </>
          ) : (
            "Register a model, add its versions (backend + model args), and launch runs from them to track its scores over time."
          )}
        </p>
      </Card>
    );
  }
  return (
    <Card>
      <div className="flex items-center justify-between border-b border-zinc-200 px-4 py-2.5 text-xs text-zinc-500 dark:border-zinc-800">
        <span>
          {models.length} model{models.length === 1 ? "" : "s"}
        </span>
        <span>most recently updated first</span>
      </div>
      <Table>
        <thead>
          <tr>
            <Th>Model</Th>
            <Th>Tags</Th>
            <Th className="text-right">Versions</Th>
            <Th className="text-right">Runs</Th>
            <Th>Latest version</Th>
            <Th>Owner</Th>
            <Th>Updated</Th>
          </tr>
        </thead>
        <tbody>
          {models.map((m) => (
            <tr key={m.id} data-testid={`model-row-${m.name}`} className="hover:bg-zinc-50 dark:hover:bg-zinc-800/40">
              <Td className="max-w-md">
                <div className="flex items-center gap-2">
                  <Link href={`/models/${m.id}`} className="font-medium text-zinc-900 hover:text-accent-600 hover:underline dark:text-zinc-100 dark:hover:text-accent-500">
                    {m.name}
                  </Link>
                  {m.status === "archived" ? <ModelStatusBadge status={m.status} /> : null}
                </div>
                {m.description ? <p className="mt-0.5 line-clamp-2 text-xs text-zinc-500">{m.description}</p> : null}
              </Td>
              <Td>
                <TagList tags={m.tags} hrefFor={(tag) => `/models${modelsQueryString({ ...filter, tag })}`} />
              </Td>
              <Td className="text-right tabular-nums">{m.versionCount}</Td>
              <Td className="text-right tabular-nums">{m.runCount}</Td>
              <Td>{m.latestVersion ? <span className="font-mono text-xs">{m.latestVersion.label}</span> : <span className="text-zinc-400">—</span>}</Td>
              <Td className="text-zinc-600 dark:text-zinc-400">{m.createdBy?.name ?? "—"}</Td>
              <Td className="whitespace-nowrap text-zinc-500 tabular-nums">{formatDateTime(m.updatedAt)}</Td>
            </tr>
          ))}
        </tbody>
      </Table>
    </Card>
  );
}
