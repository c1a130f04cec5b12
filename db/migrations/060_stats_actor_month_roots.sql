-- SPDX-License-Identifier: MIT
-- Migration 60: the cells of each actor (migration 16) and of each set of
-- actors (34) by month and CAMEO root rather than whole code, so that a
-- series of actors by month, year, root or quad class (by=year,root&
-- actor=A,B: A's and B's cells less those of the sets with both) reads a
-- row per month and root: a third of the rows for the actors in most
-- events (4,300 rather than 14,800 for two of them at 1M events).
CREATE TABLE stats_actor_month_roots (
  actor INTEGER NOT NULL,
  m  TEXT NOT NULL,
  t  TEXT NOT NULL,
  n  INTEGER NOT NULL,
  gs REAL NOT NULL,
  gn INTEGER NOT NULL,
  ts REAL NOT NULL,
  tn INTEGER NOT NULL,
  ms INTEGER NOT NULL,
  mn INTEGER NOT NULL,
  PRIMARY KEY (actor, m, t)
) WITHOUT ROWID;
INSERT INTO stats_actor_month_roots
  SELECT actor, m, substr(t, 1, 2), sum(n), sum(gs), sum(gn), sum(ts),
         sum(tn), sum(ms), sum(mn)
    FROM stats_actor_months GROUP BY 1, 2, 3;
CREATE TABLE stats_actor_set_month_roots (
  s  TEXT NOT NULL,
  m  TEXT NOT NULL,
  t  TEXT NOT NULL,
  n  INTEGER NOT NULL,
  gs REAL NOT NULL,
  gn INTEGER NOT NULL,
  ts REAL NOT NULL,
  tn INTEGER NOT NULL,
  ms INTEGER NOT NULL,
  mn INTEGER NOT NULL,
  PRIMARY KEY (s, m, t)
) WITHOUT ROWID;
INSERT INTO stats_actor_set_month_roots
  SELECT s, m, substr(t, 1, 2), sum(n), sum(gs), sum(gn), sum(ts),
         sum(tn), sum(ms), sum(mn)
    FROM stats_actor_set_months GROUP BY 1, 2, 3;
