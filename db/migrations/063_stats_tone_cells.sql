-- SPDX-License-Identifier: MIT
-- Migration 63: the events' sums per sixteenth of a point of tone (k:
-- floor(avg_tone * 16), -1e9 for none), so that a range of tone
-- (tone_min=, tone_max=) adds up the cells of the sixteenths inside it
-- rather than reading every event in it: by=month&tone_min=2 read
-- 700,000 events at 1M, 1.5 s. A tone is a real number (8,000 distinct
-- at 1M generated events, all but unique in GDELT's own), so the cells
-- are of whole sixteenths, each exactly [k/16, (k+1)/16) since a product
-- by 16 is exact: the events of the sixteenth a bound falls inside are
-- read from the events by the index of tone (db/tone_edges.c), a few
-- thousand at most at 1M. By month (20,000 cells at 1M, with 16ths), by
-- year and root, by code over all time, by week (d its Monday), and the
-- countries involved in and the actors of the events of each sixteenth
-- (2,400 and 262,000 rows).
CREATE TABLE stats_tone_month_totals (
  m  TEXT NOT NULL,
  k  INTEGER NOT NULL,
  n  INTEGER NOT NULL,
  gs REAL NOT NULL,
  gn INTEGER NOT NULL,
  ts REAL NOT NULL,
  tn INTEGER NOT NULL,
  ms INTEGER NOT NULL,
  mn INTEGER NOT NULL,
  PRIMARY KEY (m, k)
) WITHOUT ROWID;
-- m the year alone, t the root.
CREATE TABLE stats_tone_year_roots (
  m  TEXT NOT NULL,
  t  TEXT NOT NULL,
  k  INTEGER NOT NULL,
  n  INTEGER NOT NULL,
  gs REAL NOT NULL,
  gn INTEGER NOT NULL,
  ts REAL NOT NULL,
  tn INTEGER NOT NULL,
  ms INTEGER NOT NULL,
  mn INTEGER NOT NULL,
  PRIMARY KEY (m, t, k)
) WITHOUT ROWID;
CREATE TABLE stats_tone_codes (
  t  TEXT NOT NULL,
  k  INTEGER NOT NULL,
  n  INTEGER NOT NULL,
  gs REAL NOT NULL,
  gn INTEGER NOT NULL,
  ts REAL NOT NULL,
  tn INTEGER NOT NULL,
  ms INTEGER NOT NULL,
  mn INTEGER NOT NULL,
  PRIMARY KEY (t, k)
) WITHOUT ROWID;
CREATE TABLE stats_tone_week_totals (
  d  TEXT NOT NULL,
  k  INTEGER NOT NULL,
  n  INTEGER NOT NULL,
  gs REAL NOT NULL,
  gn INTEGER NOT NULL,
  ts REAL NOT NULL,
  tn INTEGER NOT NULL,
  ms INTEGER NOT NULL,
  mn INTEGER NOT NULL,
  PRIMARY KEY (d, k)
) WITHOUT ROWID;
CREATE TABLE stats_country_tones (
  k  INTEGER NOT NULL,
  cc TEXT NOT NULL,
  n  INTEGER NOT NULL,
  PRIMARY KEY (k, cc)
) WITHOUT ROWID;
CREATE TABLE stats_actor_tones (
  k     INTEGER NOT NULL,
  actor INTEGER NOT NULL,
  n     INTEGER NOT NULL,
  PRIMARY KEY (k, actor)
) WITHOUT ROWID;

-- An event's sixteenth of tone as the cells key it.
CREATE VIEW stats_event_tones AS
  SELECT pk AS event,
         CASE WHEN avg_tone IS NULL THEN -1000000000
              ELSE CAST(floor(avg_tone * 16) AS INTEGER) END AS k
    FROM events;

INSERT INTO stats_tone_month_totals
  SELECT c.m, k.k, count(*), sum(c.gs), sum(c.gn), sum(c.ts), sum(c.tn),
         sum(c.ms), sum(c.mn)
    FROM stats_event_cells c JOIN stats_event_tones k ON k.event = c.event
   GROUP BY 1, 2;
INSERT INTO stats_tone_year_roots
  SELECT substr(c.m, 1, 4), substr(c.t, 1, 2), k.k, count(*), sum(c.gs),
         sum(c.gn), sum(c.ts), sum(c.tn), sum(c.ms), sum(c.mn)
    FROM stats_event_cells c JOIN stats_event_tones k ON k.event = c.event
   GROUP BY 1, 2, 3;
INSERT INTO stats_tone_codes
  SELECT c.t, k.k, count(*), sum(c.gs), sum(c.gn), sum(c.ts), sum(c.tn),
         sum(c.ms), sum(c.mn)
    FROM stats_event_cells c JOIN stats_event_tones k ON k.event = c.event
   GROUP BY 1, 2;
INSERT INTO stats_tone_week_totals
  SELECT CASE WHEN length(c.d) = 10 THEN date(c.d, '-6 days', 'weekday 1')
              ELSE c.d END, k.k, count(*), sum(c.gs), sum(c.gn),
         sum(c.ts), sum(c.tn), sum(c.ms), sum(c.mn)
    FROM stats_event_cells c JOIN stats_event_tones k ON k.event = c.event
   GROUP BY 1, 2;
INSERT INTO stats_country_tones
  SELECT k.k, x.cc, count(*)
    FROM stats_event_countries x JOIN stats_event_tones k
      ON k.event = x.event
   GROUP BY k.k, x.cc;
INSERT INTO stats_actor_tones
  SELECT k.k, a.actor, count(*)
    FROM stats_event_actors a JOIN stats_event_tones k
      ON k.event = a.event
   GROUP BY k.k, a.actor;
