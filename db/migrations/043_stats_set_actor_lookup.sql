-- SPDX-License-Identifier: MIT
-- Migration 43: the actors of the sets of countries (migration 38) by
-- set, so that the actors of a few sets are added up from their own rows:
-- /stats?by=actor and facet=actor of events chosen by their countries
-- alone (country=ZW,AF, country=US&country=RU) read every set's actors
-- without it (40 ms at 1M events). Sets that hold a good share of all
-- events are walked by actor instead (db/set_networks.c).
CREATE INDEX stats_country_set_actors_set
    ON stats_country_set_actors(s, actor, n);
