-- SPDX-License-Identifier: MIT
-- Relevance on PostgreSQL: SQLite's relevance() (db/relevance.c), Okapi
-- BM25 as FTS5's bm25() computes it. Run after db/pg_schema.sql when a
-- database is made, and again by an upgrade (db/pg.c) whenever this file
-- changes: every statement here replaces what it makes.
--
-- What is the same for every row a query ranks (the table's mean length,
-- each phrase's lexemes and weight) is worked out once per transaction,
-- an answer being one, and kept in a setting; each row then costs a
-- count of its phrases' positions in its stored tsvector.

-- The part of a ranking that depends on the query only: "avgdl", then a
-- line per phrase of "idf<TAB>t|f (a prefix)<TAB>lexeme lexeme ...".
CREATE OR REPLACE FUNCTION relevance_plan(tbl regclass, key text)
RETURNS text LANGUAGE plpgsql STABLE PARALLEL SAFE AS $$
DECLARE
  q text := substr(key, strpos(key, ' ') + 1);
  ph record;
  nphrase int;
  nrow double precision;
  avgdl double precision;
  nhit double precision;
  idf double precision;
  words text[];
  plan text;
BEGIN
  SELECT f.n, f.tokens::double precision / nullif(f.n, 0)
    INTO nrow, avgdl FROM fts_sizes f WHERE f.tbl = relevance_plan.tbl;
  nrow := coalesce(nrow, 0);
  IF avgdl IS NULL OR avgdl <= 0 THEN
    avgdl := 1;
  END IF;
  plan := avgdl::text;
  SELECT count(*) INTO nphrase FROM fts_phrases(q);
  FOR ph IN SELECT * FROM fts_phrases(q) LOOP
    words := phrase_words('dossier', ph.phrase);
    IF nphrase = 1 THEN
      idf := 1;	-- FTS5 weighs a query of one phrase by nothing
    ELSE
      EXECUTE format('SELECT count(*) FROM %s WHERE tsv @@ %L::tsquery',
                     tbl, CASE WHEN ph.prefix THEN
                       array_to_string(ARRAY(SELECT quote_literal(x) ||
                         CASE WHEN o = cardinality(words) THEN ':*'
                         ELSE '' END FROM unnest(words)
                         WITH ORDINALITY t(x, o)), ' <-> ')
                     ELSE phraseto_tsquery('dossier', ph.phrase)::text END)
        INTO nhit;
      idf := ln((0.5 + nrow - nhit) / (0.5 + nhit));
      IF idf <= 0 THEN
        idf := 1e-6;
      END IF;
    END IF;
    plan := plan || E'\n' || idf::text || E'\t' ||
            CASE WHEN ph.prefix THEN 't' ELSE 'f' END || E'\t' ||
            array_to_string(words, ' ');
  END LOOP;
  RETURN plan;
END $$;

-- The instances of a phrase (its lexemes at consecutive positions, the
-- last a prefix when prefix) in tsvector v, each counted at the weight
-- w gives its column: a column's positions carry its letter (A the
-- first column, D the fourth), and a phrase lies within one column.
CREATE OR REPLACE FUNCTION phrase_weight(v tsvector, words text[],
                                         prefix boolean,
                                         w double precision[])
RETURNS double precision LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  WITH hit AS (
    SELECT u.lexeme AS x, t.p, t.wt
      FROM unnest(v) u, unnest(u.positions, u.weights) t(p, wt)
     WHERE u.lexeme = ANY(words) OR (prefix AND
           starts_with(u.lexeme, words[cardinality(words)])))
  SELECT coalesce(sum(coalesce(w[ascii(f.wt) - 64], 1)), 0)
    FROM hit f
   WHERE (f.x = words[1] OR (cardinality(words) = 1 AND prefix AND
          starts_with(f.x, words[1])))
     AND NOT EXISTS (
       SELECT 1 FROM generate_series(2, cardinality(words)) i
        WHERE NOT EXISTS (
          SELECT 1 FROM hit h
           WHERE h.p = f.p + i - 1 AND h.wt = f.wt
             AND (h.x = words[i] OR (i = cardinality(words) AND prefix
                  AND starts_with(h.x, words[i])))))
$$;

-- The instances of a phrase in a column's text.
CREATE OR REPLACE FUNCTION phrase_weight(txt text, words text[],
                                         prefix boolean, w double precision)
RETURNS double precision LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT coalesce(w, 1) * phrase_instances(to_tsvector('dossier',
                                           coalesce(txt, '')), words, prefix)
