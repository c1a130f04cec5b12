-- SPDX-License-Identifier: MIT
-- Migration 36: the cells of migration 14 per Goldstein score as well (g:
-- the score, -1e9 for none, as the indexes of migration 13 hold it). A
-- GDELT event's score is its CAMEO code's, so there are about as many
-- cells as months and codes: ranges of the score (goldstein_min=,
-- goldstein_max=) over time, codes and quad classes are a test of the
-- cells. Kept as migration 14's cells are.
CREATE TABLE stats_goldstein_months (
  m  TEXT NOT NULL,
  t  TEXT NOT NULL,
  g  REAL NOT NULL,
  n  INTEGER NOT NULL,
  gs REAL NOT NULL,
  gn INTEGER NOT NULL,
  ts REAL NOT NULL,
  tn INTEGER NOT NULL,
  ms INTEGER NOT NULL,
  mn INTEGER NOT NULL,
  PRIMARY KEY (m, t, g)
) WITHOUT ROWID;

-- An event's score as the cells key it.
CREATE VIEW stats_event_goldsteins AS
  SELECT pk AS event, ifnull(goldstein, -1e9) AS g FROM events;

INSERT INTO stats_goldstein_months
  SELECT m, t, CASE WHEN gn THEN gs ELSE -1e9 END, count(*), sum(gs),
         sum(gn), sum(ts), sum(tn), sum(ms), sum(mn)
    FROM stats_event_cells GROUP BY 1, 2, 3;
