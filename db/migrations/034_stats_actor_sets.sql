-- SPDX-License-Identifier: MIT
-- Migration 34: the cells of migration 14 per set of actors taking part
-- (s: the pks of an event's actors in order, comma-separated, "12,345";
-- '' none), as migration 32's are per set of countries: any, all or none
-- of several actors (actor=a,b) is the sum of the cells of the sets that
-- have (or lack) them, found through the members. Kept as migration
-- 14's cells are.
CREATE TABLE stats_actor_set_months (
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
CREATE TABLE stats_actor_set_members (
  actor INTEGER NOT NULL,
  s     TEXT NOT NULL,
  PRIMARY KEY (actor, s)
) WITHOUT ROWID;

-- An event's set: its actors' pks in order, each once, '' for none.
CREATE VIEW stats_event_actor_sets AS
  SELECT e.pk AS event,
         ifnull((SELECT group_concat(actor, ',')
                   FROM (SELECT DISTINCT actor FROM participants
                          WHERE event = e.pk ORDER BY actor)), '') AS s
    FROM events e;

CREATE TEMP TABLE actor_sets AS SELECT event, s FROM stats_event_actor_sets;
INSERT INTO stats_actor_set_months
  SELECT x.s, c.m, c.t, count(*), sum(c.gs), sum(c.gn), sum(c.ts),
         sum(c.tn), sum(c.ms), sum(c.mn)
    FROM temp.actor_sets x JOIN stats_event_cells c ON c.event = x.event
   GROUP BY x.s, c.m, c.t;
INSERT INTO stats_actor_set_members
  SELECT DISTINCT p.actor, x.s
    FROM temp.actor_sets x JOIN participants p ON p.event = x.event;
DROP TABLE temp.actor_sets;
