-- SPDX-License-Identifier: MIT
-- Migration 6: an actor's events in one role (actor=...&role=...) newest
-- first from an index, its role read from the index entry itself.
DROP INDEX IF EXISTS participants_actor_date;
CREATE INDEX participants_actor_date
    ON participants(actor, date_start, event, role);
