"use client";

import { Plus } from "lucide-react";
import { useRouter } from "next/navigation";
import { useCallback, useState } from "react";
import { RegisterVersionForm, type ModelChoice } from "@/components/import/register-version-form";
import { Button } from "@/components/ui/button";

/** What the run page offers a viewer who may register its run as a new model version. */
export type RegisterOffer = { models: ModelChoice[]; suggestion: { modelName: string; label: string } };

/**
 * "Register as new version" on a run's own page (an imported run, or any run that matched no registered version):
 * the same form as after an import; the run becomes the new version's first run and the page shows its version.
 */
export function RegisterRunVersion({ runId, backend, modelArgs, offer }: { runId: number; backend: string; modelArgs: string; offer: RegisterOffer }) {
  const [open, setOpen] = useState(false);
  const router = useRouter();
  const registered = useCallback(() => {
    setOpen(false);
    router.refresh();
  }, [router]);
  if (!open) {
    return (
      <>
        <span className="text-xs text-zinc-500">not a registered model version</span>
        <Button variant="secondary" size="sm" onClick={() => setOpen(true)}>
          <Plus size={12} aria-hidden /> Register as new version
        </Button>
      </>
    );
  }
  return (
    <div className="w-full max-w-2xl">
      <RegisterVersionForm
        run={{ id: runId, created: false, backend, modelArgs, version: null, canRegister: true, suggestion: offer.suggestion }}
        models={offer.models}
        onRegistered={registered}
        onCancel={() => setOpen(false)}
      />
    </div>
  );
}
