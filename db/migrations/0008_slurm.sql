ALTER TABLE `runs` ADD `batch_script` text;--> statement-breakpoint
ALTER TABLE `runs` ADD `slurm_job_id` text;--> statement-breakpoint
ALTER TABLE `runs` ADD `slurm_state` text;--> statement-breakpoint
ALTER TABLE `runs` ADD `slurm_reason` text;--> statement-breakpoint
ALTER TABLE `runs` ADD `slurm_node` text;--> statement-breakpoint
ALTER TABLE `runs` ADD `slurm_offsets` text;