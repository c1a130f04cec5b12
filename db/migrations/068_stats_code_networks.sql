-- SPDX-License-Identifier: MIT
-- Migration 68: the network of every CAMEO quad class, root and code over
-- all time, kept as migration 18's network of every event is: for each
-- group g of events, the events each two actors (a < b) take part in, the
-- pairs of roles they had, and each actor's events. A group is a quad
-- class ('q1' to 'q4') or a prefix of two, three or four digits of an
-- event's code: type=04 or type=190 is then one group, and its graph's
-- heaviest edges are the first rows of an index, where the copy of the
-- events' columns read every event of the group (625,000 of quad class 1
-- at 1M events).
-- Kept under every write by db/summary_triggers.sql and per batch by the
-- GDELT import (db/summaries.c); pairs whose events are gone stay, with
-- n = 0.
CREATE VIEW stats_event_groups AS
  SELECT s.event, 'q' || t.quad_class AS g
    FROM stats_event_cells s JOIN event_types t ON t.code = s.t
  UNION ALL
  SELECT event, substr(t, 1, 2) FROM stats_event_cells WHERE length(t) >= 2
  UNION ALL
  SELECT event, substr(t, 1, 3) FROM stats_event_cells WHERE length(t) >= 3
  UNION ALL
  SELECT event, t FROM stats_event_cells WHERE length(t) >= 4;

CREATE TABLE stats_actor_pair_groups (
  g TEXT NOT NULL,
  a INTEGER NOT NULL,
  b INTEGER NOT NULL,
  n INTEGER NOT NULL,
  PRIMARY KEY (g, a, b)
) WITHOUT ROWID;
-- A group's heaviest edges first.
CREATE INDEX stats_actor_pair_groups_n
  ON stats_actor_pair_groups(g, n DESC, a, b);
CREATE TABLE stats_actor_pair_role_groups (
  g  TEXT NOT NULL,
  a  INTEGER NOT NULL,
  b  INTEGER NOT NULL,
  ra TEXT NOT NULL,
  rb TEXT NOT NULL,
  n  INTEGER NOT NULL,
  PRIMARY KEY (g, a, b, ra, rb)
) WITHOUT ROWID;
CREATE TABLE stats_group_actors (
  g     TEXT NOT NULL,
  actor INTEGER NOT NULL,
  n     INTEGER NOT NULL,
  PRIMARY KEY (g, actor)
) WITHOUT ROWID;

INSERT INTO stats_actor_pair_groups
  SELECT k.g, p1.actor, p2.actor, count(DISTINCT p1.event)
    FROM participants p1 JOIN participants p2
      ON p2.event = p1.event AND p2.actor > p1.actor
    JOIN stats_event_groups k ON k.event = p1.event
   GROUP BY k.g, p1.actor, p2.actor;
INSERT INTO stats_actor_pair_role_groups
  SELECT k.g, p1.actor, p2.actor, p1.role, p2.role,
         count(DISTINCT p1.event)
    FROM participants p1 JOIN participants p2
      ON p2.event = p1.event AND p2.actor > p1.actor
    JOIN stats_event_groups k ON k.event = p1.event
   GROUP BY k.g, p1.actor, p2.actor, p1.role, p2.role;
INSERT INTO stats_group_actors
  SELECT k.g, p.actor, count(DISTINCT p.event)
    FROM participants p JOIN stats_event_groups k ON k.event = p.event
   GROUP BY k.g, p.actor;
