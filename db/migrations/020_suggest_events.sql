-- SPDX-License-Identifier: MIT
-- Migration 20: type-ahead over event titles too. Events are kind 3 of
-- suggest_fts (migration 8), ranked by GDELT's number of mentions in
-- powers of two (events without it last); kept by db/summary_triggers.sql
-- and, in imports, once per batch (db/summaries.c). suggest_fts is made
-- again with prefix indexes up to 8 characters: a typed word up to that
-- long reads one prefix's rows, in rank order, and stops at the limit,
-- where a longer one merges the rows of every word it starts (1M titles:
-- 1 ms against 24 ms for "stat").
CREATE VIEW suggest_event_names(pk, key, label) AS
  SELECT pk,
         (3 << 56)
         | ((63 - CAST(log2(ifnull(num_mentions, 0) + 1) AS INTEGER)) << 50)
         | (pk << 4),
         title
    FROM events;

DROP TABLE suggest_fts;
CREATE VIRTUAL TABLE suggest_fts USING fts5(label,
  tokenize = 'unicode61 remove_diacritics 2', prefix = '1 2 3 4 5 6 7 8');
INSERT INTO suggest_fts(rowid, label)
  SELECT key, label FROM suggest_names ORDER BY key;
INSERT INTO suggest_fts(rowid, label)
  SELECT key, label FROM suggest_event_names ORDER BY key;
