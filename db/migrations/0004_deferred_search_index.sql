DROP INDEX `samples_ingest_task_failure`;--> statement-breakpoint
CREATE INDEX `samples_ingest_task_failure` ON `samples` (`ingest_id`,`task`,`doc_id`) WHERE "samples"."failure" is not null;--> statement-breakpoint
ALTER TABLE `ingests` ADD `search_indexed` integer DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE `run_tasks` ADD `correct_count` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `run_tasks` ADD `incorrect_count` integer DEFAULT 0 NOT NULL;