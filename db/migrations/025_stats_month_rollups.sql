-- SPDX-License-Identifier: MIT
-- Migration 25: the cells of migration 14 rolled up for the groupings
-- that do not need a whole CAMEO code or a place: per month and CAMEO
-- root (t: the code's first two digits, whose quad class is the code's;
-- '' none), and per country involved and month. They hold the same
-- numbers with ten to a hundred times fewer rows: timelines by root or
-- quad class, and by country, read them (db/aggregate.c). Kept as
-- migration 14's cells are.
CREATE TABLE stats_month_roots (
  m  TEXT NOT NULL,
  t  TEXT NOT NULL,
  n  INTEGER NOT NULL,
  gs REAL NOT NULL,
  gn INTEGER NOT NULL,
  ts REAL NOT NULL,
  tn INTEGER NOT NULL,
  ms INTEGER NOT NULL,
  mn INTEGER NOT NULL,
  PRIMARY KEY (m, t)
) WITHOUT ROWID;
CREATE TABLE stats_country_month_totals (
  cc TEXT NOT NULL,
  m  TEXT NOT NULL,
  n  INTEGER NOT NULL,
  gs REAL NOT NULL,
  gn INTEGER NOT NULL,
  ts REAL NOT NULL,
  tn INTEGER NOT NULL,
  ms INTEGER NOT NULL,
  mn INTEGER NOT NULL,
  PRIMARY KEY (cc, m)
) WITHOUT ROWID;

INSERT INTO stats_month_roots
  SELECT m, substr(t, 1, 2), sum(n), sum(gs), sum(gn), sum(ts), sum(tn),
         sum(ms), sum(mn)
    FROM stats_months GROUP BY m, substr(t, 1, 2);
INSERT INTO stats_country_month_totals
  SELECT cc, m, sum(n), sum(gs), sum(gn), sum(ts), sum(tn), sum(ms),
         sum(mn)
    FROM stats_country_months GROUP BY cc, m;
