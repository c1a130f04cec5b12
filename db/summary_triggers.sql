-- SPDX-License-Identifier: MIT
-- The summaries of migrations 8 and 14 to 54 kept under every write: the
-- event counts of countries, actors and event types, the type-ahead rows
-- (suggest_fts) of their names, and the cells /stats adds up. Temporary
-- triggers, created on each of dossier's connections (db/db.c): the GDELT
-- import drops them on its own and keeps the same summaries once per batch
-- instead (db/summaries.c), which costs a fraction of a trigger call per
-- row. Programs other than dossier that
-- write these tables do not keep them.

-- The counts.
CREATE TEMP TRIGGER IF NOT EXISTS event_countries_count_in
AFTER INSERT ON main.event_countries
BEGIN
  UPDATE countries SET event_count = event_count + 1
   WHERE code = NEW.country;
END;
CREATE TEMP TRIGGER IF NOT EXISTS event_countries_count_out
AFTER DELETE ON main.event_countries
BEGIN
  UPDATE countries SET event_count = event_count - 1
   WHERE code = OLD.country;
END;
CREATE TEMP TRIGGER IF NOT EXISTS event_countries_count_move
AFTER UPDATE OF country ON main.event_countries
BEGIN
  UPDATE countries SET event_count = event_count - 1
   WHERE code = OLD.country;
  UPDATE countries SET event_count = event_count + 1
   WHERE code = NEW.country;
END;
-- An actor in two roles of one event is in one event.
CREATE TEMP TRIGGER IF NOT EXISTS participants_count_in
AFTER INSERT ON main.participants
BEGIN
  UPDATE actors SET event_count = event_count + 1
   WHERE pk = NEW.actor AND NOT EXISTS (SELECT 1 FROM participants
         WHERE event = NEW.event AND actor = NEW.actor
           AND position <> NEW.position);
END;
CREATE TEMP TRIGGER IF NOT EXISTS participants_count_out
AFTER DELETE ON main.participants
BEGIN
  UPDATE actors SET event_count = event_count - 1
   WHERE pk = OLD.actor AND NOT EXISTS (SELECT 1 FROM participants
         WHERE event = OLD.event AND actor = OLD.actor);
END;
CREATE TEMP TRIGGER IF NOT EXISTS participants_count_move
AFTER UPDATE OF actor ON main.participants
BEGIN
  UPDATE actors SET event_count = event_count - 1
   WHERE pk = OLD.actor AND NOT EXISTS (SELECT 1 FROM participants
         WHERE event = OLD.event AND actor = OLD.actor);
  UPDATE actors SET event_count = event_count + 1
   WHERE pk = NEW.actor AND NOT EXISTS (SELECT 1 FROM participants
         WHERE event = NEW.event AND actor = NEW.actor
           AND position <> NEW.position);
END;
CREATE TEMP TRIGGER IF NOT EXISTS events_type_count_in
AFTER INSERT ON main.events
BEGIN
  UPDATE event_types SET event_count = event_count + 1
   WHERE code = NEW.type_code;
END;
CREATE TEMP TRIGGER IF NOT EXISTS events_type_count_out
AFTER DELETE ON main.events
BEGIN
  UPDATE event_types SET event_count = event_count - 1
   WHERE code = OLD.type_code;
END;
CREATE TEMP TRIGGER IF NOT EXISTS events_type_count_move
AFTER UPDATE OF type_code ON main.events
BEGIN
  UPDATE event_types SET event_count = event_count - 1
   WHERE code = OLD.type_code;
  UPDATE event_types SET event_count = event_count + 1
   WHERE code = NEW.type_code;
END;

-- A record's names, written again when they or its rank change (a count
-- that stays within its power of two changes nothing here). The rows of
-- one record are the key range of its kind, bucket and pk (migration 8).
CREATE TEMP TRIGGER IF NOT EXISTS countries_suggest_in
AFTER INSERT ON main.countries
BEGIN
  INSERT INTO suggest_fts(rowid, label)
    SELECT key, label FROM suggest_names WHERE kind = 0 AND pk = NEW.pk;
END;
CREATE TEMP TRIGGER IF NOT EXISTS countries_suggest_out
AFTER DELETE ON main.countries
BEGIN
  DELETE FROM suggest_fts WHERE rowid BETWEEN
    (0 << 56) | ((63 - CAST(log2(OLD.event_count + 1) AS INTEGER)) << 50)
      | (OLD.pk << 4)
    AND (0 << 56) | ((63 - CAST(log2(OLD.event_count + 1) AS INTEGER)) << 50)
      | (OLD.pk << 4) | 15;
END;
CREATE TEMP TRIGGER IF NOT EXISTS countries_suggest_change
AFTER UPDATE OF name, common_name, code, iso3, event_count
ON main.countries
WHEN NEW.name IS NOT OLD.name
  OR NEW.common_name IS NOT OLD.common_name
  OR NEW.code IS NOT OLD.code
  OR NEW.iso3 IS NOT OLD.iso3
  OR CAST(log2(NEW.event_count + 1) AS INTEGER)
     <> CAST(log2(OLD.event_count + 1) AS INTEGER)
BEGIN
  DELETE FROM suggest_fts WHERE rowid BETWEEN
    (0 << 56) | ((63 - CAST(log2(OLD.event_count + 1) AS INTEGER)) << 50)
      | (OLD.pk << 4)
    AND (0 << 56) | ((63 - CAST(log2(OLD.event_count + 1) AS INTEGER)) << 50)
      | (OLD.pk << 4) | 15;
  INSERT INTO suggest_fts(rowid, label)
    SELECT key, label FROM suggest_names WHERE kind = 0 AND pk = NEW.pk;
END;
CREATE TEMP TRIGGER IF NOT EXISTS actors_suggest_in
AFTER INSERT ON main.actors
BEGIN
  INSERT INTO suggest_fts(rowid, label)
    SELECT key, label FROM suggest_names WHERE kind = 1 AND pk = NEW.pk;
END;
CREATE TEMP TRIGGER IF NOT EXISTS actors_suggest_out
AFTER DELETE ON main.actors
BEGIN
  DELETE FROM suggest_fts WHERE rowid BETWEEN
    (1 << 56) | ((63 - CAST(log2(OLD.event_count + 1) AS INTEGER)) << 50)
      | (OLD.pk << 4)
    AND (1 << 56) | ((63 - CAST(log2(OLD.event_count + 1) AS INTEGER)) << 50)
      | (OLD.pk << 4) | 15;
END;
CREATE TEMP TRIGGER IF NOT EXISTS actors_suggest_change
AFTER UPDATE OF name, aliases, cameo_code, event_count
ON main.actors
WHEN NEW.name IS NOT OLD.name
  OR NEW.aliases IS NOT OLD.aliases
  OR NEW.cameo_code IS NOT OLD.cameo_code
  OR CAST(log2(NEW.event_count + 1) AS INTEGER)
     <> CAST(log2(OLD.event_count + 1) AS INTEGER)
BEGIN
  DELETE FROM suggest_fts WHERE rowid BETWEEN
    (1 << 56) | ((63 - CAST(log2(OLD.event_count + 1) AS INTEGER)) << 50)
      | (OLD.pk << 4)
    AND (1 << 56) | ((63 - CAST(log2(OLD.event_count + 1) AS INTEGER)) << 50)
      | (OLD.pk << 4) | 15;
  INSERT INTO suggest_fts(rowid, label)
    SELECT key, label FROM suggest_names WHERE kind = 1 AND pk = NEW.pk;
END;
CREATE TEMP TRIGGER IF NOT EXISTS event_types_suggest_in
AFTER INSERT ON main.event_types
BEGIN
  INSERT INTO suggest_fts(rowid, label)
    SELECT key, label FROM suggest_names WHERE kind = 2 AND pk = NEW.pk;
END;
CREATE TEMP TRIGGER IF NOT EXISTS event_types_suggest_out
AFTER DELETE ON main.event_types
BEGIN
  DELETE FROM suggest_fts WHERE rowid BETWEEN
    (2 << 56) | ((63 - CAST(log2(OLD.event_count + 1) AS INTEGER)) << 50)
      | (OLD.pk << 4)
    AND (2 << 56) | ((63 - CAST(log2(OLD.event_count + 1) AS INTEGER)) << 50)
      | (OLD.pk << 4) | 15;
END;
CREATE TEMP TRIGGER IF NOT EXISTS event_types_suggest_change
AFTER UPDATE OF label, code, event_count
ON main.event_types
WHEN NEW.label IS NOT OLD.label
  OR NEW.code IS NOT OLD.code
  OR CAST(log2(NEW.event_count + 1) AS INTEGER)
     <> CAST(log2(OLD.event_count + 1) AS INTEGER)
BEGIN
  DELETE FROM suggest_fts WHERE rowid BETWEEN
    (2 << 56) | ((63 - CAST(log2(OLD.event_count + 1) AS INTEGER)) << 50)
      | (OLD.pk << 4)
    AND (2 << 56) | ((63 - CAST(log2(OLD.event_count + 1) AS INTEGER)) << 50)
      | (OLD.pk << 4) | 15;
  INSERT INTO suggest_fts(rowid, label)
    SELECT key, label FROM suggest_names WHERE kind = 2 AND pk = NEW.pk;
END;

-- The cells of the sets of countries (migration 32): stats_set_delta
-- takes (event, +1 or -1, plus, minus) for the event's cells in the set
-- of its countries now, with country `plus` added and `minus` taken out
-- (either NULL): the set it was in before one of its countries came, went
-- or changed.
CREATE TEMP VIEW IF NOT EXISTS stats_set_delta(event, sign, plus, minus) AS
  SELECT NULL, NULL, NULL, NULL;
CREATE TEMP TABLE IF NOT EXISTS stats_delta_set(s TEXT NOT NULL);
CREATE TEMP TRIGGER IF NOT EXISTS stats_set_delta_apply
INSTEAD OF INSERT ON stats_set_delta
BEGIN
  -- The set, found once for every table below.
  DELETE FROM stats_delta_set;
  INSERT INTO stats_delta_set
    SELECT ifnull(group_concat(cc, ','), '')
      FROM (SELECT country AS cc FROM event_countries
             WHERE event = NEW.event AND country IS NOT NEW.minus
            UNION SELECT NEW.plus WHERE NEW.plus IS NOT NULL
            ORDER BY 1);
  INSERT INTO stats_country_set_months(s, m, t, n, gs, gn, ts, tn, ms, mn)
    SELECT k.s, c.m, c.t, NEW.sign, NEW.sign * c.gs, NEW.sign * c.gn,
         NEW.sign * c.ts, NEW.sign * c.tn, NEW.sign * c.ms, NEW.sign * c.mn
      FROM stats_event_cells c, stats_delta_set k
     WHERE c.event = NEW.event
  ON CONFLICT DO UPDATE SET n = n + excluded.n, gs = gs + excluded.gs,
      gn = gn + excluded.gn, ts = ts + excluded.ts, tn = tn + excluded.tn,
      ms = ms + excluded.ms, mn = mn + excluded.mn;
  -- ... and by day (migration 44).
  INSERT INTO stats_country_set_day_totals(s, d, n, gs, gn, ts, tn, ms, mn)
    SELECT k.s, c.d, NEW.sign, NEW.sign * c.gs, NEW.sign * c.gn,
         NEW.sign * c.ts, NEW.sign * c.tn, NEW.sign * c.ms, NEW.sign * c.mn
      FROM stats_event_cells c, stats_delta_set k
     WHERE c.event = NEW.event
  ON CONFLICT DO UPDATE SET n = n + excluded.n, gs = gs + excluded.gs,
      gn = gn + excluded.gn, ts = ts + excluded.ts, tn = tn + excluded.tn,
      ms = ms + excluded.ms, mn = mn + excluded.mn;
  -- ... by month (migration 45).
  INSERT INTO stats_country_set_month_totals(s, m, n, gs, gn, ts, tn, ms, mn)
    SELECT k.s, c.m, NEW.sign, NEW.sign * c.gs, NEW.sign * c.gn,
         NEW.sign * c.ts, NEW.sign * c.tn, NEW.sign * c.ms, NEW.sign * c.mn
      FROM stats_event_cells c, stats_delta_set k
     WHERE c.event = NEW.event
  ON CONFLICT DO UPDATE SET n = n + excluded.n, gs = gs + excluded.gs,
      gn = gn + excluded.gn, ts = ts + excluded.ts, tn = tn + excluded.tn,
      ms = ms + excluded.ms, mn = mn + excluded.mn;
  -- ... by CAMEO root over all time (migration 55).
  INSERT INTO stats_country_set_roots(s, t, n, gs, gn, ts, tn, ms, mn)
    SELECT k.s, substr(c.t, 1, 2), NEW.sign, NEW.sign * c.gs,
         NEW.sign * c.gn, NEW.sign * c.ts, NEW.sign * c.tn, NEW.sign * c.ms,
         NEW.sign * c.mn
      FROM stats_event_cells c, stats_delta_set k
     WHERE c.event = NEW.event
  ON CONFLICT DO UPDATE SET n = n + excluded.n, gs = gs + excluded.gs,
      gn = gn + excluded.gn, ts = ts + excluded.ts, tn = tn + excluded.tn,
      ms = ms + excluded.ms, mn = mn + excluded.mn;
  -- ... by place and by role (migration 46); a role that comes or goes
  -- with the set unchanged is stats_role_delta's.
  INSERT INTO stats_country_set_places(s, c, n, gs, gn, ts, tn, ms, mn)
    SELECT k.s, c.c, NEW.sign, NEW.sign * c.gs, NEW.sign * c.gn,
         NEW.sign * c.ts, NEW.sign * c.tn, NEW.sign * c.ms, NEW.sign * c.mn
      FROM stats_event_cells c, stats_delta_set k
     WHERE c.event = NEW.event
  ON CONFLICT DO UPDATE SET n = n + excluded.n, gs = gs + excluded.gs,
      gn = gn + excluded.gn, ts = ts + excluded.ts, tn = tn + excluded.tn,
      ms = ms + excluded.ms, mn = mn + excluded.mn;
  INSERT INTO stats_country_set_roles(s, r, n, gs, gn, ts, tn, ms, mn)
    SELECT k.s, x.r, NEW.sign, NEW.sign * c.gs, NEW.sign * c.gn,
         NEW.sign * c.ts, NEW.sign * c.tn, NEW.sign * c.ms, NEW.sign * c.mn
      FROM stats_event_cells c, stats_delta_set k,
           (SELECT DISTINCT role AS r FROM participants
             WHERE event = NEW.event
            UNION ALL SELECT '' WHERE NOT EXISTS
              (SELECT 1 FROM participants WHERE event = NEW.event)) x
     WHERE c.event = NEW.event
  ON CONFLICT DO UPDATE SET n = n + excluded.n, gs = gs + excluded.gs,
      gn = gn + excluded.gn, ts = ts + excluded.ts, tn = tn + excluded.tn,
      ms = ms + excluded.ms, mn = mn + excluded.mn;
  -- Its network (migration 38), and actor 0 its number of events.
  INSERT INTO stats_country_set_actor_pairs(s, a, b, n)
    SELECT k.s, p1.actor, p2.actor, NEW.sign
      FROM (SELECT DISTINCT actor FROM participants WHERE event = NEW.event) p1,
           (SELECT DISTINCT actor FROM participants WHERE event = NEW.event) p2,
           stats_delta_set k
     WHERE p1.actor < p2.actor
  ON CONFLICT DO UPDATE SET n = n + excluded.n;
  INSERT INTO stats_country_set_pair_roles(a, b, ra, rb, s, n)
    SELECT p1.actor, p2.actor, p1.role, p2.role, k.s, NEW.sign
      FROM (SELECT DISTINCT actor, role FROM participants
             WHERE event = NEW.event) p1,
           (SELECT DISTINCT actor, role FROM participants
             WHERE event = NEW.event) p2,
           stats_delta_set k
     WHERE p1.actor < p2.actor
  ON CONFLICT DO UPDATE SET n = n + excluded.n;
  INSERT INTO stats_country_set_actors(actor, s, n)
    SELECT p.actor, k.s, NEW.sign
      FROM (SELECT DISTINCT actor FROM participants WHERE event = NEW.event
            UNION ALL SELECT 0) p,
           stats_delta_set k
     WHERE true
  ON CONFLICT DO UPDATE SET n = n + excluded.n;
  -- A set entered is found by its members.
  INSERT INTO stats_country_set_members(cc, s)
    SELECT x.country, k.s FROM event_countries x, stats_event_country_sets k
     WHERE NEW.sign > 0 AND NEW.plus IS NULL AND NEW.minus IS NULL
       AND x.event = NEW.event AND k.event = NEW.event
  ON CONFLICT DO NOTHING;
END;

-- The cells of the sets of actors (migration 34): stats_actor_set_delta
-- takes (event, +1 or -1, plus, minus) as stats_set_delta does, of the
-- event's distinct actors.
CREATE TEMP VIEW IF NOT EXISTS stats_actor_set_delta(event, sign, plus, minus)
  AS SELECT NULL, NULL, NULL, NULL;
