import { describe, expect, it } from "vitest";
import {
  buildThreads,
  countVisible,
  inScope,
  insertMention,
  markDeleted,
  mentionAt,
  mergeComments,
  presenceText,
  type DiscussionComment,
} from "@/lib/comments-view/thread";

function comment(id: number, patch: Partial<DiscussionComment> = {}): DiscussionComment {
  return {
    id,
    runId: 1,
    comparison: null,
    sample: null,
    parentId: null,
    author: { id: 1, name: "Ana" },
    body: `c${id}`,
    html: `<p>c${id}</p>`,
    labels: [],
    createdAt: "2026-11-26T10:00:00.000Z",
    editedAt: null,
    deleted: false,
    ...patch,
  };
}

describe("merging comments from the stream and from re-reads", () => {
  it("keeps each comment once, however often it arrives", () => {
    let known = mergeComments(new Map(), [comment(1), comment(2)]);
    known = mergeComments(known, [comment(2), comment(3)]);
    known = mergeComments(known, [comment(1), comment(2), comment(3)]);
    expect([...known.keys()]).toEqual([1, 2, 3]);
  });

  it("never lets an older copy overwrite an edit or a deletion", () => {
    const edited = comment(1, { body: "new", editedAt: "2026-11-26T10:05:00.000Z" });
    let known = mergeComments(new Map(), [edited]);
    known = mergeComments(known, [comment(1)]);
    expect(known.get(1)?.body).toBe("new");
    known = markDeleted(known, 1);
    known = mergeComments(known, [edited]);
    expect(known.get(1)).toMatchObject({ deleted: true, body: "" });
  });
});

describe("threads", () => {
  it("nests replies under their parents in posting order and hides deleted leaves", () => {
    const threads = buildThreads([comment(4, { parentId: 1 }), comment(1), comment(2, { deleted: true }), comment(3, { deleted: true }), comment(5, { parentId: 3 }), comment(6, { parentId: 4 })]);
    expect(threads.map((t) => t.comment.id)).toEqual([1, 3]);
    expect(threads[0].replies[0].comment.id).toBe(4);
    expect(threads[0].replies[0].replies[0].comment.id).toBe(6);
    // The deleted comment 3 stays as a placeholder because 5 replies to it; deleted 2 without replies is gone.
    expect(threads[1].comment.deleted).toBe(true);
    expect(countVisible(threads)).toBe(4);
  });

  it("scopes: a run panel shows its sample comments too; a sample panel only its own", () => {
    const onSample = comment(1, { sample: { task: "mme", docId: 3 } });
    expect(inScope({ runId: 1 }, onSample)).toBe(true);
    expect(inScope({ runId: 1, sample: { task: "mme", docId: 3 } }, onSample)).toBe(true);
    expect(inScope({ runId: 1, sample: { task: "mme", docId: 4 } }, onSample)).toBe(false);
    expect(inScope({ runId: 2 }, onSample)).toBe(false);
    expect(inScope({ comparison: "runs:1,2" }, comment(2, { runId: null, comparison: "runs:1,2" }))).toBe(true);
  });
});

describe("presence", () => {
  it("names the others, each once, and counts the rest", () => {
    const ana = { id: 1, name: "Ana" };
    expect(presenceText([ana], 1)).toBeNull();
    expect(presenceText([ana, { id: 2, name: "Bo" }, { id: 2, name: "Bo" }], 1)).toBe("Bo is here too");
    expect(presenceText([{ id: 2, name: "Bo" }, { id: 3, name: "Cy" }], 1)).toBe("Bo and Cy are here too");
    expect(presenceText([ana, { id: 2, name: "Bo" }, { id: 3, name: "Cy" }, { id: 4, name: "Di" }], 9)).toBe("Ana and 3 others are here too");
  });
});

describe("@mentions in the composer", () => {
  it("finds the mention being typed at the caret, not e-mail addresses or finished ones", () => {
    expect(mentionAt("hi @an", 6)).toEqual({ start: 3, query: "an" });
    expect(mentionAt("@", 1)).toEqual({ start: 0, query: "" });
    expect(mentionAt("mail ana@x.org", 14)).toBeNull();
    expect(mentionAt("hi @ana done", 12)).toBeNull();
  });

  it("replaces the partial handle and puts the caret after it", () => {
    expect(insertMention("ping @an please", 8, "ana")).toEqual({ text: "ping @ana  please", caret: 10 });
    expect(insertMention("no mention", 3, "ana")).toEqual({ text: "no mention", caret: 3 });
  });
});
