-- SPDX-License-Identifier: MIT
-- Migration 69: the numbers of actors by kind and country, of all of
-- them (source 0) and of those each source is cited for, and of sources
-- by kind and publisher, kept under every write (db/summary_triggers.sql)
-- and import (db/summaries.c): a facet or count of actors or sources
-- under those filters alone adds up a few hundred rows, where it counted
-- every match (/actors?source=gdelt&facet=kind,country read 217,000
-- actors at 1M events, 150-300 ms; /sources?kind=article&count=exact a
-- million sources, 45-70 ms). A missing country or publisher is '' (a
-- publisher is never '': writes take one character or more). A value
-- whose records all went keeps its row, at 0.
CREATE TABLE actor_facets (
  source  INTEGER NOT NULL,
  kind    TEXT NOT NULL,
  country TEXT NOT NULL,
  n       INTEGER NOT NULL,
  PRIMARY KEY (source, kind, country)
) WITHOUT ROWID;
INSERT INTO actor_facets(source, kind, country, n)
  SELECT 0, kind, ifnull(country, ''), count(*) FROM actors
   GROUP BY kind, ifnull(country, '');
INSERT INTO actor_facets(source, kind, country, n)
  SELECT c.source, a.kind, ifnull(a.country, ''), count(*)
    FROM (SELECT DISTINCT actor, source FROM actor_citations) c
    JOIN actors a ON a.pk = c.actor
   GROUP BY c.source, a.kind, ifnull(a.country, '');
CREATE TABLE source_facets (
  kind      TEXT NOT NULL,
  publisher TEXT NOT NULL,
  n         INTEGER NOT NULL,
  PRIMARY KEY (kind, publisher)
) WITHOUT ROWID;
INSERT INTO source_facets(kind, publisher, n)
  SELECT kind, ifnull(publisher, ''), count(*) FROM sources
   GROUP BY kind, ifnull(publisher, '');