CREATE TEMP TRIGGER IF NOT EXISTS stats_actor_set_delta_apply
INSTEAD OF INSERT ON stats_actor_set_delta
BEGIN
  INSERT INTO stats_actor_set_months(s, m, t, n, gs, gn, ts, tn, ms, mn)
    SELECT k.s, c.m, c.t, NEW.sign, NEW.sign * c.gs, NEW.sign * c.gn,
         NEW.sign * c.ts, NEW.sign * c.tn, NEW.sign * c.ms, NEW.sign * c.mn
      FROM stats_event_cells c,
           (SELECT ifnull(group_concat(a, ','), '') AS s
              FROM (SELECT actor AS a FROM participants
                     WHERE event = NEW.event AND actor IS NOT NEW.minus
                    UNION SELECT NEW.plus WHERE NEW.plus IS NOT NULL
                    ORDER BY 1)) k
     WHERE c.event = NEW.event
  ON CONFLICT DO UPDATE SET n = n + excluded.n, gs = gs + excluded.gs,
      gn = gn + excluded.gn, ts = ts + excluded.ts, tn = tn + excluded.tn,
      ms = ms + excluded.ms, mn = mn + excluded.mn;
  -- ... by CAMEO root (migration 60).
  INSERT INTO stats_actor_set_month_roots(s, m, t, n, gs, gn, ts, tn, ms, mn)
    SELECT k.s, c.m, substr(c.t, 1, 2), NEW.sign, NEW.sign * c.gs,
         NEW.sign * c.gn, NEW.sign * c.ts, NEW.sign * c.tn,
         NEW.sign * c.ms, NEW.sign * c.mn
      FROM stats_event_cells c,
           (SELECT ifnull(group_concat(a, ','), '') AS s
              FROM (SELECT actor AS a FROM participants
                     WHERE event = NEW.event AND actor IS NOT NEW.minus
                    UNION SELECT NEW.plus WHERE NEW.plus IS NOT NULL
                    ORDER BY 1)) k
     WHERE c.event = NEW.event
  ON CONFLICT DO UPDATE SET n = n + excluded.n, gs = gs + excluded.gs,
      gn = gn + excluded.gn, ts = ts + excluded.ts, tn = tn + excluded.tn,
      ms = ms + excluded.ms, mn = mn + excluded.mn;
  INSERT INTO stats_actor_set_members(actor, s)
    SELECT DISTINCT x.actor, k.s
      FROM participants x, stats_event_actor_sets k
     WHERE NEW.sign > 0 AND NEW.plus IS NULL AND NEW.minus IS NULL
       AND x.event = NEW.event AND k.event = NEW.event
  ON CONFLICT DO NOTHING;
END;
-- An actor new to the event moves it to another set; one in a second
-- role does not, nor one that leaves a role while it keeps another.
CREATE TEMP TRIGGER IF NOT EXISTS participants_sets_in
AFTER INSERT ON main.participants
WHEN NOT EXISTS (SELECT 1 FROM participants WHERE event = NEW.event
                   AND actor = NEW.actor AND position <> NEW.position)
BEGIN
  INSERT INTO stats_actor_set_delta VALUES (NEW.event, -1, NULL, NEW.actor);
  INSERT INTO stats_actor_set_delta VALUES (NEW.event, 1, NULL, NULL);
END;
CREATE TEMP TRIGGER IF NOT EXISTS participants_sets_out
AFTER DELETE ON main.participants
WHEN EXISTS (SELECT 1 FROM events WHERE pk = OLD.event)
  AND NOT EXISTS (SELECT 1 FROM participants WHERE event = OLD.event
                    AND actor = OLD.actor)
BEGIN
  INSERT INTO stats_actor_set_delta VALUES (OLD.event, -1, OLD.actor, NULL);
  INSERT INTO stats_actor_set_delta VALUES (OLD.event, 1, NULL, NULL);
END;
CREATE TEMP TRIGGER IF NOT EXISTS participants_sets_move
AFTER UPDATE OF actor ON main.participants
WHEN NEW.actor IS NOT OLD.actor
BEGIN
  INSERT INTO stats_actor_set_delta SELECT NEW.event, -1, OLD.actor,
         CASE WHEN EXISTS (SELECT 1 FROM participants WHERE event = NEW.event
                             AND actor = NEW.actor
                             AND position <> NEW.position)
              THEN NULL ELSE NEW.actor END;
  INSERT INTO stats_actor_set_delta VALUES (NEW.event, 1, NULL, NULL);
END;

-- The cells of actors in their roles (migration 35):
-- stats_actor_role_delta takes (event, +1 or -1, NULL, NULL) for every
-- actor and role of the event now, or (event, sign, actor, role) for that
-- pair's cells alone.
CREATE TEMP VIEW IF NOT EXISTS stats_actor_role_delta(event, sign, actor, r)
  AS SELECT NULL, NULL, NULL, NULL;
CREATE TEMP TRIGGER IF NOT EXISTS stats_actor_role_delta_apply
INSTEAD OF INSERT ON stats_actor_role_delta
BEGIN
  INSERT INTO stats_actor_role_months(actor, r, m, t, n, gs, gn, ts, tn,
                                      ms, mn)
    SELECT x.actor, x.r, c.m, c.t, NEW.sign, NEW.sign * c.gs, NEW.sign * c.gn,
         NEW.sign * c.ts, NEW.sign * c.tn, NEW.sign * c.ms, NEW.sign * c.mn
      FROM stats_event_cells c,
           (SELECT DISTINCT actor, role AS r FROM participants
             WHERE event = NEW.event AND NEW.actor IS NULL
            UNION ALL SELECT NEW.actor, NEW.r WHERE NEW.actor IS NOT NULL) x
     WHERE c.event = NEW.event
  ON CONFLICT DO UPDATE SET n = n + excluded.n, gs = gs + excluded.gs,
      gn = gn + excluded.gn, ts = ts + excluded.ts, tn = tn + excluded.tn,
      ms = ms + excluded.ms, mn = mn + excluded.mn;
END;
-- An actor counts once per role it takes, however many times.
CREATE TEMP TRIGGER IF NOT EXISTS participants_actor_roles_in
AFTER INSERT ON main.participants
WHEN NOT EXISTS (SELECT 1 FROM participants WHERE event = NEW.event
                   AND actor = NEW.actor AND role = NEW.role
                   AND position <> NEW.position)
BEGIN
  INSERT INTO stats_actor_role_delta
    VALUES (NEW.event, 1, NEW.actor, NEW.role);
END;
CREATE TEMP TRIGGER IF NOT EXISTS participants_actor_roles_out
AFTER DELETE ON main.participants
WHEN EXISTS (SELECT 1 FROM events WHERE pk = OLD.event)
  AND NOT EXISTS (SELECT 1 FROM participants WHERE event = OLD.event
                    AND actor = OLD.actor AND role = OLD.role)
BEGIN
  INSERT INTO stats_actor_role_delta
    VALUES (OLD.event, -1, OLD.actor, OLD.role);
END;
CREATE TEMP TRIGGER IF NOT EXISTS participants_actor_roles_move
AFTER UPDATE OF actor, role ON main.participants
WHEN NEW.actor IS NOT OLD.actor OR NEW.role IS NOT OLD.role
BEGIN
  INSERT INTO stats_actor_role_delta SELECT OLD.event, -1, OLD.actor, OLD.role
   WHERE NOT EXISTS (SELECT 1 FROM participants WHERE event = OLD.event
                       AND actor = OLD.actor AND role = OLD.role);
  INSERT INTO stats_actor_role_delta SELECT NEW.event, 1, NEW.actor, NEW.role
   WHERE NOT EXISTS (SELECT 1 FROM participants WHERE event = NEW.event
                       AND actor = NEW.actor AND role = NEW.role
                       AND position <> NEW.position);
END;

-- The cells of roles and the sources' totals (migration 33):
-- stats_role_delta takes (event, +1 or -1, NULL) for each role the
-- event's participants take now ('' for none), or (event, sign, role) for
-- that role's alone; stats_source_delta the same of the sources it cites
-- (0 for none).
CREATE TEMP VIEW IF NOT EXISTS stats_role_delta(event, sign, r) AS
  SELECT NULL, NULL, NULL;
CREATE TEMP TRIGGER IF NOT EXISTS stats_role_delta_apply
INSTEAD OF INSERT ON stats_role_delta
BEGIN
  INSERT INTO stats_role_months(r, m, t, n, gs, gn, ts, tn, ms, mn)
    SELECT x.r, c.m, c.t, NEW.sign, NEW.sign * c.gs, NEW.sign * c.gn,
         NEW.sign * c.ts, NEW.sign * c.tn, NEW.sign * c.ms, NEW.sign * c.mn
      FROM stats_event_cells c,
           (SELECT DISTINCT role AS r FROM participants
             WHERE event = NEW.event AND NEW.r IS NULL
            UNION ALL SELECT '' WHERE NEW.r IS NULL AND NOT EXISTS
              (SELECT 1 FROM participants WHERE event = NEW.event)
            UNION ALL SELECT NEW.r WHERE NEW.r IS NOT NULL) x
     WHERE c.event = NEW.event
  ON CONFLICT DO UPDATE SET n = n + excluded.n, gs = gs + excluded.gs,
      gn = gn + excluded.gn, ts = ts + excluded.ts, tn = tn + excluded.tn,
      ms = ms + excluded.ms, mn = mn + excluded.mn;
  -- ... and over all time (migration 59).
  INSERT INTO stats_role_code_totals(r, t, n, gs, gn, ts, tn, ms, mn)
    SELECT x.r, c.t, NEW.sign, NEW.sign * c.gs, NEW.sign * c.gn,
         NEW.sign * c.ts, NEW.sign * c.tn, NEW.sign * c.ms, NEW.sign * c.mn
      FROM stats_event_cells c,
           (SELECT DISTINCT role AS r FROM participants
             WHERE event = NEW.event AND NEW.r IS NULL
            UNION ALL SELECT '' WHERE NEW.r IS NULL AND NOT EXISTS
              (SELECT 1 FROM participants WHERE event = NEW.event)
            UNION ALL SELECT NEW.r WHERE NEW.r IS NOT NULL) x
     WHERE c.event = NEW.event
  ON CONFLICT DO UPDATE SET n = n + excluded.n, gs = gs + excluded.gs,
      gn = gn + excluded.gn, ts = ts + excluded.ts, tn = tn + excluded.tn,
      ms = ms + excluded.ms, mn = mn + excluded.mn;
  -- ... by root (migration 61).
  INSERT INTO stats_role_month_roots(r, m, t, n, gs, gn, ts, tn, ms, mn)
    SELECT x.r, c.m, substr(c.t, 1, 2), NEW.sign, NEW.sign * c.gs,
         NEW.sign * c.gn, NEW.sign * c.ts, NEW.sign * c.tn,
         NEW.sign * c.ms, NEW.sign * c.mn
      FROM stats_event_cells c,
           (SELECT DISTINCT role AS r FROM participants
             WHERE event = NEW.event AND NEW.r IS NULL
            UNION ALL SELECT '' WHERE NEW.r IS NULL AND NOT EXISTS
              (SELECT 1 FROM participants WHERE event = NEW.event)
            UNION ALL SELECT NEW.r WHERE NEW.r IS NOT NULL) x
     WHERE c.event = NEW.event
  ON CONFLICT DO UPDATE SET n = n + excluded.n, gs = gs + excluded.gs,
      gn = gn + excluded.gn, ts = ts + excluded.ts, tn = tn + excluded.tn,
      ms = ms + excluded.ms, mn = mn + excluded.mn;
  INSERT INTO stats_role_month_totals(r, m, n, gs, gn, ts, tn, ms, mn)
    SELECT x.r, c.m, NEW.sign, NEW.sign * c.gs, NEW.sign * c.gn,
         NEW.sign * c.ts, NEW.sign * c.tn, NEW.sign * c.ms, NEW.sign * c.mn
      FROM stats_event_cells c,
           (SELECT DISTINCT role AS r FROM participants
             WHERE event = NEW.event AND NEW.r IS NULL
            UNION ALL SELECT '' WHERE NEW.r IS NULL AND NOT EXISTS
              (SELECT 1 FROM participants WHERE event = NEW.event)
            UNION ALL SELECT NEW.r WHERE NEW.r IS NOT NULL) x
     WHERE c.event = NEW.event
  ON CONFLICT DO UPDATE SET n = n + excluded.n, gs = gs + excluded.gs,
      gn = gn + excluded.gn, ts = ts + excluded.ts, tn = tn + excluded.tn,
      ms = ms + excluded.ms, mn = mn + excluded.mn;
  -- ... and by day (migration 42).
  INSERT INTO stats_role_day_totals(r, d, n, gs, gn, ts, tn, ms, mn)
    SELECT x.r, c.d, NEW.sign, NEW.sign * c.gs, NEW.sign * c.gn,
         NEW.sign * c.ts, NEW.sign * c.tn, NEW.sign * c.ms, NEW.sign * c.mn
      FROM stats_event_cells c,
           (SELECT DISTINCT role AS r FROM participants
             WHERE event = NEW.event AND NEW.r IS NULL
            UNION ALL SELECT '' WHERE NEW.r IS NULL AND NOT EXISTS
              (SELECT 1 FROM participants WHERE event = NEW.event)
            UNION ALL SELECT NEW.r WHERE NEW.r IS NOT NULL) x
     WHERE c.event = NEW.event
  ON CONFLICT DO UPDATE SET n = n + excluded.n, gs = gs + excluded.gs,
      gn = gn + excluded.gn, ts = ts + excluded.ts, tn = tn + excluded.tn,
      ms = ms + excluded.ms, mn = mn + excluded.mn;
  -- One role that came or went, in the event's set of countries
  -- (migration 46); every role moves with the set (stats_set_delta).
  INSERT INTO stats_country_set_roles(s, r, n, gs, gn, ts, tn, ms, mn)
    SELECT k.s, NEW.r, NEW.sign, NEW.sign * c.gs, NEW.sign * c.gn,
         NEW.sign * c.ts, NEW.sign * c.tn, NEW.sign * c.ms, NEW.sign * c.mn
      FROM stats_event_cells c, stats_event_country_sets k
     WHERE c.event = NEW.event AND k.event = NEW.event
       AND NEW.r IS NOT NULL
  ON CONFLICT DO UPDATE SET n = n + excluded.n, gs = gs + excluded.gs,
      gn = gn + excluded.gn, ts = ts + excluded.ts, tn = tn + excluded.tn,
      ms = ms + excluded.ms, mn = mn + excluded.mn;
END;
CREATE TEMP VIEW IF NOT EXISTS stats_source_delta(event, sign, source) AS
  SELECT NULL, NULL, NULL;
CREATE TEMP TRIGGER IF NOT EXISTS stats_source_delta_apply
INSTEAD OF INSERT ON stats_source_delta
BEGIN
  INSERT INTO stats_source_totals(source, n, gs, gn, ts, tn, ms, mn)
    SELECT x.source, NEW.sign, NEW.sign * c.gs, NEW.sign * c.gn,
         NEW.sign * c.ts, NEW.sign * c.tn, NEW.sign * c.ms, NEW.sign * c.mn
      FROM stats_event_cells c,
           (SELECT DISTINCT source FROM event_citations
             WHERE event = NEW.event AND NEW.source IS NULL
            UNION ALL SELECT 0 WHERE NEW.source IS NULL AND NOT EXISTS
              (SELECT 1 FROM event_citations WHERE event = NEW.event)
            UNION ALL SELECT NEW.source WHERE NEW.source IS NOT NULL) x
     WHERE c.event = NEW.event
  ON CONFLICT DO UPDATE SET n = n + excluded.n, gs = gs + excluded.gs,
      gn = gn + excluded.gn, ts = ts + excluded.ts, tn = tn + excluded.tn,
      ms = ms + excluded.ms, mn = mn + excluded.mn;
END;

-- The cells of an event's point (migration 52), when it has one: as its
-- other cells under stats_delta (the same arguments), and alone when only
-- the point moves.
CREATE TEMP VIEW IF NOT EXISTS stats_point_delta(event, sign, cc, actor) AS
  SELECT NULL, NULL, NULL, NULL;
CREATE TEMP TRIGGER IF NOT EXISTS stats_point_delta_apply
INSTEAD OF INSERT ON stats_point_delta
WHEN EXISTS (SELECT 1 FROM events WHERE pk = NEW.event
              AND lat IS NOT NULL AND lon IS NOT NULL)
