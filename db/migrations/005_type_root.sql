-- SPDX-License-Identifier: MIT
-- Migration 5: the events of one CAMEO root code (type=19, the commonest
-- way to ask) newest first from an index, as migration 4 did for
-- countries and actors: a page of them, or a walk checking other filters
-- along them, stops at its limit. And the events' indexes hold pk right
-- after the date, so their order is the lists' (date, pk) order exactly,
-- with nothing left to sort.
DROP INDEX IF EXISTS events_date;
DROP INDEX IF EXISTS events_type;
DROP INDEX IF EXISTS events_quad;
DROP INDEX IF EXISTS events_root;
CREATE INDEX events_date
    ON events(date_start, pk, type_code, quad_class, date_end);
CREATE INDEX events_type
    ON events(type_code, date_start, pk, quad_class, date_end);
CREATE INDEX events_quad
    ON events(quad_class, date_start, pk, type_code, date_end);
CREATE INDEX events_root
    ON events(substr(type_code, 1, 2), date_start, pk, type_code, quad_class,
              date_end);
