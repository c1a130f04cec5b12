-- SPDX-License-Identifier: MIT
-- Migration 1: the knowledge base. Each table's integer `pk` is internal
-- (join key and pagination tie-breaker); clients see the `id` slug.

-- Settings the service keeps about itself (e.g. the cursor signing key).
CREATE TABLE meta (
  key   TEXT PRIMARY KEY,   -- setting name
  value BLOB NOT NULL       -- its value
) WITHOUT ROWID;

-- ISO 3166-1 countries (reference data).
CREATE TABLE countries (
  pk            INTEGER PRIMARY KEY,
  code          TEXT NOT NULL UNIQUE,   -- alpha-2, upper case
  iso3          TEXT NOT NULL UNIQUE,   -- alpha-3, upper case
  numeric       TEXT NOT NULL,          -- ISO numeric, 3 digits
  name          TEXT NOT NULL,          -- ISO short name
  common_name   TEXT,                   -- CLDR display name
  official_name TEXT,                   -- UN formal name
  region        TEXT,                   -- UN M49 region
  subregion     TEXT,                   -- UN M49 sub-region
  capital       TEXT,
  fips          TEXT,                   -- FIPS 10-4 (GDELT geo codes)
  wikidata      TEXT,                   -- QID
  tld           TEXT,                   -- country-code top-level domain
  languages     TEXT NOT NULL DEFAULT '[]'  -- JSON array of BCP 47 tags
);
CREATE INDEX countries_name ON countries(name);
CREATE INDEX countries_region ON countries(region COLLATE NOCASE, code);
CREATE INDEX countries_subregion ON countries(subregion COLLATE NOCASE, code);
CREATE INDEX countries_fips ON countries(fips);

-- CAMEO event taxonomy (reference data).
CREATE TABLE event_types (
  pk         INTEGER PRIMARY KEY,
  code       TEXT NOT NULL UNIQUE,      -- 2 to 4 digits
  label      TEXT NOT NULL,
  quad_class INTEGER NOT NULL CHECK (quad_class BETWEEN 1 AND 4),
  goldstein  REAL,                      -- -10 (conflict) .. +10 (cooperation)
  root       TEXT NOT NULL              -- two-digit root code
);
CREATE INDEX event_types_root ON event_types(root, code);
CREATE INDEX event_types_quad ON event_types(quad_class, code);

-- Documents facts are drawn from.
CREATE TABLE sources (
  pk        INTEGER PRIMARY KEY,
  id        TEXT NOT NULL UNIQUE,       -- slug
  title     TEXT NOT NULL,
  publisher TEXT,
  author    TEXT,
  published TEXT NOT NULL DEFAULT '',   -- ISO date, '' when unknown
  url       TEXT,
  kind      TEXT NOT NULL
            CHECK (kind IN ('article','report','statement','dataset'))
);
CREATE INDEX sources_published ON sources(published);
CREATE INDEX sources_title ON sources(title);
CREATE INDEX sources_kind ON sources(kind, published);

-- People, organisations, governments, companies, media, alliances.
CREATE TABLE actors (
  pk          INTEGER PRIMARY KEY,
  id          TEXT NOT NULL UNIQUE,     -- slug
  name        TEXT NOT NULL,
  kind        TEXT NOT NULL CHECK (kind IN ('person','organization',
              'government','company','media','alliance')),
  country     TEXT REFERENCES countries(code),  -- where based
  title       TEXT,                     -- office, e.g. Home Secretary
  aliases     TEXT NOT NULL DEFAULT '[]',  -- JSON array of strings
  description TEXT,
  wikidata    TEXT                      -- QID
);
CREATE INDEX actors_name ON actors(name);
CREATE INDEX actors_kind ON actors(kind, name);
CREATE INDEX actors_country ON actors(country, name);

-- An actor's place in another (a minister in the Cabinet, ...).
CREATE TABLE actor_affiliations (
  actor    INTEGER NOT NULL REFERENCES actors(pk) ON DELETE CASCADE,
  position INTEGER NOT NULL,            -- order as given
  org      INTEGER NOT NULL REFERENCES actors(pk),
  role     TEXT,
  PRIMARY KEY (actor, position)
) WITHOUT ROWID;
CREATE INDEX actor_affiliations_org ON actor_affiliations(org);

