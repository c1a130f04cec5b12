-- SPDX-License-Identifier: MIT
-- Migration 48: the actors of one country's events of one CAMEO root
-- (by=actor&country=US&type=19, facet=actor on the same list) without
-- reading the events: 0.7 s at 1M before. For each country involved (''
-- for none), root (the code's first two digits, '' none) and actor (its
-- pk, 0 for none), the events with all three. Kept as migration 26's
-- roots' actors are; read most events first.
CREATE TABLE stats_country_root_actors (
  cc    TEXT NOT NULL,
  r     TEXT NOT NULL,
  actor INTEGER NOT NULL,
  n     INTEGER NOT NULL,
  PRIMARY KEY (cc, r, actor)
) WITHOUT ROWID;
INSERT INTO stats_country_root_actors
  SELECT x.cc, substr(s.t, 1, 2), a.actor, count(*)
    FROM stats_event_countries x
    JOIN stats_event_cells s ON s.event = x.event
    JOIN stats_event_actors a ON a.event = x.event
   GROUP BY x.cc, substr(s.t, 1, 2), a.actor;
CREATE INDEX stats_country_root_actors_n
    ON stats_country_root_actors(cc, r, n DESC, actor);
