-- SPDX-License-Identifier: MIT
-- Migration 59: the sums of every event by CAMEO code and place, and of
-- each role by CAMEO code, over all time: migration 14's and 33's cells
-- by month added up, so that an aggregation with no dates by code, root,
-- quad class or place, with or without a role (by=type&not_role=initiator:
-- every event's codes less the initiators'), reads a row per code rather
-- than one per month and code (35,000 rows, 30 ms at 1M events).
CREATE TABLE stats_code_place_totals (
  t  TEXT NOT NULL,
  c  TEXT NOT NULL,
  n  INTEGER NOT NULL,
  gs REAL NOT NULL,
  gn INTEGER NOT NULL,
  ts REAL NOT NULL,
  tn INTEGER NOT NULL,
  ms INTEGER NOT NULL,
  mn INTEGER NOT NULL,
  PRIMARY KEY (t, c)
) WITHOUT ROWID;
INSERT INTO stats_code_place_totals
  SELECT t, c, sum(n), sum(gs), sum(gn), sum(ts), sum(tn), sum(ms),
         sum(mn)
    FROM stats_months GROUP BY t, c;
CREATE TABLE stats_role_code_totals (
  r  TEXT NOT NULL,
  t  TEXT NOT NULL,
  n  INTEGER NOT NULL,
  gs REAL NOT NULL,
  gn INTEGER NOT NULL,
  ts REAL NOT NULL,
  tn INTEGER NOT NULL,
  ms INTEGER NOT NULL,
  mn INTEGER NOT NULL,
  PRIMARY KEY (r, t)
) WITHOUT ROWID;
INSERT INTO stats_role_code_totals
  SELECT r, t, sum(n), sum(gs), sum(gn), sum(ts), sum(tn), sum(ms),
         sum(mn)
    FROM stats_role_months GROUP BY r, t;
