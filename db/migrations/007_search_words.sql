-- SPDX-License-Identifier: MIT
-- Migration 7: search for people. Every full-text index folds English
-- word forms to one stem (Porter: "arrested" and "arrest", "ministers" and
-- "minister" match each other) on top of case and diacritics folding, and
-- an event's index also holds the names and aliases of its participants,
-- so an event is found by who took part in it. The indexes are built
-- again from the records; db/search_text.h holds the same expressions for
-- the writers. An actor's aliases there include its CAMEO code.
DROP TABLE IF EXISTS countries_fts;
DROP TABLE IF EXISTS event_types_fts;
DROP TABLE IF EXISTS sources_fts;
DROP TABLE IF EXISTS actors_fts;
DROP TABLE IF EXISTS events_fts;
CREATE VIRTUAL TABLE countries_fts USING fts5(name, common_name,
  official_name, capital,
  tokenize = 'porter unicode61 remove_diacritics 2');
CREATE VIRTUAL TABLE event_types_fts USING fts5(label,
  tokenize = 'porter unicode61 remove_diacritics 2');
CREATE VIRTUAL TABLE sources_fts USING fts5(title, publisher, author,
  tokenize = 'porter unicode61 remove_diacritics 2');
CREATE VIRTUAL TABLE actors_fts USING fts5(name, aliases, title, description,
  quotes, tokenize = 'porter unicode61 remove_diacritics 2');
CREATE VIRTUAL TABLE events_fts USING fts5(title, summary, quotes,
  participants, tokenize = 'porter unicode61 remove_diacritics 2');

INSERT INTO countries_fts(rowid, name, common_name, official_name, capital)
  SELECT pk, name, common_name, official_name, capital FROM countries;
INSERT INTO event_types_fts(rowid, label) SELECT pk, label FROM event_types;
INSERT INTO sources_fts(rowid, title, publisher, author)
  SELECT pk, title, publisher, author FROM sources;
INSERT INTO actors_fts(rowid, name, aliases, title, description, quotes)
  SELECT a.pk, a.name,
         (SELECT group_concat(value, ' ') FROM (SELECT value
            FROM json_each(a.aliases) UNION ALL SELECT a.cameo_code)),
         a.title, a.description,
         (SELECT group_concat(quote, ' ') FROM actor_citations
           WHERE actor = a.pk)
    FROM actors a;
-- In key order (the key as db/event_key.h writes it): FTS5 then writes
-- few, large segments.
INSERT INTO events_fts(rowid, title, summary, quotes, participants)
  SELECT ((CAST(ifnull(julianday(e.date_start) - 1721058.5, 0) AS INTEGER)
          << 40) | e.pk) AS key, e.title, e.summary,
         (SELECT group_concat(quote, ' ') FROM event_citations
           WHERE event = e.pk),
         (SELECT group_concat(a.name || ifnull(' ' ||
                 (SELECT group_concat(value, ' ') FROM (SELECT value
                    FROM json_each(a.aliases) UNION ALL
                    SELECT a.cameo_code)), ''), ' ')
            FROM participants p JOIN actors a ON a.pk = p.actor
           WHERE p.event = e.pk)
    FROM events e ORDER BY key;
