import { z } from "zod";
import { MODEL_STATUSES, VERSION_STATUSES } from "@/db/schema";
import { parseKeyValueArgs } from "@/lib/lmms-eval/command";
import { RunSettingsParams } from "@/lib/services/schedules/schemas";

const kv = (label: string) =>
  z
    .string({ error: `${label} must be text` })
    .max(64 * 1024, { error: `${label} is too long` })
    .superRefine((value, ctx) => {
      const parsed = parseKeyValueArgs(value);
      if (!parsed.ok) ctx.addIssue({ code: "custom", message: `${label}: ${parsed.error}` });
    });

export const ModelName = z
  .string({ error: "Name is required" })
  .trim()
  .min(1, { error: "Name is required" })
  .max(120, { error: "Name must be at most 120 characters" })
  .regex(/^[\w.@:/ +-]+$/, { error: "Name may contain letters, digits, spaces and . _ - / : @ +" });
export const Tags = z
  .array(z.string().trim().min(1).max(40, { error: "a tag must be at most 40 characters" }), { error: "tags must be a list" })
  .max(30, { error: "at most 30 tags" })
  .transform((tags) => [...new Set(tags)]);

export const CreateModelInput = z.object({
  name: ModelName,
  description: z.string().max(5000, { error: "Description must be at most 5000 characters" }).default(""),
  tags: Tags.default([]),
});

export const UpdateModelFields = z.object({
  modelId: z.coerce.number().int().positive(),
  name: ModelName.optional(),
  description: z.string().max(5000).optional(),
  tags: Tags.optional(),
  status: z.enum(MODEL_STATUSES, { error: "status must be active or archived" }).optional(),
  /** Archiving a model whose versions have queued runs needs an explicit yes. */
  confirmQueuedRuns: z.boolean().optional(),
  /** "Evaluate new versions on benchmarks X": null turns it off. */
  evaluateNewVersions: z
    .object({
      tasks: z.array(z.string().trim().min(1)).min(1, { error: "choose at least one task to evaluate new versions on" }),
      /** Run parameters and `executor`, as a schedule's; checked with createRun's rules when saved. */
      params: RunSettingsParams.optional(),
    })
    .nullable()
    .optional(),
});
export const UpdateModelInput = UpdateModelFields.refine(
  (v) => v.name !== undefined || v.description !== undefined || v.tags !== undefined || v.status !== undefined || v.evaluateNewVersions !== undefined,
  { error: "Nothing to change" },
);

export const VersionLabel = z
  .string({ error: "Label is required" })
  .trim()
  .min(1, { error: "Label is required" })
  .max(120, { error: "Label must be at most 120 characters" });

export const CreateVersionInput = z.object({
  modelId: z.coerce.number().int().positive(),
  label: VersionLabel,
  backend: z
    .string({ error: "Backend is required" })
    .trim()
    .min(1, { error: "Backend is required" })
    .regex(/^[A-Za-z0-9_.\-]+$/, { error: "Backend must be an lmms-eval model id such as 'openai' or 'qwen2_5_vl'" }),
  modelArgs: kv("model args").default(""),
  genKwargs: kv("gen kwargs").default(""),
  notes: z.string().max(10_000).default(""),
  parentVersionId: z.coerce.number().int().positive().nullable().optional(),
  parentRelation: z.string().trim().max(100).default(""),
});

export const UpdateVersionInput = z.object({
  versionId: z.coerce.number().int().positive(),
  label: VersionLabel.optional(),
  backend: CreateVersionInput.shape.backend.optional(),
  modelArgs: kv("model args").optional(),
  genKwargs: kv("gen kwargs").optional(),
  notes: z.string().max(10_000).optional(),
  parentVersionId: z.coerce.number().int().positive().nullable().optional(),
  parentRelation: z.string().trim().max(100).optional(),
  status: z.enum(VERSION_STATUSES, { error: "status must be active, deprecated or archived" }).optional(),
});

/** Fields that define what a version runs; frozen once a run used the version. */
export const CONFIG_FIELDS = ["label", "backend", "modelArgs", "genKwargs", "parentVersionId"] as const;
