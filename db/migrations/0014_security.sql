CREATE TABLE `recovery_codes` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`user_id` integer NOT NULL,
	`code_hash` text NOT NULL,
	`used_at` integer,
	`created_at` integer DEFAULT (cast(unixepoch('subsecond') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `recovery_codes_hash_unique` ON `recovery_codes` (`code_hash`);--> statement-breakpoint
CREATE INDEX `recovery_codes_user_idx` ON `recovery_codes` (`user_id`);--> statement-breakpoint
CREATE TABLE `user_two_factor` (
	`user_id` integer PRIMARY KEY NOT NULL,
	`secret_sealed` text NOT NULL,
	`enabled_at` integer,
	`last_used_step` integer,
	`created_at` integer DEFAULT (cast(unixepoch('subsecond') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
-- SQLite adds a NOT NULL column only with a default; every existing row is set right below, and the app always writes
-- the scopes of a new token itself.
ALTER TABLE `api_tokens` ADD `scopes` text NOT NULL DEFAULT '["read"]';--> statement-breakpoint
-- Tokens made before scopes existed could do everything their owner's role allows: they keep exactly that.
UPDATE `api_tokens` SET `scopes` = CASE
  WHEN (SELECT `role` FROM `users` WHERE `users`.`id` = `api_tokens`.`user_id`) = 'admin' THEN '["read","write","admin"]'
  ELSE '["read","write"]' END;--> statement-breakpoint
ALTER TABLE `api_tokens` ADD `expires_at` integer;--> statement-breakpoint
ALTER TABLE `api_tokens` ADD `last_used_ip` text;