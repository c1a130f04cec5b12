-- SPDX-License-Identifier: MIT
-- Migration 8: type-ahead (/suggest). Countries, actors and event types
-- count the events they are in, kept by triggers under every write; and
-- suggest_fts holds each of their names, aliases and codes, with a prefix
-- index for the first three characters of every word.
--
-- Its rowid is the rank: rows come out of FTS5 in rowid order, so a prefix
-- query stops at its limit instead of ranking every match. The rowid is
--   kind << 56 | (63 - floor(log2(events + 1))) << 50 | pk << 4 | n
-- kind 0 a country, 1 an actor, 2 an event type (one kind is one rowid
-- range); n numbers a record's names, 0 its name. A record's names are
-- one range, moved by the triggers below when its count crosses a power
-- of two.
ALTER TABLE countries ADD COLUMN event_count INTEGER NOT NULL DEFAULT 0;
ALTER TABLE actors ADD COLUMN event_count INTEGER NOT NULL DEFAULT 0;
ALTER TABLE event_types ADD COLUMN event_count INTEGER NOT NULL DEFAULT 0;
UPDATE countries SET event_count =
  (SELECT count(*) FROM event_countries WHERE country = countries.code);
UPDATE actors SET event_count =
  (SELECT count(*) FROM participants WHERE actor = actors.pk);
UPDATE event_types SET event_count =
  (SELECT count(*) FROM events WHERE type_code = event_types.code);

CREATE VIRTUAL TABLE suggest_fts USING fts5(label,
  tokenize = 'unicode61 remove_diacritics 2', prefix = '1 2 3');

-- Every record's names and their keys; the triggers write one record's.
CREATE VIEW suggest_names(kind, pk, key, label) AS
  SELECT 0, pk,
         (0 << 56) | ((63 - CAST(log2(event_count + 1) AS INTEGER)) << 50) | (pk << 4),
         name FROM countries
  UNION ALL
  SELECT 0, pk,
         (0 << 56) | ((63 - CAST(log2(event_count + 1) AS INTEGER)) << 50) | (pk << 4) | 1,
         common_name FROM countries WHERE common_name IS NOT NULL AND common_name <> name
  UNION ALL
  SELECT 0, pk,
         (0 << 56) | ((63 - CAST(log2(event_count + 1) AS INTEGER)) << 50) | (pk << 4) | 2,
         code FROM countries
  UNION ALL
  SELECT 0, pk,
         (0 << 56) | ((63 - CAST(log2(event_count + 1) AS INTEGER)) << 50) | (pk << 4) | 3,
         iso3 FROM countries
  UNION ALL
  SELECT 1, a.pk,
         (1 << 56) | ((63 - CAST(log2(a.event_count + 1) AS INTEGER)) << 50) | (a.pk << 4),
         a.name FROM actors a
  UNION ALL
  SELECT 1, a.pk,
         (1 << 56) | ((63 - CAST(log2(a.event_count + 1) AS INTEGER)) << 50) | (a.pk << 4) | (j.key + 1),
         j.value FROM actors a, json_each(a.aliases) j WHERE j.key < 14 AND j.type = 'text'
  UNION ALL
  SELECT 1, a.pk,
         (1 << 56) | ((63 - CAST(log2(a.event_count + 1) AS INTEGER)) << 50) | (a.pk << 4) | 15,
         a.cameo_code FROM actors a WHERE a.cameo_code IS NOT NULL
  UNION ALL
  SELECT 2, pk,
         (2 << 56) | ((63 - CAST(log2(event_count + 1) AS INTEGER)) << 50) | (pk << 4),
         label FROM event_types
  UNION ALL
  SELECT 2, pk,
         (2 << 56) | ((63 - CAST(log2(event_count + 1) AS INTEGER)) << 50) | (pk << 4) | 1,
         code FROM event_types;

INSERT INTO suggest_fts(rowid, label)
  SELECT key, label FROM suggest_names ORDER BY key;

-- The counts.
CREATE TRIGGER event_countries_count_in AFTER INSERT ON event_countries
BEGIN
  UPDATE countries SET event_count = event_count + 1
   WHERE code = NEW.country;
END;
CREATE TRIGGER event_countries_count_out AFTER DELETE ON event_countries
BEGIN
  UPDATE countries SET event_count = event_count - 1
   WHERE code = OLD.country;
END;
CREATE TRIGGER event_countries_count_move
AFTER UPDATE OF country ON event_countries
BEGIN
  UPDATE countries SET event_count = event_count - 1
   WHERE code = OLD.country;
  UPDATE countries SET event_count = event_count + 1
   WHERE code = NEW.country;
END;
CREATE TRIGGER participants_count_in AFTER INSERT ON participants
BEGIN
  UPDATE actors SET event_count = event_count + 1 WHERE pk = NEW.actor;
END;
CREATE TRIGGER participants_count_out AFTER DELETE ON participants
BEGIN
  UPDATE actors SET event_count = event_count - 1 WHERE pk = OLD.actor;
END;
CREATE TRIGGER participants_count_move AFTER UPDATE OF actor ON participants
BEGIN
  UPDATE actors SET event_count = event_count - 1 WHERE pk = OLD.actor;
  UPDATE actors SET event_count = event_count + 1 WHERE pk = NEW.actor;
END;
CREATE TRIGGER events_type_count_in AFTER INSERT ON events
BEGIN
  UPDATE event_types SET event_count = event_count + 1
   WHERE code = NEW.type_code;
END;
CREATE TRIGGER events_type_count_out AFTER DELETE ON events
BEGIN
  UPDATE event_types SET event_count = event_count - 1
   WHERE code = OLD.type_code;
