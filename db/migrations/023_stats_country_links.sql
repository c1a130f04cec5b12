-- SPDX-License-Identifier: MIT
-- Migration 23: one country's events grouped by actor or by place, and
-- one actor's or place's events by country, without reading the events.
-- For each country involved (cc, '' for none) and actor (its pk, 0 for
-- none), the events involving both; for each country involved and place
-- (the country it happened in, '' for none), the events with both. Each
-- is read from either side. Kept under every write by
-- db/summary_triggers.sql and per batch by the GDELT import
-- (db/summaries.c); rows whose events are gone stay, with n = 0.
CREATE TABLE stats_country_actors (
  cc    TEXT NOT NULL,
  actor INTEGER NOT NULL,
  n     INTEGER NOT NULL,
  PRIMARY KEY (cc, actor)
) WITHOUT ROWID;
CREATE INDEX stats_country_actors_actor ON stats_country_actors(actor, cc);
CREATE TABLE stats_country_places (
  cc TEXT NOT NULL,
  c  TEXT NOT NULL,
  n  INTEGER NOT NULL,
  PRIMARY KEY (cc, c)
) WITHOUT ROWID;
CREATE INDEX stats_country_places_c ON stats_country_places(c, cc);

INSERT INTO stats_country_actors
  SELECT x.cc, a.actor, count(*)
    FROM stats_event_countries x JOIN stats_event_actors a
      ON a.event = x.event
   GROUP BY x.cc, a.actor;
INSERT INTO stats_country_places
  SELECT x.cc, s.c, count(*)
    FROM stats_event_countries x JOIN stats_event_cells s
      ON s.event = x.event
   GROUP BY x.cc, s.c;
