-- SPDX-License-Identifier: MIT
-- Migration 52: the events of each located point (an event's exact
-- lat, lon) by month and CAMEO code, as migration 14's cells are by place,
-- so that an aggregation or a count of a box (/stats?by=month&bbox=...)
-- adds up the cells of the points inside it rather than reading its
-- events. A box over a busy place took over 2 s at 1M events (a 503):
-- the tree of migration 47 finds a box's events, but each must then be
-- read. GDELT places events at the points of its gazetteer (cities,
-- provinces, countries), so the points are far fewer than the events.
-- stats_points holds each point once with its number of events: the box
-- finds its points there, then reads their cells by key;
-- stats_point_month_totals their months alone, for series and counts
-- with no code; stats_point_countries and stats_point_actors the
-- countries involved and the actors of each point's events ('' and 0
-- for none), for a box's countries and actors (db/set_networks.c). Kept as migration 14's
-- cells are.
CREATE TABLE stats_points (
  lat REAL NOT NULL,
  lon REAL NOT NULL,
  n   INTEGER NOT NULL,
  PRIMARY KEY (lat, lon)
) WITHOUT ROWID;
CREATE TABLE stats_point_months (
  lat REAL NOT NULL,
  lon REAL NOT NULL,
  m   TEXT NOT NULL,
  t   TEXT NOT NULL,
  n   INTEGER NOT NULL,
  gs  REAL NOT NULL,
  gn  INTEGER NOT NULL,
  ts  REAL NOT NULL,
  tn  INTEGER NOT NULL,
  ms  INTEGER NOT NULL,
  mn  INTEGER NOT NULL,
  PRIMARY KEY (lat, lon, m, t)
) WITHOUT ROWID;
INSERT INTO stats_point_months
  SELECT e.lat, e.lon, s.m, s.t, count(*), sum(s.gs), sum(s.gn),
         sum(s.ts), sum(s.tn), sum(s.ms), sum(s.mn)
    FROM events e JOIN stats_event_cells s ON s.event = e.pk
   WHERE e.lat IS NOT NULL AND e.lon IS NOT NULL
   GROUP BY e.lat, e.lon, s.m, s.t;
CREATE TABLE stats_point_month_totals (
  lat REAL NOT NULL,
  lon REAL NOT NULL,
  m   TEXT NOT NULL,
  n   INTEGER NOT NULL,
  gs  REAL NOT NULL,
  gn  INTEGER NOT NULL,
  ts  REAL NOT NULL,
  tn  INTEGER NOT NULL,
  ms  INTEGER NOT NULL,
  mn  INTEGER NOT NULL,
  PRIMARY KEY (lat, lon, m)
) WITHOUT ROWID;
INSERT INTO stats_point_month_totals
  SELECT lat, lon, m, sum(n), sum(gs), sum(gn), sum(ts), sum(tn), sum(ms),
         sum(mn)
    FROM stats_point_months GROUP BY lat, lon, m;
INSERT INTO stats_points
  SELECT lat, lon, sum(n) FROM stats_point_month_totals GROUP BY lat, lon;
CREATE TABLE stats_point_countries (
  lat REAL NOT NULL,
  lon REAL NOT NULL,
  cc  TEXT NOT NULL,
  n   INTEGER NOT NULL,
  PRIMARY KEY (lat, lon, cc)
) WITHOUT ROWID;
INSERT INTO stats_point_countries
  SELECT e.lat, e.lon, x.cc, count(*)
    FROM events e JOIN stats_event_countries x ON x.event = e.pk
   WHERE e.lat IS NOT NULL AND e.lon IS NOT NULL
   GROUP BY e.lat, e.lon, x.cc;
CREATE TABLE stats_point_actors (
  lat   REAL NOT NULL,
  lon   REAL NOT NULL,
  actor INTEGER NOT NULL,
  n     INTEGER NOT NULL,
  PRIMARY KEY (lat, lon, actor)
) WITHOUT ROWID;
INSERT INTO stats_point_actors
  SELECT e.lat, e.lon, a.actor, count(*)
    FROM events e JOIN stats_event_actors a ON a.event = e.pk
   WHERE e.lat IS NOT NULL AND e.lon IS NOT NULL
   GROUP BY e.lat, e.lon, a.actor;
-- An actor's points: a box holding many events reads every actor most
-- events first and adds up its events at the box's points.
CREATE INDEX stats_point_actors_actor ON stats_point_actors(actor, lat, lon);
