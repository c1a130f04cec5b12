-- SPDX-License-Identifier: MIT
-- Migration 12: an event's countries that come from its participants'
-- countries are marked, so that a write re-derives them from the
-- participants it gives (db/store.c) instead of keeping those of actors
-- no longer taking part.
ALTER TABLE event_countries ADD COLUMN derived INTEGER NOT NULL DEFAULT 0;
