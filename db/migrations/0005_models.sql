CREATE TABLE `model_versions` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`model_id` integer NOT NULL,
	`label` text NOT NULL,
	`backend` text NOT NULL,
	`model_args` text DEFAULT '' NOT NULL,
	`gen_kwargs` text DEFAULT '' NOT NULL,
	`notes` text DEFAULT '' NOT NULL,
	`parent_version_id` integer,
	`parent_relation` text DEFAULT '' NOT NULL,
	`status` text DEFAULT 'active' NOT NULL,
	`created_by_id` integer,
	`created_at` integer DEFAULT (cast(unixepoch('subsecond') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`model_id`) REFERENCES `models`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`parent_version_id`) REFERENCES `model_versions`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`created_by_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE UNIQUE INDEX `model_versions_label_unique` ON `model_versions` (`model_id`,lower("label"));--> statement-breakpoint
CREATE INDEX `model_versions_model_idx` ON `model_versions` (`model_id`);--> statement-breakpoint
CREATE TABLE `models` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`name` text NOT NULL,
	`description` text DEFAULT '' NOT NULL,
	`tags` text DEFAULT '[]' NOT NULL,
	`status` text DEFAULT 'active' NOT NULL,
	`created_by_id` integer,
	`created_at` integer DEFAULT (cast(unixepoch('subsecond') * 1000 as integer)) NOT NULL,
	`updated_at` integer DEFAULT (cast(unixepoch('subsecond') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`created_by_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE UNIQUE INDEX `models_name_unique` ON `models` (lower("name"));--> statement-breakpoint
ALTER TABLE `runs` ADD `model_version_id` integer REFERENCES model_versions(id);--> statement-breakpoint
ALTER TABLE `runs` ADD `version_overrides` text;--> statement-breakpoint
CREATE INDEX `runs_model_version_idx` ON `runs` (`model_version_id`);