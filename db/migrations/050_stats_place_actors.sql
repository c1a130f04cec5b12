-- SPDX-License-Identifier: MIT
-- Migration 50: the actors of the events that happened in one country
-- (by=actor&location_country=US, facet=actor on such a list), and the
-- places of one actor's events (by=location_country&actor=police),
-- without reading the events: 0.8 s at 1M before. For each place (the
-- event's country, '' for none) and actor (its pk, 0 for none), the
-- events with both. Kept as migration 23's country actors are; read most
-- events first, or by actor.
CREATE TABLE stats_place_actors (
  c     TEXT NOT NULL,
  actor INTEGER NOT NULL,
  n     INTEGER NOT NULL,
  PRIMARY KEY (c, actor)
) WITHOUT ROWID;
INSERT INTO stats_place_actors
  SELECT s.c, a.actor, count(*)
    FROM stats_event_cells s JOIN stats_event_actors a ON a.event = s.event
   GROUP BY s.c, a.actor;
CREATE INDEX stats_place_actors_n ON stats_place_actors(c, n DESC, actor);
CREATE INDEX stats_place_actors_actor ON stats_place_actors(actor, c);