BEGIN
  INSERT INTO stats_points(lat, lon, n)
    SELECT e.lat, e.lon, NEW.sign FROM events e
     WHERE e.pk = NEW.event AND NEW.cc IS NULL AND NEW.actor IS NULL
  ON CONFLICT DO UPDATE SET n = n + excluded.n;
  INSERT INTO stats_point_months(lat, lon, m, t, n, gs, gn, ts, tn, ms, mn)
    SELECT e.lat, e.lon, s.m, s.t, NEW.sign, NEW.sign * s.gs,
         NEW.sign * s.gn, NEW.sign * s.ts, NEW.sign * s.tn,
         NEW.sign * s.ms, NEW.sign * s.mn
      FROM events e, stats_event_cells s
     WHERE e.pk = NEW.event AND s.event = NEW.event AND NEW.cc IS NULL
       AND NEW.actor IS NULL
  ON CONFLICT DO UPDATE SET n = n + excluded.n, gs = gs + excluded.gs,
      gn = gn + excluded.gn, ts = ts + excluded.ts, tn = tn + excluded.tn,
      ms = ms + excluded.ms, mn = mn + excluded.mn;
  INSERT INTO stats_point_month_totals(lat, lon, m, n, gs, gn, ts, tn, ms,
                                       mn)
    SELECT e.lat, e.lon, s.m, NEW.sign, NEW.sign * s.gs, NEW.sign * s.gn,
         NEW.sign * s.ts, NEW.sign * s.tn, NEW.sign * s.ms, NEW.sign * s.mn
      FROM events e, stats_event_cells s
     WHERE e.pk = NEW.event AND s.event = NEW.event AND NEW.cc IS NULL
       AND NEW.actor IS NULL
  ON CONFLICT DO UPDATE SET n = n + excluded.n, gs = gs + excluded.gs,
      gn = gn + excluded.gn, ts = ts + excluded.ts, tn = tn + excluded.tn,
      ms = ms + excluded.ms, mn = mn + excluded.mn;
  INSERT INTO stats_point_roots(lat, lon, t, n, gs, gn, ts, tn, ms, mn)
    SELECT e.lat, e.lon, substr(s.t, 1, 2), NEW.sign, NEW.sign * s.gs,
         NEW.sign * s.gn, NEW.sign * s.ts, NEW.sign * s.tn, NEW.sign * s.ms,
         NEW.sign * s.mn
      FROM events e, stats_event_cells s
     WHERE e.pk = NEW.event AND s.event = NEW.event AND NEW.cc IS NULL
       AND NEW.actor IS NULL
  ON CONFLICT DO UPDATE SET n = n + excluded.n, gs = gs + excluded.gs,
      gn = gn + excluded.gn, ts = ts + excluded.ts, tn = tn + excluded.tn,
      ms = ms + excluded.ms, mn = mn + excluded.mn;
  INSERT INTO stats_point_places(lat, lon, c, n, gs, gn, ts, tn, ms, mn)
    SELECT e.lat, e.lon, s.c, NEW.sign, NEW.sign * s.gs, NEW.sign * s.gn,
         NEW.sign * s.ts, NEW.sign * s.tn, NEW.sign * s.ms, NEW.sign * s.mn
      FROM events e, stats_event_cells s
     WHERE e.pk = NEW.event AND s.event = NEW.event AND NEW.cc IS NULL
       AND NEW.actor IS NULL
  ON CONFLICT DO UPDATE SET n = n + excluded.n, gs = gs + excluded.gs,
      gn = gn + excluded.gn, ts = ts + excluded.ts, tn = tn + excluded.tn,
      ms = ms + excluded.ms, mn = mn + excluded.mn;
  INSERT INTO stats_point_day_totals(lat, lon, d, n, gs, gn, ts, tn, ms,
                                     mn)
    SELECT e.lat, e.lon, s.d, NEW.sign, NEW.sign * s.gs, NEW.sign * s.gn,
         NEW.sign * s.ts, NEW.sign * s.tn, NEW.sign * s.ms, NEW.sign * s.mn
      FROM events e, stats_event_cells s
     WHERE e.pk = NEW.event AND s.event = NEW.event AND NEW.cc IS NULL
       AND NEW.actor IS NULL
  ON CONFLICT DO UPDATE SET n = n + excluded.n, gs = gs + excluded.gs,
      gn = gn + excluded.gn, ts = ts + excluded.ts, tn = tn + excluded.tn,
      ms = ms + excluded.ms, mn = mn + excluded.mn;
  INSERT INTO stats_point_countries(lat, lon, cc, n)
    SELECT e.lat, e.lon, x.cc, NEW.sign
      FROM events e, stats_event_countries x
     WHERE e.pk = NEW.event AND x.event = NEW.event AND NEW.cc IS NULL
       AND NEW.actor IS NULL
    UNION ALL
    SELECT e.lat, e.lon, NEW.cc, NEW.sign FROM events e
     WHERE e.pk = NEW.event AND NEW.cc IS NOT NULL
  ON CONFLICT DO UPDATE SET n = n + excluded.n;
  INSERT INTO stats_point_actors(lat, lon, actor, n)
    SELECT e.lat, e.lon, x.actor, NEW.sign
      FROM events e, stats_event_actors x
     WHERE e.pk = NEW.event AND x.event = NEW.event AND NEW.cc IS NULL
       AND NEW.actor IS NULL
    UNION ALL
    SELECT e.lat, e.lon, NEW.actor, NEW.sign FROM events e
     WHERE e.pk = NEW.event AND NEW.actor IS NOT NULL
  ON CONFLICT DO UPDATE SET n = n + excluded.n;
END;

-- The cells of /stats (migrations 14 to 17). An event's numbers leave
-- its cells before it changes and enter them after: stats_delta takes
-- (event, +1 or -1, NULL, NULL) for all of its cells as it is now, or
-- (event, sign, country, NULL) for one country's cell alone, or (event,
-- sign, NULL, actor) for one actor's.
CREATE TEMP VIEW IF NOT EXISTS stats_delta(event, sign, cc, actor) AS
  SELECT NULL, NULL, NULL, NULL;
