-- SPDX-License-Identifier: MIT
-- Migration 64: the sums of migration 63 per sixteenth of tone by day
-- (d as migration 15 has it), so that a range of tone over days, or over
-- dates that are not whole months, adds up cells rather than reading the
-- events in the dates: a daily series of three months with tone_min=2
-- read 25,000 events at 1M (50 ms), a weekly one of six months 90-140
-- ms. 320,000 cells at 1M; a series of three months reads 25,000.
CREATE TABLE stats_tone_day_totals (
  d  TEXT NOT NULL,
  k  INTEGER NOT NULL,
  n  INTEGER NOT NULL,
  gs REAL NOT NULL,
  gn INTEGER NOT NULL,
  ts REAL NOT NULL,
  tn INTEGER NOT NULL,
  ms INTEGER NOT NULL,
  mn INTEGER NOT NULL,
  PRIMARY KEY (d, k)
) WITHOUT ROWID;
INSERT INTO stats_tone_day_totals
  SELECT c.d, k.k, count(*), sum(c.gs), sum(c.gn), sum(c.ts), sum(c.tn),
         sum(c.ms), sum(c.mn)
    FROM stats_event_cells c JOIN stats_event_tones k ON k.event = c.event
   GROUP BY 1, 2;
