-- SPDX-License-Identifier: MIT
-- Migration 4: lists whose cost is bounded by their page. An event's
-- countries and participants carry its first date, so that the events of
-- a country or of an actor are read from their index newest first and a
-- page stops at its limit, whatever the number of matches; and the
-- events' indexes carry the columns other filters check, so a walk along
-- one of them checks type, quad class and dates without reading rows; and
-- the events' full-text rows are keyed by date (db/event_key.h), so a
-- search sorted by date reads the index newest first.

ALTER TABLE event_countries ADD COLUMN date_start TEXT NOT NULL DEFAULT '';
ALTER TABLE participants ADD COLUMN date_start TEXT NOT NULL DEFAULT '';
UPDATE event_countries
   SET date_start = (SELECT date_start FROM events WHERE pk = event);
UPDATE participants
   SET date_start = (SELECT date_start FROM events WHERE pk = event);

DROP INDEX IF EXISTS events_date;
DROP INDEX IF EXISTS events_type;
DROP INDEX IF EXISTS events_quad;
CREATE INDEX events_date
    ON events(date_start, type_code, quad_class, date_end);
CREATE INDEX events_type
    ON events(type_code, date_start, quad_class, date_end);
CREATE INDEX events_quad
    ON events(quad_class, date_start, type_code, date_end);

DROP INDEX IF EXISTS event_countries_country;
CREATE INDEX event_countries_country
    ON event_countries(country, date_start, event);
CREATE INDEX participants_actor_date
    ON participants(actor, date_start, event);

-- Rows are written with their event's date (db/store.c, the importers);
-- a changed date follows here.
CREATE TRIGGER events_date_start_copies AFTER UPDATE OF date_start ON events
WHEN NEW.date_start IS NOT OLD.date_start
BEGIN
  UPDATE event_countries SET date_start = NEW.date_start WHERE event = NEW.pk;
  UPDATE participants SET date_start = NEW.date_start WHERE event = NEW.pk;
END;

-- The search index again, keyed as EVENT_KEY(date_start, pk) says (the
-- same expression is spelled out here), its text copied over as it is.
CREATE VIRTUAL TABLE events_fts_by_date USING fts5(title, summary, quotes,
  tokenize = 'unicode61 remove_diacritics 2');
INSERT INTO events_fts_by_date(rowid, title, summary, quotes)
  SELECT ((CAST(ifnull(julianday(e.date_start) - 1721058.5, 0) AS INTEGER)
          << 40) | e.pk), f.title, f.summary, f.quotes
    FROM events_fts f JOIN events e ON e.pk = f.rowid;
DROP TABLE events_fts;
ALTER TABLE events_fts_by_date RENAME TO events_fts;

-- A changed date changes the key: the old row goes here, and the writer
-- indexes the event again under its new key (db/store.c).
CREATE TRIGGER events_date_start_search AFTER UPDATE OF date_start ON events
WHEN NEW.date_start IS NOT OLD.date_start
BEGIN
  DELETE FROM events_fts
   WHERE rowid = ((CAST(ifnull(julianday(OLD.date_start) - 1721058.5, 0)
                   AS INTEGER) << 40) | OLD.pk);
END;
