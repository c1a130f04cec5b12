-- SPDX-License-Identifier: MIT
-- SQLite's built-in functions that dossier's SQL calls, on PostgreSQL
-- under the same names and with SQLite's results, so that one statement
-- text serves both stores (db/dbs.h). Created with the schema.

CREATE FUNCTION ifnull(a anycompatible, b anycompatible)
RETURNS anycompatible LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS 'SELECT coalesce(a, b)';

-- (NULL where it has no value, as SQLite's math functions answer.)
CREATE FUNCTION log2(x double precision)
RETURNS double precision LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS 'SELECT CASE WHEN x > 0 THEN ln(x) / ln(2.0::double precision) END';

CREATE FUNCTION instr(s text, t text)
RETURNS bigint LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS 'SELECT strpos(s, t)';

CREATE FUNCTION iif(c boolean, a anycompatible, b anycompatible)
RETURNS anycompatible LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS 'SELECT CASE WHEN c THEN a ELSE b END';

-- group_concat(x) and group_concat(x, separator): string_agg's, in the
-- order rows come (as SQLite's).
CREATE FUNCTION group_concat_step(acc text, x text, sep text)
RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS 'SELECT CASE WHEN x IS NULL THEN acc WHEN acc IS NULL THEN x
        ELSE acc || sep || x END';
CREATE FUNCTION group_concat_step(acc text, x text)
RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS 'SELECT group_concat_step(acc, x, '','')';
CREATE AGGREGATE group_concat(text, text) (
  SFUNC = group_concat_step, STYPE = text);
CREATE AGGREGATE group_concat(text) (
  SFUNC = group_concat_step, STYPE = text);

-- strftime(format, 'now'): the formats dossier writes timestamps in.
CREATE FUNCTION strftime(fmt text, t text)
RETURNS text LANGUAGE plpgsql STABLE PARALLEL SAFE AS $$
DECLARE
  ts timestamp := CASE WHEN t = 'now'
                  THEN statement_timestamp() AT TIME ZONE 'UTC'
                  ELSE t::timestamp END;
BEGIN
  IF fmt = '%Y-%m-%dT%H:%M:%fZ' THEN
    RETURN to_char(ts, 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"');
  ELSIF fmt = '%Y-%m-%d' THEN
    RETURN to_char(ts, 'YYYY-MM-DD');
  END IF;
  RAISE EXCEPTION 'strftime: format % is not supported', fmt;
END $$;

-- date(day, modifier...): the modifiers dossier's SQL uses ('+N days',
-- '-N days', '+N months', 'weekday N', 'start of month'); NULL for a
-- day that is not one, as SQLite's.
CREATE FUNCTION date(d text, VARIADIC mods text[] DEFAULT '{}')
RETURNS text LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
DECLARE
  v date;
  m text;
  n int;
BEGIN
  IF d IS NULL OR d !~ '^\d{4}-\d{2}-\d{2}$' THEN
    RETURN NULL;
  END IF;
  BEGIN
    v := d::date;
  EXCEPTION WHEN others THEN
    RETURN NULL;
  END;
  FOREACH m IN ARRAY mods LOOP
    IF m ~ '^[+-]?\d+ days?$' THEN
      v := v + split_part(m, ' ', 1)::int;
    ELSIF m ~ '^[+-]?\d+ months?$' THEN
      v := (v + make_interval(months => split_part(m, ' ', 1)::int))::date;
    ELSIF m ~ '^weekday [0-6]$' THEN
      n := split_part(m, ' ', 2)::int;
      v := v + ((n - extract(dow FROM v)::int + 7) % 7);
    ELSIF m = 'start of month' THEN
      v := date_trunc('month', v)::date;
    ELSE
      RAISE EXCEPTION 'date: modifier % is not supported', m;
    END IF;
  END LOOP;
  RETURN to_char(v, 'YYYY-MM-DD');
END $$;

-- FTS5's tokenizers: 'porter unicode61 remove_diacritics 2' (dossier)
-- and 'unicode61 remove_diacritics 2' (dossier_words).
CREATE EXTENSION IF NOT EXISTS unaccent;
CREATE TEXT SEARCH DICTIONARY dossier_stem (
  TEMPLATE = snowball, Language = english);
-- A hyphenated word is its parts alone, as FTS5 sees it (PostgreSQL's
-- parser gives the whole first, at a position of its own).
CREATE TEXT SEARCH CONFIGURATION dossier (COPY = simple);
ALTER TEXT SEARCH CONFIGURATION dossier
  ALTER MAPPING FOR asciiword, word, numword, hword_asciipart, hword_part,
                    hword_numpart
  WITH unaccent, dossier_stem;
ALTER TEXT SEARCH CONFIGURATION dossier
  DROP MAPPING FOR asciihword, hword, numhword;
CREATE TEXT SEARCH CONFIGURATION dossier_words (COPY = simple);
ALTER TEXT SEARCH CONFIGURATION dossier_words
  ALTER MAPPING FOR asciiword, word, numword, hword_asciipart, hword_part,
                    hword_numpart
  WITH unaccent, simple;
ALTER TEXT SEARCH CONFIGURATION dossier_words
  DROP MAPPING FOR asciihword, hword, numhword;

-- An FTS5 query as dossier writes them (handlers/search_syntax.h):
-- quoted strings, each a word or a phrase, * after one for a prefix,
-- NOT, OR and AND (implicit between terms), NOT binding tightest, then
-- AND, then OR; parentheses. As a tsquery of configuration cfg.
-- The weight that labels column col of FTS table tbl (db/pg_schema.sql),
-- or NULL for no such column.
CREATE FUNCTION fts_column(tbl text, col text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT CASE tbl
    WHEN 'events_fts' THEN CASE col WHEN 'title' THEN 'A'
      WHEN 'summary' THEN 'B' WHEN 'quotes' THEN 'C'
      WHEN 'participants' THEN 'D' END
    WHEN 'actors_fts' THEN CASE col WHEN 'name' THEN 'A'
      WHEN 'aliases' THEN 'B' WHEN 'title' THEN 'C'
      WHEN 'description' THEN 'D' WHEN 'quotes' THEN 'D' END
    WHEN 'sources_fts' THEN CASE col WHEN 'title' THEN 'A'
      WHEN 'publisher' THEN 'B' WHEN 'author' THEN 'C' END
    WHEN 'countries_fts' THEN CASE col WHEN 'name' THEN 'A'
      WHEN 'common_name' THEN 'B' WHEN 'official_name' THEN 'C'
      WHEN 'capital' THEN 'D' END
    WHEN 'event_types_fts' THEN CASE col WHEN 'label' THEN 'A' END
  END
$$;

-- An FTS5 query as dossier writes them (handlers/search_syntax.h), in
-- tokens: 's' and a quoted string (its "" one ") or a bareword, 'c' and
-- a column's name (before its ':'), '*', '(', ')', AND, OR, NOT. What
-- FTS5 would refuse is refused with FTS5's words.
CREATE FUNCTION fts_tokens(q text) RETURNS text[]
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
DECLARE
  toks text[] := '{}';
  i int := 1;
  n int := length(q);
  c text;
  j int;
  s text;
BEGIN
  -- Tokens: a quoted string (with "" inside), *, (, ), a bareword, or an
  -- operator; anything else is FTS5's syntax error, said as FTS5 says it.
  WHILE i <= n LOOP
    c := substr(q, i, 1);
    IF c ~ '\s' THEN
      i := i + 1;
    ELSIF c = '"' THEN
      j := i + 1;
      s := '';
      LOOP
        IF j > n THEN
          RAISE EXCEPTION 'fts5: syntax error near ""'
            USING ERRCODE = 'invalid_text_representation';
        END IF;
        IF substr(q, j, 1) = '"' THEN
          IF substr(q, j + 1, 1) = '"' THEN
            s := s || '"';
            j := j + 2;
          ELSE
            EXIT;
          END IF;
        ELSE
          s := s || substr(q, j, 1);
          j := j + 1;
        END IF;
      END LOOP;
      toks := toks || ('s' || s);
      i := j + 1;
    ELSIF c IN ('*', '(', ')') THEN
      toks := toks || c;
      i := i + 1;
    ELSIF c ~ '[[:alnum:]_]' OR ascii(c) > 127 THEN
      j := i;
      WHILE j <= n AND (substr(q, j, 1) ~ '[[:alnum:]_]' OR
                        ascii(substr(q, j, 1)) > 127) LOOP
        j := j + 1;
      END LOOP;
      s := substr(q, i, j - i);
      IF substr(q, j, 1) = ':' THEN
        -- A column filter, for the term after it.
        toks := toks || ('c' || s);
        j := j + 1;
      ELSE
        toks := toks || (CASE WHEN s IN ('AND', 'OR', 'NOT') THEN s
                         ELSE 's' || s END);
      END IF;
      i := j;
    ELSE
      RAISE EXCEPTION 'fts5: syntax error near "%"', c
        USING ERRCODE = 'invalid_text_representation';
    END IF;
  END LOOP;
  RETURN toks;
END $$;

CREATE FUNCTION fts_query(cfg regconfig, q text, tbl text DEFAULT NULL)
RETURNS tsquery LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
DECLARE
  toks text[] := '{}';
  i int := 1;
  n int := length(q);
  c text;
  j int;
  s text;
  out text := '';
  term tsquery;
  words text[];
  depth int := 0;
  want_term boolean := true;	-- an operand must come next
  weight text;			-- a column filter's, for the next term
BEGIN
  toks := fts_tokens(q);
  -- As tsquery text: each term its lexemes (a phrase joined by <->),
  -- operators as & | & ! and parentheses kept.
  i := 1;
  WHILE i <= coalesce(array_length(toks, 1), 0) LOOP
    c := toks[i];
    IF left(c, 1) = 'c' THEN
      weight := fts_column(tbl, substr(c, 2));
      IF weight IS NULL THEN
        RAISE EXCEPTION 'fts5: no such column: %', substr(c, 2)
          USING ERRCODE = 'invalid_text_representation';
      END IF;
      IF i = array_length(toks, 1) OR left(toks[i + 1], 1) <> 's' THEN
        RAISE EXCEPTION 'fts5: syntax error near ":"'
          USING ERRCODE = 'invalid_text_representation';
      END IF;
      i := i + 1;
      CONTINUE;
    END IF;
    IF left(c, 1) = 's' THEN
      IF NOT want_term AND out <> '' THEN
        out := out || ' & ';
      END IF;
      IF i < array_length(toks, 1) AND toks[i + 1] = '*' THEN
        words := ARRAY(SELECT quote_literal(t) || ':*' ||
                 coalesce(weight, '') FROM
                 unnest(tsvector_to_array(to_tsvector(cfg,
                 substr(c, 2)))) t);
        i := i + 1;
        term := CASE WHEN cardinality(words) = 0 THEN NULL ELSE
                to_tsquery('simple', array_to_string(words, ' & ')) END;
      ELSIF weight IS NOT NULL THEN
        -- In one column: each word labelled with its weight.
        words := phrase_words(cfg, substr(c, 2));
        term := CASE WHEN cardinality(words) = 0 THEN NULL ELSE
                to_tsquery('simple', array_to_string(ARRAY(
                  SELECT quote_literal(t) || ':' || weight
                    FROM unnest(words) t), ' <-> ')) END;
      ELSE
        term := phraseto_tsquery(cfg, substr(c, 2));
      END IF;
      weight := NULL;
      -- A phrase of no words matches nothing.
      out := out || CASE WHEN term IS NULL OR term::text = ''
                    THEN '(''nothing'' & !''nothing'')'
                    ELSE '(' || term::text || ')' END;
      want_term := false;
    ELSIF c = '*' THEN
      RAISE EXCEPTION 'fts5: syntax error near "*"'
        USING ERRCODE = 'invalid_text_representation';
    ELSIF c IN ('OR', 'AND', 'NOT') THEN
      IF want_term THEN
        RAISE EXCEPTION 'fts5: syntax error near "%"', c
          USING ERRCODE = 'invalid_text_representation';
      END IF;
      out := out || CASE c WHEN 'OR' THEN ' | ' WHEN 'AND' THEN ' & '
                    ELSE ' & !' END;
      want_term := true;
    ELSIF c = '(' THEN
      IF NOT want_term AND out <> '' THEN
        out := out || ' & ';
      END IF;
      out := out || '(';
      depth := depth + 1;
      want_term := true;
    ELSIF c = ')' THEN
      IF want_term OR depth = 0 THEN
        RAISE EXCEPTION 'fts5: syntax error near ")"'
          USING ERRCODE = 'invalid_text_representation';
      END IF;
      out := out || ')';
      depth := depth - 1;
    END IF;
    i := i + 1;
  END LOOP;
  IF depth > 0 OR (want_term AND out <> '') THEN
    RAISE EXCEPTION 'fts5: syntax error near ""'
      USING ERRCODE = 'invalid_text_representation';
  END IF;
  IF out = '' THEN
    RAISE EXCEPTION 'fts5: syntax error near ""'
      USING ERRCODE = 'invalid_text_representation';
  END IF;
  RETURN to_tsquery('simple', out);
END $$;

-- SQLite's json_each() over a JSON array given as text (dossier reads
-- no objects with it; a single value reads as an array of it): key the
-- index from 0, value as text (NULL for null; SQL that compares it with
-- a number casts it), and type.
CREATE FUNCTION json_each(j text)
RETURNS TABLE(key bigint, value text, type text)
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT e.o - 1, e.v #>> '{}',
         CASE jsonb_typeof(e.v)
           WHEN 'string' THEN 'text'
           WHEN 'number' THEN CASE WHEN e.v::text ~ '^-?\d+$'
                              THEN 'integer' ELSE 'real' END
           WHEN 'boolean' THEN e.v::text
           ELSE jsonb_typeof(e.v) END
    FROM jsonb_array_elements(CASE jsonb_typeof(j::jsonb)
           WHEN 'array' THEN j::jsonb
           ELSE jsonb_build_array(j::jsonb) END) WITH ORDINALITY e(v, o)
$$;

-- SQLite's j ->> i on a JSON array given as text: the element as text
-- (SQL that wants a number casts it).
CREATE FUNCTION json_text_at(j text, i integer) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS 'SELECT j::jsonb ->> i';
CREATE OPERATOR ->> (LEFTARG = text, RIGHTARG = integer,
                     FUNCTION = json_text_at);

-- SQLite's j ->> '$."name"' on a JSON object given as text: the member
-- as text.
CREATE FUNCTION json_text_of(j text, path text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $$SELECT j::jsonb ->> substring(path FROM '^\$\."(.*)"$')$$;
CREATE OPERATOR ->> (LEFTARG = text, RIGHTARG = text,
                     FUNCTION = json_text_of);

-- set_members(key, list) of db/set_keys.c: how many values of the JSON
-- list are items of the comma-joined key.
CREATE FUNCTION set_members(set_key text, list text) RETURNS bigint
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT count(*) FROM json_each(list) v
   WHERE v.value <> ''
     AND strpos(',' || set_key || ',', ',' || v.value || ',') > 0
$$;

-- SQLite's printf() for the one form dossier gives it, '%!.17g' fields
-- (points' keys, db/set_networks.c): each number's exact text, in
-- PostgreSQL's shortest exact form, as the keys are only compared with
-- keys made the same way.
CREATE FUNCTION printf(fmt text, VARIADIC v double precision[]) RETURNS text
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
DECLARE
  out text := fmt;
  i int;
BEGIN
  FOR i IN 1..cardinality(v) LOOP
    out := regexp_replace(out, '%!\.17g', replace(v[i]::text, '\', '\\'));
  END LOOP;
  RETURN out;
END $$;

-- sum() of conditions, as SQLite sums them (true 1, false 0).
CREATE FUNCTION sum_true_step(acc bigint, b boolean) RETURNS bigint
LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS 'SELECT CASE WHEN b IS NULL THEN acc ELSE coalesce(acc, 0) + b::int END';
CREATE AGGREGATE sum(boolean) (SFUNC = sum_true_step, STYPE = bigint);

-- julianday(day) and date(julian day): days as SQLite counts them.
CREATE FUNCTION julianday(d text)
RETURNS double precision LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
BEGIN
  IF d IS NULL OR d !~ '^\d{4}-\d{2}-\d{2}$' THEN
    RETURN NULL;
  END IF;
  RETURN (d::date - DATE '2000-01-01') + 2451544.5;
EXCEPTION WHEN others THEN
  RETURN NULL;
END $$;

CREATE FUNCTION date(jd double precision)
RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $$SELECT to_char(DATE '2000-01-01' + floor(jd - 2451544.5)::int,
                    'YYYY-MM-DD')$$;

-- SQLite's JSON functions, written as SQLite writes them (no spaces,
-- numbers as SQLite renders them): db/pg_stmt.c turns json_object(k, v,
-- ...) into json_text_object(k, sqlite_json(v), ...), json_array(v, ...)
-- into json_text_array(sqlite_json(v), ...), json_group_array(v) into
-- json_text_agg(sqlite_json(v)), json(x) into x::json.

-- A floating point number as SQLite renders it (%!.15g): 15 significant
-- digits (float8 to numeric keeps as many), ".0" when whole.
CREATE FUNCTION sqlite_real(x double precision)
RETURNS text LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
DECLARE
  n numeric;
  s text;
  e int;
BEGIN
  IF x IS NULL THEN
    RETURN NULL;
  ELSIF x = 'Infinity' OR x = '-Infinity' OR x = 'NaN' THEN
    RETURN NULL;
  ELSIF x = 0 THEN
    RETURN '0.0';
  END IF;
  n := x::numeric;
  IF abs(n) >= 1e15 OR abs(n) < 1e-4 THEN
    e := floor(log(abs(n)));
    s := trim_scale(round(n / power(10::numeric, e), 14))::text;
    IF s !~ '\.' THEN
      s := s || '.0';
    END IF;
    RETURN s || 'e' || CASE WHEN e < 0 THEN '-' ELSE '+' END ||
           lpad(abs(e)::text, 2, '0');
  END IF;
  s := trim_scale(n)::text;
  RETURN CASE WHEN s ~ '\.' THEN s ELSE s || '.0' END;
END $$;

CREATE FUNCTION sqlite_json(v text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS 'SELECT coalesce(to_json(v)::text, ''null'')';
CREATE FUNCTION sqlite_json(v bigint) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS 'SELECT coalesce(v::text, ''null'')';
CREATE FUNCTION sqlite_json(v double precision) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS 'SELECT coalesce(sqlite_real(v), ''null'')';
CREATE FUNCTION sqlite_json(v numeric) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS 'SELECT coalesce(CASE WHEN v = trunc(v) THEN trunc(v)::text
                    ELSE sqlite_real(v::double precision) END, ''null'')';
CREATE FUNCTION sqlite_json(v json) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS 'SELECT coalesce(v::text, ''null'')';
CREATE FUNCTION sqlite_json(v boolean) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS 'SELECT coalesce(CASE WHEN v THEN ''1'' ELSE ''0'' END, ''null'')';

-- Keys and values alternate; each value is JSON text already.
CREATE FUNCTION json_text_object(VARIADIC kv text[]) RETURNS json
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT ('{' || coalesce(string_agg(to_json(kv[i])::text || ':' ||
          kv[i + 1], ',' ORDER BY i), '') || '}')::json
    FROM generate_series(1, coalesce(array_length(kv, 1), 0), 2) i
$$;
CREATE FUNCTION json_text_object() RETURNS json
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$SELECT '{}'::json$$;

CREATE FUNCTION json_text_array(VARIADIC v text[]) RETURNS json
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT ('[' || coalesce(array_to_string(v, ','), '') || ']')::json
$$;
CREATE FUNCTION json_text_array() RETURNS json
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$SELECT '[]'::json$$;

CREATE FUNCTION json_text_agg_step(acc text, v text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $$SELECT CASE WHEN acc IS NULL THEN v ELSE acc || ',' || v END$$;
CREATE FUNCTION json_text_agg_final(acc text) RETURNS json
LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $$SELECT ('[' || coalesce(acc, '') || ']')::json$$;
CREATE AGGREGATE json_text_agg(text) (
  SFUNC = json_text_agg_step, STYPE = text,
  FINALFUNC = json_text_agg_final);

-- group_concat() of numbers: their text.
CREATE FUNCTION group_concat_step(acc text, x bigint, sep text)
RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS 'SELECT group_concat_step(acc, x::text, sep)';
CREATE FUNCTION group_concat_step(acc text, x bigint)
RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS 'SELECT group_concat_step(acc, x::text, '','')';
CREATE AGGREGATE group_concat(bigint, text) (
  SFUNC = group_concat_step, STYPE = text);
CREATE AGGREGATE group_concat(bigint) (
  SFUNC = group_concat_step, STYPE = text);

-- CAST(x AS INTEGER) as SQLite's: 64-bit, toward zero; text read for
-- the whole number it starts with (0 when none); NULL stays NULL.
CREATE FUNCTION sqlite_int(x bigint) RETURNS bigint
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS 'SELECT x';
CREATE FUNCTION sqlite_int(x double precision) RETURNS bigint
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS 'SELECT trunc(x)::bigint';
CREATE FUNCTION sqlite_int(x numeric) RETURNS bigint
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS 'SELECT trunc(x)::bigint';
CREATE FUNCTION sqlite_int(x text) RETURNS bigint
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
AS $$SELECT coalesce(substring(trim(x) FROM '^[+-]?\d+')::numeric, 0)::bigint$$;

-- A yes/no that SQLite keeps as a number: what the summary triggers pass
-- their views as flags, set from a condition or from 1 and 0, and read
-- as a condition.
CREATE TYPE flag AS ENUM ('0', '1');
CREATE FUNCTION flag_of(b boolean) RETURNS flag
LANGUAGE sql IMMUTABLE AS $$SELECT CASE WHEN b THEN '1' ELSE '0' END::flag$$;
CREATE FUNCTION flag_of(i integer) RETURNS flag
LANGUAGE sql IMMUTABLE AS $$SELECT CASE WHEN i <> 0 THEN '1' ELSE '0' END::flag$$;
CREATE FUNCTION flag_true(f flag) RETURNS boolean
LANGUAGE sql IMMUTABLE AS $$SELECT f = '1'$$;
CREATE CAST (boolean AS flag) WITH FUNCTION flag_of(boolean) AS ASSIGNMENT;
CREATE CAST (integer AS flag) WITH FUNCTION flag_of(integer) AS ASSIGNMENT;
CREATE CAST (flag AS boolean) WITH FUNCTION flag_true(flag) AS ASSIGNMENT;

-- LIMIT of a negative number: SQLite's no limit (NULL's, here).
CREATE FUNCTION sqlite_limit(n bigint) RETURNS bigint
LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS 'SELECT CASE WHEN n < 0 THEN NULL ELSE n END';

-- Relevance (db/relevance.c): Okapi BM25 as FTS5's bm25() computes it,
-- k1 1.2, b 0.75, a column's weight added per instance of a phrase in
-- it, no phrase weight for a query of one phrase; lower is better.

-- Tokens of a tsvector: its positions (each word as often as it came).
CREATE FUNCTION tsv_tokens(v tsvector) RETURNS bigint
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT coalesce(sum(coalesce(array_length(u.positions, 1), 1)), 0)
    FROM unnest(v) u
$$;

-- The phrases of an FTS5 query (fts_tokens()): each quoted string or
-- bareword, and whether a * follows it (a prefix).
CREATE FUNCTION fts_phrases(q text, OUT phrase text, OUT prefix boolean)
RETURNS SETOF record LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
DECLARE
  toks text[] := fts_tokens(q);
  i int;
BEGIN
  FOR i IN 1..coalesce(array_length(toks, 1), 0) LOOP
    IF left(toks[i], 1) = 's' THEN
      phrase := substr(toks[i], 2);
      prefix := i < array_length(toks, 1) AND toks[i + 1] = '*';
      RETURN NEXT;
    END IF;
  END LOOP;
END $$;

-- Instances of a phrase (its lexemes in order; the last a prefix when
-- prefix) in a column's tsvector.
CREATE FUNCTION phrase_instances(v tsvector, words text[], prefix boolean)
RETURNS int LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
DECLARE
  k int := cardinality(words);
  starts int[];
  p int;
  ok boolean;
  i int;
  n int := 0;
BEGIN
  IF k = 0 THEN
    RETURN 0;
  END IF;
  SELECT array_agg(x) INTO starts FROM (
    SELECT unnest(u.positions) AS x FROM unnest(v) u
     WHERE u.lexeme = words[1] OR (k = 1 AND prefix AND
           left(u.lexeme, length(words[1])) = words[1])) t;
  IF starts IS NULL THEN
    RETURN 0;
  END IF;
  FOREACH p IN ARRAY starts LOOP
    ok := true;
    FOR i IN 2..k LOOP
      IF NOT EXISTS (SELECT 1 FROM unnest(v) u
                      WHERE (u.lexeme = words[i] OR (i = k AND prefix AND
                             left(u.lexeme, length(words[i])) = words[i]))
                        AND p + i - 1 = ANY(u.positions)) THEN
        ok := false;
        EXIT;
      END IF;
    END LOOP;
    IF ok THEN
      n := n + 1;
    END IF;
  END LOOP;
  RETURN n;
END $$;

-- The lexemes of a phrase, in the order its words come.
CREATE FUNCTION phrase_words(cfg regconfig, phrase text) RETURNS text[]
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT coalesce(array_agg(w ORDER BY p), '{}') FROM (
    SELECT u.lexeme AS w, unnest(u.positions) AS p
      FROM unnest(to_tsvector(cfg, phrase)) u) t
$$;

-- A match's snippets (db/highlights.c, which SQLite's FTS5 calls): for
-- each column, the window of at most width tokens that shows most of
-- the query's phrases, each match between chr(2) and chr(3), an
-- ellipsis where it cuts the text; columns joined by chr(1), one with no
-- match empty.
CREATE FUNCTION snippet_of(txt text, q text, width int) RETURNS text
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
DECLARE
  tok record;
  at int := 0;
  n int := 0;
  starts int[] := '{}';
  ends int[] := '{}';
  lex text[] := '{}';
  sent boolean[] := '{}';
  ph record;
  words text[];
  k int;
  i int;
  j int;
  ok boolean;
  pno int := 0;
  h_off int[] := '{}';
  h_len int[] := '{}';
  h_ph int[] := '{}';
  nh int;
  best int := 0;
  best_score int := -1;
  score int;
  first int;
  last int;
  adjusted int;
  s int;
  e int;
  seen bigint;
  o int;
  pos int;
  out text := '';
  prev text;
BEGIN
  IF txt IS NULL OR txt = '' THEN
    RETURN '';
  END IF;
  -- The tokens, their places in the text, sentence starts.
  FOR tok IN SELECT alias, token, lexemes FROM ts_debug('dossier', txt) LOOP
    IF tok.alias IN ('asciihword', 'hword', 'numhword') THEN
      CONTINUE;
    END IF;
    IF tok.lexemes IS NOT NULL AND cardinality(tok.lexemes) > 0 THEN
      n := n + 1;
      starts := starts || at;
      ends := ends || (at + length(tok.token));
      lex := lex || tok.lexemes[1];
      prev := rtrim(substr(txt, 1, at), E' \t\r\n');
      sent := sent || (n = 1 OR (length(prev) < at AND
                       right(prev, 1) IN ('.', ':')));
    END IF;
    at := at + length(tok.token);
  END LOOP;
  -- The hits: where each phrase's lexemes come in a row.
  FOR ph IN SELECT * FROM fts_phrases(q) LOOP
    words := phrase_words('dossier', ph.phrase);
    k := cardinality(words);
    IF k > 0 THEN
      FOR i IN 1..n - k + 1 LOOP
        ok := true;
        FOR j IN 1..k LOOP
          IF NOT (lex[i + j - 1] = words[j] OR (j = k AND ph.prefix AND
                  left(lex[i + j - 1], length(words[j])) = words[j])) THEN
            ok := false;
            EXIT;
          END IF;
        END LOOP;
        IF ok THEN
          h_off := h_off || (i - 1);
          h_len := h_len || k;
          h_ph := h_ph || pno;
        END IF;
      END LOOP;
    END IF;
    pno := pno + 1;
  END LOOP;
  nh := coalesce(cardinality(h_off), 0);
  IF nh = 0 OR n = 0 THEN
    RETURN '';
  END IF;
  -- Sorted by offset.
  SELECT array_agg(a ORDER BY a, r), array_agg(b ORDER BY a, r),
         array_agg(c ORDER BY a, r)
    INTO h_off, h_len, h_ph
    FROM unnest(h_off, h_len, h_ph) WITH ORDINALITY t(a, b, c, r);
  -- The window (highlights.c's window_start and window_score).
  IF n > width THEN
    FOR i IN 1..nh LOOP
      FOR o IN 0..1 LOOP
        IF o = 0 THEN
          s := h_off[i];
        ELSE
          first := least(h_off[i], n - 1);
          WHILE first > 0 AND NOT sent[first + 1] LOOP
            first := first - 1;
          END LOOP;
          IF first >= h_off[i] THEN
            CONTINUE;
          END IF;
          s := first;
        END IF;
        score := 0;
        seen := 0;
        first := -1;
        last := 0;
        FOR j IN 1..nh LOOP
          IF h_off[j] >= s AND h_off[j] < s + width THEN
            score := score + CASE WHEN seen & (1::bigint << (h_ph[j] % 63)) <> 0
                                  THEN 1 ELSE 1000 END;
            seen := seen | (1::bigint << (h_ph[j] % 63));
            IF first < 0 THEN
              first := h_off[j];
            END IF;
            last := h_off[j] + h_len[j];
          END IF;
        END LOOP;
        IF o = 0 THEN
          adjusted := first - (width - (last - first)) / 2;
          IF adjusted > n - width THEN
            adjusted := n - width;
          END IF;
          IF adjusted < 0 THEN
            adjusted := 0;
          END IF;
        ELSE
          adjusted := s;
          score := score + CASE WHEN s = 0 THEN 120 ELSE 100 END;
        END IF;
        IF score > best_score THEN
          best_score := score;
          best := adjusted;
        END IF;
      END LOOP;
    END LOOP;
  END IF;
  s := best;
  e := least(s + width, n);
  pos := CASE WHEN s > 0 THEN starts[s + 1] ELSE 0 END;
  IF s > 0 THEN
    out := out || U&'\2026';
  END IF;
  i := 1;
  WHILE i <= nh LOOP
    first := h_off[i];
    last := h_off[i] + h_len[i] - 1;
    i := i + 1;
    WHILE i <= nh AND h_off[i] <= last LOOP
      last := greatest(last, h_off[i] + h_len[i] - 1);
      i := i + 1;
    END LOOP;
    first := greatest(first, s);
    last := least(last, e - 1);
    IF first > last THEN
      CONTINUE;
    END IF;
    out := out || substr(txt, pos + 1, starts[first + 1] - pos) || chr(2) ||
           substr(txt, starts[first + 1] + 1,
                  ends[last + 1] - starts[first + 1]) || chr(3);
    pos := ends[last + 1];
  END LOOP;
  IF e < n THEN
    out := out || substr(txt, pos + 1, ends[e] - pos) || U&'\2026';
  ELSE
    out := out || substr(txt, pos + 1);
  END IF;
  RETURN out;
END $$;
