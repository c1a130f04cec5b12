-- SPDX-License-Identifier: MIT
-- Migration 44: the sums of the events of each set of countries involved
-- (migration 32's s: "GE,RU,US", '' for none) by day (migration 15's d).
-- A daily or weekly series of events chosen by their countries alone
-- (/stats?by=week&country=US,RU, not_country=US, country=GE&country=US)
-- adds up the days of the sets that qualify rather than reading the
-- events (1.4 to 1.9 s at 1M). Kept under every write by
-- db/summary_triggers.sql and per batch by the GDELT import
-- (db/summaries.c).
CREATE TABLE stats_country_set_day_totals (
  s  TEXT NOT NULL,
  d  TEXT NOT NULL,
  n  INTEGER NOT NULL,
  gs REAL NOT NULL,
  gn INTEGER NOT NULL,
  ts REAL NOT NULL,
  tn INTEGER NOT NULL,
  ms INTEGER NOT NULL,
  mn INTEGER NOT NULL,
  PRIMARY KEY (s, d)
) WITHOUT ROWID;

INSERT INTO stats_country_set_day_totals
  SELECT x.s, c.d, count(*), sum(c.gs), sum(c.gn), sum(c.ts), sum(c.tn),
         sum(c.ms), sum(c.mn)
    FROM stats_event_country_sets x
    JOIN stats_event_cells c ON c.event = x.event
   GROUP BY x.s, c.d;
