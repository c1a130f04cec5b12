-- SPDX-License-Identifier: MIT
-- Migration 47: the events with a location in an R*Tree (SQLite's rtree
-- module), so that bbox= finds its events through the tree. Before, every
-- event's coordinates were read: a box with few events in it took 1.9 s
-- at 1M events, whatever the page size. Each point is a box of 32-bit
-- floats rounded outwards (lat_lo <= lat <= lat_hi): a point whose box
-- is inside the asked box is inside it, and only one whose box straddles
-- an edge needs its event's exact coordinates (db/events_db.c). Kept by
-- the triggers below under every write, the GDELT import's included.
CREATE VIRTUAL TABLE events_geo USING rtree(
  pk, lat_lo, lat_hi, lon_lo, lon_hi
);
INSERT INTO events_geo
  SELECT pk, lat, lat, lon, lon FROM events
   WHERE lat IS NOT NULL AND lon IS NOT NULL;
CREATE TRIGGER events_geo_in AFTER INSERT ON events
WHEN NEW.lat IS NOT NULL AND NEW.lon IS NOT NULL
BEGIN
  INSERT INTO events_geo
  VALUES (NEW.pk, NEW.lat, NEW.lat, NEW.lon, NEW.lon);
END;
CREATE TRIGGER events_geo_move AFTER UPDATE OF lat, lon ON events
WHEN NEW.lat IS NOT OLD.lat OR NEW.lon IS NOT OLD.lon
BEGIN
  DELETE FROM events_geo WHERE pk = OLD.pk;
  INSERT INTO events_geo
  SELECT NEW.pk, NEW.lat, NEW.lat, NEW.lon, NEW.lon
   WHERE NEW.lat IS NOT NULL AND NEW.lon IS NOT NULL;
END;
CREATE TRIGGER events_geo_out AFTER DELETE ON events
BEGIN
  DELETE FROM events_geo WHERE pk = OLD.pk;
END;