CREATE TEMP TRIGGER IF NOT EXISTS stats_delta_apply
INSTEAD OF INSERT ON stats_delta
BEGIN
  INSERT INTO stats_set_delta SELECT NEW.event, NEW.sign, NULL, NULL
   WHERE NEW.cc IS NULL AND NEW.actor IS NULL;
  INSERT INTO stats_actor_set_delta SELECT NEW.event, NEW.sign, NULL, NULL
   WHERE NEW.cc IS NULL AND NEW.actor IS NULL;
  INSERT INTO stats_role_delta SELECT NEW.event, NEW.sign, NULL
   WHERE NEW.cc IS NULL AND NEW.actor IS NULL;
  INSERT INTO stats_actor_role_delta SELECT NEW.event, NEW.sign, NULL, NULL
   WHERE NEW.cc IS NULL AND NEW.actor IS NULL;
  INSERT INTO stats_source_delta SELECT NEW.event, NEW.sign, NULL
   WHERE NEW.cc IS NULL AND NEW.actor IS NULL;
  INSERT INTO stats_point_delta
    VALUES (NEW.event, NEW.sign, NEW.cc, NEW.actor);
  INSERT INTO stats_months(m, t, c, n, gs, gn, ts, tn, ms, mn)
    SELECT s.m, s.t, s.c, NEW.sign, NEW.sign * s.gs, NEW.sign * s.gn,
         NEW.sign * s.ts, NEW.sign * s.tn, NEW.sign * s.ms, NEW.sign * s.mn
      FROM stats_event_cells s WHERE s.event = NEW.event AND NEW.cc IS NULL
       AND NEW.actor IS NULL
  ON CONFLICT DO UPDATE SET n = n + excluded.n, gs = gs + excluded.gs,
      gn = gn + excluded.gn, ts = ts + excluded.ts, tn = tn + excluded.tn,
      ms = ms + excluded.ms, mn = mn + excluded.mn;
  -- ... and over all time (migration 59).
  INSERT INTO stats_code_place_totals(t, c, n, gs, gn, ts, tn, ms, mn)
    SELECT s.t, s.c, NEW.sign, NEW.sign * s.gs, NEW.sign * s.gn,
         NEW.sign * s.ts, NEW.sign * s.tn, NEW.sign * s.ms, NEW.sign * s.mn
      FROM stats_event_cells s WHERE s.event = NEW.event AND NEW.cc IS NULL
       AND NEW.actor IS NULL
  ON CONFLICT DO UPDATE SET n = n + excluded.n, gs = gs + excluded.gs,
      gn = gn + excluded.gn, ts = ts + excluded.ts, tn = tn + excluded.tn,
      ms = ms + excluded.ms, mn = mn + excluded.mn;
  INSERT INTO stats_goldstein_months(m, t, g, n, gs, gn, ts, tn, ms, mn)
    SELECT s.m, s.t, CASE WHEN s.gn THEN s.gs ELSE -1e9 END, NEW.sign,
         NEW.sign * s.gs, NEW.sign * s.gn, NEW.sign * s.ts, NEW.sign * s.tn,
         NEW.sign * s.ms, NEW.sign * s.mn
      FROM stats_event_cells s WHERE s.event = NEW.event AND NEW.cc IS NULL
       AND NEW.actor IS NULL
  ON CONFLICT DO UPDATE SET n = n + excluded.n, gs = gs + excluded.gs,
      gn = gn + excluded.gn, ts = ts + excluded.ts, tn = tn + excluded.tn,
      ms = ms + excluded.ms, mn = mn + excluded.mn;
  -- ... and by code over all time (migration 61).
  INSERT INTO stats_goldstein_codes(t, g, n, gs, gn, ts, tn, ms, mn)
    SELECT s.t, CASE WHEN s.gn THEN s.gs ELSE -1e9 END, NEW.sign,
         NEW.sign * s.gs, NEW.sign * s.gn, NEW.sign * s.ts, NEW.sign * s.tn,
         NEW.sign * s.ms, NEW.sign * s.mn
      FROM stats_event_cells s WHERE s.event = NEW.event AND NEW.cc IS NULL
       AND NEW.actor IS NULL
  ON CONFLICT DO UPDATE SET n = n + excluded.n, gs = gs + excluded.gs,
      gn = gn + excluded.gn, ts = ts + excluded.ts, tn = tn + excluded.tn,
      ms = ms + excluded.ms, mn = mn + excluded.mn;
  -- ... and per number of mentions (migration 62).
  INSERT INTO stats_mentions_months(m, t, k, n, gs, gn, ts, tn, ms, mn)
    SELECT s.m, s.t, CASE WHEN s.mn THEN s.ms ELSE -1 END, NEW.sign,
         NEW.sign * s.gs, NEW.sign * s.gn, NEW.sign * s.ts, NEW.sign * s.tn,
         NEW.sign * s.ms, NEW.sign * s.mn
      FROM stats_event_cells s WHERE s.event = NEW.event AND NEW.cc IS NULL
       AND NEW.actor IS NULL
  ON CONFLICT DO UPDATE SET n = n + excluded.n, gs = gs + excluded.gs,
      gn = gn + excluded.gn, ts = ts + excluded.ts, tn = tn + excluded.tn,
      ms = ms + excluded.ms, mn = mn + excluded.mn;
  INSERT INTO stats_mentions_month_totals(m, k, n, gs, gn, ts, tn, ms, mn)
    SELECT s.m, CASE WHEN s.mn THEN s.ms ELSE -1 END, NEW.sign,
         NEW.sign * s.gs, NEW.sign * s.gn, NEW.sign * s.ts, NEW.sign * s.tn,
         NEW.sign * s.ms, NEW.sign * s.mn
      FROM stats_event_cells s WHERE s.event = NEW.event AND NEW.cc IS NULL
       AND NEW.actor IS NULL
  ON CONFLICT DO UPDATE SET n = n + excluded.n, gs = gs + excluded.gs,
      gn = gn + excluded.gn, ts = ts + excluded.ts, tn = tn + excluded.tn,
      ms = ms + excluded.ms, mn = mn + excluded.mn;
  INSERT INTO stats_mentions_codes(t, k, n, gs, gn, ts, tn, ms, mn)
    SELECT s.t, CASE WHEN s.mn THEN s.ms ELSE -1 END, NEW.sign,
         NEW.sign * s.gs, NEW.sign * s.gn, NEW.sign * s.ts, NEW.sign * s.tn,
         NEW.sign * s.ms, NEW.sign * s.mn
      FROM stats_event_cells s WHERE s.event = NEW.event AND NEW.cc IS NULL
       AND NEW.actor IS NULL
  ON CONFLICT DO UPDATE SET n = n + excluded.n, gs = gs + excluded.gs,
      gn = gn + excluded.gn, ts = ts + excluded.ts, tn = tn + excluded.tn,
      ms = ms + excluded.ms, mn = mn + excluded.mn;
  -- ... and per sixteenth of tone (migrations 63 and 64).
  INSERT INTO stats_tone_month_totals(m, k, n, gs, gn, ts, tn, ms, mn)
    SELECT s.m, k.k, NEW.sign,
         NEW.sign * s.gs, NEW.sign * s.gn, NEW.sign * s.ts, NEW.sign * s.tn,
         NEW.sign * s.ms, NEW.sign * s.mn
      FROM stats_event_cells s, stats_event_tones k
     WHERE s.event = NEW.event AND k.event = NEW.event AND NEW.cc IS NULL
       AND NEW.actor IS NULL
  ON CONFLICT DO UPDATE SET n = n + excluded.n, gs = gs + excluded.gs,
      gn = gn + excluded.gn, ts = ts + excluded.ts, tn = tn + excluded.tn,
      ms = ms + excluded.ms, mn = mn + excluded.mn;
  INSERT INTO stats_tone_year_roots(m, t, k, n, gs, gn, ts, tn, ms, mn)
    SELECT substr(s.m, 1, 4), substr(s.t, 1, 2), k.k, NEW.sign,
         NEW.sign * s.gs, NEW.sign * s.gn, NEW.sign * s.ts, NEW.sign * s.tn,
         NEW.sign * s.ms, NEW.sign * s.mn
      FROM stats_event_cells s, stats_event_tones k
     WHERE s.event = NEW.event AND k.event = NEW.event AND NEW.cc IS NULL
       AND NEW.actor IS NULL
  ON CONFLICT DO UPDATE SET n = n + excluded.n, gs = gs + excluded.gs,
      gn = gn + excluded.gn, ts = ts + excluded.ts, tn = tn + excluded.tn,
      ms = ms + excluded.ms, mn = mn + excluded.mn;
  INSERT INTO stats_tone_codes(t, k, n, gs, gn, ts, tn, ms, mn)
    SELECT s.t, k.k, NEW.sign,
         NEW.sign * s.gs, NEW.sign * s.gn, NEW.sign * s.ts, NEW.sign * s.tn,
         NEW.sign * s.ms, NEW.sign * s.mn
      FROM stats_event_cells s, stats_event_tones k
     WHERE s.event = NEW.event AND k.event = NEW.event AND NEW.cc IS NULL
       AND NEW.actor IS NULL
  ON CONFLICT DO UPDATE SET n = n + excluded.n, gs = gs + excluded.gs,
      gn = gn + excluded.gn, ts = ts + excluded.ts, tn = tn + excluded.tn,
      ms = ms + excluded.ms, mn = mn + excluded.mn;
  INSERT INTO stats_tone_week_totals(d, k, n, gs, gn, ts, tn, ms, mn)
    SELECT CASE WHEN length(s.d) = 10
                THEN date(s.d, '-6 days', 'weekday 1') ELSE s.d END, k.k, NEW.sign,
         NEW.sign * s.gs, NEW.sign * s.gn, NEW.sign * s.ts, NEW.sign * s.tn,
         NEW.sign * s.ms, NEW.sign * s.mn
      FROM stats_event_cells s, stats_event_tones k
     WHERE s.event = NEW.event AND k.event = NEW.event AND NEW.cc IS NULL
       AND NEW.actor IS NULL
  ON CONFLICT DO UPDATE SET n = n + excluded.n, gs = gs + excluded.gs,
      gn = gn + excluded.gn, ts = ts + excluded.ts, tn = tn + excluded.tn,
      ms = ms + excluded.ms, mn = mn + excluded.mn;
  INSERT INTO stats_tone_day_totals(d, k, n, gs, gn, ts, tn, ms, mn)
    SELECT s.d, k.k, NEW.sign,
         NEW.sign * s.gs, NEW.sign * s.gn, NEW.sign * s.ts, NEW.sign * s.tn,
         NEW.sign * s.ms, NEW.sign * s.mn
      FROM stats_event_cells s, stats_event_tones k
     WHERE s.event = NEW.event AND k.event = NEW.event AND NEW.cc IS NULL
       AND NEW.actor IS NULL
  ON CONFLICT DO UPDATE SET n = n + excluded.n, gs = gs + excluded.gs,
      gn = gn + excluded.gn, ts = ts + excluded.ts, tn = tn + excluded.tn,
      ms = ms + excluded.ms, mn = mn + excluded.mn;
  INSERT INTO stats_mentions_week_totals(d, k, n, gs, gn, ts, tn, ms, mn)
    SELECT CASE WHEN length(s.d) = 10
                THEN date(s.d, '-6 days', 'weekday 1') ELSE s.d END,
         CASE WHEN s.mn THEN s.ms ELSE -1 END, NEW.sign,
         NEW.sign * s.gs, NEW.sign * s.gn, NEW.sign * s.ts, NEW.sign * s.tn,
         NEW.sign * s.ms, NEW.sign * s.mn
      FROM stats_event_cells s WHERE s.event = NEW.event AND NEW.cc IS NULL
       AND NEW.actor IS NULL
  ON CONFLICT DO UPDATE SET n = n + excluded.n, gs = gs + excluded.gs,
      gn = gn + excluded.gn, ts = ts + excluded.ts, tn = tn + excluded.tn,
      ms = ms + excluded.ms, mn = mn + excluded.mn;
  INSERT INTO stats_mentions_year_roots(m, t, k, n, gs, gn, ts, tn, ms, mn)
    SELECT substr(s.m, 1, 4), substr(s.t, 1, 2),
         CASE WHEN s.mn THEN s.ms ELSE -1 END, NEW.sign,
         NEW.sign * s.gs, NEW.sign * s.gn, NEW.sign * s.ts, NEW.sign * s.tn,
         NEW.sign * s.ms, NEW.sign * s.mn
      FROM stats_event_cells s WHERE s.event = NEW.event AND NEW.cc IS NULL
       AND NEW.actor IS NULL
  ON CONFLICT DO UPDATE SET n = n + excluded.n, gs = gs + excluded.gs,
      gn = gn + excluded.gn, ts = ts + excluded.ts, tn = tn + excluded.tn,
      ms = ms + excluded.ms, mn = mn + excluded.mn;
  INSERT INTO stats_mentions_day_totals(d, k, n, gs, gn, ts, tn, ms, mn)
    SELECT s.d, CASE WHEN s.mn THEN s.ms ELSE -1 END, NEW.sign,
         NEW.sign * s.gs, NEW.sign * s.gn, NEW.sign * s.ts, NEW.sign * s.tn,
         NEW.sign * s.ms, NEW.sign * s.mn
      FROM stats_event_cells s WHERE s.event = NEW.event AND NEW.cc IS NULL
       AND NEW.actor IS NULL
  ON CONFLICT DO UPDATE SET n = n + excluded.n, gs = gs + excluded.gs,
      gn = gn + excluded.gn, ts = ts + excluded.ts, tn = tn + excluded.tn,
      ms = ms + excluded.ms, mn = mn + excluded.mn;
  INSERT INTO stats_days(d, t, c, n, gs, gn, ts, tn, ms, mn)
    SELECT s.d, s.t, s.c, NEW.sign, NEW.sign * s.gs, NEW.sign * s.gn,
         NEW.sign * s.ts, NEW.sign * s.tn, NEW.sign * s.ms, NEW.sign * s.mn
      FROM stats_event_cells s WHERE s.event = NEW.event AND NEW.cc IS NULL
       AND NEW.actor IS NULL
  ON CONFLICT DO UPDATE SET n = n + excluded.n, gs = gs + excluded.gs,
      gn = gn + excluded.gn, ts = ts + excluded.ts, tn = tn + excluded.tn,
      ms = ms + excluded.ms, mn = mn + excluded.mn;
  INSERT INTO stats_day_totals(d, n, gs, gn, ts, tn, ms, mn)
    SELECT s.d, NEW.sign, NEW.sign * s.gs, NEW.sign * s.gn,
         NEW.sign * s.ts, NEW.sign * s.tn, NEW.sign * s.ms, NEW.sign * s.mn
      FROM stats_event_cells s WHERE s.event = NEW.event AND NEW.cc IS NULL
       AND NEW.actor IS NULL
  ON CONFLICT DO UPDATE SET n = n + excluded.n, gs = gs + excluded.gs,
      gn = gn + excluded.gn, ts = ts + excluded.ts, tn = tn + excluded.tn,
      ms = ms + excluded.ms, mn = mn + excluded.mn;
  INSERT INTO stats_country_months(cc, m, t, n, gs, gn, ts, tn, ms, mn)
    SELECT x.cc, s.m, s.t, NEW.sign, NEW.sign * s.gs, NEW.sign * s.gn,
         NEW.sign * s.ts, NEW.sign * s.tn, NEW.sign * s.ms, NEW.sign * s.mn
      FROM stats_event_cells s, stats_event_countries x
     WHERE s.event = NEW.event AND x.event = NEW.event AND NEW.cc IS NULL
       AND NEW.actor IS NULL
  ON CONFLICT DO UPDATE SET n = n + excluded.n, gs = gs + excluded.gs,
      gn = gn + excluded.gn, ts = ts + excluded.ts, tn = tn + excluded.tn,
      ms = ms + excluded.ms, mn = mn + excluded.mn;
  INSERT INTO stats_country_months(cc, m, t, n, gs, gn, ts, tn, ms, mn)
    SELECT NEW.cc, s.m, s.t, NEW.sign, NEW.sign * s.gs, NEW.sign * s.gn,
         NEW.sign * s.ts, NEW.sign * s.tn, NEW.sign * s.ms, NEW.sign * s.mn
      FROM stats_event_cells s
     WHERE s.event = NEW.event AND NEW.cc IS NOT NULL
  ON CONFLICT DO UPDATE SET n = n + excluded.n, gs = gs + excluded.gs,
      gn = gn + excluded.gn, ts = ts + excluded.ts, tn = tn + excluded.tn,
      ms = ms + excluded.ms, mn = mn + excluded.mn;
  -- ... and by day (migration 40).
  INSERT INTO stats_country_days(cc, d, t, n, gs, gn, ts, tn, ms, mn)
    SELECT x.cc, s.d, s.t, NEW.sign, NEW.sign * s.gs, NEW.sign * s.gn,
         NEW.sign * s.ts, NEW.sign * s.tn, NEW.sign * s.ms, NEW.sign * s.mn
      FROM stats_event_cells s, stats_event_countries x
     WHERE s.event = NEW.event AND x.event = NEW.event AND NEW.cc IS NULL
       AND NEW.actor IS NULL
  ON CONFLICT DO UPDATE SET n = n + excluded.n, gs = gs + excluded.gs,
      gn = gn + excluded.gn, ts = ts + excluded.ts, tn = tn + excluded.tn,
      ms = ms + excluded.ms, mn = mn + excluded.mn;
  INSERT INTO stats_country_days(cc, d, t, n, gs, gn, ts, tn, ms, mn)
    SELECT NEW.cc, s.d, s.t, NEW.sign, NEW.sign * s.gs, NEW.sign * s.gn,
         NEW.sign * s.ts, NEW.sign * s.tn, NEW.sign * s.ms, NEW.sign * s.mn
      FROM stats_event_cells s
     WHERE s.event = NEW.event AND NEW.cc IS NOT NULL
  ON CONFLICT DO UPDATE SET n = n + excluded.n, gs = gs + excluded.gs,
      gn = gn + excluded.gn, ts = ts + excluded.ts, tn = tn + excluded.tn,
      ms = ms + excluded.ms, mn = mn + excluded.mn;
  -- ... and their sums by day alone.
  INSERT INTO stats_country_day_totals(cc, d, n, gs, gn, ts, tn, ms, mn)
    SELECT x.cc, s.d, NEW.sign, NEW.sign * s.gs, NEW.sign * s.gn,
         NEW.sign * s.ts, NEW.sign * s.tn, NEW.sign * s.ms, NEW.sign * s.mn
      FROM stats_event_cells s, stats_event_countries x
     WHERE s.event = NEW.event AND x.event = NEW.event AND NEW.cc IS NULL
       AND NEW.actor IS NULL
  ON CONFLICT DO UPDATE SET n = n + excluded.n, gs = gs + excluded.gs,
      gn = gn + excluded.gn, ts = ts + excluded.ts, tn = tn + excluded.tn,
      ms = ms + excluded.ms, mn = mn + excluded.mn;
  INSERT INTO stats_country_day_totals(cc, d, n, gs, gn, ts, tn, ms, mn)
    SELECT NEW.cc, s.d, NEW.sign, NEW.sign * s.gs, NEW.sign * s.gn,
         NEW.sign * s.ts, NEW.sign * s.tn, NEW.sign * s.ms, NEW.sign * s.mn
      FROM stats_event_cells s
     WHERE s.event = NEW.event AND NEW.cc IS NOT NULL
  ON CONFLICT DO UPDATE SET n = n + excluded.n, gs = gs + excluded.gs,
      gn = gn + excluded.gn, ts = ts + excluded.ts, tn = tn + excluded.tn,
      ms = ms + excluded.ms, mn = mn + excluded.mn;
  -- ... and by week (migration 54).
  INSERT INTO stats_country_week_totals(cc, d, n, gs, gn, ts, tn, ms, mn)
    SELECT x.cc, CASE WHEN length(s.d) = 10
                    THEN date(s.d, '-6 days', 'weekday 1') ELSE s.d END, NEW.sign, NEW.sign * s.gs,
         NEW.sign * s.gn, NEW.sign * s.ts, NEW.sign * s.tn,
         NEW.sign * s.ms, NEW.sign * s.mn
      FROM stats_event_cells s, stats_event_countries x
     WHERE s.event = NEW.event AND x.event = NEW.event AND NEW.cc IS NULL
       AND NEW.actor IS NULL
    UNION ALL
    SELECT NEW.cc, CASE WHEN length(s.d) = 10
                    THEN date(s.d, '-6 days', 'weekday 1') ELSE s.d END, NEW.sign, NEW.sign * s.gs,
         NEW.sign * s.gn, NEW.sign * s.ts, NEW.sign * s.tn,
         NEW.sign * s.ms, NEW.sign * s.mn
      FROM stats_event_cells s
     WHERE s.event = NEW.event AND NEW.cc IS NOT NULL
  ON CONFLICT DO UPDATE SET n = n + excluded.n, gs = gs + excluded.gs,
      gn = gn + excluded.gn, ts = ts + excluded.ts, tn = tn + excluded.tn,
      ms = ms + excluded.ms, mn = mn + excluded.mn;
  -- ... and by root (migration 58).
  INSERT INTO stats_country_week_roots(cc, d, t, n, gs, gn, ts, tn, ms, mn)
    SELECT x.cc, CASE WHEN length(s.d) = 10
                    THEN date(s.d, '-6 days', 'weekday 1') ELSE s.d END,
         substr(s.t, 1, 2), NEW.sign, NEW.sign * s.gs,
         NEW.sign * s.gn, NEW.sign * s.ts, NEW.sign * s.tn,
         NEW.sign * s.ms, NEW.sign * s.mn
      FROM stats_event_cells s, stats_event_countries x
     WHERE s.event = NEW.event AND x.event = NEW.event AND NEW.cc IS NULL
       AND NEW.actor IS NULL
    UNION ALL
    SELECT NEW.cc, CASE WHEN length(s.d) = 10
                    THEN date(s.d, '-6 days', 'weekday 1') ELSE s.d END,
         substr(s.t, 1, 2), NEW.sign, NEW.sign * s.gs,
         NEW.sign * s.gn, NEW.sign * s.ts, NEW.sign * s.tn,
         NEW.sign * s.ms, NEW.sign * s.mn
      FROM stats_event_cells s
     WHERE s.event = NEW.event AND NEW.cc IS NOT NULL
  ON CONFLICT DO UPDATE SET n = n + excluded.n, gs = gs + excluded.gs,
      gn = gn + excluded.gn, ts = ts + excluded.ts, tn = tn + excluded.tn,
      ms = ms + excluded.ms, mn = mn + excluded.mn;
  INSERT INTO stats_country_totals(cc, n, gs, gn, ts, tn, ms, mn)
    SELECT x.cc, NEW.sign, NEW.sign * s.gs, NEW.sign * s.gn,
         NEW.sign * s.ts, NEW.sign * s.tn, NEW.sign * s.ms, NEW.sign * s.mn
      FROM stats_event_cells s, stats_event_countries x
     WHERE s.event = NEW.event AND x.event = NEW.event AND NEW.cc IS NULL
       AND NEW.actor IS NULL
  ON CONFLICT DO UPDATE SET n = n + excluded.n, gs = gs + excluded.gs,
      gn = gn + excluded.gn, ts = ts + excluded.ts, tn = tn + excluded.tn,
      ms = ms + excluded.ms, mn = mn + excluded.mn;
  INSERT INTO stats_country_totals(cc, n, gs, gn, ts, tn, ms, mn)
    SELECT NEW.cc, NEW.sign, NEW.sign * s.gs, NEW.sign * s.gn,
         NEW.sign * s.ts, NEW.sign * s.tn, NEW.sign * s.ms, NEW.sign * s.mn
      FROM stats_event_cells s
     WHERE s.event = NEW.event AND NEW.cc IS NOT NULL
  ON CONFLICT DO UPDATE SET n = n + excluded.n, gs = gs + excluded.gs,
      gn = gn + excluded.gn, ts = ts + excluded.ts, tn = tn + excluded.tn,
      ms = ms + excluded.ms, mn = mn + excluded.mn;
  -- The countries and actors of each Goldstein score (migration 51).
  INSERT INTO stats_country_goldsteins(g, cc, n)
    SELECT g.g, x.cc, NEW.sign
      FROM stats_event_goldsteins g, stats_event_countries x
     WHERE g.event = NEW.event AND x.event = NEW.event AND NEW.cc IS NULL
       AND NEW.actor IS NULL
    UNION ALL
    SELECT g.g, NEW.cc, NEW.sign FROM stats_event_goldsteins g
     WHERE g.event = NEW.event AND NEW.cc IS NOT NULL
  ON CONFLICT DO UPDATE SET n = n + excluded.n;
  INSERT INTO stats_actor_goldsteins(g, actor, n)
    SELECT g.g, x.actor, NEW.sign
      FROM stats_event_goldsteins g, stats_event_actors x
     WHERE g.event = NEW.event AND x.event = NEW.event AND NEW.cc IS NULL
       AND NEW.actor IS NULL
    UNION ALL
    SELECT g.g, NEW.actor, NEW.sign FROM stats_event_goldsteins g
     WHERE g.event = NEW.event AND NEW.actor IS NOT NULL
  ON CONFLICT DO UPDATE SET n = n + excluded.n;
  -- ... and of each number of mentions (migration 62).
  INSERT INTO stats_country_mentions(k, cc, n)
    SELECT k.k, x.cc, NEW.sign
      FROM stats_event_mentions k, stats_event_countries x
     WHERE k.event = NEW.event AND x.event = NEW.event AND NEW.cc IS NULL
       AND NEW.actor IS NULL
    UNION ALL
    SELECT k.k, NEW.cc, NEW.sign FROM stats_event_mentions k
     WHERE k.event = NEW.event AND NEW.cc IS NOT NULL
  ON CONFLICT DO UPDATE SET n = n + excluded.n;
  INSERT INTO stats_actor_mentions(k, actor, n)
    SELECT k.k, x.actor, NEW.sign
      FROM stats_event_mentions k, stats_event_actors x
     WHERE k.event = NEW.event AND x.event = NEW.event AND NEW.cc IS NULL
       AND NEW.actor IS NULL
    UNION ALL
    SELECT k.k, NEW.actor, NEW.sign FROM stats_event_mentions k
     WHERE k.event = NEW.event AND NEW.actor IS NOT NULL
  ON CONFLICT DO UPDATE SET n = n + excluded.n;
  -- ... and of each sixteenth of tone (migration 63).
  INSERT INTO stats_country_tones(k, cc, n)
    SELECT k.k, x.cc, NEW.sign
      FROM stats_event_tones k, stats_event_countries x
     WHERE k.event = NEW.event AND x.event = NEW.event AND NEW.cc IS NULL
       AND NEW.actor IS NULL
    UNION ALL
    SELECT k.k, NEW.cc, NEW.sign FROM stats_event_tones k
     WHERE k.event = NEW.event AND NEW.cc IS NOT NULL
  ON CONFLICT DO UPDATE SET n = n + excluded.n;
  INSERT INTO stats_actor_tones(k, actor, n)
    SELECT k.k, x.actor, NEW.sign
      FROM stats_event_tones k, stats_event_actors x
     WHERE k.event = NEW.event AND x.event = NEW.event AND NEW.cc IS NULL
       AND NEW.actor IS NULL
    UNION ALL
    SELECT k.k, NEW.actor, NEW.sign FROM stats_event_tones k
     WHERE k.event = NEW.event AND NEW.actor IS NOT NULL
  ON CONFLICT DO UPDATE SET n = n + excluded.n;
  -- Each country's actors by month (migration 53): every country and
  -- actor of the event, or one country with its actors, or one actor
  -- with its countries.
  INSERT INTO stats_country_month_actors(cc, m, actor, n)
    SELECT x.cc, s.m, a.actor, NEW.sign
      FROM stats_event_cells s, stats_event_countries x,
           stats_event_actors a
     WHERE s.event = NEW.event AND x.event = NEW.event
       AND a.event = NEW.event AND NEW.cc IS NULL AND NEW.actor IS NULL
    UNION ALL
    SELECT NEW.cc, s.m, a.actor, NEW.sign
      FROM stats_event_cells s, stats_event_actors a
     WHERE s.event = NEW.event AND a.event = NEW.event
       AND NEW.cc IS NOT NULL
    UNION ALL
    SELECT x.cc, s.m, NEW.actor, NEW.sign
      FROM stats_event_cells s, stats_event_countries x
     WHERE s.event = NEW.event AND x.event = NEW.event
       AND NEW.actor IS NOT NULL
  ON CONFLICT DO UPDATE SET n = n + excluded.n;
  INSERT INTO stats_actor_months(actor, m, t, n, gs, gn, ts, tn, ms, mn)
    SELECT x.actor, s.m, s.t, NEW.sign, NEW.sign * s.gs, NEW.sign * s.gn,
         NEW.sign * s.ts, NEW.sign * s.tn, NEW.sign * s.ms, NEW.sign * s.mn
      FROM stats_event_cells s, stats_event_actors x
     WHERE s.event = NEW.event AND x.event = NEW.event AND NEW.cc IS NULL
       AND NEW.actor IS NULL
  ON CONFLICT DO UPDATE SET n = n + excluded.n, gs = gs + excluded.gs,
      gn = gn + excluded.gn, ts = ts + excluded.ts, tn = tn + excluded.tn,
      ms = ms + excluded.ms, mn = mn + excluded.mn;
  INSERT INTO stats_actor_months(actor, m, t, n, gs, gn, ts, tn, ms, mn)
    SELECT NEW.actor, s.m, s.t, NEW.sign, NEW.sign * s.gs, NEW.sign * s.gn,
         NEW.sign * s.ts, NEW.sign * s.tn, NEW.sign * s.ms, NEW.sign * s.mn
      FROM stats_event_cells s
     WHERE s.event = NEW.event AND NEW.actor IS NOT NULL
  ON CONFLICT DO UPDATE SET n = n + excluded.n, gs = gs + excluded.gs,
      gn = gn + excluded.gn, ts = ts + excluded.ts, tn = tn + excluded.tn,
      ms = ms + excluded.ms, mn = mn + excluded.mn;
  -- ... by CAMEO root (migration 60).
  INSERT INTO stats_actor_month_roots(actor, m, t, n, gs, gn, ts, tn, ms, mn)
    SELECT x.actor, s.m, substr(s.t, 1, 2), NEW.sign, NEW.sign * s.gs,
         NEW.sign * s.gn, NEW.sign * s.ts, NEW.sign * s.tn,
         NEW.sign * s.ms, NEW.sign * s.mn
      FROM stats_event_cells s, stats_event_actors x
     WHERE s.event = NEW.event AND x.event = NEW.event AND NEW.cc IS NULL
       AND NEW.actor IS NULL
    UNION ALL
    SELECT NEW.actor, s.m, substr(s.t, 1, 2), NEW.sign, NEW.sign * s.gs,
         NEW.sign * s.gn, NEW.sign * s.ts, NEW.sign * s.tn,
         NEW.sign * s.ms, NEW.sign * s.mn
      FROM stats_event_cells s
     WHERE s.event = NEW.event AND NEW.actor IS NOT NULL
  ON CONFLICT DO UPDATE SET n = n + excluded.n, gs = gs + excluded.gs,
      gn = gn + excluded.gn, ts = ts + excluded.ts, tn = tn + excluded.tn,
      ms = ms + excluded.ms, mn = mn + excluded.mn;
  -- ... and their sums by day (migration 41).
  INSERT INTO stats_actor_day_totals(actor, d, n, gs, gn, ts, tn, ms, mn)
    SELECT x.actor, s.d, NEW.sign, NEW.sign * s.gs, NEW.sign * s.gn,
         NEW.sign * s.ts, NEW.sign * s.tn, NEW.sign * s.ms, NEW.sign * s.mn
      FROM stats_event_cells s, stats_event_actors x
     WHERE s.event = NEW.event AND x.event = NEW.event AND NEW.cc IS NULL
       AND NEW.actor IS NULL
  ON CONFLICT DO UPDATE SET n = n + excluded.n, gs = gs + excluded.gs,
      gn = gn + excluded.gn, ts = ts + excluded.ts, tn = tn + excluded.tn,
      ms = ms + excluded.ms, mn = mn + excluded.mn;
  INSERT INTO stats_actor_day_totals(actor, d, n, gs, gn, ts, tn, ms, mn)
    SELECT NEW.actor, s.d, NEW.sign, NEW.sign * s.gs, NEW.sign * s.gn,
         NEW.sign * s.ts, NEW.sign * s.tn, NEW.sign * s.ms, NEW.sign * s.mn
      FROM stats_event_cells s
     WHERE s.event = NEW.event AND NEW.actor IS NOT NULL
  ON CONFLICT DO UPDATE SET n = n + excluded.n, gs = gs + excluded.gs,
      gn = gn + excluded.gn, ts = ts + excluded.ts, tn = tn + excluded.tn,
      ms = ms + excluded.ms, mn = mn + excluded.mn;
  INSERT INTO stats_actor_totals(actor, n, gs, gn, ts, tn, ms, mn)
    SELECT x.actor, NEW.sign, NEW.sign * s.gs, NEW.sign * s.gn,
         NEW.sign * s.ts, NEW.sign * s.tn, NEW.sign * s.ms, NEW.sign * s.mn
      FROM stats_event_cells s, stats_event_actors x
     WHERE s.event = NEW.event AND x.event = NEW.event AND NEW.cc IS NULL
       AND NEW.actor IS NULL
  ON CONFLICT DO UPDATE SET n = n + excluded.n, gs = gs + excluded.gs,
      gn = gn + excluded.gn, ts = ts + excluded.ts, tn = tn + excluded.tn,
      ms = ms + excluded.ms, mn = mn + excluded.mn;
  INSERT INTO stats_actor_totals(actor, n, gs, gn, ts, tn, ms, mn)
    SELECT NEW.actor, NEW.sign, NEW.sign * s.gs, NEW.sign * s.gn,
         NEW.sign * s.ts, NEW.sign * s.tn, NEW.sign * s.ms, NEW.sign * s.mn
      FROM stats_event_cells s
     WHERE s.event = NEW.event AND NEW.actor IS NOT NULL
  ON CONFLICT DO UPDATE SET n = n + excluded.n, gs = gs + excluded.gs,
      gn = gn + excluded.gn, ts = ts + excluded.ts, tn = tn + excluded.tn,
      ms = ms + excluded.ms, mn = mn + excluded.mn;
  -- The rollups of migration 25.
  INSERT INTO stats_month_roots(m, t, n, gs, gn, ts, tn, ms, mn)
    SELECT s.m, substr(s.t, 1, 2), NEW.sign, NEW.sign * s.gs,
         NEW.sign * s.gn, NEW.sign * s.ts, NEW.sign * s.tn, NEW.sign * s.ms,
         NEW.sign * s.mn
      FROM stats_event_cells s WHERE s.event = NEW.event AND NEW.cc IS NULL
       AND NEW.actor IS NULL
  ON CONFLICT DO UPDATE SET n = n + excluded.n, gs = gs + excluded.gs,
      gn = gn + excluded.gn, ts = ts + excluded.ts, tn = tn + excluded.tn,
      ms = ms + excluded.ms, mn = mn + excluded.mn;
  INSERT INTO stats_country_month_totals(cc, m, n, gs, gn, ts, tn, ms, mn)
    SELECT ifnull(NEW.cc, x.cc), s.m, NEW.sign, NEW.sign * s.gs,
         NEW.sign * s.gn, NEW.sign * s.ts, NEW.sign * s.tn, NEW.sign * s.ms,
         NEW.sign * s.mn
      FROM stats_event_cells s,
           (SELECT cc FROM stats_event_countries WHERE event = NEW.event
             AND NEW.cc IS NULL UNION ALL SELECT NEW.cc
             WHERE NEW.cc IS NOT NULL) x
     WHERE s.event = NEW.event AND NEW.actor IS NULL
  ON CONFLICT DO UPDATE SET n = n + excluded.n, gs = gs + excluded.gs,
      gn = gn + excluded.gn, ts = ts + excluded.ts, tn = tn + excluded.tn,
      ms = ms + excluded.ms, mn = mn + excluded.mn;
  -- A country's roots over all time (migration 55).
  INSERT INTO stats_country_roots(cc, t, n, gs, gn, ts, tn, ms, mn)
    SELECT ifnull(NEW.cc, x.cc), substr(s.t, 1, 2), NEW.sign,
         NEW.sign * s.gs, NEW.sign * s.gn, NEW.sign * s.ts, NEW.sign * s.tn,
         NEW.sign * s.ms, NEW.sign * s.mn
      FROM stats_event_cells s,
           (SELECT cc FROM stats_event_countries WHERE event = NEW.event
             AND NEW.cc IS NULL UNION ALL SELECT NEW.cc
             WHERE NEW.cc IS NOT NULL) x
     WHERE s.event = NEW.event AND NEW.actor IS NULL
  ON CONFLICT DO UPDATE SET n = n + excluded.n, gs = gs + excluded.gs,
      gn = gn + excluded.gn, ts = ts + excluded.ts, tn = tn + excluded.tn,
      ms = ms + excluded.ms, mn = mn + excluded.mn;
