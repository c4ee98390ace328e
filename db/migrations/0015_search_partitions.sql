CREATE TABLE `search_partitions` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`ingest_id` integer NOT NULL,
	`task` text NOT NULL,
	`first_doc_id` integer NOT NULL,
	`last_doc_id` integer NOT NULL,
	`in_doc_order` integer NOT NULL,
	FOREIGN KEY (`ingest_id`) REFERENCES `ingests`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `search_partitions_scope` ON `search_partitions` (`ingest_id`,`task`,`first_doc_id`);--> statement-breakpoint
-- The search index becomes partitioned (db/schema/results.ts, searchPartitions): one FTS5 column holding each
-- sample's words as `<partition>_<word>`, normalised by the app (lower case, diacritics removed), so the `ascii`
-- tokenizer only splits on spaces and `_` stays inside a token. detail=none: searches are word-prefix matches, never
-- phrases, so positions would only make the index larger. Hand-written: Drizzle cannot declare virtual tables.
DROP TABLE IF EXISTS `samples_fts`;--> statement-breakpoint
CREATE VIRTUAL TABLE `samples_fts` USING fts5(terms, content='', contentless_delete=1, detail=none, tokenize="ascii tokenchars '_'");--> statement-breakpoint
-- The index's terms, read to turn a word prefix into the few whole words of one partition it stands for (search-index.ts).
CREATE VIRTUAL TABLE `samples_fts_terms` USING fts5vocab(samples_fts, 'row');--> statement-breakpoint
-- Every existing ingest is indexed again, partitioned, by the worker when it starts; search scans until then.
UPDATE `ingests` SET `search_indexed` = 0;
