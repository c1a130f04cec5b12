-- SPDX-License-Identifier: MIT
-- Migration 14: summaries for /stats and facets. The events' numbers
-- added up per cell: the month the event is dated in (m: 'YYYY-MM', or
-- 'YYYY' for an event dated to its year, '' undated), its CAMEO code (t)
-- and where it happened (c), and, in the second table, per country
-- involved (cc; '' for an event involving none). A count per cell, and
-- for each of GDELT's numbers its sum and how many events had it. Kept
-- under every write by db/summary_triggers.sql and per batch by the GDELT
-- import (db/summaries.c); cells whose events are gone stay, with n = 0.
CREATE TABLE stats_months (
  m  TEXT NOT NULL,
  t  TEXT NOT NULL,
  c  TEXT NOT NULL,
  n  INTEGER NOT NULL,
  gs REAL NOT NULL,      -- goldstein: sum, and events with one
  gn INTEGER NOT NULL,
  ts REAL NOT NULL,      -- avg_tone
  tn INTEGER NOT NULL,
  ms INTEGER NOT NULL,   -- num_mentions
  mn INTEGER NOT NULL,
  PRIMARY KEY (m, t, c)
) WITHOUT ROWID;
CREATE TABLE stats_country_months (
  cc TEXT NOT NULL,
  m  TEXT NOT NULL,
  t  TEXT NOT NULL,
  n  INTEGER NOT NULL,
  gs REAL NOT NULL,
  gn INTEGER NOT NULL,
  ts REAL NOT NULL,
  tn INTEGER NOT NULL,
  ms INTEGER NOT NULL,
  mn INTEGER NOT NULL,
  PRIMARY KEY (cc, m, t)
) WITHOUT ROWID;

-- The month cell of events e (as in db/summary_triggers.sql).
CREATE VIEW stats_event_cells AS
  SELECT e.pk AS event,
         CASE WHEN e.date_start = '' THEN ''
              WHEN substr(e.date_start, 1, 7) = substr(e.date_end, 1, 7)
              THEN substr(e.date_start, 1, 7)
              ELSE substr(e.date_start, 1, 4) END AS m,
         ifnull(e.type_code, '') AS t, ifnull(e.country, '') AS c,
         ifnull(e.goldstein, 0) AS gs, e.goldstein IS NOT NULL AS gn,
         ifnull(e.avg_tone, 0) AS ts, e.avg_tone IS NOT NULL AS tn,
         ifnull(e.num_mentions, 0) AS ms, e.num_mentions IS NOT NULL AS mn
    FROM events e;
-- The countries an event involves, '' for none.
CREATE VIEW stats_event_countries AS
  SELECT event, country AS cc FROM event_countries
  UNION ALL
  SELECT e.pk, '' FROM events e
   WHERE NOT EXISTS (SELECT 1 FROM event_countries x WHERE x.event = e.pk);

INSERT INTO stats_months
  SELECT m, t, c, count(*), sum(gs), sum(gn), sum(ts), sum(tn), sum(ms),
         sum(mn)
    FROM stats_event_cells GROUP BY m, t, c;
INSERT INTO stats_country_months
  SELECT x.cc, s.m, s.t, count(*), sum(s.gs), sum(s.gn), sum(s.ts),
         sum(s.tn), sum(s.ms), sum(s.mn)
    FROM stats_event_countries x JOIN stats_event_cells s
      ON s.event = x.event
   GROUP BY x.cc, s.m, s.t;
