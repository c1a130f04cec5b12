-- SPDX-License-Identifier: MIT
-- Migration 27: the network of one country's events (/network?country=)
-- without reading them: migration 18's pairs of actors, and their pairs
-- of roles, for each country involved (cc). Kept under every write by
-- db/summary_triggers.sql and per batch by the GDELT import
-- (db/summaries.c); rows whose events are gone stay, with n = 0. The
-- heaviest pairs of a country are the first rows of an index.
CREATE TABLE stats_country_actor_pairs (
  cc TEXT NOT NULL,
  a  INTEGER NOT NULL,
  b  INTEGER NOT NULL,
  n  INTEGER NOT NULL,
  PRIMARY KEY (cc, a, b)
) WITHOUT ROWID;
CREATE TABLE stats_country_actor_pair_roles (
  cc TEXT NOT NULL,
  a  INTEGER NOT NULL,
  b  INTEGER NOT NULL,
  ra TEXT NOT NULL,
  rb TEXT NOT NULL,
  n  INTEGER NOT NULL,
  PRIMARY KEY (cc, a, b, ra, rb)
) WITHOUT ROWID;

INSERT INTO stats_country_actor_pairs
  SELECT x.country, p1.actor, p2.actor, count(DISTINCT p1.event)
    FROM participants p1 JOIN participants p2
      ON p2.event = p1.event AND p2.actor > p1.actor
    JOIN event_countries x ON x.event = p1.event
   GROUP BY x.country, p1.actor, p2.actor;
INSERT INTO stats_country_actor_pair_roles
  SELECT x.country, p1.actor, p2.actor, p1.role, p2.role,
         count(DISTINCT p1.event)
    FROM participants p1 JOIN participants p2
      ON p2.event = p1.event AND p2.actor > p1.actor
    JOIN event_countries x ON x.event = p1.event
   GROUP BY x.country, p1.actor, p2.actor, p1.role, p2.role;
CREATE INDEX stats_country_actor_pairs_n
  ON stats_country_actor_pairs(cc, n DESC, a, b);
