-- SPDX-License-Identifier: MIT
-- Migration 61: the cells of each role (migration 33) by month and CAMEO
-- root rather than whole code, and the cells by Goldstein score (36) by
-- code over all time, so that a role's or a range of scores' series by
-- year and quad class (by=year,quad_class&role=initiator: 31,600 cells,
-- 13 ms at 1M events) or its quad classes with no dates (17,000 cells,
-- 10 ms, each looking up its code's quad class) read a row per month and
-- root (4,800) or per code and score (190).
CREATE TABLE stats_role_month_roots (
  r  TEXT NOT NULL,
  m  TEXT NOT NULL,
  t  TEXT NOT NULL,
  n  INTEGER NOT NULL,
  gs REAL NOT NULL,
  gn INTEGER NOT NULL,
  ts REAL NOT NULL,
  tn INTEGER NOT NULL,
  ms INTEGER NOT NULL,
  mn INTEGER NOT NULL,
  PRIMARY KEY (r, m, t)
) WITHOUT ROWID;
INSERT INTO stats_role_month_roots
  SELECT r, m, substr(t, 1, 2), sum(n), sum(gs), sum(gn), sum(ts), sum(tn),
         sum(ms), sum(mn)
    FROM stats_role_months GROUP BY 1, 2, 3;
CREATE TABLE stats_goldstein_codes (
  t  TEXT NOT NULL,
  g  REAL NOT NULL,
  n  INTEGER NOT NULL,
  gs REAL NOT NULL,
  gn INTEGER NOT NULL,
  ts REAL NOT NULL,
  tn INTEGER NOT NULL,
  ms INTEGER NOT NULL,
  mn INTEGER NOT NULL,
  PRIMARY KEY (t, g)
) WITHOUT ROWID;
INSERT INTO stats_goldstein_codes
  SELECT t, g, sum(n), sum(gs), sum(gn), sum(ts), sum(tn), sum(ms), sum(mn)
    FROM stats_goldstein_months GROUP BY 1, 2;
