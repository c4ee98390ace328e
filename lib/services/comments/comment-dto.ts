import { z } from "zod";
import { IsoTimestamp, PersonRef } from "@/lib/services/dto-fields";

/** A comment as every reader gets it (REST, live events, pages): the shape the browser's discussion logic works on. */
export const CommentDto = z.strictObject({
  id: z.number(),
  runId: z.number().nullable(),
  comparison: z.string().nullable().describe('a comparison discussion: "runs:3,7"'),
  sample: z.strictObject({ task: z.string(), docId: z.number() }).nullable(),
  parentId: z.number().nullable(),
  author: PersonRef.nullable(),
  body: z.string().describe("Markdown as written (empty once deleted)"),
  html: z.string().describe("the body rendered: raw HTML disabled, links rel=noopener, safe to inject"),
  labels: z.array(z.string()),
  createdAt: IsoTimestamp,
  editedAt: IsoTimestamp.nullable(),
  deleted: z.boolean(),
});
export type CommentDto = z.infer<typeof CommentDto>;
