"use client";

import { useEffect, useState } from "react";
import { searchMembersAction } from "@/app/(app)/comments/actions";
import { callAction } from "./use-discussion";

export type MemberMatch = { id: number; name: string; handle: string };

/**
 * Team members whose name or e-mail starts with `query`, looked up shortly after typing stops (the server caps the
 * list). `null` means "not searching" and yields no matches.
 */
export function useMemberSearch(query: string | null, delayMs = 120): MemberMatch[] {
  const [members, setMembers] = useState<MemberMatch[]>([]);
  useEffect(() => {
    if (query === null) return;
    let cancelled = false;
    const timer = setTimeout(async () => {
      const answer = await callAction<MemberMatch[]>(searchMembersAction, { q: query });
      if (!cancelled && answer.ok && answer.data) setMembers(answer.data);
    }, delayMs);
    return () => {
      cancelled = true;
      clearTimeout(timer);
    };
  }, [query, delayMs]);
  return query === null ? [] : members;
}
