-- SPDX-License-Identifier: MIT
-- Migration 54: each country's sums by week (migration 40's by day,
-- added up per week), so that a weekly series of the countries with most
-- events (/stats?by=week,country) reads a seventh of the days: 91
-- countries over ten years were 330,000 days at 1M events, 140-180 ms. d
-- is the week's Monday for an event dated to the day, its month or year
-- when it is dated no closer (such an event is counted in a bucket of
-- its own date, as the days are), '' when undated. Kept as migration 40's
-- totals are.
CREATE TABLE stats_country_week_totals (
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
INSERT INTO stats_country_week_totals
  SELECT cc, CASE WHEN length(d) = 10 THEN date(d, '-6 days', 'weekday 1')
                  ELSE d END, sum(n), sum(gs), sum(gn), sum(ts), sum(tn),
         sum(ms), sum(mn)
    FROM stats_country_day_totals GROUP BY 1, 2;
