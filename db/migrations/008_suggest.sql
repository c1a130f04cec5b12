-- SPDX-License-Identifier: MIT
-- Migration 8: type-ahead (/suggest). Countries, actors and event types
-- count the events they are in, kept under every write by the triggers of
-- db/summary_triggers.sql; and
-- suggest_fts holds each of their names, aliases and codes, with a prefix
-- index for the first three characters of every word.
--
-- Its rowid is the rank: rows come out of FTS5 in rowid order, so a prefix
-- query stops at its limit instead of ranking every match. The rowid is
--   kind << 56 | (63 - floor(log2(events + 1))) << 50 | pk << 4 | n
-- kind 0 a country, 1 an actor, 2 an event type (one kind is one rowid
-- range); n numbers a record's names, 0 its name. A record's names are
-- one range, moved when its count crosses a power of two.
ALTER TABLE countries ADD COLUMN event_count INTEGER NOT NULL DEFAULT 0;
ALTER TABLE actors ADD COLUMN event_count INTEGER NOT NULL DEFAULT 0;
ALTER TABLE event_types ADD COLUMN event_count INTEGER NOT NULL DEFAULT 0;
UPDATE countries SET event_count =
  (SELECT count(*) FROM event_countries WHERE country = countries.code);
UPDATE actors SET event_count =
  (SELECT count(DISTINCT event) FROM participants WHERE actor = actors.pk);
UPDATE event_types SET event_count =
  (SELECT count(*) FROM events WHERE type_code = event_types.code);

CREATE VIRTUAL TABLE suggest_fts USING fts5(label,
  tokenize = 'unicode61 remove_diacritics 2', prefix = '1 2 3');

-- Every record's names and their keys; the triggers write one record's.
CREATE VIEW suggest_names(kind, pk, key, label) AS
  SELECT 0, pk,
         (0 << 56)
         | ((63 - CAST(log2(event_count + 1) AS INTEGER)) << 50)
         | (pk << 4),
         name
    FROM countries
  UNION ALL
  SELECT 0, pk,
         (0 << 56)
         | ((63 - CAST(log2(event_count + 1) AS INTEGER)) << 50)
         | (pk << 4) | 1,
         common_name
    FROM countries
   WHERE common_name IS NOT NULL AND common_name <> name
  UNION ALL
  SELECT 0, pk,
         (0 << 56)
         | ((63 - CAST(log2(event_count + 1) AS INTEGER)) << 50)
         | (pk << 4) | 2,
         code
    FROM countries
  UNION ALL
  SELECT 0, pk,
         (0 << 56)
         | ((63 - CAST(log2(event_count + 1) AS INTEGER)) << 50)
         | (pk << 4) | 3,
         iso3
    FROM countries
  UNION ALL
  SELECT 1, a.pk,
         (1 << 56)
         | ((63 - CAST(log2(a.event_count + 1) AS INTEGER)) << 50)
         | (a.pk << 4),
         a.name
    FROM actors a
  UNION ALL
  SELECT 1, a.pk,
         (1 << 56)
         | ((63 - CAST(log2(a.event_count + 1) AS INTEGER)) << 50)
         | (a.pk << 4) | (j.key + 1),
         j.value
    FROM actors a, json_each(a.aliases) j
   WHERE j.key < 14 AND j.type = 'text'
  UNION ALL
  SELECT 1, a.pk,
         (1 << 56)
         | ((63 - CAST(log2(a.event_count + 1) AS INTEGER)) << 50)
         | (a.pk << 4) | 15,
         a.cameo_code
    FROM actors a
   WHERE a.cameo_code IS NOT NULL
  UNION ALL
  SELECT 2, pk,
         (2 << 56)
         | ((63 - CAST(log2(event_count + 1) AS INTEGER)) << 50)
         | (pk << 4),
         label
    FROM event_types
  UNION ALL
  SELECT 2, pk,
         (2 << 56)
         | ((63 - CAST(log2(event_count + 1) AS INTEGER)) << 50)
         | (pk << 4) | 1,
         code
    FROM event_types;

INSERT INTO suggest_fts(rowid, label)
  SELECT key, label FROM suggest_names ORDER BY key;
