-- SPDX-License-Identifier: MIT
-- Migration 10: names and titles sort as people read them, whatever their
-- case ("Gavin Williamson" before "GCHQ"): the actors' name and the
-- sources' title orders compare without case (ASCII letters), from
-- indexes in that order, pk last as the lists' tie-breaker.
DROP INDEX IF EXISTS actors_name;
CREATE INDEX actors_name ON actors(name COLLATE NOCASE, pk);
DROP INDEX IF EXISTS sources_title;
CREATE INDEX sources_title ON sources(title COLLATE NOCASE, pk);
