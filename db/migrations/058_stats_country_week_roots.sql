-- SPDX-License-Identifier: MIT
-- Migration 58: each country's sums by week and CAMEO root (t its two
-- digits, '' for no code; d as migration 54 keys a week), so that a
-- country's weekly series of a root or quad class (by=week&type=04
-- &country=GE, by=week,root&country=US) reads a row per week and root
-- rather than one per day and code: GE's weeks of one root read 3,650
-- days of every code at 1M events (26 ms). Kept as migration 54's weeks.
CREATE TABLE stats_country_week_roots (
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
INSERT INTO stats_country_week_roots
  SELECT cc, CASE WHEN length(d) = 10 THEN date(d, '-6 days', 'weekday 1')
                  ELSE d END, substr(t, 1, 2), sum(n), sum(gs), sum(gn),
         sum(ts), sum(tn), sum(ms), sum(mn)
    FROM stats_country_days GROUP BY 1, 2, 3;
