-- SPDX-License-Identifier: MIT
-- Migration 15: the cells of migration 14 per day, for daily and weekly
-- series and date ranges that are not whole months. d is the day of an
-- event dated to its day, else its own date ('2019-04', '2019'); '' when
-- undated. stats_day_totals adds up each day's cells, for timelines of
-- every event. Kept as migration 14's cells are.
CREATE TABLE stats_days (
  d  TEXT NOT NULL,
  t  TEXT NOT NULL,
  c  TEXT NOT NULL,
  n  INTEGER NOT NULL,
  gs REAL NOT NULL,
  gn INTEGER NOT NULL,
  ts REAL NOT NULL,
  tn INTEGER NOT NULL,
  ms INTEGER NOT NULL,
  mn INTEGER NOT NULL,
  PRIMARY KEY (d, t, c)
) WITHOUT ROWID;

CREATE TABLE stats_day_totals (
  d  TEXT NOT NULL PRIMARY KEY,
  n  INTEGER NOT NULL,
  gs REAL NOT NULL,
  gn INTEGER NOT NULL,
  ts REAL NOT NULL,
  tn INTEGER NOT NULL,
  ms INTEGER NOT NULL,
  mn INTEGER NOT NULL
) WITHOUT ROWID;

DROP VIEW stats_event_cells;
CREATE VIEW stats_event_cells AS
  SELECT e.pk AS event,
         CASE WHEN e.date_start = '' THEN ''
              WHEN substr(e.date_start, 1, 7) = substr(e.date_end, 1, 7)
              THEN substr(e.date_start, 1, 7)
              ELSE substr(e.date_start, 1, 4) END AS m,
         CASE WHEN e.date_start = '' THEN ''
              WHEN e.date_start = e.date_end THEN e.date_start
              WHEN substr(e.date_start, 1, 7) = substr(e.date_end, 1, 7)
              THEN substr(e.date_start, 1, 7)
              ELSE substr(e.date_start, 1, 4) END AS d,
         ifnull(e.type_code, '') AS t, ifnull(e.country, '') AS c,
         ifnull(e.goldstein, 0) AS gs, e.goldstein IS NOT NULL AS gn,
         ifnull(e.avg_tone, 0) AS ts, e.avg_tone IS NOT NULL AS tn,
         ifnull(e.num_mentions, 0) AS ms, e.num_mentions IS NOT NULL AS mn
    FROM events e;

INSERT INTO stats_days
  SELECT d, t, c, count(*), sum(gs), sum(gn), sum(ts), sum(tn), sum(ms),
         sum(mn)
    FROM stats_event_cells GROUP BY d, t, c;
INSERT INTO stats_day_totals
  SELECT d, sum(n), sum(gs), sum(gn), sum(ts), sum(tn), sum(ms), sum(mn)
    FROM stats_days GROUP BY d;
