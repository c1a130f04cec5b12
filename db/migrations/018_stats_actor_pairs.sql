-- SPDX-License-Identifier: MIT
-- Migration 18: the network of every event, kept. For each two actors
-- (a < b, their pks) the events they both take part in, and for each pair
-- of roles they had, in how many events (an event counts once per pair of
-- roles). Kept under every write by db/summary_triggers.sql and per batch
-- by the GDELT import (db/summaries.c); pairs whose events are gone stay,
-- with n = 0.
CREATE TABLE stats_actor_pairs (
  a INTEGER NOT NULL,
  b INTEGER NOT NULL,
  n INTEGER NOT NULL,
  PRIMARY KEY (a, b)
) WITHOUT ROWID;
-- The heaviest edges first.
CREATE INDEX stats_actor_pairs_n ON stats_actor_pairs(n DESC, a, b);
CREATE TABLE stats_actor_pair_roles (
  a  INTEGER NOT NULL,
  b  INTEGER NOT NULL,
  ra TEXT NOT NULL,
  rb TEXT NOT NULL,
  n  INTEGER NOT NULL,
  PRIMARY KEY (a, b, ra, rb)
) WITHOUT ROWID;

INSERT INTO stats_actor_pairs
  SELECT p1.actor, p2.actor, count(DISTINCT p1.event)
    FROM participants p1 JOIN participants p2
      ON p2.event = p1.event AND p2.actor > p1.actor
   GROUP BY p1.actor, p2.actor;
INSERT INTO stats_actor_pair_roles
  SELECT p1.actor, p2.actor, p1.role, p2.role, count(DISTINCT p1.event)
    FROM participants p1 JOIN participants p2
      ON p2.event = p1.event AND p2.actor > p1.actor
   GROUP BY p1.actor, p2.actor, p1.role, p2.role;
