-- SPDX-License-Identifier: MIT
-- Migration 30: migration 22's network per month and CAMEO code (t, as
-- migration 14's cells name it), for the network of a CAMEO root, code or
-- quad class, in all or in whole months, without reading their events.
-- Keyed by code first: a root or a quad class is a few ranges of it, and
-- months a range within each. Kept as migration 22's pairs are, and moved
-- when an event's date or code changes.
CREATE TABLE stats_actor_pair_cells (
  t TEXT NOT NULL,
  m TEXT NOT NULL,
  a INTEGER NOT NULL,
  b INTEGER NOT NULL,
  n INTEGER NOT NULL,
  PRIMARY KEY (t, m, a, b)
) WITHOUT ROWID;
CREATE TABLE stats_actor_pair_role_cells (
  t  TEXT NOT NULL,
  m  TEXT NOT NULL,
  a  INTEGER NOT NULL,
  b  INTEGER NOT NULL,
  ra TEXT NOT NULL,
  rb TEXT NOT NULL,
  n  INTEGER NOT NULL,
  PRIMARY KEY (t, m, a, b, ra, rb)
) WITHOUT ROWID;

INSERT INTO stats_actor_pair_cells
  SELECT s.t, s.m, p1.actor, p2.actor, count(DISTINCT p1.event)
    FROM participants p1 JOIN participants p2
      ON p2.event = p1.event AND p2.actor > p1.actor
    JOIN stats_event_cells s ON s.event = p1.event
   GROUP BY s.t, s.m, p1.actor, p2.actor;
INSERT INTO stats_actor_pair_role_cells
  SELECT s.t, s.m, p1.actor, p2.actor, p1.role, p2.role,
         count(DISTINCT p1.event)
    FROM participants p1 JOIN participants p2
      ON p2.event = p1.event AND p2.actor > p1.actor
    JOIN stats_event_cells s ON s.event = p1.event
   GROUP BY s.t, s.m, p1.actor, p2.actor, p1.role, p2.role;
