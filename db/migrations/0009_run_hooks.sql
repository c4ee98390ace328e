CREATE TABLE `run_hooks` (
	`run_id` integer PRIMARY KEY NOT NULL,
	`processed_at` integer NOT NULL,
	FOREIGN KEY (`run_id`) REFERENCES `runs`(`id`) ON UPDATE no action ON DELETE cascade
);
