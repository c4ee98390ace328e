CREATE TABLE `run_categories` (
	`run_id` integer NOT NULL,
	`task` text NOT NULL,
	`category` text NOT NULL,
	`n` integer NOT NULL,
	`mean_score` real,
	`correct` integer NOT NULL,
	PRIMARY KEY(`run_id`, `task`, `category`),
	FOREIGN KEY (`run_id`) REFERENCES `runs`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `samples_ingest_task_category` ON `samples` (`ingest_id`,`task`,`category`,`doc_id`) WHERE "samples"."category" is not null;