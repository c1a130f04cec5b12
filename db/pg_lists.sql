-- SPDX-License-Identifier: MIT
-- A JSON list given as a parameter (as json_each() of pg_compat.sql reads
-- it: an array, or a single value as an array of it) as an array, for
-- "x IN (SELECT value FROM json_each($1))", which db/pg_stmt.c writes
-- "x = ANY (json_texts($1))" (list_arrays()). A statement is planned with
-- its parameters' values, so the planner counts the list's own values;
-- json_each() is inlined into jsonb_array_elements(), which it counts as
-- 100 rows of unknown values. Created with the schema, and by the upgrade
-- to version 4 (db/pg.c).

CREATE OR REPLACE FUNCTION json_texts(j text) RETURNS text[]
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT coalesce(array_agg(e.v #>> '{}' ORDER BY e.o), '{}')
    FROM jsonb_array_elements(CASE jsonb_typeof(j::jsonb)
           WHEN 'array' THEN j::jsonb
           ELSE jsonb_build_array(j::jsonb) END) WITH ORDINALITY e(v, o)
$$;

-- ... and its values as SQLite's CAST(value AS INTEGER) makes them.
CREATE OR REPLACE FUNCTION json_integers(j text) RETURNS bigint[]
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT coalesce(array_agg(sqlite_int(e.v #>> '{}') ORDER BY e.o), '{}')
    FROM jsonb_array_elements(CASE jsonb_typeof(j::jsonb)
           WHEN 'array' THEN j::jsonb
           ELSE jsonb_build_array(j::jsonb) END) WITH ORDINALITY e(v, o)
$$;
