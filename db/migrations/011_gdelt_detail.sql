-- SPDX-License-Identifier: MIT
-- Migration 11: what GDELT says of actors and places that was dropped:
-- an actor's CAMEO known-group, ethnic and religion codes, and a
-- location's geographic resolution (1 country, 2 US state, 3 US city,
-- 4 world city, 5 world state), ADM1 code and GNS/GNIS feature id.
ALTER TABLE actors ADD COLUMN cameo_known_group TEXT;
ALTER TABLE actors ADD COLUMN cameo_ethnic TEXT;
ALTER TABLE actors ADD COLUMN cameo_religions TEXT;  -- JSON array
ALTER TABLE events ADD COLUMN location_type INTEGER;
ALTER TABLE events ADD COLUMN location_adm1 TEXT;
ALTER TABLE events ADD COLUMN location_feature TEXT;
