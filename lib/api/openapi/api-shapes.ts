import { z } from "zod";
import { RUN_STATUSES } from "@/db/schema";
import { ActivityItem, MemberDto } from "@/lib/services/comments/sharing";
import { CommentDto } from "@/lib/services/comments/comment-dto";
import { ModelDto, ModelVersionDto } from "@/lib/services/models/queries";
import { Benchmark, HistoryPoint } from "@/lib/services/models/performance";
import { NewVersionEvaluation } from "@/lib/services/models/register-version";
import { PrefDto } from "@/lib/services/notifications/center";
import { SmtpSettingsDto } from "@/lib/services/notifications/settings";
import { DeliveryDto, WebhookDto } from "@/lib/services/notifications/webhooks";
import { MetricDto } from "@/lib/services/results/get-run-results";
import { ImportCandidate } from "@/lib/services/results/import-runs";
import { CategoryScoreDto } from "@/lib/services/results/list-samples";
import { RunDto } from "@/lib/services/runs/run-dto";
import { ScheduleDto } from "@/lib/services/schedules/manage-schedules";
import { CatalogueItem } from "@/lib/services/tasks/list-task-catalogue";
import { UserDto } from "@/lib/services/users/queries";

/**
 * Shapes only the REST API has: the error body, and the envelopes route handlers wrap around service results
 * (`{ items }`, a run with its metrics, …). Everything inside them is a service's own DTO schema, declared once beside
 * the service that builds it; the OpenAPI document and the contract tests use these and those, never a copy.
 */

export const ErrorBody = z.strictObject({
  error: z.strictObject({
    code: z.string(),
    message: z.string(),
    fields: z.record(z.string(), z.array(z.string())).optional(),
    requestId: z.string().optional(),
  }),
});

const itemsOf = <T extends z.ZodType>(item: T) => z.strictObject({ items: z.array(item) });

export const Me = UserDto.pick({ id: true, email: true, name: true, role: true });

export const RunDetail = RunDto.extend({
  error: z.string().nullable().describe("why a failed run failed (its reason); null otherwise"),
  metrics: z.array(MetricDto.pick({ task: true, metric: true, filter: true, value: true, stderr: true, stderrClt: true, n: true, higherIsBetter: true, isGroup: true, group: true })),
});
export const RunCreated = z.strictObject({ id: z.number(), status: z.enum(RUN_STATUSES) });
export const CancelResult = z.strictObject({ id: z.number(), status: z.enum(RUN_STATUSES), cancelRequested: z.boolean() });
export const MoveResult = z.strictObject({ id: z.number(), queuePosition: z.number() });

export const Categories = itemsOf(CategoryScoreDto);
export const ImportPreview = z.strictObject({ candidates: z.array(ImportCandidate) });
export const TaskList = z.strictObject({ items: z.array(CatalogueItem), refreshedAt: z.string().nullable() });

export const ModelList = itemsOf(ModelDto);
export const VersionList = itemsOf(ModelVersionDto);
export const ModelHistory = z.strictObject({ benchmark: Benchmark.nullable(), series: z.array(HistoryPoint), benchmarks: z.array(Benchmark) });
/** POST /models/{id}/versions: the version, plus — for a model set to "evaluate new versions" — what became of it. */
export const RegisteredVersion = ModelVersionDto.extend({
  evaluation: NewVersionEvaluation.optional().describe(
    "only for a model set to evaluate new versions: the queued run, or why it could not be queued (the version is registered either way)",
  ),
});

export const ScheduleList = itemsOf(ScheduleDto);
export const PrefList = itemsOf(PrefDto);
export const MarkedRead = z.strictObject({ marked: z.number().describe("how many unread notifications were marked read") });
export const WebhookList = itemsOf(WebhookDto);
export const DeliveryList = itemsOf(DeliveryDto);
export const SmtpSettings = z.strictObject({
  smtp: SmtpSettingsDto.nullable().describe("null: no mail server configured (e-mail notifications are off)"),
});

export const CommentList = itemsOf(CommentDto);
export const Activity = itemsOf(ActivityItem);
export const MemberList = itemsOf(MemberDto);
