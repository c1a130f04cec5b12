-- SPDX-License-Identifier: MIT
-- Migration 57: the sums of each located point (migration 52) by day, as
-- stats_day_totals keeps every event's (d a day, or a month or year for
-- an event dated no closer, '' when undated), so that a box's daily and
-- weekly series and its dates that are not whole months
-- (/stats?by=week&bbox=...) add up the days of its points rather than
-- reading its events: a box over a busy place took 1.2 s at 1M events.
-- Kept as the points' other cells.
CREATE TABLE stats_point_day_totals (
  lat REAL NOT NULL,
  lon REAL NOT NULL,
  d   TEXT NOT NULL,
  n   INTEGER NOT NULL,
  gs  REAL NOT NULL,
  gn  INTEGER NOT NULL,
  ts  REAL NOT NULL,
  tn  INTEGER NOT NULL,
  ms  INTEGER NOT NULL,
  mn  INTEGER NOT NULL,
  PRIMARY KEY (lat, lon, d)
) WITHOUT ROWID;
INSERT INTO stats_point_day_totals
  SELECT e.lat, e.lon, s.d, count(*), sum(s.gs), sum(s.gn), sum(s.ts),
         sum(s.tn), sum(s.ms), sum(s.mn)
    FROM events e JOIN stats_event_cells s ON s.event = e.pk
   WHERE e.lat IS NOT NULL AND e.lon IS NOT NULL
   GROUP BY e.lat, e.lon, s.d;