END;
CREATE TRIGGER events_type_count_move AFTER UPDATE OF type_code ON events
BEGIN
  UPDATE event_types SET event_count = event_count - 1
   WHERE code = OLD.type_code;
  UPDATE event_types SET event_count = event_count + 1
   WHERE code = NEW.type_code;
END;

-- A record's names, written again when they or its rank change (a count
-- that stays within its power of two changes nothing here).
CREATE TRIGGER countries_suggest_in AFTER INSERT ON countries
BEGIN
  INSERT INTO suggest_fts(rowid, label)
    SELECT key, label FROM suggest_names WHERE kind = 0 AND pk = NEW.pk;
END;
CREATE TRIGGER countries_suggest_out AFTER DELETE ON countries
BEGIN
  DELETE FROM suggest_fts WHERE rowid BETWEEN
    (0 << 56) | ((63 - CAST(log2(OLD.event_count + 1) AS INTEGER)) << 50) | (OLD.pk << 4)
    AND (0 << 56) | ((63 - CAST(log2(OLD.event_count + 1) AS INTEGER)) << 50) | (OLD.pk << 4) | 15;
END;
CREATE TRIGGER countries_suggest_change
AFTER UPDATE OF name, common_name, code, iso3, event_count ON countries
WHEN NEW.name IS NOT OLD.name OR NEW.common_name IS NOT OLD.common_name OR NEW.code IS NOT OLD.code OR NEW.iso3 IS NOT OLD.iso3
  OR CAST(log2(NEW.event_count + 1) AS INTEGER)
     <> CAST(log2(OLD.event_count + 1) AS INTEGER)
BEGIN
  DELETE FROM suggest_fts WHERE rowid BETWEEN
    (0 << 56) | ((63 - CAST(log2(OLD.event_count + 1) AS INTEGER)) << 50) | (OLD.pk << 4)
    AND (0 << 56) | ((63 - CAST(log2(OLD.event_count + 1) AS INTEGER)) << 50) | (OLD.pk << 4) | 15;
  INSERT INTO suggest_fts(rowid, label)
    SELECT key, label FROM suggest_names WHERE kind = 0 AND pk = NEW.pk;
END;
CREATE TRIGGER actors_suggest_in AFTER INSERT ON actors
BEGIN
  INSERT INTO suggest_fts(rowid, label)
    SELECT key, label FROM suggest_names WHERE kind = 1 AND pk = NEW.pk;
END;
CREATE TRIGGER actors_suggest_out AFTER DELETE ON actors
BEGIN
  DELETE FROM suggest_fts WHERE rowid BETWEEN
    (1 << 56) | ((63 - CAST(log2(OLD.event_count + 1) AS INTEGER)) << 50) | (OLD.pk << 4)
    AND (1 << 56) | ((63 - CAST(log2(OLD.event_count + 1) AS INTEGER)) << 50) | (OLD.pk << 4) | 15;
END;
CREATE TRIGGER actors_suggest_change
AFTER UPDATE OF name, aliases, cameo_code, event_count ON actors
WHEN NEW.name IS NOT OLD.name OR NEW.aliases IS NOT OLD.aliases OR NEW.cameo_code IS NOT OLD.cameo_code
  OR CAST(log2(NEW.event_count + 1) AS INTEGER)
     <> CAST(log2(OLD.event_count + 1) AS INTEGER)
BEGIN
  DELETE FROM suggest_fts WHERE rowid BETWEEN
    (1 << 56) | ((63 - CAST(log2(OLD.event_count + 1) AS INTEGER)) << 50) | (OLD.pk << 4)
    AND (1 << 56) | ((63 - CAST(log2(OLD.event_count + 1) AS INTEGER)) << 50) | (OLD.pk << 4) | 15;
  INSERT INTO suggest_fts(rowid, label)
    SELECT key, label FROM suggest_names WHERE kind = 1 AND pk = NEW.pk;
END;
CREATE TRIGGER event_types_suggest_in AFTER INSERT ON event_types
BEGIN
  INSERT INTO suggest_fts(rowid, label)
    SELECT key, label FROM suggest_names WHERE kind = 2 AND pk = NEW.pk;
END;
CREATE TRIGGER event_types_suggest_out AFTER DELETE ON event_types
BEGIN
  DELETE FROM suggest_fts WHERE rowid BETWEEN
    (2 << 56) | ((63 - CAST(log2(OLD.event_count + 1) AS INTEGER)) << 50) | (OLD.pk << 4)
    AND (2 << 56) | ((63 - CAST(log2(OLD.event_count + 1) AS INTEGER)) << 50) | (OLD.pk << 4) | 15;
END;
CREATE TRIGGER event_types_suggest_change
AFTER UPDATE OF label, code, event_count ON event_types
WHEN NEW.label IS NOT OLD.label OR NEW.code IS NOT OLD.code
  OR CAST(log2(NEW.event_count + 1) AS INTEGER)
     <> CAST(log2(OLD.event_count + 1) AS INTEGER)
BEGIN
  DELETE FROM suggest_fts WHERE rowid BETWEEN
    (2 << 56) | ((63 - CAST(log2(OLD.event_count + 1) AS INTEGER)) << 50) | (OLD.pk << 4)
    AND (2 << 56) | ((63 - CAST(log2(OLD.event_count + 1) AS INTEGER)) << 50) | (OLD.pk << 4) | 15;
  INSERT INTO suggest_fts(rowid, label)
    SELECT key, label FROM suggest_names WHERE kind = 2 AND pk = NEW.pk;
END;
