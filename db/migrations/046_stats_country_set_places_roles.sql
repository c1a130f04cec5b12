-- SPDX-License-Identifier: MIT
-- Migration 46: the sums of the events of each set of countries involved
-- (migration 32's s) by place (the country where it happened, migration
-- 14's c, '' for none) and by role taken (migration 33's r, '' for an
-- event of no participant). Events chosen by their countries alone
-- (country=US,RU, not_country=US, country=GE&country=US) grouped by place
-- or role read them rather than the events (1.1 to 2 s, or 503, at 1M):
-- 489 and 907 rows at 1M events. Kept under every write by
-- db/summary_triggers.sql and per batch by the GDELT import
-- (db/summaries.c).
CREATE TABLE stats_country_set_places (
  s  TEXT NOT NULL,
  c  TEXT NOT NULL,
  n  INTEGER NOT NULL,
  gs REAL NOT NULL,
  gn INTEGER NOT NULL,
  ts REAL NOT NULL,
  tn INTEGER NOT NULL,
  ms INTEGER NOT NULL,
  mn INTEGER NOT NULL,
  PRIMARY KEY (s, c)
) WITHOUT ROWID;

CREATE TABLE stats_country_set_roles (
  s  TEXT NOT NULL,
  r  TEXT NOT NULL,
  n  INTEGER NOT NULL,
  gs REAL NOT NULL,
  gn INTEGER NOT NULL,
  ts REAL NOT NULL,
  tn INTEGER NOT NULL,
  ms INTEGER NOT NULL,
  mn INTEGER NOT NULL,
  PRIMARY KEY (s, r)
) WITHOUT ROWID;

INSERT INTO stats_country_set_places
  SELECT x.s, c.c, count(*), sum(c.gs), sum(c.gn), sum(c.ts), sum(c.tn),
         sum(c.ms), sum(c.mn)
    FROM stats_event_country_sets x
    JOIN stats_event_cells c ON c.event = x.event
   GROUP BY x.s, c.c;
INSERT INTO stats_country_set_roles
  SELECT x.s, y.r, count(*), sum(c.gs), sum(c.gn), sum(c.ts), sum(c.tn),
         sum(c.ms), sum(c.mn)
    FROM stats_event_country_sets x
    JOIN stats_event_roles y ON y.event = x.event
    JOIN stats_event_cells c ON c.event = x.event
   GROUP BY x.s, y.r;
