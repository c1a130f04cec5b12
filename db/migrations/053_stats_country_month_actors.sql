-- SPDX-License-Identifier: MIT
-- Migration 53: the actors of each country involved, by month (cc and
-- actor '' and 0 for none; m as migration 14's cells key it), so that a
-- country's actors over whole months (by=actor&country=US&from=2015-06
-- &to=2015-06, facet=actor on such a list: a click on a month of a
-- country's timeline) adds up the months asked for rather than reading
-- the events: a big country's month took 70-100 ms at 1M events. Kept as
-- migration 51's countries and actors are.
CREATE TABLE stats_country_month_actors (
  cc    TEXT NOT NULL,
  m     TEXT NOT NULL,
  actor INTEGER NOT NULL,
  n     INTEGER NOT NULL,
  PRIMARY KEY (cc, m, actor)
) WITHOUT ROWID;
INSERT INTO stats_country_month_actors
  SELECT x.cc, c.m, a.actor, count(*)
    FROM stats_event_countries x
    JOIN stats_event_cells c ON c.event = x.event
    JOIN stats_event_actors a ON a.event = x.event
   GROUP BY x.cc, c.m, a.actor;
