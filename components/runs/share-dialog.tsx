"use client";

import { Globe, Lock, Trash2, UserPlus } from "lucide-react";
import { useRouter } from "next/navigation";
import { useEffect, useState } from "react";
import { loadSharingAction, saveSharingAction } from "@/app/(app)/comments/actions";
import { callAction } from "@/components/comments/use-discussion";
import { useMemberSearch, type MemberMatch } from "@/components/comments/use-member-search";
import { Dialog } from "@/components/ui/dialog";
import { Button } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import { FormMessage, Input, Select } from "@/components/ui/field";
import { SHARE_PERMISSION_HINT, SHARE_PERMISSIONS, type SharePermission } from "@/lib/comments-view/rules";
import type { SharingDto } from "@/lib/services/comments/sharing";

type Member = { userId: number; name: string; email: string; permission: SharePermission };

function PeoplePicker({ exclude, onPick }: { exclude: Set<number>; onPick: (found: MemberMatch) => void }) {
  const [q, setQ] = useState("");
  const found = useMemberSearch(q.trim() ? q.trim() : null, 150);
  const options = found.filter((f) => !exclude.has(f.id));
  return (
    <div className="relative">
      <label htmlFor="share-search" className="sr-only">
        Add a person
      </label>
      <Input id="share-search" placeholder="Add people by name or e-mail…" value={q} onChange={(e) => setQ(e.target.value)} autoComplete="off" />
      {q.trim() && options.length ? (
        <ul role="listbox" aria-label="People" className="absolute z-10 mt-1 max-h-48 w-full overflow-auto rounded-md border border-zinc-200 bg-white py-1 text-sm shadow-lg dark:border-zinc-700 dark:bg-zinc-900">
          {options.map((f) => (
            <li key={f.id} role="option" aria-selected={false}>
              <button
                type="button"
                className="flex w-full items-baseline gap-2 px-3 py-1.5 text-left hover:bg-zinc-100 focus:bg-zinc-100 dark:hover:bg-zinc-800 dark:focus:bg-zinc-800"
                onClick={() => {
                  onPick(f);
                  setQ("");
                }}
              >
                <UserPlus size={12} aria-hidden className="self-center text-zinc-400" />
                <span className="font-medium">{f.name}</span>
                <span className="font-mono text-xs text-zinc-500">@{f.handle}</span>
              </button>
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}

/** Who sees this run: the team, or only its owner, admins and named people with view / comment / control. */
export function ShareButton({ runId, visibility, ownerId }: { runId: number; visibility: "team" | "private"; ownerId: number | null }) {
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const [draft, setDraft] = useState<{ visibility: "team" | "private"; members: Member[] } | null>(null);
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
            <fieldset className="space-y-2">
              <legend className="mb-1 text-sm font-medium">Who can see it</legend>
              {(
                [
                  ["team", Globe, "Team", "Everyone in the team can see the run, its samples and its discussion."],
                  ["private", Lock, "Private", "Only you, admins and the people below."],
                ] as const
              ).map(([value, ItemIcon, label, hint]) => (
                <label
                  key={value}
                  className={cn(
                    "flex cursor-pointer items-start gap-3 rounded-md border px-3 py-2",
                    draft.visibility === value ? "border-accent-500 bg-accent-50/60 dark:bg-accent-600/10" : "border-zinc-200 dark:border-zinc-800",
                  )}
                >
                  <input type="radio" name="visibility" value={value} checked={draft.visibility === value} onChange={() => setDraft({ ...draft, visibility: value })} className="mt-1" />
                  <span>
                    <span className="flex items-center gap-1.5 text-sm font-medium">
                      <ItemIcon size={13} aria-hidden /> {label}
                    </span>
                    <span className="text-xs text-zinc-500">{hint}</span>
                  </span>
                </label>
              ))}
            </fieldset>
            <div className="space-y-2">
              <p className="text-sm font-medium">People</p>
              <PeoplePicker
                exclude={new Set([...draft.members.map((m) => m.userId), ...(ownerId ? [ownerId] : [])])}
                onPick={(f) => setDraft({ ...draft, members: [...draft.members, { userId: f.id, name: f.name, email: `@${f.handle}`, permission: "view" }] })}
              />
              {draft.members.length ? (
                <ul className="divide-y divide-zinc-100 rounded-md border border-zinc-200 dark:divide-zinc-800 dark:border-zinc-800" data-testid="share-members">
                  {draft.members.map((m) => (
                    <li key={m.userId} className="flex items-center gap-3 px-3 py-2">
                      <div className="min-w-0 flex-1">
                        <p className="truncate text-sm font-medium">{m.name}</p>
                        <p className="truncate text-xs text-zinc-500">{SHARE_PERMISSION_HINT[m.permission]}</p>
                      </div>
                      <Select
                        aria-label={`Permission for ${m.name}`}
                        className="h-8 w-28"
                        value={m.permission}
                        onChange={(e) => setDraft({ ...draft, members: draft.members.map((x) => (x.userId === m.userId ? { ...x, permission: e.target.value as SharePermission } : x)) })}
                      >
                        {SHARE_PERMISSIONS.map((p) => (
                          <option key={p} value={p}>
                            {p}
                          </option>
                        ))}
                      </Select>
                      <Button variant="ghost" size="sm" aria-label={`Remove ${m.name}`} onClick={() => setDraft({ ...draft, members: draft.members.filter((x) => x.userId !== m.userId) })}>
                        <Trash2 size={13} aria-hidden />
                      </Button>
                    </li>
                  ))}
                </ul>
              ) : (
                <p className="text-xs text-zinc-500">{draft.visibility === "private" ? "Nobody else yet: only you and admins will see it." : "Shares add control (cancel / re-run) for named people on a team run."}</p>
              )}
            </div>
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