END;
CREATE TEMP TRIGGER IF NOT EXISTS events_stats_in
AFTER INSERT ON main.events
BEGIN
  INSERT INTO stats_delta VALUES (NEW.pk, 1, NULL, NULL);
END;
-- Before: its countries are still there (they go by cascade, after).
CREATE TEMP TRIGGER IF NOT EXISTS events_stats_out
BEFORE DELETE ON main.events
BEGIN
  INSERT INTO stats_delta VALUES (OLD.pk, -1, NULL, NULL);
END;
CREATE TEMP TRIGGER IF NOT EXISTS events_stats_leave
BEFORE UPDATE OF date_start, date_end, type_code, country, goldstein,
  avg_tone, num_mentions ON main.events
WHEN NEW.date_start IS NOT OLD.date_start OR NEW.date_end IS NOT OLD.date_end
  OR NEW.type_code IS NOT OLD.type_code OR NEW.country IS NOT OLD.country
  OR NEW.goldstein IS NOT OLD.goldstein OR NEW.avg_tone IS NOT OLD.avg_tone
  OR NEW.num_mentions IS NOT OLD.num_mentions
BEGIN
  INSERT INTO stats_delta VALUES (OLD.pk, -1, NULL, NULL);
END;
CREATE TEMP TRIGGER IF NOT EXISTS events_stats_enter
AFTER UPDATE OF date_start, date_end, type_code, country, goldstein,
  avg_tone, num_mentions ON main.events
WHEN NEW.date_start IS NOT OLD.date_start OR NEW.date_end IS NOT OLD.date_end
  OR NEW.type_code IS NOT OLD.type_code OR NEW.country IS NOT OLD.country
  OR NEW.goldstein IS NOT OLD.goldstein OR NEW.avg_tone IS NOT OLD.avg_tone
  OR NEW.num_mentions IS NOT OLD.num_mentions
BEGIN
  INSERT INTO stats_delta VALUES (NEW.pk, 1, NULL, NULL);
END;
-- A point that moves while the rest stays: its cells alone (when more
-- changes, the two above move them with the others).
CREATE TEMP TRIGGER IF NOT EXISTS events_point_leave
BEFORE UPDATE OF lat, lon ON main.events
WHEN (NEW.lat IS NOT OLD.lat OR NEW.lon IS NOT OLD.lon)
  AND NEW.date_start IS OLD.date_start AND NEW.date_end IS OLD.date_end
  AND NEW.type_code IS OLD.type_code AND NEW.country IS OLD.country
  AND NEW.goldstein IS OLD.goldstein AND NEW.avg_tone IS OLD.avg_tone
  AND NEW.num_mentions IS OLD.num_mentions
BEGIN
  INSERT INTO stats_point_delta VALUES (OLD.pk, -1, NULL, NULL);
END;
CREATE TEMP TRIGGER IF NOT EXISTS events_point_enter
AFTER UPDATE OF lat, lon ON main.events
WHEN (NEW.lat IS NOT OLD.lat OR NEW.lon IS NOT OLD.lon)
  AND NEW.date_start IS OLD.date_start AND NEW.date_end IS OLD.date_end
  AND NEW.type_code IS OLD.type_code AND NEW.country IS OLD.country
  AND NEW.goldstein IS OLD.goldstein AND NEW.avg_tone IS OLD.avg_tone
  AND NEW.num_mentions IS OLD.num_mentions
BEGIN
  INSERT INTO stats_point_delta VALUES (NEW.pk, 1, NULL, NULL);
END;
-- An event's first country takes it out of the '' cell, its last puts it
-- back; a cascade from a deleted event is already counted.
CREATE TEMP TRIGGER IF NOT EXISTS event_countries_stats_in
AFTER INSERT ON main.event_countries
BEGIN
  INSERT INTO stats_delta SELECT NEW.event, -1, '', NULL
   WHERE NOT EXISTS (SELECT 1 FROM event_countries
                      WHERE event = NEW.event AND country <> NEW.country);
  INSERT INTO stats_delta VALUES (NEW.event, 1, NEW.country, NULL);
  INSERT INTO stats_set_delta VALUES (NEW.event, -1, NULL, NEW.country);
  INSERT INTO stats_set_delta VALUES (NEW.event, 1, NULL, NULL);
END;
CREATE TEMP TRIGGER IF NOT EXISTS event_countries_stats_out
AFTER DELETE ON main.event_countries
WHEN EXISTS (SELECT 1 FROM events WHERE pk = OLD.event)
BEGIN
  INSERT INTO stats_delta VALUES (OLD.event, -1, OLD.country, NULL);
  INSERT INTO stats_delta SELECT OLD.event, 1, '', NULL
   WHERE NOT EXISTS (SELECT 1 FROM event_countries WHERE event = OLD.event);
  INSERT INTO stats_set_delta VALUES (OLD.event, -1, OLD.country, NULL);
  INSERT INTO stats_set_delta VALUES (OLD.event, 1, NULL, NULL);
END;
CREATE TEMP TRIGGER IF NOT EXISTS event_countries_stats_move
AFTER UPDATE OF country ON main.event_countries
BEGIN
  INSERT INTO stats_delta VALUES (OLD.event, -1, OLD.country, NULL);
  INSERT INTO stats_delta VALUES (NEW.event, 1, NEW.country, NULL);
  INSERT INTO stats_set_delta VALUES (NEW.event, -1, OLD.country,
                                      NEW.country);
  INSERT INTO stats_set_delta VALUES (NEW.event, 1, NULL, NULL);
END;
-- An event's first participant takes it out of the cells of actor 0, its
-- last puts it back; an actor counts once however many roles it has.
CREATE TEMP TRIGGER IF NOT EXISTS participants_stats_in
AFTER INSERT ON main.participants
BEGIN
  INSERT INTO stats_delta SELECT NEW.event, -1, NULL, 0
   WHERE NOT EXISTS (SELECT 1 FROM participants
                      WHERE event = NEW.event AND position <> NEW.position);
  INSERT INTO stats_delta SELECT NEW.event, 1, NULL, NEW.actor
   WHERE NOT EXISTS (SELECT 1 FROM participants
                      WHERE event = NEW.event AND actor = NEW.actor
                        AND position <> NEW.position);
END;
CREATE TEMP TRIGGER IF NOT EXISTS participants_stats_out
AFTER DELETE ON main.participants
WHEN EXISTS (SELECT 1 FROM events WHERE pk = OLD.event)
BEGIN
  INSERT INTO stats_delta SELECT OLD.event, -1, NULL, OLD.actor
   WHERE NOT EXISTS (SELECT 1 FROM participants
                      WHERE event = OLD.event AND actor = OLD.actor);
  INSERT INTO stats_delta SELECT OLD.event, 1, NULL, 0
   WHERE NOT EXISTS (SELECT 1 FROM participants WHERE event = OLD.event);
END;
CREATE TEMP TRIGGER IF NOT EXISTS participants_stats_move
AFTER UPDATE OF actor ON main.participants
WHEN NEW.actor IS NOT OLD.actor
BEGIN
  INSERT INTO stats_delta SELECT OLD.event, -1, NULL, OLD.actor
   WHERE NOT EXISTS (SELECT 1 FROM participants
                      WHERE event = OLD.event AND actor = OLD.actor);
  INSERT INTO stats_delta SELECT NEW.event, 1, NULL, NEW.actor
   WHERE NOT EXISTS (SELECT 1 FROM participants
                      WHERE event = NEW.event AND actor = NEW.actor
                        AND position <> NEW.position);
END;

-- An event's first participant takes it out of the cells of role '', its
-- last puts it back; a role counts once however many take it. So for
-- sources and an event's citations, with source 0.
CREATE TEMP TRIGGER IF NOT EXISTS participants_roles_in
AFTER INSERT ON main.participants
BEGIN
  INSERT INTO stats_role_delta SELECT NEW.event, -1, ''
   WHERE NOT EXISTS (SELECT 1 FROM participants
                      WHERE event = NEW.event AND position <> NEW.position);
  INSERT INTO stats_role_delta SELECT NEW.event, 1, NEW.role
   WHERE NOT EXISTS (SELECT 1 FROM participants
                      WHERE event = NEW.event AND role = NEW.role
                        AND position <> NEW.position);
END;
CREATE TEMP TRIGGER IF NOT EXISTS participants_roles_out
AFTER DELETE ON main.participants
WHEN EXISTS (SELECT 1 FROM events WHERE pk = OLD.event)
BEGIN
  INSERT INTO stats_role_delta SELECT OLD.event, -1, OLD.role
   WHERE NOT EXISTS (SELECT 1 FROM participants
                      WHERE event = OLD.event AND role = OLD.role);
  INSERT INTO stats_role_delta SELECT OLD.event, 1, ''
   WHERE NOT EXISTS (SELECT 1 FROM participants WHERE event = OLD.event);
END;
CREATE TEMP TRIGGER IF NOT EXISTS participants_roles_move
AFTER UPDATE OF role ON main.participants
WHEN NEW.role IS NOT OLD.role
BEGIN
  INSERT INTO stats_role_delta SELECT OLD.event, -1, OLD.role
   WHERE NOT EXISTS (SELECT 1 FROM participants
                      WHERE event = OLD.event AND role = OLD.role);
  INSERT INTO stats_role_delta SELECT NEW.event, 1, NEW.role
   WHERE NOT EXISTS (SELECT 1 FROM participants
                      WHERE event = NEW.event AND role = NEW.role
                        AND position <> NEW.position);
END;
CREATE TEMP TRIGGER IF NOT EXISTS event_citations_sources_in
AFTER INSERT ON main.event_citations
BEGIN
  INSERT INTO stats_source_delta SELECT NEW.event, -1, 0
   WHERE NOT EXISTS (SELECT 1 FROM event_citations
                      WHERE event = NEW.event AND position <> NEW.position);
  INSERT INTO stats_source_delta SELECT NEW.event, 1, NEW.source
   WHERE NOT EXISTS (SELECT 1 FROM event_citations
                      WHERE event = NEW.event AND source = NEW.source
                        AND position <> NEW.position);
END;
CREATE TEMP TRIGGER IF NOT EXISTS event_citations_sources_out
AFTER DELETE ON main.event_citations
WHEN EXISTS (SELECT 1 FROM events WHERE pk = OLD.event)
BEGIN
  INSERT INTO stats_source_delta SELECT OLD.event, -1, OLD.source
   WHERE NOT EXISTS (SELECT 1 FROM event_citations
                      WHERE event = OLD.event AND source = OLD.source);
  INSERT INTO stats_source_delta SELECT OLD.event, 1, 0
   WHERE NOT EXISTS (SELECT 1 FROM event_citations
                      WHERE event = OLD.event);
