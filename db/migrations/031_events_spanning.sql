-- SPDX-License-Identifier: MIT
-- Migration 31: the events dated over more than a day (to a month, a year
-- or a range), few among GDELT's one-day events. A search counted by day
-- from its full-text index (db/search_days.c) reads the day from each
-- match's key, which holds date_start only; these are the events whose
-- day cell is not that day.
CREATE INDEX events_spanning ON events(pk, date_start, date_end)
  WHERE date_end <> date_start;
