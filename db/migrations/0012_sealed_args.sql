ALTER TABLE `runs` ADD `args_sealed` text;--> statement-breakpoint
ALTER TABLE `model_versions` ADD `args_sealed` text;--> statement-breakpoint
ALTER TABLE `model_versions` ADD `registered_from_run_id` integer REFERENCES runs(id) ON DELETE SET NULL;--> statement-breakpoint
-- "Registered from run #N." used to be written into the notes, which everyone reads; the link now has its own column
-- and is shown only to people who may see that run. Sealing the args that are already stored needs the key in
-- DATA_DIR/secrets.json, which SQL cannot read: scripts/migrate.ts does it right after the migrations.
UPDATE `model_versions` SET `registered_from_run_id` = CAST(substr(`notes`, 22) AS integer)
  WHERE `notes` LIKE 'Registered from run #%' AND CAST(substr(`notes`, 22) AS integer) IN (SELECT `id` FROM `runs`);--> statement-breakpoint
UPDATE `model_versions` SET `notes` = ltrim(substr(`notes`, instr(`notes`, '.') + 1))
  WHERE `registered_from_run_id` IS NOT NULL AND `notes` LIKE 'Registered from run #%';
