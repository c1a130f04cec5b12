-- SPDX-License-Identifier: MIT
-- Migration 22: migration 18's network per month cell (m, as migration 14
-- names an event's month), for the network of whole months without
-- reading their events. Kept as migration 18's pairs are, and moved when
-- an event's date changes.
CREATE TABLE stats_actor_pair_months (
  m TEXT NOT NULL,
  a INTEGER NOT NULL,
  b INTEGER NOT NULL,
  n INTEGER NOT NULL,
  PRIMARY KEY (m, a, b)
) WITHOUT ROWID;
CREATE TABLE stats_actor_pair_role_months (
  m  TEXT NOT NULL,
  a  INTEGER NOT NULL,
  b  INTEGER NOT NULL,
  ra TEXT NOT NULL,
  rb TEXT NOT NULL,
  n  INTEGER NOT NULL,
  PRIMARY KEY (m, a, b, ra, rb)
) WITHOUT ROWID;

INSERT INTO stats_actor_pair_months
  SELECT s.m, p1.actor, p2.actor, count(DISTINCT p1.event)
    FROM participants p1 JOIN participants p2
      ON p2.event = p1.event AND p2.actor > p1.actor
    JOIN stats_event_cells s ON s.event = p1.event
   GROUP BY s.m, p1.actor, p2.actor;
INSERT INTO stats_actor_pair_role_months
  SELECT s.m, p1.actor, p2.actor, p1.role, p2.role, count(DISTINCT p1.event)
    FROM participants p1 JOIN participants p2
      ON p2.event = p1.event AND p2.actor > p1.actor
    JOIN stats_event_cells s ON s.event = p1.event
   GROUP BY s.m, p1.actor, p2.actor, p1.role, p2.role;
