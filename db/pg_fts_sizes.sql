-- SPDX-License-Identifier: MIT
-- Each search table's rows and tokens (fts_sizes, db/pg_schema.sql) kept
-- by one trigger per statement, from the rows it wrote: a trigger per row
-- updated the same row of fts_sizes once per row written, and each update
-- of a row that the transaction had updated already walked the versions
-- it had made, so that 20,000 rows in one statement took 7.8 s (0.4 ms a
-- row) where a statement's total takes milliseconds. Created with the
-- schema, and by the upgrade to version 6, which drops the row triggers.
SET LOCAL client_min_messages = warning;
CREATE OR REPLACE FUNCTION fts_sizes_added() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO fts_sizes
    SELECT TG_RELID, count(*), coalesce(sum(tsv_tokens(tsv)), 0)
      FROM fts_new HAVING count(*) > 0
    ON CONFLICT (tbl) DO UPDATE SET n = fts_sizes.n + excluded.n,
      tokens = fts_sizes.tokens + excluded.tokens;
  RETURN NULL;
END $$;
CREATE OR REPLACE FUNCTION fts_sizes_removed() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  UPDATE fts_sizes SET n = fts_sizes.n - o.n,
         tokens = fts_sizes.tokens - o.tokens
    FROM (SELECT count(*) AS n, coalesce(sum(tsv_tokens(tsv)), 0) AS tokens
            FROM fts_old) o
   WHERE tbl = TG_RELID AND o.n > 0;
  RETURN NULL;
END $$;
CREATE OR REPLACE FUNCTION fts_sizes_changed() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  UPDATE fts_sizes SET tokens = fts_sizes.tokens + d.tokens
    FROM (SELECT coalesce(sum(tsv_tokens(tsv)), 0) - (SELECT
                 coalesce(sum(tsv_tokens(tsv)), 0) FROM fts_old) AS tokens
            FROM fts_new) d
   WHERE tbl = TG_RELID AND d.tokens <> 0;
  RETURN NULL;
END $$;
DO $$
DECLARE
  t regclass;
BEGIN
  FOR t IN SELECT c.oid::regclass FROM pg_class c
            WHERE c.relname LIKE '%\_fts' AND c.relkind = 'r'
              AND c.relnamespace = current_schema()::regnamespace LOOP
    EXECUTE format('DROP TRIGGER IF EXISTS fts_sizes_kept ON %s', t);
    EXECUTE format('CREATE OR REPLACE TRIGGER fts_sizes_added'
                   ' AFTER INSERT ON %s REFERENCING NEW TABLE AS fts_new'
                   ' FOR EACH STATEMENT EXECUTE FUNCTION fts_sizes_added()',
                   t);
    EXECUTE format('CREATE OR REPLACE TRIGGER fts_sizes_removed'
                   ' AFTER DELETE ON %s REFERENCING OLD TABLE AS fts_old'
                   ' FOR EACH STATEMENT EXECUTE FUNCTION'
                   ' fts_sizes_removed()', t);
    EXECUTE format('CREATE OR REPLACE TRIGGER fts_sizes_changed'
                   ' AFTER UPDATE ON %s REFERENCING OLD TABLE AS fts_old'
                   ' NEW TABLE AS fts_new FOR EACH STATEMENT'
                   ' EXECUTE FUNCTION fts_sizes_changed()', t);
  END LOOP;
END $$;
DROP FUNCTION IF EXISTS fts_sizes_kept();
