-- SPDX-License-Identifier: MIT
-- Migration 38: the network of migration 18 per set of countries involved
-- (migration 32: each event is in exactly one set). The network of the
-- events of any of several countries, of all of them or of none is then
-- the sum of the networks of the sets that qualify, found through their
-- members, with no event read; before, an event in two of the countries
-- asked was read to take off the pairs counted twice (country=GE,US: 2 s,
-- 503 at 1M events). Actor 0 holds each set's number of events, from
-- which a request chooses to add up its sets' pairs or to walk the pairs
-- of every event (db/set_networks.c). Kept under every write by
-- db/summary_triggers.sql and per batch by the GDELT import
-- (db/summaries.c); rows whose events are gone stay, with n = 0.
CREATE TABLE stats_country_set_actor_pairs (
  s TEXT NOT NULL,
  a INTEGER NOT NULL,
  b INTEGER NOT NULL,
  n INTEGER NOT NULL,
  PRIMARY KEY (s, a, b)
) WITHOUT ROWID;
-- Keyed by pair first: the roles of the edges answered are read by key.
CREATE TABLE stats_country_set_pair_roles (
  a  INTEGER NOT NULL,
  b  INTEGER NOT NULL,
  ra TEXT NOT NULL,
  rb TEXT NOT NULL,
  s  TEXT NOT NULL,
  n  INTEGER NOT NULL,
  PRIMARY KEY (a, b, ra, rb, s)
) WITHOUT ROWID;
-- Keyed by actor first: the event counts of the nodes answered.
CREATE TABLE stats_country_set_actors (
  actor INTEGER NOT NULL,
  s     TEXT NOT NULL,
  n     INTEGER NOT NULL,
  PRIMARY KEY (actor, s)
) WITHOUT ROWID;

CREATE TEMP TABLE country_sets AS SELECT event, s FROM stats_event_country_sets;
INSERT INTO stats_country_set_actor_pairs
  SELECT x.s, p1.actor, p2.actor, count(DISTINCT p1.event)
    FROM temp.country_sets x
    JOIN participants p1 ON p1.event = x.event
    JOIN participants p2 ON p2.event = p1.event AND p2.actor > p1.actor
   GROUP BY x.s, p1.actor, p2.actor;
INSERT INTO stats_country_set_pair_roles
  SELECT p1.actor, p2.actor, p1.role, p2.role, x.s, count(DISTINCT p1.event)
    FROM temp.country_sets x
    JOIN participants p1 ON p1.event = x.event
    JOIN participants p2 ON p2.event = p1.event AND p2.actor > p1.actor
   GROUP BY p1.actor, p2.actor, p1.role, p2.role, x.s;
INSERT INTO stats_country_set_actors
  SELECT p.actor, x.s, count(DISTINCT p.event)
    FROM temp.country_sets x JOIN participants p ON p.event = x.event
   GROUP BY p.actor, x.s;
INSERT INTO stats_country_set_actors
  SELECT 0, s, count(*) FROM temp.country_sets GROUP BY s;
DROP TABLE temp.country_sets;
