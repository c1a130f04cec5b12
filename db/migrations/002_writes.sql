-- SPDX-License-Identifier: MIT
-- Migration 2: what writes and mirroring need: change times, tombstones
-- of deleted records, and API keys.

-- When the record or anything in its representation last changed (UTC,
-- "YYYY-MM-DDTHH:MM:SS.fffZ").
ALTER TABLE actors ADD COLUMN updated_at TEXT NOT NULL DEFAULT '';
ALTER TABLE events ADD COLUMN updated_at TEXT NOT NULL DEFAULT '';
ALTER TABLE sources ADD COLUMN updated_at TEXT NOT NULL DEFAULT '';
UPDATE actors SET updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now');
UPDATE events SET updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now');
UPDATE sources SET updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now');
CREATE INDEX actors_updated ON actors(updated_at);
CREATE INDEX events_updated ON events(updated_at);
CREATE INDEX sources_updated ON sources(updated_at);

-- Records deleted through the API, so mirrors can drop them too.
CREATE TABLE deletions (
  pk         INTEGER PRIMARY KEY,
  kind       TEXT NOT NULL CHECK (kind IN ('actor','event','source')),
  id         TEXT NOT NULL,           -- the deleted record's slug
  deleted_at TEXT NOT NULL,           -- UTC timestamp
  UNIQUE (kind, id)
);
CREATE INDEX deletions_at ON deletions(deleted_at);
CREATE INDEX deletions_kind ON deletions(kind, deleted_at);

-- Keys that may write. Only a hash of the secret part is kept.
CREATE TABLE api_keys (
  pk         INTEGER PRIMARY KEY,
  name       TEXT NOT NULL UNIQUE,    -- chosen by the operator
  key_id     TEXT NOT NULL UNIQUE,    -- public part of the key, hex
  hash       BLOB NOT NULL,           -- BLAKE2b-256 of the secret part
  created_at TEXT NOT NULL,
  revoked_at TEXT                     -- NULL while the key is valid
);
