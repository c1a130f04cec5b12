-- SPDX-License-Identifier: MIT
-- Migration 13: indexes for the analytics filters and orders. Where an
-- event happened (location_country=, by date), and the orders by GDELT's
-- numbers (events without one sort below every other, as events_db.c
-- writes them).
CREATE INDEX events_location ON events(country, date_start, pk);
CREATE INDEX events_mentions ON events(ifnull(num_mentions, -1), pk);
CREATE INDEX events_goldstein ON events(ifnull(goldstein, -1e9), pk);
CREATE INDEX events_tone ON events(ifnull(avg_tone, -1e9), pk);
