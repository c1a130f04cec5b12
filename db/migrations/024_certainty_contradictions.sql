-- SPDX-License-Identifier: MIT
-- Migration 24: what the reporting says of a fact. An event's certainty:
-- confirmed (stated on the source's own authority, or on the record),
-- reported (attributed to a report or unnamed sources), claimed (one
-- party's assertion), denied (what a party denies), planned (intended or
-- scheduled, not yet done); NULL when not assessed (imported GDELT rows).
-- And one account contradicting another: relation 'contradicts' (the
-- other event sees 'contradicted_by').
ALTER TABLE events ADD COLUMN certainty TEXT
  CHECK (certainty IN ('confirmed', 'reported', 'claimed', 'denied',
                       'planned'));
CREATE INDEX events_certainty ON events(certainty, date_start)
  WHERE certainty IS NOT NULL;

CREATE TABLE event_relations_new (
  event    INTEGER NOT NULL REFERENCES events(pk) ON DELETE CASCADE,
  related  INTEGER NOT NULL REFERENCES events(pk) ON DELETE CASCADE,
  relation TEXT NOT NULL CHECK (relation IN ('caused','responds_to',
           'part_of','follows','reports_on','contradicts')),
  PRIMARY KEY (event, related),
  CHECK (event <> related)
) WITHOUT ROWID;
INSERT INTO event_relations_new SELECT event, related, relation
  FROM event_relations;
DROP TABLE event_relations;
ALTER TABLE event_relations_new RENAME TO event_relations;
CREATE INDEX event_relations_related ON event_relations(related, event);
