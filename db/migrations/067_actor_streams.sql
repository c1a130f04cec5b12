-- SPDX-License-Identifier: MIT
-- Migration 67: a kind's and a country's actors indexed in the order the
-- actors list is read by default (name without case, pk last, as
-- migration 10's actors_name), so that a page of one kind or country is
-- read in order from its own index. By (country, name) in binary order,
-- a country of 9,000 actors (RU at 1M events) was found by a walk of
-- every name that gave up, then read whole and sorted: 15-35 ms a page.
DROP INDEX IF EXISTS actors_kind;
CREATE INDEX actors_kind ON actors(kind, name COLLATE NOCASE, pk);
DROP INDEX IF EXISTS actors_country;
CREATE INDEX actors_country ON actors(country, name COLLATE NOCASE, pk);
-- The same by id (sort=id, sort=-id): 23 ms a page of RU's, by the walk
-- of every id that gave up and the sort after it.
CREATE INDEX actors_kind_id ON actors(kind, id);
CREATE INDEX actors_country_id ON actors(country, id);