END;
CREATE TEMP TRIGGER IF NOT EXISTS event_citations_sources_move
AFTER UPDATE OF source ON main.event_citations
WHEN NEW.source IS NOT OLD.source
BEGIN
  INSERT INTO stats_source_delta SELECT OLD.event, -1, OLD.source
   WHERE NOT EXISTS (SELECT 1 FROM event_citations
                      WHERE event = OLD.event AND source = OLD.source);
  INSERT INTO stats_source_delta SELECT NEW.event, 1, NEW.source
   WHERE NOT EXISTS (SELECT 1 FROM event_citations
                      WHERE event = NEW.event AND source = NEW.source
                        AND position <> NEW.position);
END;

-- stats_country_pair_delta takes (event, +1 or -1, country): every pair
-- of the event, and of its roles, into or out of that country's network
-- (migration 27), as a country joins or leaves the event.
CREATE TEMP VIEW IF NOT EXISTS stats_country_pair_delta(event, sign, cc)
  AS SELECT NULL, NULL, NULL;
CREATE TEMP TRIGGER IF NOT EXISTS stats_country_pair_delta_apply
INSTEAD OF INSERT ON stats_country_pair_delta
BEGIN
  INSERT INTO stats_country_actor_pairs(cc, a, b, n)
    SELECT NEW.cc, p1.actor, p2.actor, NEW.sign
      FROM (SELECT DISTINCT actor FROM participants WHERE event = NEW.event) p1,
           (SELECT DISTINCT actor FROM participants WHERE event = NEW.event) p2
     WHERE p1.actor < p2.actor
  ON CONFLICT DO UPDATE SET n = n + excluded.n;
  INSERT INTO stats_country_actor_pair_roles(cc, a, b, ra, rb, n)
    SELECT NEW.cc, p1.actor, p2.actor, p1.role, p2.role, NEW.sign
      FROM (SELECT DISTINCT actor, role FROM participants
             WHERE event = NEW.event) p1,
           (SELECT DISTINCT actor, role FROM participants
             WHERE event = NEW.event) p2
     WHERE p1.actor < p2.actor
  ON CONFLICT DO UPDATE SET n = n + excluded.n;
END;

-- The network of every event (migration 18), of each month cell
-- (migration 22), of each month and code (migration 30) and of each
-- CAMEO group (migration 68). stats_pair_delta takes (event, +1 or -1,
-- actor, role, actor_edge, role_edge, all_time): with an actor, the pairs
-- it makes with the event's other actors (when actor_edge: the event's
-- first or last row of that actor) and its pairs of roles (when
-- role_edge: of that actor and role); with actor NULL, every pair of the
-- event. all_time 0 moves pairs between month cells and CAMEO groups
-- only.
CREATE TEMP VIEW IF NOT EXISTS
  stats_pair_delta(event, sign, actor, role, actor_edge, role_edge, all_time)
  AS SELECT NULL, NULL, NULL, NULL, NULL, NULL, NULL;
CREATE TEMP TRIGGER IF NOT EXISTS stats_pair_delta_apply
INSTEAD OF INSERT ON stats_pair_delta
BEGIN
  INSERT INTO stats_actor_pairs(a, b, n)
    SELECT min(NEW.actor, p.actor), max(NEW.actor, p.actor), NEW.sign
      FROM (SELECT DISTINCT actor FROM participants
             WHERE event = NEW.event AND actor <> NEW.actor) p
     WHERE NEW.actor_edge AND NEW.all_time
  ON CONFLICT DO UPDATE SET n = n + excluded.n;
  INSERT INTO stats_actor_pair_months(m, a, b, n)
    SELECT s.m, min(NEW.actor, p.actor), max(NEW.actor, p.actor), NEW.sign
      FROM (SELECT DISTINCT actor FROM participants
             WHERE event = NEW.event AND actor <> NEW.actor) p,
           stats_event_cells s
     WHERE s.event = NEW.event AND NEW.actor_edge
  ON CONFLICT DO UPDATE SET n = n + excluded.n;
  INSERT INTO stats_actor_pair_cells(t, m, a, b, n)
    SELECT s.t, s.m, min(NEW.actor, p.actor), max(NEW.actor, p.actor),
           NEW.sign
      FROM (SELECT DISTINCT actor FROM participants
             WHERE event = NEW.event AND actor <> NEW.actor) p,
           stats_event_cells s
     WHERE s.event = NEW.event AND NEW.actor_edge
  ON CONFLICT DO UPDATE SET n = n + excluded.n;
  INSERT INTO stats_actor_pair_roles(a, b, ra, rb, n)
    SELECT min(NEW.actor, p.actor), max(NEW.actor, p.actor),
           CASE WHEN NEW.actor < p.actor THEN NEW.role ELSE p.role END,
           CASE WHEN NEW.actor < p.actor THEN p.role ELSE NEW.role END, NEW.sign
      FROM (SELECT DISTINCT actor, role FROM participants
             WHERE event = NEW.event AND actor <> NEW.actor) p
     WHERE NEW.role_edge AND NEW.all_time
  ON CONFLICT DO UPDATE SET n = n + excluded.n;
  INSERT INTO stats_actor_pair_role_months(m, a, b, ra, rb, n)
    SELECT s.m, min(NEW.actor, p.actor), max(NEW.actor, p.actor),
           CASE WHEN NEW.actor < p.actor THEN NEW.role ELSE p.role END,
           CASE WHEN NEW.actor < p.actor THEN p.role ELSE NEW.role END, NEW.sign
      FROM (SELECT DISTINCT actor, role FROM participants
             WHERE event = NEW.event AND actor <> NEW.actor) p,
           stats_event_cells s
     WHERE s.event = NEW.event AND NEW.role_edge
  ON CONFLICT DO UPDATE SET n = n + excluded.n;
  INSERT INTO stats_actor_pair_role_cells(t, m, a, b, ra, rb, n)
    SELECT s.t, s.m, min(NEW.actor, p.actor), max(NEW.actor, p.actor),
           CASE WHEN NEW.actor < p.actor THEN NEW.role ELSE p.role END,
           CASE WHEN NEW.actor < p.actor THEN p.role ELSE NEW.role END, NEW.sign
      FROM (SELECT DISTINCT actor, role FROM participants
             WHERE event = NEW.event AND actor <> NEW.actor) p,
           stats_event_cells s
     WHERE s.event = NEW.event AND NEW.role_edge
  ON CONFLICT DO UPDATE SET n = n + excluded.n;
  INSERT INTO stats_actor_pairs(a, b, n)
    SELECT p1.actor, p2.actor, NEW.sign
      FROM (SELECT DISTINCT actor FROM participants WHERE event = NEW.event) p1,
           (SELECT DISTINCT actor FROM participants WHERE event = NEW.event) p2
     WHERE NEW.actor IS NULL AND NEW.all_time AND p1.actor < p2.actor
  ON CONFLICT DO UPDATE SET n = n + excluded.n;
  INSERT INTO stats_actor_pair_months(m, a, b, n)
    SELECT s.m, p1.actor, p2.actor, NEW.sign
      FROM (SELECT DISTINCT actor FROM participants WHERE event = NEW.event) p1,
           (SELECT DISTINCT actor FROM participants WHERE event = NEW.event) p2,
           stats_event_cells s
     WHERE s.event = NEW.event AND NEW.actor IS NULL AND p1.actor < p2.actor
  ON CONFLICT DO UPDATE SET n = n + excluded.n;
  INSERT INTO stats_actor_pair_cells(t, m, a, b, n)
    SELECT s.t, s.m, p1.actor, p2.actor, NEW.sign
      FROM (SELECT DISTINCT actor FROM participants WHERE event = NEW.event) p1,
           (SELECT DISTINCT actor FROM participants WHERE event = NEW.event) p2,
           stats_event_cells s
     WHERE s.event = NEW.event AND NEW.actor IS NULL AND p1.actor < p2.actor
  ON CONFLICT DO UPDATE SET n = n + excluded.n;
  INSERT INTO stats_actor_pair_roles(a, b, ra, rb, n)
    SELECT p1.actor, p2.actor, p1.role, p2.role, NEW.sign
      FROM (SELECT DISTINCT actor, role FROM participants
             WHERE event = NEW.event) p1,
           (SELECT DISTINCT actor, role FROM participants
             WHERE event = NEW.event) p2
     WHERE NEW.actor IS NULL AND NEW.all_time AND p1.actor < p2.actor
  ON CONFLICT DO UPDATE SET n = n + excluded.n;
  INSERT INTO stats_actor_pair_role_months(m, a, b, ra, rb, n)
    SELECT s.m, p1.actor, p2.actor, p1.role, p2.role, NEW.sign
      FROM (SELECT DISTINCT actor, role FROM participants
             WHERE event = NEW.event) p1,
           (SELECT DISTINCT actor, role FROM participants
             WHERE event = NEW.event) p2,
           stats_event_cells s
     WHERE s.event = NEW.event AND NEW.actor IS NULL AND p1.actor < p2.actor
  ON CONFLICT DO UPDATE SET n = n + excluded.n;
  INSERT INTO stats_actor_pair_role_cells(t, m, a, b, ra, rb, n)
    SELECT s.t, s.m, p1.actor, p2.actor, p1.role, p2.role, NEW.sign
      FROM (SELECT DISTINCT actor, role FROM participants
             WHERE event = NEW.event) p1,
           (SELECT DISTINCT actor, role FROM participants
             WHERE event = NEW.event) p2,
           stats_event_cells s
     WHERE s.event = NEW.event AND NEW.actor IS NULL AND p1.actor < p2.actor
  ON CONFLICT DO UPDATE SET n = n + excluded.n;
  -- Each CAMEO group's network and actors (migration 68): an actor's
  -- pairs, pairs of roles and itself, or with actor NULL the event's.
  INSERT INTO stats_actor_pair_groups(g, a, b, n)
    SELECT k.g, min(NEW.actor, p.actor), max(NEW.actor, p.actor), NEW.sign
      FROM (SELECT DISTINCT actor FROM participants
             WHERE event = NEW.event AND actor <> NEW.actor) p,
           stats_event_groups k
     WHERE k.event = NEW.event AND NEW.actor_edge
  ON CONFLICT DO UPDATE SET n = n + excluded.n;
  INSERT INTO stats_actor_pair_role_groups(g, a, b, ra, rb, n)
    SELECT k.g, min(NEW.actor, p.actor), max(NEW.actor, p.actor),
           CASE WHEN NEW.actor < p.actor THEN NEW.role ELSE p.role END,
           CASE WHEN NEW.actor < p.actor THEN p.role ELSE NEW.role END, NEW.sign
      FROM (SELECT DISTINCT actor, role FROM participants
             WHERE event = NEW.event AND actor <> NEW.actor) p,
           stats_event_groups k
     WHERE k.event = NEW.event AND NEW.role_edge
  ON CONFLICT DO UPDATE SET n = n + excluded.n;
  INSERT INTO stats_group_actors(g, actor, n)
    SELECT k.g, NEW.actor, NEW.sign FROM stats_event_groups k
     WHERE k.event = NEW.event AND NEW.actor_edge
  ON CONFLICT DO UPDATE SET n = n + excluded.n;
  INSERT INTO stats_actor_pair_groups(g, a, b, n)
    SELECT k.g, p1.actor, p2.actor, NEW.sign
      FROM (SELECT DISTINCT actor FROM participants WHERE event = NEW.event) p1,
           (SELECT DISTINCT actor FROM participants WHERE event = NEW.event) p2,
           stats_event_groups k
     WHERE k.event = NEW.event AND NEW.actor IS NULL AND p1.actor < p2.actor
  ON CONFLICT DO UPDATE SET n = n + excluded.n;
  INSERT INTO stats_actor_pair_role_groups(g, a, b, ra, rb, n)
    SELECT k.g, p1.actor, p2.actor, p1.role, p2.role, NEW.sign
      FROM (SELECT DISTINCT actor, role FROM participants
             WHERE event = NEW.event) p1,
           (SELECT DISTINCT actor, role FROM participants
             WHERE event = NEW.event) p2,
           stats_event_groups k
     WHERE k.event = NEW.event AND NEW.actor IS NULL AND p1.actor < p2.actor
  ON CONFLICT DO UPDATE SET n = n + excluded.n;
  INSERT INTO stats_group_actors(g, actor, n)
    SELECT k.g, p.actor, NEW.sign
      FROM (SELECT DISTINCT actor FROM participants WHERE event = NEW.event) p,
           stats_event_groups k
     WHERE k.event = NEW.event AND NEW.actor IS NULL
  ON CONFLICT DO UPDATE SET n = n + excluded.n;
  -- Each country's network (migration 27).
  INSERT INTO stats_country_actor_pairs(cc, a, b, n)
    SELECT x.country, min(NEW.actor, p.actor), max(NEW.actor, p.actor),
           NEW.sign
      FROM (SELECT DISTINCT actor FROM participants
             WHERE event = NEW.event AND actor <> NEW.actor) p,
           event_countries x
     WHERE x.event = NEW.event AND NEW.actor_edge AND NEW.all_time
  ON CONFLICT DO UPDATE SET n = n + excluded.n;
  INSERT INTO stats_country_actor_pair_roles(cc, a, b, ra, rb, n)
    SELECT x.country, min(NEW.actor, p.actor), max(NEW.actor, p.actor),
           CASE WHEN NEW.actor < p.actor THEN NEW.role ELSE p.role END,
           CASE WHEN NEW.actor < p.actor THEN p.role ELSE NEW.role END, NEW.sign
      FROM (SELECT DISTINCT actor, role FROM participants
             WHERE event = NEW.event AND actor <> NEW.actor) p,
           event_countries x
     WHERE x.event = NEW.event AND NEW.role_edge AND NEW.all_time
  ON CONFLICT DO UPDATE SET n = n + excluded.n;
  INSERT INTO stats_country_pair_delta
    SELECT NEW.event, NEW.sign, x.country FROM event_countries x
     WHERE x.event = NEW.event AND NEW.actor IS NULL AND NEW.all_time;
  -- The network of the event's set of countries (migration 38).
  INSERT INTO stats_country_set_actor_pairs(s, a, b, n)
    SELECT k.s, min(NEW.actor, p.actor), max(NEW.actor, p.actor), NEW.sign
      FROM (SELECT DISTINCT actor FROM participants
             WHERE event = NEW.event AND actor <> NEW.actor) p,
           stats_event_country_sets k
     WHERE k.event = NEW.event AND NEW.actor_edge AND NEW.all_time
  ON CONFLICT DO UPDATE SET n = n + excluded.n;
  INSERT INTO stats_country_set_pair_roles(a, b, ra, rb, s, n)
    SELECT min(NEW.actor, p.actor), max(NEW.actor, p.actor),
           CASE WHEN NEW.actor < p.actor THEN NEW.role ELSE p.role END,
           CASE WHEN NEW.actor < p.actor THEN p.role ELSE NEW.role END,
           k.s, NEW.sign
      FROM (SELECT DISTINCT actor, role FROM participants
             WHERE event = NEW.event AND actor <> NEW.actor) p,
           stats_event_country_sets k
     WHERE k.event = NEW.event AND NEW.role_edge AND NEW.all_time
  ON CONFLICT DO UPDATE SET n = n + excluded.n;
  INSERT INTO stats_country_set_actors(actor, s, n)
    SELECT NEW.actor, k.s, NEW.sign FROM stats_event_country_sets k
     WHERE k.event = NEW.event AND NEW.actor IS NOT NULL AND NEW.actor_edge
       AND NEW.all_time
  ON CONFLICT DO UPDATE SET n = n + excluded.n;
END;
-- A participant adds its pairs when it is the event's first row of its
-- actor (of its actor and role); one leaving takes them away when it was
-- the last, and one changing actor or role leaves, then comes back. A
-- deleted event's pairs go before it does; its participants' cascade
-- then finds no event.
CREATE TEMP TRIGGER IF NOT EXISTS participants_pairs_in
AFTER INSERT ON main.participants
BEGIN
  INSERT INTO stats_pair_delta VALUES (NEW.event, 1, NEW.actor, NEW.role,
    NOT EXISTS (SELECT 1 FROM participants WHERE event = NEW.event
                   AND actor = NEW.actor AND position <> NEW.position),
    NOT EXISTS (SELECT 1 FROM participants WHERE event = NEW.event
                   AND actor = NEW.actor AND role = NEW.role
                   AND position <> NEW.position), 1);
END;
CREATE TEMP TRIGGER IF NOT EXISTS participants_pairs_out
AFTER DELETE ON main.participants
WHEN EXISTS (SELECT 1 FROM events WHERE pk = OLD.event)
BEGIN
  INSERT INTO stats_pair_delta VALUES (OLD.event, -1, OLD.actor, OLD.role,
    NOT EXISTS (SELECT 1 FROM participants WHERE event = OLD.event
                   AND actor = OLD.actor AND position <> OLD.position),
    NOT EXISTS (SELECT 1 FROM participants WHERE event = OLD.event
                   AND actor = OLD.actor AND role = OLD.role
                   AND position <> OLD.position), 1);
END;
CREATE TEMP TRIGGER IF NOT EXISTS participants_pairs_leave
BEFORE UPDATE OF actor, role ON main.participants
WHEN NEW.actor IS NOT OLD.actor OR NEW.role IS NOT OLD.role
BEGIN
  INSERT INTO stats_pair_delta VALUES (OLD.event, -1, OLD.actor, OLD.role,
    NOT EXISTS (SELECT 1 FROM participants WHERE event = OLD.event
                   AND actor = OLD.actor AND position <> OLD.position),
    NOT EXISTS (SELECT 1 FROM participants WHERE event = OLD.event
                   AND actor = OLD.actor AND role = OLD.role
                   AND position <> OLD.position), 1);
