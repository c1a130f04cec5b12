-- SPDX-License-Identifier: MIT
-- Migration 26: the actors and countries of one CAMEO root's events
-- without reading them (facet=actor,country&type=14). For each root (r:
-- the code's first two digits, '' none) and actor (its pk, 0 for none),
-- and each root and country involved ('' for none), the events with both.
-- Kept as migration 23's country actors are. All are read most events
-- first, so each has an index in that order: a page of the top actors or
-- countries is its first rows.
CREATE TABLE stats_root_actors (
  r     TEXT NOT NULL,
  actor INTEGER NOT NULL,
  n     INTEGER NOT NULL,
  PRIMARY KEY (r, actor)
) WITHOUT ROWID;
INSERT INTO stats_root_actors
  SELECT substr(s.t, 1, 2), a.actor, count(*)
    FROM stats_event_actors a JOIN stats_event_cells s ON s.event = a.event
   GROUP BY substr(s.t, 1, 2), a.actor;
CREATE INDEX stats_root_actors_n ON stats_root_actors(r, n DESC, actor);
CREATE TABLE stats_root_countries (
  r  TEXT NOT NULL,
  cc TEXT NOT NULL,
  n  INTEGER NOT NULL,
  PRIMARY KEY (r, cc)
) WITHOUT ROWID;
INSERT INTO stats_root_countries
  SELECT substr(s.t, 1, 2), x.cc, count(*)
    FROM stats_event_countries x JOIN stats_event_cells s
      ON s.event = x.event
   GROUP BY substr(s.t, 1, 2), x.cc;
CREATE INDEX stats_root_countries_n ON stats_root_countries(r, n DESC, cc);
CREATE INDEX stats_country_actors_n ON stats_country_actors(cc, n DESC, actor);
