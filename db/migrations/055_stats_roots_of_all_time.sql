-- SPDX-License-Identifier: MIT
-- Migration 55: the sums of a located point (migration 52), a set of
-- countries (migration 32) and a country involved (migration 14) by
-- CAMEO root over all time, t its two digits ('' for no code): their
-- cells by month and code added up. An aggregation or a facet with no
-- dates (facet=root,quad_class beside a box or a country, the first view
-- of a map or a country page) then reads a row per root rather than one
-- per month and code: a dense box's quad classes added up 65,000 cells
-- (43 ms at 1M events), country=GE&quad_class=1 grouped by country
-- 90,000 cells of its sets (63 ms). Kept as the cells they add up.
CREATE TABLE stats_point_roots (
  lat REAL NOT NULL,
  lon REAL NOT NULL,
  t   TEXT NOT NULL,
  n   INTEGER NOT NULL,
  gs  REAL NOT NULL,
  gn  INTEGER NOT NULL,
  ts  REAL NOT NULL,
  tn  INTEGER NOT NULL,
  ms  INTEGER NOT NULL,
  mn  INTEGER NOT NULL,
  PRIMARY KEY (lat, lon, t)
) WITHOUT ROWID;
INSERT INTO stats_point_roots
  SELECT lat, lon, substr(t, 1, 2), sum(n), sum(gs), sum(gn), sum(ts),
         sum(tn), sum(ms), sum(mn)
    FROM stats_point_months GROUP BY 1, 2, 3;
CREATE TABLE stats_country_set_roots (
  s   TEXT NOT NULL,
  t   TEXT NOT NULL,
  n   INTEGER NOT NULL,
  gs  REAL NOT NULL,
  gn  INTEGER NOT NULL,
  ts  REAL NOT NULL,
  tn  INTEGER NOT NULL,
  ms  INTEGER NOT NULL,
  mn  INTEGER NOT NULL,
  PRIMARY KEY (s, t)
) WITHOUT ROWID;
INSERT INTO stats_country_set_roots
  SELECT s, substr(t, 1, 2), sum(n), sum(gs), sum(gn), sum(ts), sum(tn),
         sum(ms), sum(mn)
    FROM stats_country_set_months GROUP BY 1, 2;
CREATE TABLE stats_country_roots (
  cc  TEXT NOT NULL,
  t   TEXT NOT NULL,
  n   INTEGER NOT NULL,
  gs  REAL NOT NULL,
  gn  INTEGER NOT NULL,
  ts  REAL NOT NULL,
  tn  INTEGER NOT NULL,
  ms  INTEGER NOT NULL,
  mn  INTEGER NOT NULL,
  PRIMARY KEY (cc, t)
) WITHOUT ROWID;
INSERT INTO stats_country_roots
  SELECT cc, substr(t, 1, 2), sum(n), sum(gs), sum(gn), sum(ts), sum(tn),
         sum(ms), sum(mn)
    FROM stats_country_months GROUP BY 1, 2;
