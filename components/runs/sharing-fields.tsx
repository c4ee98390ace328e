"use client";

import { Globe, Lock, Trash2, UserPlus } from "lucide-react";
import { useId, useState } from "react";
import { useMemberSearch, type MemberMatch } from "@/components/comments/use-member-search";
import { Button } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import { Input, Select } from "@/components/ui/field";
import { SHARE_PERMISSION_HINT, SHARE_PERMISSIONS, type SharePermission } from "@/lib/comments-view/rules";

export type ShareMember = { userId: number; name: string; email: string; permission: SharePermission };
export type SharingDraft = { visibility: "team" | "private"; members: ShareMember[] };

function PeoplePicker({ exclude, onPick }: { exclude: Set<number>; onPick: (found: MemberMatch) => void }) {
  const id = useId();
  const [q, setQ] = useState("");
  const found = useMemberSearch(q.trim() ? q.trim() : null, 150);
  const options = found.filter((f) => !exclude.has(f.id));
  return (
    <div className="relative">
      <label htmlFor={id} className="sr-only">
        Add a person
      </label>
      <Input id={id} placeholder="Add people by name or e-mail…" value={q} onChange={(e) => setQ(e.target.value)} autoComplete="off" />
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

/**
 * Who sees a run — the team, or only its owner, admins and named people with view / comment / control — and the
 * people it is shared with. The share dialog and the new-run form both edit a run's sharing with it.
 */
export function SharingFields({ draft, onChange, ownerId }: { draft: SharingDraft; onChange: (draft: SharingDraft) => void; ownerId: number | null }) {
  const name = useId();
  return (
    <>
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
            <input type="radio" name={name} value={value} checked={draft.visibility === value} onChange={() => onChange({ ...draft, visibility: value })} className="mt-1" />
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
          onPick={(f) => onChange({ ...draft, members: [...draft.members, { userId: f.id, name: f.name, email: `@${f.handle}`, permission: "view" }] })}
        />
        {draft.members.length ? (
          <ul className="divide-y divide-zinc-100 rounded-md border border-zinc-200 dark:divide-zinc-800 dark:border-zinc-800" data-testid="share-members">
            {draft.members.map((m) => (
              <li key={m.userId} className="flex items-center gap-3 px-3 py-2">
                <div className="min-w-0 flex-1">
                  <p className="truncate text-sm font-medium">{m.name}</p>
                  <p className="truncate text-xs text-zinc-500">{SHARE_PERMISSION_HINT[m.permission]}</p>
                </div>
                {/* Select is w-full by design: the wrapper gives it its width. */}
                <div className="w-28 shrink-0">
                  <Select
                    aria-label={`Permission for ${m.name}`}
                    className="h-8"
                    value={m.permission}
                    onChange={(e) => onChange({ ...draft, members: draft.members.map((x) => (x.userId === m.userId ? { ...x, permission: e.target.value as SharePermission } : x)) })}
                  >
                    {SHARE_PERMISSIONS.map((p) => (
                      <option key={p} value={p}>
                        {p}
                      </option>
                    ))}
                  </Select>
                </div>
                <Button variant="ghost" size="sm" aria-label={`Remove ${m.name}`} onClick={() => onChange({ ...draft, members: draft.members.filter((x) => x.userId !== m.userId) })}>
                  <Trash2 size={13} aria-hidden />
                </Button>
              </li>
            ))}
          </ul>
        ) : (
          <p className="text-xs text-zinc-500">{draft.visibility === "private" ? "Nobody else yet: only you and admins will see it." : "Shares add control (cancel / re-run) for named people on a team run."}</p>
        )}
      </div>
    </>
  );
}
