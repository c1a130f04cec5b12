-- SPDX-License-Identifier: MIT
-- Migration 35: the cells of migration 14 per actor and role it takes in
-- the event (an actor twice in one role counts once for it), for
-- aggregations of an actor in a role (actor=a&role=target). Kept as
-- migration 14's cells are.
CREATE TABLE stats_actor_role_months (
  actor INTEGER NOT NULL,
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
  PRIMARY KEY (actor, r, m, t)
) WITHOUT ROWID;

-- The actors of an event with the roles they take, each pair once.
CREATE VIEW stats_event_actor_roles AS
  SELECT DISTINCT event, actor, role AS r FROM participants;

INSERT INTO stats_actor_role_months
  SELECT x.actor, x.r, s.m, s.t, count(*), sum(s.gs), sum(s.gn),
         sum(s.ts), sum(s.tn), sum(s.ms), sum(s.mn)
    FROM stats_event_actor_roles x JOIN stats_event_cells s
      ON s.event = x.event
   GROUP BY x.actor, x.r, s.m, s.t;
