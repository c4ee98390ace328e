CREATE TABLE `run_logs` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`run_id` integer NOT NULL,
	`seq` integer NOT NULL,
	`stream` text NOT NULL,
	`level` text,
	`text` text NOT NULL,
	`at` integer NOT NULL,
	FOREIGN KEY (`run_id`) REFERENCES `runs`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `run_logs_run_seq_unique` ON `run_logs` (`run_id`,`seq`);--> statement-breakpoint
CREATE TABLE `runs` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`status` text NOT NULL,
	`source` text DEFAULT 'launched' NOT NULL,
	`executor` text DEFAULT 'local' NOT NULL,
	`model` text NOT NULL,
	`model_args` text DEFAULT '' NOT NULL,
	`tasks` text NOT NULL,
	`params` text NOT NULL,
	`env_names` text DEFAULT '[]' NOT NULL,
	`env_sealed` text,
	`command_preview` text DEFAULT '' NOT NULL,
	`created_by_id` integer,
	`created_at` integer DEFAULT (cast(unixepoch('subsecond') * 1000 as integer)) NOT NULL,
	`queue_rank` real DEFAULT 0 NOT NULL,
	`started_at` integer,
	`finished_at` integer,
	`exit_code` integer,
	`exit_signal` text,
	`reason` text,
	`failure_kind` text,
	`progress` text,
	`worker_id` text,
	`pid` integer,
	`gpu_slot` text,
	`output_dir` text,
	`results_path` text,
	`cancel_requested_at` integer,
	`cancel_requested_by_id` integer,
	`rerun_of_id` integer,
	`lmms_eval_version` text,
	`last_log_seq` integer DEFAULT 0 NOT NULL,
	FOREIGN KEY (`created_by_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`cancel_requested_by_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `runs_status_rank_idx` ON `runs` (`status`,`queue_rank`,`id`);--> statement-breakpoint
CREATE INDEX `runs_created_idx` ON `runs` (`created_at`);--> statement-breakpoint
CREATE INDEX `runs_model_idx` ON `runs` (`model`);--> statement-breakpoint
CREATE INDEX `runs_created_by_idx` ON `runs` (`created_by_id`);--> statement-breakpoint
CREATE TABLE `task_catalogue` (
	`name` text PRIMARY KEY NOT NULL,
	`kind` text NOT NULL,
	`source` text NOT NULL,
	`yaml_path` text,
	`output_type` text,
	`dataset_path` text,
	`members` text NOT NULL,
	`parents` text NOT NULL,
	`yaml_text` text,
	`refreshed_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `task_catalogue_kind_idx` ON `task_catalogue` (`kind`);