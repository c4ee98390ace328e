-- Full-text search over what a sample said and was asked (samples browser "search"). Contentless: the text already
-- lives in `samples`; this holds only the index, keyed by samples.id. contentless_delete lets superseded ingests
-- drop their entries by rowid. Drizzle cannot declare virtual tables, hence this hand-written migration.
CREATE VIRTUAL TABLE `samples_fts` USING fts5(input, target, response, content='', contentless_delete=1, tokenize='unicode61 remove_diacritics 2');