END;
CREATE TEMP TRIGGER IF NOT EXISTS participants_pairs_enter
AFTER UPDATE OF actor, role ON main.participants
WHEN NEW.actor IS NOT OLD.actor OR NEW.role IS NOT OLD.role
BEGIN
  INSERT INTO stats_pair_delta VALUES (NEW.event, 1, NEW.actor, NEW.role,
    NOT EXISTS (SELECT 1 FROM participants WHERE event = NEW.event
                   AND actor = NEW.actor AND position <> NEW.position),
    NOT EXISTS (SELECT 1 FROM participants WHERE event = NEW.event
                   AND actor = NEW.actor AND role = NEW.role
                   AND position <> NEW.position), 1);
END;
CREATE TEMP TRIGGER IF NOT EXISTS events_pairs_out
BEFORE DELETE ON main.events
BEGIN
  INSERT INTO stats_pair_delta VALUES (OLD.pk, -1, NULL, NULL, 0, 0, 1);
END;

-- The countries involved together (migration 19): a country joining an
-- event pairs with itself and, both ways, with each other country of it.
CREATE TEMP TRIGGER IF NOT EXISTS event_countries_pairs_in
AFTER INSERT ON main.event_countries
BEGIN
  INSERT INTO stats_country_pairs(a, b, n)
    SELECT NEW.country, x.country, 1 FROM event_countries x
     WHERE x.event = NEW.event
    UNION ALL
    SELECT x.country, NEW.country, 1 FROM event_countries x
     WHERE x.event = NEW.event AND x.country <> NEW.country
  ON CONFLICT DO UPDATE SET n = n + excluded.n;
END;
CREATE TEMP TRIGGER IF NOT EXISTS event_countries_pairs_out
AFTER DELETE ON main.event_countries
WHEN EXISTS (SELECT 1 FROM events WHERE pk = OLD.event)
BEGIN
  INSERT INTO stats_country_pairs(a, b, n)
    SELECT OLD.country, OLD.country, -1 WHERE 1
    UNION ALL
    SELECT OLD.country, x.country, -1 FROM event_countries x
     WHERE x.event = OLD.event
    UNION ALL
    SELECT x.country, OLD.country, -1 FROM event_countries x
     WHERE x.event = OLD.event
  ON CONFLICT DO UPDATE SET n = n + excluded.n;
END;
CREATE TEMP TRIGGER IF NOT EXISTS event_countries_pairs_leave
BEFORE UPDATE OF country ON main.event_countries
WHEN NEW.country IS NOT OLD.country
BEGIN
  INSERT INTO stats_country_pairs(a, b, n)
    SELECT OLD.country, x.country, -1 FROM event_countries x
     WHERE x.event = OLD.event
    UNION ALL
    SELECT x.country, OLD.country, -1 FROM event_countries x
     WHERE x.event = OLD.event AND x.country <> OLD.country
  ON CONFLICT DO UPDATE SET n = n + excluded.n;
END;
CREATE TEMP TRIGGER IF NOT EXISTS event_countries_pairs_enter
AFTER UPDATE OF country ON main.event_countries
WHEN NEW.country IS NOT OLD.country
BEGIN
  INSERT INTO stats_country_pairs(a, b, n)
    SELECT NEW.country, x.country, 1 FROM event_countries x
     WHERE x.event = NEW.event
    UNION ALL
    SELECT x.country, NEW.country, 1 FROM event_countries x
     WHERE x.event = NEW.event AND x.country <> NEW.country
  ON CONFLICT DO UPDATE SET n = n + excluded.n;
END;
CREATE TEMP TRIGGER IF NOT EXISTS events_country_pairs_out
BEFORE DELETE ON main.events
BEGIN
  INSERT INTO stats_country_pairs(a, b, n)
    SELECT x1.country, x2.country, -1
      FROM event_countries x1, event_countries x2
     WHERE x1.event = OLD.pk AND x2.event = OLD.pk
  ON CONFLICT DO UPDATE SET n = n + excluded.n;
END;

-- A country joining or leaving an event takes its pairs along
-- (migration 27); a deleted event's went with its pairs, before it.
CREATE TEMP TRIGGER IF NOT EXISTS event_countries_networks_in
AFTER INSERT ON main.event_countries
BEGIN
  INSERT INTO stats_country_pair_delta VALUES (NEW.event, 1, NEW.country);
END;
CREATE TEMP TRIGGER IF NOT EXISTS event_countries_networks_out
AFTER DELETE ON main.event_countries
WHEN EXISTS (SELECT 1 FROM events WHERE pk = OLD.event)
BEGIN
  INSERT INTO stats_country_pair_delta VALUES (OLD.event, -1, OLD.country);
END;
CREATE TEMP TRIGGER IF NOT EXISTS event_countries_networks_leave
BEFORE UPDATE OF country ON main.event_countries
WHEN NEW.country IS NOT OLD.country
BEGIN
  INSERT INTO stats_country_pair_delta VALUES (OLD.event, -1, OLD.country);
END;
CREATE TEMP TRIGGER IF NOT EXISTS event_countries_networks_enter
AFTER UPDATE OF country ON main.event_countries
WHEN NEW.country IS NOT OLD.country
BEGIN
  INSERT INTO stats_country_pair_delta VALUES (NEW.event, 1, NEW.country);
END;

-- The events of three or more actors, by actor (migration 28): an event
-- whose actors change is counted again.
CREATE TEMP VIEW IF NOT EXISTS stats_crowd_delta(event) AS SELECT NULL;
CREATE TEMP TRIGGER IF NOT EXISTS stats_crowd_delta_apply
INSTEAD OF INSERT ON stats_crowd_delta
BEGIN
  DELETE FROM stats_actor_crowds WHERE event = NEW.event;
  INSERT INTO stats_actor_crowds(actor, event)
    SELECT DISTINCT actor, event FROM participants
     WHERE event = NEW.event
       AND (SELECT count(DISTINCT actor) FROM participants
             WHERE event = NEW.event) >= 3;
END;
CREATE TEMP TRIGGER IF NOT EXISTS participants_crowds_in
AFTER INSERT ON main.participants
BEGIN
  INSERT INTO stats_crowd_delta VALUES (NEW.event);
END;
CREATE TEMP TRIGGER IF NOT EXISTS participants_crowds_out
AFTER DELETE ON main.participants
BEGIN
  INSERT INTO stats_crowd_delta VALUES (OLD.event);
END;
CREATE TEMP TRIGGER IF NOT EXISTS participants_crowds_move
AFTER UPDATE OF actor, event ON main.participants
WHEN NEW.actor IS NOT OLD.actor OR NEW.event IS NOT OLD.event
BEGIN
  INSERT INTO stats_crowd_delta VALUES (OLD.event);
  INSERT INTO stats_crowd_delta SELECT NEW.event
   WHERE NEW.event IS NOT OLD.event;
END;

-- Event titles for type-ahead (migration 20), moved when the title or the
-- power of two of the mentions changes.
CREATE TEMP TRIGGER IF NOT EXISTS events_suggest_in
AFTER INSERT ON main.events
BEGIN
  INSERT INTO suggest_fts(rowid, label)
    SELECT key, label FROM suggest_event_names WHERE pk = NEW.pk;
END;
CREATE TEMP TRIGGER IF NOT EXISTS events_suggest_out
AFTER DELETE ON main.events
BEGIN
  DELETE FROM suggest_fts WHERE rowid = (3 << 56)
    | ((63 - CAST(log2(ifnull(OLD.num_mentions, 0) + 1) AS INTEGER)) << 50)
    | (OLD.pk << 4);
END;
CREATE TEMP TRIGGER IF NOT EXISTS events_suggest_change
AFTER UPDATE OF title, num_mentions ON main.events
WHEN NEW.title IS NOT OLD.title
  OR CAST(log2(ifnull(NEW.num_mentions, 0) + 1) AS INTEGER)
     <> CAST(log2(ifnull(OLD.num_mentions, 0) + 1) AS INTEGER)
BEGIN
  DELETE FROM suggest_fts WHERE rowid = (3 << 56)
    | ((63 - CAST(log2(ifnull(OLD.num_mentions, 0) + 1) AS INTEGER)) << 50)
    | (OLD.pk << 4);
  INSERT INTO suggest_fts(rowid, label)
    SELECT key, label FROM suggest_event_names WHERE pk = NEW.pk;
END;

-- An event whose month cell or code changes takes its pairs along
-- (migrations 22, 30 and 68).
CREATE TEMP TRIGGER IF NOT EXISTS events_pair_months_leave
BEFORE UPDATE OF date_start, date_end, type_code ON main.events
WHEN NEW.date_start IS NOT OLD.date_start OR NEW.date_end IS NOT OLD.date_end
  OR NEW.type_code IS NOT OLD.type_code
BEGIN
  INSERT INTO stats_pair_delta VALUES (OLD.pk, -1, NULL, NULL, 0, 0, 0);
END;
CREATE TEMP TRIGGER IF NOT EXISTS events_pair_months_enter
AFTER UPDATE OF date_start, date_end, type_code ON main.events
WHEN NEW.date_start IS NOT OLD.date_start OR NEW.date_end IS NOT OLD.date_end
  OR NEW.type_code IS NOT OLD.type_code
BEGIN
  INSERT INTO stats_pair_delta VALUES (NEW.pk, 1, NULL, NULL, 0, 0, 0);
END;

-- One country's actors and places (migration 23). An event counts once
-- for each country it involves ('' for none) with each of its actors (0
-- for none) and with its place ('' for none). A row change moves only
-- what it changes, against the other table as it is at that moment:
-- stats_actor_link_delta takes an actor into (sign 1) or out of (-1) an
-- event's countries, and out of or into "no actor" when it is the only
-- one (alone); stats_country_link_delta a country into or out of the
-- event's actors and place, and out of or into "no country". A deleted
-- event's rows go before it does; its participants' and countries'
-- cascade then finds no event.
CREATE TEMP VIEW IF NOT EXISTS stats_actor_link_delta(event, actor, sign, alone)
  AS SELECT NULL, NULL, NULL, NULL;
CREATE TEMP TRIGGER IF NOT EXISTS stats_actor_link_delta_apply
INSTEAD OF INSERT ON stats_actor_link_delta
BEGIN
  INSERT INTO stats_country_actors(cc, actor, n)
    SELECT x.cc, NEW.actor, NEW.sign
      FROM stats_event_countries x WHERE x.event = NEW.event
    UNION ALL
    SELECT x.cc, 0, -NEW.sign
      FROM stats_event_countries x WHERE x.event = NEW.event AND NEW.alone
  ON CONFLICT DO UPDATE SET n = n + excluded.n;
  -- And the event's CAMEO root's (migration 26).
  INSERT INTO stats_root_actors(r, actor, n)
    SELECT substr(s.t, 1, 2), NEW.actor, NEW.sign
      FROM stats_event_cells s WHERE s.event = NEW.event
    UNION ALL
    SELECT substr(s.t, 1, 2), 0, -NEW.sign
      FROM stats_event_cells s WHERE s.event = NEW.event AND NEW.alone
  ON CONFLICT DO UPDATE SET n = n + excluded.n;
  -- And the event's place's (migration 50).
  INSERT INTO stats_place_actors(c, actor, n)
    SELECT s.c, NEW.actor, NEW.sign
      FROM stats_event_cells s WHERE s.event = NEW.event
    UNION ALL
    SELECT s.c, 0, -NEW.sign
      FROM stats_event_cells s WHERE s.event = NEW.event AND NEW.alone
  ON CONFLICT DO UPDATE SET n = n + excluded.n;
  -- And each country's with that root (migration 48).
  INSERT INTO stats_country_root_actors(cc, r, actor, n)
    SELECT x.cc, substr(s.t, 1, 2), NEW.actor, NEW.sign
      FROM stats_event_countries x, stats_event_cells s
     WHERE x.event = NEW.event AND s.event = NEW.event
    UNION ALL
    SELECT x.cc, substr(s.t, 1, 2), 0, -NEW.sign
      FROM stats_event_countries x, stats_event_cells s
     WHERE x.event = NEW.event AND s.event = NEW.event AND NEW.alone
  ON CONFLICT DO UPDATE SET n = n + excluded.n;
END;
CREATE TEMP VIEW IF NOT EXISTS stats_country_link_delta(event, country, sign, alone)
  AS SELECT NULL, NULL, NULL, NULL;
CREATE TEMP TRIGGER IF NOT EXISTS stats_country_link_delta_apply
INSTEAD OF INSERT ON stats_country_link_delta
BEGIN
  INSERT INTO stats_country_actors(cc, actor, n)
    SELECT NEW.country, a.actor, NEW.sign
      FROM stats_event_actors a WHERE a.event = NEW.event
    UNION ALL
    SELECT '', a.actor, -NEW.sign
      FROM stats_event_actors a WHERE a.event = NEW.event AND NEW.alone
  ON CONFLICT DO UPDATE SET n = n + excluded.n;
  INSERT INTO stats_country_root_actors(cc, r, actor, n)
    SELECT NEW.country, substr(s.t, 1, 2), a.actor, NEW.sign
      FROM stats_event_actors a, stats_event_cells s
     WHERE a.event = NEW.event AND s.event = NEW.event
    UNION ALL
    SELECT '', substr(s.t, 1, 2), a.actor, -NEW.sign
      FROM stats_event_actors a, stats_event_cells s
     WHERE a.event = NEW.event AND s.event = NEW.event AND NEW.alone
  ON CONFLICT DO UPDATE SET n = n + excluded.n;
  INSERT INTO stats_country_places(cc, c, n)
    SELECT NEW.country, s.c, NEW.sign
      FROM stats_event_cells s WHERE s.event = NEW.event
    UNION ALL
    SELECT '', s.c, -NEW.sign
      FROM stats_event_cells s WHERE s.event = NEW.event AND NEW.alone
  ON CONFLICT DO UPDATE SET n = n + excluded.n;
  -- And the event's CAMEO root's (migration 26).
  INSERT INTO stats_root_countries(r, cc, n)
    SELECT substr(s.t, 1, 2), NEW.country, NEW.sign
      FROM stats_event_cells s WHERE s.event = NEW.event
    UNION ALL
    SELECT substr(s.t, 1, 2), '', -NEW.sign
      FROM stats_event_cells s WHERE s.event = NEW.event AND NEW.alone
  ON CONFLICT DO UPDATE SET n = n + excluded.n;
END;
CREATE TEMP TRIGGER IF NOT EXISTS events_country_links_in
AFTER INSERT ON main.events
BEGIN
  INSERT INTO stats_country_actors(cc, actor, n) VALUES ('', 0, 1)
  ON CONFLICT DO UPDATE SET n = n + excluded.n;
  INSERT INTO stats_root_actors(r, actor, n)
    VALUES (substr(ifnull(NEW.type_code, ''), 1, 2), 0, 1)
  ON CONFLICT DO UPDATE SET n = n + excluded.n;
  INSERT INTO stats_country_root_actors(cc, r, actor, n)
    VALUES ('', substr(ifnull(NEW.type_code, ''), 1, 2), 0, 1)
  ON CONFLICT DO UPDATE SET n = n + excluded.n;
  INSERT INTO stats_place_actors(c, actor, n)
    VALUES (ifnull(NEW.country, ''), 0, 1)
  ON CONFLICT DO UPDATE SET n = n + excluded.n;
  INSERT INTO stats_root_countries(r, cc, n)
    VALUES (substr(ifnull(NEW.type_code, ''), 1, 2), '', 1)
  ON CONFLICT DO UPDATE SET n = n + excluded.n;
  INSERT INTO stats_country_places(cc, c, n)
    VALUES ('', ifnull(NEW.country, ''), 1)
  ON CONFLICT DO UPDATE SET n = n + excluded.n;
END;
CREATE TEMP TRIGGER IF NOT EXISTS events_country_links_out
BEFORE DELETE ON main.events
BEGIN
  INSERT INTO stats_country_actors(cc, actor, n)
    SELECT x.cc, a.actor, -1
      FROM stats_event_countries x, stats_event_actors a
     WHERE x.event = OLD.pk AND a.event = OLD.pk
  ON CONFLICT DO UPDATE SET n = n + excluded.n;
  INSERT INTO stats_root_actors(r, actor, n)
    SELECT substr(ifnull(OLD.type_code, ''), 1, 2), a.actor, -1
      FROM stats_event_actors a WHERE a.event = OLD.pk
  ON CONFLICT DO UPDATE SET n = n + excluded.n;
  INSERT INTO stats_country_root_actors(cc, r, actor, n)
    SELECT x.cc, substr(ifnull(OLD.type_code, ''), 1, 2), a.actor, -1
      FROM stats_event_countries x, stats_event_actors a
     WHERE x.event = OLD.pk AND a.event = OLD.pk
  ON CONFLICT DO UPDATE SET n = n + excluded.n;
  INSERT INTO stats_place_actors(c, actor, n)
    SELECT ifnull(OLD.country, ''), a.actor, -1
      FROM stats_event_actors a WHERE a.event = OLD.pk
  ON CONFLICT DO UPDATE SET n = n + excluded.n;
  INSERT INTO stats_root_countries(r, cc, n)
    SELECT substr(ifnull(OLD.type_code, ''), 1, 2), x.cc, -1
      FROM stats_event_countries x WHERE x.event = OLD.pk
  ON CONFLICT DO UPDATE SET n = n + excluded.n;
  INSERT INTO stats_country_places(cc, c, n)
    SELECT x.cc, ifnull(OLD.country, ''), -1
      FROM stats_event_countries x WHERE x.event = OLD.pk
  ON CONFLICT DO UPDATE SET n = n + excluded.n;
