-- SPDX-License-Identifier: MIT
-- Migration 28: the events of three or more actors, by actor. Two actors
-- of an ego's events are linked without the ego only in these, so an
-- ego's graph is its pairs kept (migration 18) and the pairs of its
-- crowded events, without reading all of its events. Kept under every
-- write by db/summary_triggers.sql and per batch by the GDELT import
-- (db/summaries.c).
CREATE TABLE stats_actor_crowds (
  actor INTEGER NOT NULL,
  event INTEGER NOT NULL,
  PRIMARY KEY (actor, event)
) WITHOUT ROWID;
CREATE INDEX stats_actor_crowds_event ON stats_actor_crowds(event);

INSERT INTO stats_actor_crowds
  SELECT DISTINCT p.actor, p.event FROM participants p
   WHERE p.event IN (SELECT event FROM participants GROUP BY event
                      HAVING count(DISTINCT actor) >= 3);
