-- SPDX-License-Identifier: MIT
-- Migration 32: the cells of migration 14 per set of countries involved
-- (s: an event's countries in order, comma-separated, "GB,RU,US"; ''
-- none), so each event is in exactly one. Cells of one country count an
-- event once per country it has, so any of several countries
-- (country=US,RU), all of them (country=US&country=RU) or none
-- (not_country=US,RU) is not a sum of theirs; it is a sum of the cells of
-- the sets that have (or lack) them, found through the members. GDELT's
-- events have a few hundred distinct sets, so the cells are fewer than
-- the events. Kept as migration 14's cells are; a set whose events are
-- all gone keeps its members.
CREATE TABLE stats_country_set_months (
  s  TEXT NOT NULL,
  m  TEXT NOT NULL,
  t  TEXT NOT NULL,
  n  INTEGER NOT NULL,
  gs REAL NOT NULL,
  gn INTEGER NOT NULL,
  ts REAL NOT NULL,
  tn INTEGER NOT NULL,
  ms INTEGER NOT NULL,
  mn INTEGER NOT NULL,
  PRIMARY KEY (s, m, t)
) WITHOUT ROWID;
CREATE TABLE stats_country_set_members (
  cc TEXT NOT NULL,
  s  TEXT NOT NULL,
  PRIMARY KEY (cc, s)
) WITHOUT ROWID;

-- An event's set: its countries in order (the aggregate reads its
-- subquery in that order), '' for none.
CREATE VIEW stats_event_country_sets AS
  SELECT e.pk AS event,
         ifnull((SELECT group_concat(country, ',')
                   FROM (SELECT country FROM event_countries
                          WHERE event = e.pk ORDER BY country)), '') AS s
    FROM events e;

CREATE TEMP TABLE country_sets AS SELECT event, s FROM stats_event_country_sets;
INSERT INTO stats_country_set_months
  SELECT x.s, c.m, c.t, count(*), sum(c.gs), sum(c.gn), sum(c.ts),
         sum(c.tn), sum(c.ms), sum(c.mn)
    FROM temp.country_sets x JOIN stats_event_cells c ON c.event = x.event
   GROUP BY x.s, c.m, c.t;
INSERT INTO stats_country_set_members
  SELECT DISTINCT ec.country, x.s
    FROM temp.country_sets x JOIN event_countries ec ON ec.event = x.event;
DROP TABLE temp.country_sets;
