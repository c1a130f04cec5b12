-- SPDX-License-Identifier: MIT
-- Migration 42: the sums of the events of each role taken, by day
-- (migration 15's d), role '' for events of no participant. A daily or
-- weekly series of a role (/stats?by=week&role=target), or one over dates
-- that are not whole months, is read from them rather than from the
-- events (560 ms at 1M). Kept under every write by
-- db/summary_triggers.sql and per batch by the GDELT import
-- (db/summaries.c).
CREATE TABLE stats_role_day_totals (
  r  TEXT NOT NULL,
  d  TEXT NOT NULL,
  n  INTEGER NOT NULL,
  gs REAL NOT NULL,
  gn INTEGER NOT NULL,
  ts REAL NOT NULL,
  tn INTEGER NOT NULL,
  ms INTEGER NOT NULL,
  mn INTEGER NOT NULL,
  PRIMARY KEY (r, d)
) WITHOUT ROWID;

INSERT INTO stats_role_day_totals
  SELECT x.r, c.d, count(*), sum(c.gs), sum(c.gn), sum(c.ts), sum(c.tn),
         sum(c.ms), sum(c.mn)
    FROM stats_event_roles x JOIN stats_event_cells c ON c.event = x.event
   GROUP BY x.r, c.d;
