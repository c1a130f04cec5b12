-- SPDX-License-Identifier: MIT
-- Migration 21: the sources' publishers indexed, so that their facet
-- (facet=publisher) counts an index rather than reading every source.
CREATE INDEX sources_publisher ON sources(publisher);
