CREATE TABLE `api_token_addresses` (
	`token_id` integer NOT NULL,
	`ip` text NOT NULL,
	`first_seen_at` integer NOT NULL,
	PRIMARY KEY(`token_id`, `ip`),
	FOREIGN KEY (`token_id`) REFERENCES `api_tokens`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
ALTER TABLE `audit_log` ADD `prev_hash` text;--> statement-breakpoint
ALTER TABLE `audit_log` ADD `hash` text;--> statement-breakpoint
CREATE UNIQUE INDEX `audit_log_prev_hash_unique` ON `audit_log` (`prev_hash`);