-- SPDX-License-Identifier: MIT
-- Migration 45: the sums of the events of each set of countries involved
-- (migration 32's s), by month (migration 14's m) and in all: rollups of
-- migration 32's cells without their CAMEO codes. Events chosen by their
-- countries alone (country=US,RU, not_country=US) grouped by country,
-- month or year, with metrics, read them: at 1M events the sets' months
-- are 33,280 rows and their totals 479, against 137,224 cells.
CREATE TABLE stats_country_set_month_totals (
  s  TEXT NOT NULL,
  m  TEXT NOT NULL,
  n  INTEGER NOT NULL,
  gs REAL NOT NULL,
  gn INTEGER NOT NULL,
  ts REAL NOT NULL,
  tn INTEGER NOT NULL,
  ms INTEGER NOT NULL,
  mn INTEGER NOT NULL,
  PRIMARY KEY (s, m)
) WITHOUT ROWID;

CREATE TABLE stats_country_set_totals (
  s  TEXT NOT NULL PRIMARY KEY,
  n  INTEGER NOT NULL,
  gs REAL NOT NULL,
  gn INTEGER NOT NULL,
  ts REAL NOT NULL,
  tn INTEGER NOT NULL,
  ms INTEGER NOT NULL,
  mn INTEGER NOT NULL
) WITHOUT ROWID;

INSERT INTO stats_country_set_month_totals
  SELECT s, m, sum(n), sum(gs), sum(gn), sum(ts), sum(tn), sum(ms), sum(mn)
    FROM stats_country_set_months GROUP BY s, m;
INSERT INTO stats_country_set_totals
  SELECT s, sum(n), sum(gs), sum(gn), sum(ts), sum(tn), sum(ms), sum(mn)
    FROM stats_country_set_months GROUP BY s;
