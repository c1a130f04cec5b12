-- SPDX-License-Identifier: MIT
-- Migration 16: the cells of migration 14 per actor taking part (actor:
-- its pk, 0 for an event without participants; an actor in two roles of
-- one event counts once), and each actor's totals, for aggregations of an
-- actor's events and the actors with most events. Kept as migration 14's
-- cells are.
CREATE TABLE stats_actor_months (
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
CREATE TABLE stats_actor_totals (
  actor INTEGER NOT NULL PRIMARY KEY,
  n  INTEGER NOT NULL,
  gs REAL NOT NULL,
  gn INTEGER NOT NULL,
  ts REAL NOT NULL,
  tn INTEGER NOT NULL,
  ms INTEGER NOT NULL,
  mn INTEGER NOT NULL
) WITHOUT ROWID;
-- The actors with most events first.
CREATE INDEX stats_actor_totals_n ON stats_actor_totals(n DESC, actor);

-- The actors an event involves, each once; 0 for none.
CREATE VIEW stats_event_actors AS
  SELECT DISTINCT event, actor FROM participants
  UNION ALL
  SELECT e.pk, 0 FROM events e
   WHERE NOT EXISTS (SELECT 1 FROM participants p WHERE p.event = e.pk);

INSERT INTO stats_actor_months
  SELECT x.actor, s.m, s.t, count(*), sum(s.gs), sum(s.gn), sum(s.ts),
         sum(s.tn), sum(s.ms), sum(s.mn)
    FROM stats_event_actors x JOIN stats_event_cells s ON s.event = x.event
   GROUP BY x.actor, s.m, s.t;
INSERT INTO stats_actor_totals
  SELECT actor, sum(n), sum(gs), sum(gn), sum(ts), sum(tn), sum(ms), sum(mn)
    FROM stats_actor_months GROUP BY actor;
