-- SPDX-License-Identifier: MIT
-- Migration 56: the sums of each located point (migration 52) by the
-- country where its events happened (c, '' for none), so that a box's
-- places (/stats?by=location_country&bbox=..., facet=location_country)
-- add up the rows of its points rather than reading its events: a box
-- over a busy place took 1.7 s at 1M events, a 503 on a slower machine.
-- Kept as the points' other cells.
CREATE TABLE stats_point_places (
  lat REAL NOT NULL,
  lon REAL NOT NULL,
  c   TEXT NOT NULL,
  n   INTEGER NOT NULL,
  gs  REAL NOT NULL,
  gn  INTEGER NOT NULL,
  ts  REAL NOT NULL,
  tn  INTEGER NOT NULL,
  ms  INTEGER NOT NULL,
  mn  INTEGER NOT NULL,
  PRIMARY KEY (lat, lon, c)
) WITHOUT ROWID;
INSERT INTO stats_point_places
  SELECT e.lat, e.lon, s.c, count(*), sum(s.gs), sum(s.gn), sum(s.ts),
         sum(s.tn), sum(s.ms), sum(s.mn)
    FROM events e JOIN stats_event_cells s ON s.event = e.pk
   WHERE e.lat IS NOT NULL AND e.lon IS NOT NULL
   GROUP BY e.lat, e.lon, s.c;
