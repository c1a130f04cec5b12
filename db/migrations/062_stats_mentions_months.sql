-- SPDX-License-Identifier: MIT
-- Migration 62: the cells of migration 14 per number of mentions as well
-- (k: GDELT's NumMentions, -1 for none, as the index of migration 37 keys
-- it), so that a range of mentions (mentions_min=, mentions_max=) over
-- time, codes and quad classes adds up cells rather than reading the
-- events: by=month&mentions_min=5 read 440,000 events at 1M, 0.66 s. A
-- count of mentions is a small integer (250 distinct at 1M generated
-- events), so the cells are a few times those of the months and codes:
-- 156,000 by month and code, 18,000 by month alone, 10,800 by year and
-- root, 2,300 by code over all time, 112,000 by day and 42,000 by week
-- (d its Monday) alone. stats_country_mentions and
-- stats_actor_mentions count the countries involved in and the actors of
-- the events of each number, for such a range grouped by country or actor
-- (1,300 and 248,000 rows), as migration 51's do for scores. Kept as
-- migration 14's cells are.
CREATE TABLE stats_mentions_months (
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
CREATE TABLE stats_mentions_month_totals (
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
CREATE TABLE stats_mentions_codes (
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
CREATE TABLE stats_mentions_day_totals (
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
CREATE TABLE stats_mentions_week_totals (
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
-- m the year alone, t the root.
CREATE TABLE stats_mentions_year_roots (
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
CREATE TABLE stats_country_mentions (
  k  INTEGER NOT NULL,
  cc TEXT NOT NULL,
  n  INTEGER NOT NULL,
  PRIMARY KEY (k, cc)
) WITHOUT ROWID;
CREATE TABLE stats_actor_mentions (
  k     INTEGER NOT NULL,
  actor INTEGER NOT NULL,
  n     INTEGER NOT NULL,
  PRIMARY KEY (k, actor)
) WITHOUT ROWID;

-- An event's number of mentions as the cells key it.
CREATE VIEW stats_event_mentions AS
  SELECT pk AS event, ifnull(num_mentions, -1) AS k FROM events;

INSERT INTO stats_mentions_months
  SELECT m, t, CASE WHEN mn THEN ms ELSE -1 END, count(*), sum(gs),
         sum(gn), sum(ts), sum(tn), sum(ms), sum(mn)
    FROM stats_event_cells GROUP BY 1, 2, 3;
INSERT INTO stats_mentions_month_totals
  SELECT m, k, sum(n), sum(gs), sum(gn), sum(ts), sum(tn), sum(ms), sum(mn)
    FROM stats_mentions_months GROUP BY 1, 2;
INSERT INTO stats_mentions_codes
  SELECT t, k, sum(n), sum(gs), sum(gn), sum(ts), sum(tn), sum(ms), sum(mn)
    FROM stats_mentions_months GROUP BY 1, 2;
INSERT INTO stats_mentions_day_totals
  SELECT d, CASE WHEN mn THEN ms ELSE -1 END, count(*), sum(gs), sum(gn),
         sum(ts), sum(tn), sum(ms), sum(mn)
    FROM stats_event_cells GROUP BY 1, 2;
INSERT INTO stats_mentions_week_totals
  SELECT CASE WHEN length(d) = 10 THEN date(d, '-6 days', 'weekday 1')
              ELSE d END, k, sum(n), sum(gs), sum(gn), sum(ts), sum(tn),
         sum(ms), sum(mn)
    FROM stats_mentions_day_totals GROUP BY 1, 2;
INSERT INTO stats_mentions_year_roots
  SELECT substr(m, 1, 4), substr(t, 1, 2), k, sum(n), sum(gs), sum(gn),
         sum(ts), sum(tn), sum(ms), sum(mn)
    FROM stats_mentions_months GROUP BY 1, 2, 3;
INSERT INTO stats_country_mentions
  SELECT k.k, x.cc, count(*)
    FROM stats_event_countries x JOIN stats_event_mentions k
      ON k.event = x.event
   GROUP BY k.k, x.cc;
INSERT INTO stats_actor_mentions
  SELECT k.k, a.actor, count(*)
    FROM stats_event_actors a JOIN stats_event_mentions k
      ON k.event = a.event
   GROUP BY k.k, a.actor;
