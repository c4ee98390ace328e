"use server";

import { revalidatePath } from "next/cache";
import { readJsonPayload, sessionAction } from "@/lib/actions/action";
import { createComment, deleteComment, listComments, updateComment } from "@/lib/services/comments/comments";
import { getRunActivity, getRunSharing, searchMembers, setRunSharing } from "@/lib/services/comments/sharing";

/**
 * Discussions, activity and sharing from the browser. Each action authenticates and the service authorises (run
 * visibility, comment permission, authorship); live updates reach everyone else through the run's or comparison's
 * room, so nothing here revalidates pages except sharing, which changes what the page itself shows.
 */

/** A discussion's comments: `payload` = `{runId, task?, docId?}` or `{comparison}` (re-read after every reconnect). */
export const loadCommentsAction = sessionAction(({ ctx, db, formData }) => listComments({ db, ctx, input: readJsonPayload(formData) }));

/** `payload` = `{runId | comparison, body, parentId?, sample?, labels?}`. */
export const postCommentAction = sessionAction(({ ctx, db, formData }) => createComment({ db, ctx, input: readJsonPayload(formData) }));

/** `payload` = `{id, body, labels?}`: the author only. */
export const editCommentAction = sessionAction(({ ctx, db, formData }) => {
  const { id, ...input } = (readJsonPayload(formData) ?? {}) as { id?: unknown };
  return updateComment({ db, ctx, commentId: id, input });
});

/** The author, or an admin. */
export const deleteCommentAction = sessionAction(({ ctx, db, formData }) => {
  deleteComment({ db, ctx, commentId: formData.get("id") });
  return { id: Number(formData.get("id")) };
});

/** @mention autocomplete and the share dialog's people picker. */
export const searchMembersAction = sessionAction(({ ctx, db, formData }) => searchMembers({ db, ctx, q: String(formData.get("q") ?? "").slice(0, 100) }));

export const loadActivityAction = sessionAction(({ ctx, db, formData }) => getRunActivity({ db, ctx, runId: formData.get("runId") }));

export const loadSharingAction = sessionAction(({ ctx, db, formData }) => getRunSharing({ db, ctx, runId: formData.get("runId") }));

/** `payload` = `{runId, visibility, members: [{userId, permission}]}`: the owner or an admin. */
export const saveSharingAction = sessionAction(
  ({ ctx, db, formData }) => {
    const { runId, ...input } = (readJsonPayload(formData) ?? {}) as { runId?: unknown };
    return { runId: Number(runId), sharing: setRunSharing({ db, ctx, runId, input }) };
  },
  ({ runId }) => {
    revalidatePath(`/runs/${runId}`);
    revalidatePath("/runs");
  },
);
