-- SPDX-License-Identifier: MIT
-- Migration 33: the cells of migration 14 per role taken in the event (r:
-- initiator, target...; an event with two actors in one role counts once
-- for it, '' for an event without participants), rolled up per role and
-- month; and each source's totals (source: its pk, 0 for an event that
-- cites none), the sources with most events first. Aggregations by role,
-- of one role, and the sources with most events read them
-- (db/aggregate.c). Kept as migration 14's cells are.
CREATE TABLE stats_role_months (
  r  TEXT NOT NULL,
  m  TEXT NOT NULL,
  t  TEXT NOT NULL,
  n  INTEGER NOT NULL,
  gs REAL NOT NULL,
  gn INTEGER NOT NULL,
  ts REAL NOT NULL,
  tn INTEGER NOT NULL,
  ms INTEGER NOT NULL,
  mn INTEGER NOT NULL,
  PRIMARY KEY (r, m, t)
) WITHOUT ROWID;
CREATE TABLE stats_role_month_totals (
  r  TEXT NOT NULL,
  m  TEXT NOT NULL,
  n  INTEGER NOT NULL,
  gs REAL NOT NULL,
  gn INTEGER NOT NULL,
  ts REAL NOT NULL,
  tn INTEGER NOT NULL,
  ms INTEGER NOT NULL,
  mn INTEGER NOT NULL,
  PRIMARY KEY (r, m)
) WITHOUT ROWID;
CREATE TABLE stats_source_totals (
  source INTEGER NOT NULL PRIMARY KEY,
  n  INTEGER NOT NULL,
  gs REAL NOT NULL,
  gn INTEGER NOT NULL,
  ts REAL NOT NULL,
  tn INTEGER NOT NULL,
  ms INTEGER NOT NULL,
  mn INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX stats_source_totals_n ON stats_source_totals(n DESC, source);

-- The roles an event's participants take, each once; '' for none.
CREATE VIEW stats_event_roles AS
  SELECT DISTINCT event, role AS r FROM participants
  UNION ALL
  SELECT e.pk, '' FROM events e
   WHERE NOT EXISTS (SELECT 1 FROM participants p WHERE p.event = e.pk);
-- The sources an event cites, each once; 0 for none.
CREATE VIEW stats_event_sources AS
  SELECT DISTINCT event, source FROM event_citations
  UNION ALL
  SELECT e.pk, 0 FROM events e
   WHERE NOT EXISTS (SELECT 1 FROM event_citations c WHERE c.event = e.pk);

INSERT INTO stats_role_months
  SELECT x.r, s.m, s.t, count(*), sum(s.gs), sum(s.gn), sum(s.ts),
         sum(s.tn), sum(s.ms), sum(s.mn)
    FROM stats_event_roles x JOIN stats_event_cells s ON s.event = x.event
   GROUP BY x.r, s.m, s.t;
INSERT INTO stats_role_month_totals
  SELECT r, m, sum(n), sum(gs), sum(gn), sum(ts), sum(tn), sum(ms), sum(mn)
    FROM stats_role_months GROUP BY r, m;
INSERT INTO stats_source_totals
  SELECT x.source, count(*), sum(s.gs), sum(s.gn), sum(s.ts), sum(s.tn),
         sum(s.ms), sum(s.mn)
    FROM stats_event_sources x JOIN stats_event_cells s ON s.event = x.event
   GROUP BY x.source;
