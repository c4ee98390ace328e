"use client";

import { Globe, Lock } from "lucide-react";
import { useRouter } from "next/navigation";
import { useEffect, useState } from "react";
import { loadSharingAction, saveSharingAction } from "@/app/(app)/comments/actions";
import { callAction } from "@/components/comments/use-discussion";
import { Dialog } from "@/components/ui/dialog";
import { Button } from "@/components/ui/button";
import { FormMessage } from "@/components/ui/field";
import type { SharePermission } from "@/lib/comments-view/rules";
import type { SharingDto } from "@/lib/services/comments/sharing";
import { SharingFields, type SharingDraft } from "./sharing-fields";

/** Who sees this run: the team, or only its owner, admins and named people with view / comment / control. */
export function ShareButton({ runId, visibility, ownerId }: { runId: number; visibility: "team" | "private"; ownerId: number | null }) {
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const [draft, setDraft] = useState<SharingDraft | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);

  useEffect(() => {
    if (!open) return;
    setDraft(null);
    setError(null);
    void callAction<SharingDto>(loadSharingAction, { runId: String(runId) }).then((answer) => {
      if (answer.ok && answer.data) setDraft({ visibility: answer.data.visibility, members: answer.data.members.map((m) => ({ ...m, permission: m.permission as SharePermission })) });
      else setError(answer.message ?? "The current sharing could not be read");
    });
  }, [open, runId]);

  const save = async () => {
    if (!draft) return;
    setSaving(true);
    const answer = await callAction(saveSharingAction, { payload: { runId, visibility: draft.visibility, members: draft.members.map(({ userId, permission }) => ({ userId, permission })) } });
    setSaving(false);
    if (!answer.ok) return setError(answer.message ?? "Sharing could not be saved");
    setOpen(false);
    router.refresh();
  };

  const Icon = visibility === "private" ? Lock : Globe;
  return (
    <>
      <Button variant="secondary" size="sm" onClick={() => setOpen(true)} data-testid="share-button">
        <Icon size={12} aria-hidden /> Share
      </Button>
      <Dialog open={open} onClose={() => setOpen(false)} title={`Share run #${runId}`} description="Comments follow the run: whoever may see the run may read its discussion.">
        {draft ? (
          <div className="space-y-4 px-5 py-4">
            <SharingFields draft={draft} onChange={setDraft} ownerId={ownerId} />
            {error ? (
              <FormMessage message={error} tone="error" />
            ) : null}
            <div className="flex justify-end gap-2 border-t border-zinc-200 pt-3 dark:border-zinc-800">
              <Button variant="ghost" onClick={() => setOpen(false)}>
                Cancel
              </Button>
              <Button onClick={save} disabled={saving}>
                {saving ? "Saving…" : "Save"}
              </Button>
            </div>
          </div>
        ) : (
          <p className="px-5 py-6 text-sm text-zinc-500" role={error ? "alert" : "status"}>
            {error ?? "Loading…"}
          </p>
        )}
      </Dialog>
    </>
  );
}