-- Member countries of alliances.
CREATE TABLE actor_members (
  actor   INTEGER NOT NULL REFERENCES actors(pk) ON DELETE CASCADE,
  country TEXT NOT NULL REFERENCES countries(code),
  PRIMARY KEY (actor, country)
) WITHOUT ROWID;
CREATE INDEX actor_members_country ON actor_members(country, actor);

-- What happened.
CREATE TABLE events (
  pk             INTEGER PRIMARY KEY,
  id             TEXT NOT NULL UNIQUE,  -- slug
  title          TEXT NOT NULL,
  summary        TEXT,
  date           TEXT,                  -- 2019, 2019-04 or 2019-04-23
  date_precision TEXT CHECK (date_precision IN ('year','month','day')),
  date_start     TEXT NOT NULL DEFAULT '',  -- first day the date covers
  date_end       TEXT NOT NULL DEFAULT '',  -- last day it covers
  type_code      TEXT REFERENCES event_types(code),
  quad_class     INTEGER,               -- copied from the type, for filters
  country        TEXT REFERENCES countries(code)  -- where it happened
);
CREATE INDEX events_date ON events(date_start);
CREATE INDEX events_type ON events(type_code, date_start);
CREATE INDEX events_quad ON events(quad_class, date_start);

-- Every country an event involves (includes events.country).
CREATE TABLE event_countries (
  event   INTEGER NOT NULL REFERENCES events(pk) ON DELETE CASCADE,
  country TEXT NOT NULL REFERENCES countries(code),
  PRIMARY KEY (event, country)
) WITHOUT ROWID;
CREATE INDEX event_countries_country ON event_countries(country, event);

-- Who took part, and how.
CREATE TABLE participants (
  event    INTEGER NOT NULL REFERENCES events(pk) ON DELETE CASCADE,
  position INTEGER NOT NULL,            -- order as given
  actor    INTEGER NOT NULL REFERENCES actors(pk),
  role     TEXT NOT NULL CHECK (role IN ('initiator','target',
           'participant','supporter','opponent')),
  note     TEXT,
  PRIMARY KEY (event, position)
) WITHOUT ROWID;
CREATE INDEX participants_actor ON participants(actor, role, event);
CREATE INDEX participants_role ON participants(role, event);

-- Links between events, stored once; the inverse is derived on read.
CREATE TABLE event_relations (
  event    INTEGER NOT NULL REFERENCES events(pk) ON DELETE CASCADE,
  related  INTEGER NOT NULL REFERENCES events(pk) ON DELETE CASCADE,
  relation TEXT NOT NULL CHECK (relation IN ('caused','responds_to',
           'part_of','follows','reports_on')),
  PRIMARY KEY (event, related),
  CHECK (event <> related)
) WITHOUT ROWID;
CREATE INDEX event_relations_related ON event_relations(related, event);

-- Citations: the exact sentence of a source that supports a fact.
CREATE TABLE actor_citations (
  actor    INTEGER NOT NULL REFERENCES actors(pk) ON DELETE CASCADE,
  position INTEGER NOT NULL,
  source   INTEGER NOT NULL REFERENCES sources(pk),
  quote    TEXT NOT NULL,
  PRIMARY KEY (actor, position)
) WITHOUT ROWID;
CREATE INDEX actor_citations_source ON actor_citations(source);

CREATE TABLE event_citations (
  event    INTEGER NOT NULL REFERENCES events(pk) ON DELETE CASCADE,
  position INTEGER NOT NULL,
  source   INTEGER NOT NULL REFERENCES sources(pk),
  quote    TEXT NOT NULL,
  PRIMARY KEY (event, position)
) WITHOUT ROWID;
CREATE INDEX event_citations_source ON event_citations(source, event);

-- Full-text indexes for q=; rowid is the pk of the indexed row.
CREATE VIRTUAL TABLE countries_fts USING fts5(name, common_name,
  official_name, capital, tokenize = 'unicode61 remove_diacritics 2');
CREATE VIRTUAL TABLE event_types_fts USING fts5(label,
  tokenize = 'unicode61 remove_diacritics 2');
CREATE VIRTUAL TABLE sources_fts USING fts5(title, publisher, author,
  tokenize = 'unicode61 remove_diacritics 2');
CREATE VIRTUAL TABLE actors_fts USING fts5(name, aliases, title, description,
  quotes, tokenize = 'unicode61 remove_diacritics 2');
CREATE VIRTUAL TABLE events_fts USING fts5(title, summary, quotes,
  tokenize = 'unicode61 remove_diacritics 2');
