"use client";

import { searchMembersAction } from "@/app/(app)/comments/actions";
import { useDebouncedPreview } from "@/components/ui/use-debounced-preview";
import { callAction } from "./use-discussion";

export type MemberMatch = { id: number; name: string; handle: string };

/**
 * Team members whose name or e-mail starts with `query`, looked up shortly after typing stops (the server caps the
 * list). `null` means "not searching" and yields no matches.
 */
export function useMemberSearch(query: string | null, delayMs = 120): MemberMatch[] {
  const { result } = useDebouncedPreview(
    query,
    async (q) => {
      const answer = await callAction<MemberMatch[]>(searchMembersAction, { q });
      return { members: answer.ok && answer.data ? answer.data : null };
    },
    delayMs,
  );
  // While a newer answer is on its way, the last list stays (as before the debounce); a failed lookup shows none.
  return query === null ? [] : (result?.members ?? []);
}