END;
CREATE TEMP TRIGGER IF NOT EXISTS events_country_places_move
AFTER UPDATE OF country ON main.events
WHEN NEW.country IS NOT OLD.country
BEGIN
  INSERT INTO stats_country_places(cc, c, n)
    SELECT x.cc, ifnull(OLD.country, ''), -1
      FROM stats_event_countries x WHERE x.event = NEW.pk
    UNION ALL
    SELECT x.cc, ifnull(NEW.country, ''), 1
      FROM stats_event_countries x WHERE x.event = NEW.pk
  ON CONFLICT DO UPDATE SET n = n + excluded.n;
  INSERT INTO stats_place_actors(c, actor, n)
    SELECT ifnull(OLD.country, ''), a.actor, -1
      FROM stats_event_actors a WHERE a.event = NEW.pk
    UNION ALL
    SELECT ifnull(NEW.country, ''), a.actor, 1
      FROM stats_event_actors a WHERE a.event = NEW.pk
  ON CONFLICT DO UPDATE SET n = n + excluded.n;
END;
CREATE TEMP TRIGGER IF NOT EXISTS events_root_links_move
AFTER UPDATE OF type_code ON main.events
WHEN substr(ifnull(NEW.type_code, ''), 1, 2)
     IS NOT substr(ifnull(OLD.type_code, ''), 1, 2)
BEGIN
  INSERT INTO stats_root_actors(r, actor, n)
    SELECT substr(ifnull(OLD.type_code, ''), 1, 2), a.actor, -1
      FROM stats_event_actors a WHERE a.event = NEW.pk
    UNION ALL
    SELECT substr(ifnull(NEW.type_code, ''), 1, 2), a.actor, 1
      FROM stats_event_actors a WHERE a.event = NEW.pk
  ON CONFLICT DO UPDATE SET n = n + excluded.n;
  INSERT INTO stats_country_root_actors(cc, r, actor, n)
    SELECT x.cc, substr(ifnull(OLD.type_code, ''), 1, 2), a.actor, -1
      FROM stats_event_countries x, stats_event_actors a
     WHERE x.event = NEW.pk AND a.event = NEW.pk
    UNION ALL
    SELECT x.cc, substr(ifnull(NEW.type_code, ''), 1, 2), a.actor, 1
      FROM stats_event_countries x, stats_event_actors a
     WHERE x.event = NEW.pk AND a.event = NEW.pk
  ON CONFLICT DO UPDATE SET n = n + excluded.n;
  INSERT INTO stats_root_countries(r, cc, n)
    SELECT substr(ifnull(OLD.type_code, ''), 1, 2), x.cc, -1
      FROM stats_event_countries x WHERE x.event = NEW.pk
    UNION ALL
    SELECT substr(ifnull(NEW.type_code, ''), 1, 2), x.cc, 1
      FROM stats_event_countries x WHERE x.event = NEW.pk
  ON CONFLICT DO UPDATE SET n = n + excluded.n;
END;
-- An actor counts when its first row in the event comes, and until its
-- last goes; it is alone when no other row of the event remains.
CREATE TEMP TRIGGER IF NOT EXISTS participants_country_actors_in
AFTER INSERT ON main.participants
WHEN NOT EXISTS (SELECT 1 FROM participants WHERE event = NEW.event
                    AND actor = NEW.actor AND position <> NEW.position)
BEGIN
  INSERT INTO stats_actor_link_delta VALUES (NEW.event, NEW.actor, 1,
    NOT EXISTS (SELECT 1 FROM participants WHERE event = NEW.event
                   AND position <> NEW.position));
END;
CREATE TEMP TRIGGER IF NOT EXISTS participants_country_actors_out
AFTER DELETE ON main.participants
WHEN EXISTS (SELECT 1 FROM events WHERE pk = OLD.event)
 AND NOT EXISTS (SELECT 1 FROM participants WHERE event = OLD.event
                    AND actor = OLD.actor)
BEGIN
  INSERT INTO stats_actor_link_delta VALUES (OLD.event, OLD.actor, -1,
    NOT EXISTS (SELECT 1 FROM participants WHERE event = OLD.event));
END;
CREATE TEMP TRIGGER IF NOT EXISTS participants_country_actors_leave
BEFORE UPDATE OF actor ON main.participants
WHEN NEW.actor IS NOT OLD.actor
 AND NOT EXISTS (SELECT 1 FROM participants WHERE event = OLD.event
                    AND actor = OLD.actor AND position <> OLD.position)
BEGIN
  INSERT INTO stats_actor_link_delta VALUES (OLD.event, OLD.actor, -1,
    NOT EXISTS (SELECT 1 FROM participants WHERE event = OLD.event
                   AND position <> OLD.position));
END;
CREATE TEMP TRIGGER IF NOT EXISTS participants_country_actors_enter
AFTER UPDATE OF actor ON main.participants
WHEN NEW.actor IS NOT OLD.actor
 AND NOT EXISTS (SELECT 1 FROM participants WHERE event = NEW.event
                    AND actor = NEW.actor AND position <> NEW.position)
BEGIN
  INSERT INTO stats_actor_link_delta VALUES (NEW.event, NEW.actor, 1,
    NOT EXISTS (SELECT 1 FROM participants WHERE event = NEW.event
                   AND position <> NEW.position));
END;
-- A country is alone when the event has no other.
CREATE TEMP TRIGGER IF NOT EXISTS event_countries_links_in
AFTER INSERT ON main.event_countries
BEGIN
  INSERT INTO stats_country_link_delta VALUES (NEW.event, NEW.country, 1,
    NOT EXISTS (SELECT 1 FROM event_countries WHERE event = NEW.event
                   AND country <> NEW.country));
END;
CREATE TEMP TRIGGER IF NOT EXISTS event_countries_links_out
AFTER DELETE ON main.event_countries
WHEN EXISTS (SELECT 1 FROM events WHERE pk = OLD.event)
BEGIN
  INSERT INTO stats_country_link_delta VALUES (OLD.event, OLD.country, -1,
    NOT EXISTS (SELECT 1 FROM event_countries WHERE event = OLD.event));
END;
CREATE TEMP TRIGGER IF NOT EXISTS event_countries_links_leave
BEFORE UPDATE OF country ON main.event_countries
WHEN NEW.country IS NOT OLD.country
BEGIN
  INSERT INTO stats_country_link_delta VALUES (OLD.event, OLD.country, -1,
    NOT EXISTS (SELECT 1 FROM event_countries WHERE event = OLD.event
                   AND country <> OLD.country));
END;
CREATE TEMP TRIGGER IF NOT EXISTS event_countries_links_enter
AFTER UPDATE OF country ON main.event_countries
WHEN NEW.country IS NOT OLD.country
BEGIN
  INSERT INTO stats_country_link_delta VALUES (NEW.event, NEW.country, 1,
    NOT EXISTS (SELECT 1 FROM event_countries WHERE event = NEW.event
                   AND country <> NEW.country));
END;

-- The events changed (migration 66), for the copy of the events' columns
-- made again from the last one: a row per change of an event or of a
-- row linked to it, both ends of a relation. The GDELT import, which
-- drops these triggers, writes a row of its own (event NULL) instead.
-- About the last 100,000 rows are kept; a copy older than those is read
-- anew.
CREATE TEMP TRIGGER IF NOT EXISTS events_changed_in
AFTER INSERT ON main.events
BEGIN
  INSERT INTO event_changes(event) VALUES (NEW.pk);
END;
CREATE TEMP TRIGGER IF NOT EXISTS events_changed
AFTER UPDATE ON main.events
BEGIN
  INSERT INTO event_changes(event) VALUES (OLD.pk);
  INSERT INTO event_changes(event) SELECT NEW.pk WHERE NEW.pk <> OLD.pk;
END;
CREATE TEMP TRIGGER IF NOT EXISTS events_changed_out
AFTER DELETE ON main.events
BEGIN
  INSERT INTO event_changes(event) VALUES (OLD.pk);
END;
CREATE TEMP TRIGGER IF NOT EXISTS event_countries_changed_in
AFTER INSERT ON main.event_countries
BEGIN
  INSERT INTO event_changes(event) VALUES (NEW.event);
END;
CREATE TEMP TRIGGER IF NOT EXISTS event_countries_changed
AFTER UPDATE ON main.event_countries
BEGIN
  INSERT INTO event_changes(event) VALUES (OLD.event);
  INSERT INTO event_changes(event) SELECT NEW.event
   WHERE NEW.event <> OLD.event;
END;
CREATE TEMP TRIGGER IF NOT EXISTS event_countries_changed_out
AFTER DELETE ON main.event_countries
BEGIN
  INSERT INTO event_changes(event) VALUES (OLD.event);
END;
CREATE TEMP TRIGGER IF NOT EXISTS participants_changed_in
AFTER INSERT ON main.participants
BEGIN
  INSERT INTO event_changes(event) VALUES (NEW.event);
END;
CREATE TEMP TRIGGER IF NOT EXISTS participants_changed
AFTER UPDATE ON main.participants
BEGIN
  INSERT INTO event_changes(event) VALUES (OLD.event);
  INSERT INTO event_changes(event) SELECT NEW.event
   WHERE NEW.event <> OLD.event;
END;
CREATE TEMP TRIGGER IF NOT EXISTS participants_changed_out
AFTER DELETE ON main.participants
BEGIN
  INSERT INTO event_changes(event) VALUES (OLD.event);
END;
CREATE TEMP TRIGGER IF NOT EXISTS event_citations_changed_in
AFTER INSERT ON main.event_citations
BEGIN
  INSERT INTO event_changes(event) VALUES (NEW.event);
END;
CREATE TEMP TRIGGER IF NOT EXISTS event_citations_changed
AFTER UPDATE ON main.event_citations
BEGIN
  INSERT INTO event_changes(event) VALUES (OLD.event);
  INSERT INTO event_changes(event) SELECT NEW.event
   WHERE NEW.event <> OLD.event;
END;
CREATE TEMP TRIGGER IF NOT EXISTS event_citations_changed_out
AFTER DELETE ON main.event_citations
BEGIN
  INSERT INTO event_changes(event) VALUES (OLD.event);
END;
CREATE TEMP TRIGGER IF NOT EXISTS event_relations_changed_in
AFTER INSERT ON main.event_relations
BEGIN
  INSERT INTO event_changes(event) VALUES (NEW.event), (NEW.related);
END;
CREATE TEMP TRIGGER IF NOT EXISTS event_relations_changed
AFTER UPDATE ON main.event_relations
BEGIN
  INSERT INTO event_changes(event)
  VALUES (OLD.event), (OLD.related), (NEW.event), (NEW.related);
END;
CREATE TEMP TRIGGER IF NOT EXISTS event_relations_changed_out
AFTER DELETE ON main.event_relations
BEGIN
  INSERT INTO event_changes(event) VALUES (OLD.event), (OLD.related);
END;
-- An actor's names (and CAMEO code, an alias) are in the search rows
-- of its events, whose lengths in words the copy holds for ranking:
-- changed, its events are listed.
CREATE TEMP TRIGGER IF NOT EXISTS actor_events_changed
AFTER UPDATE OF name, aliases, cameo_code ON main.actors
WHEN NEW.name IS NOT OLD.name OR NEW.aliases IS NOT OLD.aliases
  OR NEW.cameo_code IS NOT OLD.cameo_code
BEGIN
  INSERT INTO event_changes(event)
  SELECT DISTINCT event FROM participants WHERE actor = NEW.pk;
END;
CREATE TEMP TRIGGER IF NOT EXISTS event_changes_kept
AFTER INSERT ON main.event_changes
WHEN NEW.seq % 1024 = 0
BEGIN
  DELETE FROM event_changes WHERE seq <= NEW.seq - 100000;
END;

-- The numbers of actors by kind and country, of all (source 0) and of
-- each source's, and of sources by kind and publisher (migration 69). An
-- actor cited twice by one source counts once there. A deleted actor's
-- citations go in the cascade after it: its numbers go before it, and
-- the citations' trigger then finds no actor.
CREATE TEMP TRIGGER IF NOT EXISTS actor_facets_in
AFTER INSERT ON main.actors
BEGIN
  INSERT INTO actor_facets(source, kind, country, n)
  VALUES (0, NEW.kind, ifnull(NEW.country, ''), 1)
  ON CONFLICT DO UPDATE SET n = n + excluded.n;
END;
CREATE TEMP TRIGGER IF NOT EXISTS actor_facets_out
BEFORE DELETE ON main.actors
BEGIN
  INSERT INTO actor_facets(source, kind, country, n)
    SELECT s.source, OLD.kind, ifnull(OLD.country, ''), -1
      FROM (SELECT 0 AS source UNION SELECT source FROM actor_citations
             WHERE actor = OLD.pk) s WHERE true
  ON CONFLICT DO UPDATE SET n = n + excluded.n;
END;
CREATE TEMP TRIGGER IF NOT EXISTS actor_facets_move
AFTER UPDATE OF kind, country ON main.actors
WHEN NEW.kind IS NOT OLD.kind OR NEW.country IS NOT OLD.country
BEGIN
  INSERT INTO actor_facets(source, kind, country, n)
    SELECT s.source, OLD.kind, ifnull(OLD.country, ''), -1
      FROM (SELECT 0 AS source UNION SELECT source FROM actor_citations
             WHERE actor = NEW.pk) s WHERE true
  ON CONFLICT DO UPDATE SET n = n + excluded.n;
  INSERT INTO actor_facets(source, kind, country, n)
    SELECT s.source, NEW.kind, ifnull(NEW.country, ''), 1
      FROM (SELECT 0 AS source UNION SELECT source FROM actor_citations
             WHERE actor = NEW.pk) s WHERE true
  ON CONFLICT DO UPDATE SET n = n + excluded.n;
END;
CREATE TEMP TRIGGER IF NOT EXISTS actor_citation_facets_in
AFTER INSERT ON main.actor_citations
BEGIN
  INSERT INTO actor_facets(source, kind, country, n)
    SELECT NEW.source, a.kind, ifnull(a.country, ''), 1 FROM actors a
     WHERE a.pk = NEW.actor AND NOT EXISTS (SELECT 1 FROM actor_citations
           WHERE actor = NEW.actor AND source = NEW.source
             AND position <> NEW.position)
  ON CONFLICT DO UPDATE SET n = n + excluded.n;
END;
CREATE TEMP TRIGGER IF NOT EXISTS actor_citation_facets_out
AFTER DELETE ON main.actor_citations
BEGIN
  INSERT INTO actor_facets(source, kind, country, n)
    SELECT OLD.source, a.kind, ifnull(a.country, ''), -1 FROM actors a
     WHERE a.pk = OLD.actor AND NOT EXISTS (SELECT 1 FROM actor_citations
           WHERE actor = OLD.actor AND source = OLD.source)
  ON CONFLICT DO UPDATE SET n = n + excluded.n;
END;
CREATE TEMP TRIGGER IF NOT EXISTS actor_citation_facets_move
AFTER UPDATE OF actor, source ON main.actor_citations
WHEN NEW.actor IS NOT OLD.actor OR NEW.source IS NOT OLD.source
BEGIN
  INSERT INTO actor_facets(source, kind, country, n)
    SELECT OLD.source, a.kind, ifnull(a.country, ''), -1 FROM actors a
     WHERE a.pk = OLD.actor AND NOT EXISTS (SELECT 1 FROM actor_citations
           WHERE actor = OLD.actor AND source = OLD.source)
  ON CONFLICT DO UPDATE SET n = n + excluded.n;
  INSERT INTO actor_facets(source, kind, country, n)
    SELECT NEW.source, a.kind, ifnull(a.country, ''), 1 FROM actors a
     WHERE a.pk = NEW.actor AND NOT EXISTS (SELECT 1 FROM actor_citations
           WHERE actor = NEW.actor AND source = NEW.source
             AND position <> NEW.position)
  ON CONFLICT DO UPDATE SET n = n + excluded.n;
END;
CREATE TEMP TRIGGER IF NOT EXISTS source_facets_in
AFTER INSERT ON main.sources
BEGIN
  INSERT INTO source_facets(kind, publisher, n)
  VALUES (NEW.kind, ifnull(NEW.publisher, ''), 1)
  ON CONFLICT DO UPDATE SET n = n + excluded.n;
END;
CREATE TEMP TRIGGER IF NOT EXISTS source_facets_out
AFTER DELETE ON main.sources
BEGIN
  INSERT INTO source_facets(kind, publisher, n)
  VALUES (OLD.kind, ifnull(OLD.publisher, ''), -1)
  ON CONFLICT DO UPDATE SET n = n + excluded.n;
END;
CREATE TEMP TRIGGER IF NOT EXISTS source_facets_move
AFTER UPDATE OF kind, publisher ON main.sources
WHEN NEW.kind IS NOT OLD.kind OR NEW.publisher IS NOT OLD.publisher
BEGIN
  INSERT INTO source_facets(kind, publisher, n)
  VALUES (OLD.kind, ifnull(OLD.publisher, ''), -1)
  ON CONFLICT DO UPDATE SET n = n + excluded.n;
  INSERT INTO source_facets(kind, publisher, n)
  VALUES (NEW.kind, ifnull(NEW.publisher, ''), 1)
  ON CONFLICT DO UPDATE SET n = n + excluded.n;
END;
