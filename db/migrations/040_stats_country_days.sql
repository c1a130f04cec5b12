-- SPDX-License-Identifier: MIT
-- Migration 40: the cells of each country involved (migration 16) by day
-- as well as by month: a daily or weekly series of one country's events
-- (/stats?by=week&country=US), or one over dates that are not whole
-- months, is read from them rather than from the events (414,000 of 1M:
-- 2 s, 503 at the budget). d is the event's day, or its month or year
-- when it is dated no closer, '' when undated (migration 15); cc '' for
-- events of no country. Kept under every write by db/summary_triggers.sql
-- and per batch by the GDELT import (db/summaries.c). Their sums by country
-- and day alone (stats_country_day_totals) answer a series of a country
-- with no code: a few thousand days where the cells are 200,000.
CREATE TABLE stats_country_days (
  cc TEXT NOT NULL,
  d  TEXT NOT NULL,
  t  TEXT NOT NULL,
  n  INTEGER NOT NULL,
  gs REAL NOT NULL,
  gn INTEGER NOT NULL,
  ts REAL NOT NULL,
  tn INTEGER NOT NULL,
  ms INTEGER NOT NULL,
  mn INTEGER NOT NULL,
  PRIMARY KEY (cc, d, t)
) WITHOUT ROWID;

INSERT INTO stats_country_days
  SELECT x.cc, c.d, c.t, count(*), sum(c.gs), sum(c.gn), sum(c.ts),
         sum(c.tn), sum(c.ms), sum(c.mn)
    FROM stats_event_countries x JOIN stats_event_cells c
      ON c.event = x.event
   GROUP BY x.cc, c.d, c.t;

CREATE TABLE stats_country_day_totals (
  cc TEXT NOT NULL,
  d  TEXT NOT NULL,
  n  INTEGER NOT NULL,
  gs REAL NOT NULL,
  gn INTEGER NOT NULL,
  ts REAL NOT NULL,
  tn INTEGER NOT NULL,
  ms INTEGER NOT NULL,
  mn INTEGER NOT NULL,
  PRIMARY KEY (cc, d)
) WITHOUT ROWID;

INSERT INTO stats_country_day_totals
  SELECT cc, d, sum(n), sum(gs), sum(gn), sum(ts), sum(tn), sum(ms), sum(mn)
    FROM stats_country_days GROUP BY cc, d;
