CREATE TABLE `comments` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`run_id` integer,
	`sample_task` text,
	`sample_doc_id` integer,
	`comparison_key` text,
	`parent_id` integer,
	`author_id` integer,
	`body` text NOT NULL,
	`labels` text DEFAULT '[]' NOT NULL,
	`created_at` integer DEFAULT (cast(unixepoch('subsecond') * 1000 as integer)) NOT NULL,
	`edited_at` integer,
	`deleted_at` integer,
	FOREIGN KEY (`run_id`) REFERENCES `runs`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`parent_id`) REFERENCES `comments`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`author_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `comments_run_idx` ON `comments` (`run_id`,`id`);--> statement-breakpoint
CREATE INDEX `comments_sample_idx` ON `comments` (`run_id`,`sample_task`,`sample_doc_id`);--> statement-breakpoint
CREATE INDEX `comments_comparison_idx` ON `comments` (`comparison_key`,`id`);--> statement-breakpoint
CREATE TABLE `run_shares` (
	`run_id` integer NOT NULL,
	`user_id` integer NOT NULL,
	`permission` text NOT NULL,
	PRIMARY KEY(`run_id`, `user_id`),
	FOREIGN KEY (`run_id`) REFERENCES `runs`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `run_shares_user_idx` ON `run_shares` (`user_id`);--> statement-breakpoint
ALTER TABLE `runs` ADD `visibility` text DEFAULT 'team' NOT NULL;