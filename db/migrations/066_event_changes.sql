-- SPDX-License-Identifier: MIT
-- Migration 66: the events each commit changed, in commit order, so that
-- the copy of the events' columns in memory (db/columns.h) is made again
-- from the last one and the events changed since it, instead of reading
-- every event again (3 s at 1M events). A row per change of an event or
-- of a row linked to it (db/summary_triggers.sql); event NULL: changes
-- not listed (a GDELT import), after which the copy is read anew. Only
-- the last rows are kept.
CREATE TABLE event_changes (
  seq   INTEGER PRIMARY KEY AUTOINCREMENT,
  event INTEGER
);
