-- SPDX-License-Identifier: MIT
-- Migration 37: the indexes of GDELT's numbers (migration 13) hold each
-- event's date after its pk, and the other two numbers. A range that
-- drives a list newest first (goldstein_min=10: 31,624 of 10M events)
-- then finds its matches and their dates in its index alone, and checks
-- a range of another number there too; before, each match's row was read
-- for its date, a disk read each on a cold cache (2 s, 503 at the
-- budget). The order by the number (sort=goldstein) is the same prefix
-- as before.
DROP INDEX IF EXISTS events_mentions;
DROP INDEX IF EXISTS events_goldstein;
DROP INDEX IF EXISTS events_tone;
CREATE INDEX events_mentions
    ON events(ifnull(num_mentions, -1), pk, date_start, goldstein, avg_tone);
CREATE INDEX events_goldstein
    ON events(ifnull(goldstein, -1e9), pk, date_start, avg_tone,
              num_mentions);
CREATE INDEX events_tone
    ON events(ifnull(avg_tone, -1e9), pk, date_start, goldstein,
              num_mentions);
