-- SPDX-License-Identifier: MIT
-- Migration 19: for each two countries (a, b; both ways, and a = b), the
-- events involving both: the countries of one country's events without
-- reading them. Kept as migration 18's pairs are, whose actors' pairs get
-- an index by their second actor, for the actors of one actor's events.
CREATE TABLE stats_country_pairs (
  a TEXT NOT NULL,
  b TEXT NOT NULL,
  n INTEGER NOT NULL,
  PRIMARY KEY (a, b)
) WITHOUT ROWID;

INSERT INTO stats_country_pairs
  SELECT x1.country, x2.country, count(*)
    FROM event_countries x1 JOIN event_countries x2 ON x2.event = x1.event
   GROUP BY x1.country, x2.country;
CREATE INDEX stats_actor_pairs_b ON stats_actor_pairs(b, a);
