-- SPDX-License-Identifier: MIT
-- Migration 3: what event data imported in bulk (GDELT) carries beyond
-- the articles' facts.

-- Per-event measures from the dataset (NULL for hand-curated events).
ALTER TABLE events ADD COLUMN goldstein REAL;        -- -10 .. +10
ALTER TABLE events ADD COLUMN num_mentions INTEGER;  -- mentions in all sources
ALTER TABLE events ADD COLUMN num_sources INTEGER;   -- distinct sources
ALTER TABLE events ADD COLUMN num_articles INTEGER;  -- distinct documents
ALTER TABLE events ADD COLUMN avg_tone REAL;         -- -100 .. +100
ALTER TABLE events ADD COLUMN location_name TEXT;    -- where, as named
ALTER TABLE events ADD COLUMN lat REAL;              -- WGS 84 degrees
ALTER TABLE events ADD COLUMN lon REAL;

-- CAMEO actor coding (NULL for hand-curated actors).
ALTER TABLE actors ADD COLUMN cameo_code TEXT;       -- e.g. GEOGOV
ALTER TABLE actors ADD COLUMN cameo_country TEXT;    -- CAMEO country, e.g. GEO
ALTER TABLE actors ADD COLUMN cameo_types TEXT;      -- JSON array, e.g. ["GOV"]
CREATE INDEX actors_cameo ON actors(cameo_code);