$$;

-- The score of a row of FTS table tbl for key ("table query"), ntok its
-- tokens, w the columns' weights (1 for those left): read from v, the
-- row's tsvector, when its columns' letters tell them apart, else from
-- cols, their texts. Lower is better.
-- PARALLEL UNSAFE: it keeps the query's part in a setting of the
-- transaction, which no query running in parallel may set.
CREATE OR REPLACE FUNCTION relevance_of(tbl regclass, v tsvector,
                                        cols text[], key text, ntok bigint,
                                        w double precision[])
RETURNS double precision LANGUAGE plpgsql STABLE PARALLEL UNSAFE AS $$
DECLARE
  memo text := 'dossier.rank_' || md5(tbl::text || ' ' || key);
  plan text := current_setting(memo, true);
  lines text[];
  parts text[];
  words text[];
  avgdl double precision;
  freq double precision;
  score double precision := 0;
  i int;
  c int;
BEGIN
  IF plan IS NULL OR plan = '' THEN
    plan := relevance_plan(tbl, key);
    PERFORM set_config(memo, plan, true);
  END IF;
  lines := string_to_array(plan, E'\n');
  avgdl := lines[1]::double precision;
  FOR i IN 2..cardinality(lines) LOOP
    parts := string_to_array(lines[i], E'\t');
    words := string_to_array(parts[3], ' ');
    IF v IS NOT NULL AND cardinality(words) = 1 THEN
      -- One word, most searches: its positions alone, in a statement
      -- of this function's own (a third of the time of a call).
      freq := (SELECT coalesce(sum(coalesce(w[ascii(t.wt) - 64], 1)), 0)
                 FROM unnest(v) u, unnest(u.positions, u.weights) t(p, wt)
                WHERE u.lexeme = words[1] OR (parts[2] = 't' AND
                      starts_with(u.lexeme, words[1])));
    ELSIF v IS NOT NULL THEN
      freq := phrase_weight(v, words, parts[2] = 't', w);
    ELSE
      freq := 0;
      FOR c IN 1..cardinality(cols) LOOP
        freq := freq + phrase_weight(cols[c], words, parts[2] = 't', w[c]);
      END LOOP;
    END IF;
    score := score + parts[1]::double precision * (freq * 2.2) /
             (freq + 1.2 * (1 - 0.75 + 0.75 * coalesce(ntok, 0) / avgdl));
  END LOOP;
  RETURN -score;
END $$;

-- relevance(table, key, tokens, weights...) as the SQL written for SQLite
-- calls it, per search table. Each table's columns have letters A, B, C,
-- D in order (db/pg_schema.sql), so their tsvector serves; but actors'
-- description and quotes share D under different weights: their texts.
CREATE OR REPLACE FUNCTION relevance(r countries_fts, key text, sz bigint,
                          VARIADIC w double precision[] DEFAULT '{}')
RETURNS double precision LANGUAGE sql STABLE PARALLEL UNSAFE
AS $$SELECT relevance_of('countries_fts', r.tsv, NULL, key, sz, w)$$;
CREATE OR REPLACE FUNCTION relevance(r event_types_fts, key text,
                          sz bigint,
                          VARIADIC w double precision[] DEFAULT '{}')
RETURNS double precision LANGUAGE sql STABLE PARALLEL UNSAFE
AS $$SELECT relevance_of('event_types_fts', NULL, ARRAY[r.label], key, sz,
                         w)$$;
CREATE OR REPLACE FUNCTION relevance(r sources_fts, key text, sz bigint,
                          VARIADIC w double precision[] DEFAULT '{}')
RETURNS double precision LANGUAGE sql STABLE PARALLEL UNSAFE
AS $$SELECT relevance_of('sources_fts', r.tsv, NULL, key, sz, w)$$;
CREATE OR REPLACE FUNCTION relevance(r actors_fts, key text, sz bigint,
                          VARIADIC w double precision[] DEFAULT '{}')
RETURNS double precision LANGUAGE sql STABLE PARALLEL UNSAFE
AS $$SELECT relevance_of('actors_fts', NULL, ARRAY[r.name, r.aliases,
                         r.title, r.description, r.quotes], key, sz, w)$$;
CREATE OR REPLACE FUNCTION relevance(r events_fts, key text, sz bigint,
                          VARIADIC w double precision[] DEFAULT '{}')
RETURNS double precision LANGUAGE sql STABLE PARALLEL UNSAFE
AS $$SELECT relevance_of('events_fts', r.tsv, NULL, key, sz, w)$$;
