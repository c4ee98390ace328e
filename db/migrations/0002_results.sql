CREATE TABLE `ingests` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`run_id` integer NOT NULL,
	`status` text NOT NULL,
	`content_hash` text NOT NULL,
	`started_at` integer NOT NULL,
	`committed_at` integer,
	FOREIGN KEY (`run_id`) REFERENCES `runs`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `ingests_run_idx` ON `ingests` (`run_id`);--> statement-breakpoint
CREATE INDEX `ingests_hash_idx` ON `ingests` (`content_hash`);--> statement-breakpoint
CREATE TABLE `run_metrics` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`run_id` integer NOT NULL,
	`task` text NOT NULL,
	`metric` text NOT NULL,
	`filter` text NOT NULL,
	`value` real,
	`value_raw` text,
	`stderr` real,
	`stderr_clt` real,
	`stderr_clustered` real,
	`n` integer,
	`n_original` integer,
	`higher_is_better` integer,
	`is_group` integer NOT NULL,
	`group_name` text,
	`task_version` text,
	`n_shot` integer,
	`extras` text,
	FOREIGN KEY (`run_id`) REFERENCES `runs`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `run_metrics_key` ON `run_metrics` (`run_id`,`task`,`metric`,`filter`);--> statement-breakpoint
CREATE INDEX `run_metrics_task_metric_idx` ON `run_metrics` (`task`,`metric`);--> statement-breakpoint
CREATE TABLE `run_results` (
	`run_id` integer PRIMARY KEY NOT NULL,
	`ingest_id` integer NOT NULL,
	`content_hash` text NOT NULL,
	`results_file` text NOT NULL,
	`raw_json` text NOT NULL,
	`model_source` text,
	`model_name` text,
	`model_args` text,
	`config` text,
	`lmms_eval_version` text,
	`git_hash` text,
	`evaluated_at` integer,
	`date_timezone` text,
	`total_evaluation_seconds` real,
	`throughput` text,
	`usage` text,
	`efficiency` text,
	`sample_count` integer NOT NULL,
	`request_failed_count` integer NOT NULL,
	`budget_exceeded_count` integer NOT NULL,
	FOREIGN KEY (`run_id`) REFERENCES `runs`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`ingest_id`) REFERENCES `ingests`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `run_tasks` (
	`run_id` integer NOT NULL,
	`task` text NOT NULL,
	`alias` text,
	`is_group` integer NOT NULL,
	`parent` text,
	`subtasks` text NOT NULL,
	`version` text,
	`n_shot` integer,
	`n_original` integer,
	`n_effective` integer,
	`config` text,
	`higher_is_better` text,
	`sample_count` integer DEFAULT 0 NOT NULL,
	`request_failed_count` integer DEFAULT 0 NOT NULL,
	`budget_exceeded_count` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`run_id`, `task`),
	FOREIGN KEY (`run_id`) REFERENCES `runs`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `samples` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`ingest_id` integer NOT NULL,
	`run_id` integer NOT NULL,
	`task` text NOT NULL,
	`doc_id` integer NOT NULL,
	`target` text,
	`response` text NOT NULL,
	`filtered_resps` text,
	`resps` text,
	`scores` text NOT NULL,
	`primary_metric` text,
	`primary_score` real,
	`correct` integer,
	`category` text,
	`input` text,
	`input_media` text,
	`token_counts` text,
	`input_tokens` integer,
	`output_tokens` integer,
	`failure` text,
	FOREIGN KEY (`ingest_id`) REFERENCES `ingests`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `samples_ingest_task_doc` ON `samples` (`ingest_id`,`task`,`doc_id`);--> statement-breakpoint
CREATE INDEX `samples_ingest_task_correct` ON `samples` (`ingest_id`,`task`,`correct`,`doc_id`);--> statement-breakpoint
CREATE INDEX `samples_ingest_task_failure` ON `samples` (`ingest_id`,`task`,`failure`,`doc_id`);