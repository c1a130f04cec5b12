-- SPDX-License-Identifier: MIT
-- Migration 43: the actors (migration 38) and the members (migration 32)
-- of the sets of countries, by set.
--
-- The actors by set, so that the actors of a few sets are added up from
-- their own rows: /stats?by=actor and facet=actor of events chosen by
-- their countries alone (country=ZW,AF, country=US&country=RU) read every
-- set's actors without it (40 ms at 1M events). Sets that hold a good
-- share of all events are walked by actor instead (db/set_networks.c).
CREATE INDEX stats_country_set_actors_set
    ON stats_country_set_actors(s, actor, n);
-- The members by set: /stats?by=country of such events with other
-- conditions or metrics counts each cell of a set once for each of its
-- countries (db/aggregate.c).
CREATE INDEX stats_country_set_members_set
    ON stats_country_set_members(s, cc);
