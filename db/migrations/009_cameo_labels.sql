-- SPDX-License-Identifier: MIT
-- Migration 9: CAMEO labels as people read them. The taxonomy file writes
-- the 20 root codes in capitals ("MAKE PUBLIC STATEMENT") and ends some
-- labels with a space ("Coerce, not specified below "): labels lose the
-- spaces around them, and labels in capitals become sentence case
-- ("Make public statement"), as db/seed.c loads them now. The search and
-- type-ahead rows of event types are written again from the new labels.
UPDATE event_types
   SET label = CASE WHEN trim(label) = upper(trim(label))
               THEN upper(substr(trim(label), 1, 1)) ||
                    lower(substr(trim(label), 2))
               ELSE trim(label) END;
DELETE FROM event_types_fts;
INSERT INTO event_types_fts(rowid, label) SELECT pk, label FROM event_types;
DELETE FROM suggest_fts WHERE rowid >= (2 << 56) AND rowid < (3 << 56);
INSERT INTO suggest_fts(rowid, label)
  SELECT key, label FROM suggest_names WHERE kind = 2 ORDER BY key;
