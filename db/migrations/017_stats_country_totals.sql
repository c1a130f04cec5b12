-- SPDX-License-Identifier: MIT
-- Migration 17: each country's totals of the cells of migration 14 (the
-- countries with most events, and the series of those, without reading
-- every country's cells), and the cells of actors by CAMEO code (the
-- actors with most events of a type). Kept as migration 14's cells are.
CREATE TABLE stats_country_totals (
  cc TEXT NOT NULL PRIMARY KEY,
  n  INTEGER NOT NULL,
  gs REAL NOT NULL,
  gn INTEGER NOT NULL,
  ts REAL NOT NULL,
  tn INTEGER NOT NULL,
  ms INTEGER NOT NULL,
  mn INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX stats_country_totals_n ON stats_country_totals(n DESC, cc);
CREATE INDEX stats_actor_months_t ON stats_actor_months(t, actor, n);

INSERT INTO stats_country_totals
  SELECT cc, sum(n), sum(gs), sum(gn), sum(ts), sum(tn), sum(ms), sum(mn)
    FROM stats_country_months GROUP BY cc;
