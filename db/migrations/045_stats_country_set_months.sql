-- SPDX-License-Identifier: MIT
-- Migration 45: the sums of the events of each set of countries involved
-- (migration 32's s) by month (migration 14's m): a rollup of migration
-- 32's cells without their CAMEO codes. Events chosen by their countries
-- alone (country=US,RU, not_country=US), within whole months or not at
-- all, grouped by country, month or year, with metrics, read it: 33,280
-- rows at 1M events, against 137,224 cells.
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

INSERT INTO stats_country_set_month_totals
  SELECT s, m, sum(n), sum(gs), sum(gn), sum(ts), sum(tn), sum(ms), sum(mn)
    FROM stats_country_set_months GROUP BY s, m;
