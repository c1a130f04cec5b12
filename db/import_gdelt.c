/* SPDX-License-Identifier: MIT */
/*
 * GDELT event files into the knowledge base (see import.h). Rows go in
 * through prepared statements in batches of one transaction each, with the
 * lookups a row needs (countries, CAMEO codes, actors, sources) cached in
 * memory: the bulk path does not build JSON. On PostgreSQL a batch's rows
 * are staged and written by COPY and a few statements (pg_import.h).
 */
#include "import.h"

#include <ctype.h>
#include <jansson.h>
#include <math.h>
#include <stdarg.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include "buf.h"
#include "dates.h"
#include "db.h"
#include "event_key.h"
#include "search_text.h"
#include "slug.h"
#include "summaries.h"
#include "log.h"
#include "pg.h"
#include "pg_import.h"
#include "stream.h"
#include "strmap.h"
#include "tabular.h"
#include "text.h"
#include "xalloc.h"

#define BATCH_ROWS 50000
/*
 * A bulk load (into a database of no events yet) has no readers to keep
 * waiting: larger batches mean fewer summary rows rewritten and fewer
 * commits (bench/README.md, "Import").
 */
#define BULK_BATCH_ROWS 200000
/*
 * On PostgreSQL a batch of 10,000 rows takes some 11 s at 1M events, a
 * write through the API waiting for it; 20,000 went in no faster, 5,000
 * 20% slower (bench/README.md).
 */
#define PG_BATCH_ROWS 10000
#define MAX_REPORTED 20		/* malformed rows reported per file */
#define DATASET_SOURCE "gdelt"

/* The columns the import reads. */
enum gcol {
	G_ID, G_DATE,
	G_A1CODE, G_A1NAME, G_A1COUNTRY, G_A1TYPE1, G_A1TYPE2, G_A1TYPE3,
	G_A2CODE, G_A2NAME, G_A2COUNTRY, G_A2TYPE1, G_A2TYPE2, G_A2TYPE3,
	G_CODE, G_GOLDSTEIN, G_MENTIONS, G_SOURCES, G_ARTICLES, G_TONE,
	G_A1GEO_COUNTRY, G_A2GEO_COUNTRY,
	G_GEO_TYPE, G_GEO_NAME, G_GEO_COUNTRY, G_GEO_LAT, G_GEO_LON,
	G_ADDED, G_URL,
	/* Read by name from the code column's group (actor()). */
	G_A1GROUP, G_A1ETHNIC, G_A1REL1, G_A1REL2,
	G_A2GROUP, G_A2ETHNIC, G_A2REL1, G_A2REL2,
	G_GEO_ADM1, G_GEO_FEATURE,
	G_A1GEO_TYPE, G_A1GEO_ADM1, G_A2GEO_TYPE, G_A2GEO_ADM1,
	G__COUNT
};

/* Header names, for CSV files. */
static const char *const gnames[G__COUNT] = {
	"GLOBALEVENTID", "SQLDATE",
	"Actor1Code", "Actor1Name", "Actor1CountryCode", "Actor1Type1Code",
	"Actor1Type2Code", "Actor1Type3Code",
	"Actor2Code", "Actor2Name", "Actor2CountryCode", "Actor2Type1Code",
	"Actor2Type2Code", "Actor2Type3Code",
	"EventCode", "GoldsteinScale", "NumMentions", "NumSources",
	"NumArticles", "AvgTone",
	"Actor1Geo_CountryCode", "Actor2Geo_CountryCode",
	"ActionGeo_Type", "ActionGeo_FullName", "ActionGeo_CountryCode",
	"ActionGeo_Lat", "ActionGeo_Long",
	"DATEADDED", "SOURCEURL",
	"Actor1KnownGroupCode", "Actor1EthnicCode", "Actor1Religion1Code",
	"Actor1Religion2Code",
	"Actor2KnownGroupCode", "Actor2EthnicCode", "Actor2Religion1Code",
	"Actor2Religion2Code",
	"ActionGeo_ADM1Code", "ActionGeo_FeatureID",
	"Actor1Geo_Type", "Actor1Geo_ADM1Code", "Actor2Geo_Type",
	"Actor2Geo_ADM1Code",
};

/* Positions in headerless files: GDELT 1.0 (57/58 columns) and 2.0 (61). */
static const int v1_cols[G__COUNT] = {
	0, 1, 5, 6, 7, 12, 13, 14, 15, 16, 17, 22, 23, 24,
	26, 30, 31, 32, 33, 34, 37, 44, 49, 50, 51, 53, 54, 56, 57,
	8, 9, 10, 11, 18, 19, 20, 21, 52, 55, 35, 38, 42, 45,
};
static const int v2_cols[G__COUNT] = {
	0, 1, 5, 6, 7, 12, 13, 14, 15, 16, 17, 22, 23, 24,
	26, 30, 31, 32, 33, 34, 37, 45, 51, 52, 53, 56, 57, 59, 60,
	8, 9, 10, 11, 18, 19, 20, 21, 54, 58, 35, 38, 43, 46,
};

struct cameo {
	char label[128];
	int quad_class;
};

struct importer {
	const char *file;
	int csv;		/* CSV with a header; "NA" means missing */
	int have_layout;
	int col[G__COUNT];	/* -1 when the file lacks the column */
	size_t ncols;		/* fields every row must have */
	int row_names;		/* CSV rows start with an unnamed index */
	size_t file_rows;	/* data rows of this file so far */
	size_t reported;
	struct strmap fips;	/* FIPS 10-4 -> index into codes */
	struct strmap iso3;	/* ISO alpha-3 -> index into codes */
	char (*codes)[3];	/* alpha-2 codes */
	struct strmap cameo_index;	/* CAMEO code -> index into cameo */
	struct cameo *cameo;
	struct strmap actors;	/* actor id -> pk */
	struct strmap sources;	/* source id -> pk */
	int64_t dataset_pk;
	char now[TIMESTAMP_SIZE];
	size_t in_batch;
	size_t batch_rows;	/* rows a batch holds */
	int bulk;		/* events are indexed for search at the end */
	/* The last actor and source a batch found in the search indexes,
	 * and the last event before it. */
	sqlite3_int64 indexed_actor, indexed_source, before_event;
	struct import_stats *st;
	int failed;		/* the database failed: stop */
	/* PostgreSQL: the batch's rows staged (pg_import.h), their ids. */
	struct pg_stage *stage;
	struct strmap staged;
};

/*
 * A batch: its own write transaction, its summaries kept at its end.
 * PostgreSQL's triggers are off for the transaction alone.
 */
static int begin(struct importer *im)
{
	if (db_write_begin() != 0 ||
	    (db_pg && db_summaries_by_caller(1) != 0) ||
	    summaries_mark() != 0)
		return -1;
	/* Its changes are not listed one by one (the triggers are off):
	 * the copy of the events' columns is read anew (migration 66). */
	if (!db_pg && db_exec(db_conn(), "INSERT INTO event_changes(event)"
			      " VALUES (NULL)") != 0)
		return -1;
	im->before_event = db_int("SELECT ifnull(max(pk), 0) FROM events");
	im->indexed_actor = db_int("SELECT ifnull(max(pk), 0) FROM actors");
	im->indexed_source = db_int("SELECT ifnull(max(pk), 0)"
				     " FROM sources");
	return im->before_event < 0 || im->indexed_actor < 0 ||
	       im->indexed_source < 0 ? -1 : 0;
}

static int commit(void)
{
	if (db_pg && db_summaries_by_caller(0) != 0)
		return -1;
	return db_write_commit();
}

/* Runs a statement of one parameter, bound to n. */
static int run_after(const char *sql, sqlite3_int64 n)
{
	dbs *st = db_stmt(sql);
	int rc;

	if (!st)
		return -1;
	dbs_bind_int64(st, 1, n);
	rc = dbs_step(st);
	db_done(st);
	return rc == SQLITE_DONE ? 0 : -1;
}

/*
 * PostgreSQL: the batch's staged rows written (pg_import.h), its events
 * counted, and its new events put up for the search index.
 */
static int write_stage(struct importer *im)
{
	size_t staged = pg_stage_events(im->stage), written;
	dbs *st;
	int rc;

	strmap_free(&im->staged);
	if (pg_stage_write(im->stage, db_pg_primary(), im->now,
			   (long long)im->dataset_pk, &written) != 0)
		return -1;
	im->st->imported += written;
	im->st->unchanged += staged - written;
	st = db_stmt("INSERT INTO import_search(key, title) SELECT "
		     EVENT_KEY("n.date_start", "n.pk") ", e.title"
		     " FROM temp.stage_new n JOIN events e ON e.pk = n.pk");
	if (!st)
		return -1;
	rc = dbs_step(st);
	db_done(st);
	return rc == SQLITE_DONE ? 0 : -1;
}

/*
 * The tombstones of the batch's new records of a kind (pk past ?1): ones
 * deleted here before and imported again are not deleted now, as a
 * write's create forgets them. Read from the tombstones, mostly none.
 */
#define FORGET(kind, table) "DELETE FROM deletions WHERE kind = '" kind "'" \
	" AND EXISTS (SELECT 1 FROM " table " r WHERE r.id = deletions.id" \
	" AND r.pk > ?1)"

/*
 * The batch's new actors and sources go into their search indexes at its
 * end, in one statement each: written a row at a time, FTS5 wrote its
 * pending rows out as a new segment at the savepoint of every later
 * statement of the batch.
 *
 * Outside a bulk load, the batch's events go into the search index in key
 * order (the table below is keyed so): FTS5 keeps rows written in
 * ascending rowid order in memory until the commit, but writes a new
 * segment whenever a rowid is lower than the last one, which events in
 * file order (dates mixed) would make of nearly every row.
 */
static int index_batch(struct importer *im)
{
	if ((db_pg && write_stage(im) != 0) ||
	    summaries_catch_up(im->bulk) != 0 ||
	    run_after(FORGET("event", "events"), im->before_event) != 0 ||
	    run_after(FORGET("actor", "actors"), im->indexed_actor) != 0 ||
	    run_after(FORGET("source", "sources"), im->indexed_source) != 0 ||
	    run_after(SEARCH_ACTORS_INSERT SEARCH_ACTOR_TEXT
		      " WHERE a.pk > ?1", im->indexed_actor) != 0 ||
	    run_after(SEARCH_SOURCES_INSERT SEARCH_SOURCE_TEXT
		      " WHERE pk > ?1", im->indexed_source) != 0)
		return -1;
	return db_exec(db_conn(), SEARCH_EVENTS_INSERT "SELECT key, title,"
		       " NULL, '', " SEARCH_EVENT_PARTICIPANTS(EVENT_KEY_PK(
		       "key")) " FROM import_search;"
		       "DELETE FROM import_search");
}

/* A field's value, or NULL when it is empty or missing ("NA" in CSV). */
static const char *field(struct importer *im, char **f, enum gcol c)
{
	const char *v;

	if (im->col[c] < 0)
		return NULL;
	v = f[im->col[c]];
	if (!*v || (im->csv && strcmp(v, "NA") == 0))
		return NULL;
	return v;
}

static void skip(struct importer *im, size_t line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void skip(struct importer *im, size_t line, const char *fmt, ...)
{
	va_list ap;

	im->st->skipped++;
	if (im->reported++ < MAX_REPORTED) {
		fprintf(stderr, "%s:%zu: skipped: ", im->file, line);
		va_start(ap, fmt);
		vfprintf(stderr, fmt, ap);
		va_end(ap);
		fputc('\n', stderr);
	} else if (im->reported == MAX_REPORTED + 1) {
		fprintf(stderr, "%s: further malformed rows are counted, not "
			"listed\n", im->file);
	}
}

/* Parses a number field; 0 when absent (*has = 0), -1 when malformed. */
static int number(const char *v, double lo, double hi, double *out, int *has)
{
	char *end;

	*has = 0;
	if (!v)
		return 0;
	*out = strtod(v, &end);
	if (end == v || *end || !isfinite(*out) || *out < lo || *out > hi)
		return -1;
	*has = 1;
	return 0;
}

/* "UNITED STATES" -> "United States" */
static void title_case(const char *in, char *out, size_t sz)
{
	size_t i;
	int start = 1;

	for (i = 0; in[i] && i + 1 < sz; i++) {
		unsigned char c = (unsigned char)in[i];

		out[i] = (char)(start ? toupper(c) : tolower(c));
		start = !isalnum(c) && c != '\'';
	}
	out[i] = '\0';
}

/* Appends a slug of s (lower-case a-z0-9, single hyphens). */
static void slug_append(struct buf *b, const char *s, size_t max)
{
	size_t start = b->len;

	for (; *s && b->len - start < max; s++) {
		unsigned char c = (unsigned char)*s;

		if (isalnum(c) && c < 0x80)
			buf_putc(b, (char)tolower(c));
		else if (b->len > start && b->ptr[b->len - 1] != '-')
			buf_putc(b, '-');
	}
	while (b->len > start && b->ptr[b->len - 1] == '-')
		b->ptr[--b->len] = '\0';
}

static const char *country_of(struct importer *im, struct strmap *m,
			      const char *code)
{
	int64_t i;

	return code && strmap_get(m, code, &i) ? im->codes[i] : NULL;
}

static int step_done(dbs *st, struct importer *im)
{
	int rc = dbs_step(st);

	db_done(st);
	if (rc != SQLITE_DONE) {
		db_log_error("import");
		im->failed = 1;
		return -1;
	}
	return 0;
}

static void bind_opt(dbs *st, int i, const char *v)
{
	if (v)
		dbs_bind_text(st, i, v, -1, SQLITE_TRANSIENT);
	else
		dbs_bind_null(st, i);
}

static int cite(struct importer *im, const char *table_sql, int64_t pk,
		int position, int64_t source)
{
	dbs *st = db_stmt(table_sql);

	if (!st)
		return -1;
	dbs_bind_int64(st, 1, pk);
	dbs_bind_int(st, 2, position);
	dbs_bind_int64(st, 3, source);
	return step_done(st, im);
}

/*
 * Appends the JSON array of the CAMEO codes given (NULLs left out), each
 * cut to its 3 characters, as JSON (a field may hold anything).
 */
static void code_list(struct buf *out, const char *const *codes, size_t n)
{
	json_t *a = json_array();
	char *text;
	size_t i;

	for (i = 0; i < n; i++) {
		json_t *v = codes[i] ? json_stringn(codes[i],
			strnlen(codes[i], 3)) : NULL;

		if (v)	/* not UTF-8: not a code */
			json_array_append_new(a, v);
	}
	text = json_dumps(a, JSON_COMPACT);
	buf_puts(out, text ? text : "[]");
	free(text);
	json_decref(a);
}

/*
 * GDELT geocodes a mention of "Georgia" as the country (FIPS GG, at
 * country resolution) also when the row places an actor in the US state
 * (ADM1 USGA) and none in a Georgian town or region: 10% of the real rows
 * under ../shared/data (2,067 of 20,979), about Atlanta, Savannah or
 * Kennesaw State. Such an action is the state's.
 */
static int georgia_is_the_state(struct importer *im, char **f)
{
	const char *type = field(im, f, G_GEO_TYPE);
	const char *cc = field(im, f, G_GEO_COUNTRY);
	const enum gcol actors[][3] = {
		{ G_A1GEO_TYPE, G_A1GEO_COUNTRY, G_A1GEO_ADM1 },
		{ G_A2GEO_TYPE, G_A2GEO_COUNTRY, G_A2GEO_ADM1 },
	};
	int state = 0;
	size_t i;

	if (!type || strcmp(type, "1") != 0 || !cc || strcmp(cc, "GG") != 0)
		return 0;
	for (i = 0; i < 2; i++) {
		const char *t = field(im, f, actors[i][0]);
		const char *c = field(im, f, actors[i][1]);
		const char *adm1 = field(im, f, actors[i][2]);

		if (adm1 && strcmp(adm1, "USGA") == 0)
			state = 1;
		else if (c && strcmp(c, "GG") == 0 && t && strcmp(t, "1") != 0)
			return 0;	/* a Georgian town or region */
	}
	return state;
}

/*
 * Whether a GDELT actor is a named person. CAMEO's dictionaries code a
 * person by country and role (GEOGOV "MIKHEIL SAAKASHVILI", USAELI
 * "GEORGE W. BUSH"); a group or office has a role and no country (COP
 * "POLICE CHIEF"), a place a country and no role (USA "MINNEAPOLIS"), a
 * firm or outlet its own type (USAMED, MNCUSA). So: a code that is the
 * actor's country followed by a role a person holds, and a name of two to
 * four words with no "of" and no word that names an office or a group
 * ("US OFFICIAL", "AMERICAN TROOPS"), that does not start with "The",
 * "US" or "New", and is not a US state GDELT files under a role (USAMIL
 * "RHODE ISLAND"). On the real rows in tests/fixtures and the reference
 * data it finds every named person and one demonym ("SRI LANKAN").
 */
static int is_person(const char *code, const char *cameo_country,
		     const char *name, const char *first_type)
{
	static const char *const roles[] = { "GOV", "ELI", "MIL", "LEG",
		"JUD", "OPP", "REB", "COP", "SPY" };
	static const char *const states[] = { "NEW HAMPSHIRE", "NEW JERSEY",
		"NEW MEXICO", "NEW YORK", "NORTH CAROLINA", "NORTH DAKOTA",
		"RHODE ISLAND", "SOUTH CAROLINA", "SOUTH DAKOTA",
		"WEST VIRGINIA", "DISTRICT OF COLUMBIA" };
	static const char *const offices[] = { "OF", "OFFICIAL",
		"OFFICIALS", "AMBASSADOR", "MINISTER", "PRESIDENT", "LEADER",
		"GOVERNMENT", "TROOPS", "SOLDIERS", "FORCES", "KLAN" };
	static const char *const starts[] = { "THE ", "US ", "NEW " };
	size_t i, words = 1;
	int role = 0;
	const char *w;

	if (!code || !cameo_country || !name || !first_type ||
	    strncmp(code, cameo_country, 3) != 0 || strlen(code) < 6)
		return 0;
	for (i = 0; i < sizeof(starts) / sizeof(starts[0]); i++) {
		if (strncasecmp(name, starts[i], strlen(starts[i])) == 0)
			return 0;
	}
	for (w = name; *w; w += strcspn(w, " "), w += strspn(w, " ")) {
		size_t len = strcspn(w, " ");

		for (i = 0; i < sizeof(offices) / sizeof(offices[0]); i++) {
			if (len == strlen(offices[i]) &&
			    strncasecmp(w, offices[i], len) == 0)
				return 0;
		}
	}
	for (i = 0; i < sizeof(roles) / sizeof(roles[0]); i++)
		role |= strcmp(first_type, roles[i]) == 0;
	for (i = 0; i < sizeof(states) / sizeof(states[0]); i++) {
		if (strcasecmp(name, states[i]) == 0)
			return 0;
	}
	for (i = 0; name[i]; i++) {
		if (name[i] == ' ')
			words++;
		else if (!isalpha((unsigned char)name[i]) &&
			 !strchr(".-'", name[i]))
			return 0;
	}
	return role && words >= 2 && words <= 4;
}

/* An actor as a row names it: its id, and its columns were it new. */
struct actor_row {
	struct buf id, types, religions;
	char name[256];
	const char *kind, *country, *code, *cameo_country, *group, *ethnic;
};

static void actor_row_free(struct actor_row *a)
{
	buf_free(&a->id);
	buf_free(&a->types);
	buf_free(&a->religions);
}

/*
 * The id of the actor a row names in the columns from code_col into
 * a->id: 1, or 0 when it names none.
 */
static int actor_id(struct importer *im, char **f, enum gcol code_col,
		    struct actor_row *a)
{
	const char *name = field(im, f, code_col + 1);

	a->code = field(im, f, code_col);
	a->cameo_country = field(im, f, code_col + 2);
	if (!a->code && !name)
		return 0;
	/*
	 * One actor per name and CAMEO country: GDELT codes the same actor
	 * differently from row to row ("UNITED STATES" as USA and as
	 * USAGOV); the first code seen is kept. An unnamed one goes by its
	 * code.
	 */
	buf_puts(&a->id, "gdelt-actor-");
	if (a->cameo_country) {
		slug_append(&a->id, a->cameo_country, 3);
		buf_putc(&a->id, '-');
	}
	if (name)
		slug_append(&a->id, name, 80);
	else
		slug_append(&a->id, a->code, 40);
	/*
	 * A name of no Latin letters (习近平) left the id ending in '-':
	 * the name's own slug then (a hash of it, slug.h), else its code,
	 * so that the id is one a write and a restore take.
	 */
	if (a->id.ptr[a->id.len - 1] == '-') {
		char own[128];

		if (name && slug_derive(name, own, sizeof(own)))
			buf_puts(&a->id, own);
		else if (a->code)
			slug_append(&a->id, a->code, 40);
		while (a->id.ptr[a->id.len - 1] == '-')
			a->id.ptr[--a->id.len] = '\0';
	}
	return 1;
}

/* The columns of the actor actor_id() found, were it new. */
static void actor_columns(struct importer *im, char **f, enum gcol code_col,
			  struct actor_row *a)
{
	const char *name = field(im, f, code_col + 1);
	const char *types[3] = { field(im, f, code_col + 3),
				 field(im, f, code_col + 4),
				 field(im, f, code_col + 5) };
	/* Known group, ethnic, religion 1 and 2 codes. */
	enum gcol g = code_col == G_A1CODE ? G_A1GROUP : G_A2GROUP;
	const char *group[4] = { field(im, f, g), field(im, f, g + 1),
				 field(im, f, g + 2), field(im, f, g + 3) };
	int i;

	/*
	 * What kind of actor the CAMEO type codes say it is: the first one
	 * says what it is, the others qualify it (GOV then MED is a state's
	 * media body, a government one).
	 */
	a->kind = "organization";
	code_list(&a->types, types, 3);
	for (i = 0; i < 3 && !types[i]; i++)
		;
	if (i < 3) {
		const char *t = types[i];

		if (!strcmp(t, "GOV") || !strcmp(t, "MIL") ||
		    !strcmp(t, "JUD") || !strcmp(t, "LEG") ||
		    !strcmp(t, "SPY") || !strcmp(t, "COP"))
			a->kind = "government";
		else if (!strcmp(t, "BUS") || !strcmp(t, "MNC"))
			a->kind = "company";
		else if (!strcmp(t, "MED"))
			a->kind = "media";
	}
	a->country = country_of(im, &im->iso3, a->cameo_country);
	if (a->types.len == 2 && a->code && strlen(a->code) == 3 &&
	    country_of(im, &im->iso3, a->code))
		a->kind = "government";	/* a bare country code: its state */
	if (i < 3 && is_person(a->code, a->cameo_country, name, types[i]))
		a->kind = "person";
	title_case(name ? name : a->code, a->name, sizeof(a->name));
	a->group = group[0];
	a->ethnic = group[1];
	code_list(&a->religions, group + 2, 2);
}

/* The pk of the actor a row names, created on first sight; 0 for none. */
static int64_t actor(struct importer *im, char **f, enum gcol code_col)
{
	struct actor_row a = { 0 };
	dbs *st;
	int64_t pk = 0;

	if (!actor_id(im, f, code_col, &a) ||
	    strmap_get(&im->actors, buf_str(&a.id), &pk))
		goto out;
	st = db_stmt("SELECT pk FROM actors WHERE id = ?");
	if (!st)
		goto fail;
	dbs_bind_text(st, 1, buf_str(&a.id), -1, SQLITE_TRANSIENT);
	if (dbs_step(st) == SQLITE_ROW)
		pk = dbs_column_int64(st, 0);
	db_done(st);
	if (pk) {
		strmap_put(&im->actors, buf_str(&a.id), pk);
		goto out;
	}
	actor_columns(im, f, code_col, &a);
	st = db_stmt("INSERT INTO actors(id, name, kind, country, cameo_code,"
		     " cameo_country, cameo_types, updated_at,"
		     " cameo_known_group, cameo_ethnic, cameo_religions)"
		     " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)");
	if (!st)
		goto fail;
	dbs_bind_text(st, 1, buf_str(&a.id), -1, SQLITE_TRANSIENT);
	dbs_bind_text(st, 2, a.name, -1, SQLITE_TRANSIENT);
	dbs_bind_text(st, 3, a.kind, -1, SQLITE_STATIC);
	bind_opt(st, 4, a.country);
	bind_opt(st, 5, a.code);
	bind_opt(st, 6, a.cameo_country);
	dbs_bind_text(st, 7, buf_str(&a.types), -1, SQLITE_TRANSIENT);
	dbs_bind_text(st, 8, im->now, -1, SQLITE_STATIC);
	bind_opt(st, 9, a.group);
	bind_opt(st, 10, a.ethnic);
	dbs_bind_text(st, 11, buf_str(&a.religions), -1, SQLITE_TRANSIENT);
	if (step_done(st, im) != 0)
		goto fail;
	pk = db_last_insert_rowid();
	if (cite(im, "INSERT INTO actor_citations(actor, position, source,"
		 " quote) VALUES (?, ?, ?, '')", pk, 0, im->dataset_pk) != 0)
		goto fail;
	strmap_put(&im->actors, buf_str(&a.id), pk);
out:
	actor_row_free(&a);
	return pk;
fail:
	im->failed = 1;
	pk = -1;
	goto out;
}

/* The source of an article, as its URL and the row's DATEADDED give it. */
struct article {
	char id[40], published[11], host[200];
	const char *title;	/* the URL past its scheme */
};

/* The id of the source for url, and its columns were it new. */
static void article_of(const char *url, const char *added, struct article *a)
{
	unsigned char h[8];
	char hex[17];
	struct date_range day;
	const char *q;

	crypto_generichash(h, sizeof(h), (const unsigned char *)url,
			   strlen(url), NULL, 0);
	sodium_bin2hex(hex, sizeof(hex), h, sizeof(h));
	snprintf(a->id, sizeof(a->id), "gdelt-url-%s", hex);
	a->published[0] = '\0';
	if (added && strlen(added) >= 8) {
		snprintf(a->published, sizeof(a->published),
			 "%.4s-%.2s-%.2s", added, added + 4, added + 6);
		if (date_parse(a->published, &day) != 0)
			a->published[0] = '\0';
	}
	a->title = strstr(url, "://");
	a->title = a->title ? a->title + 3 : url;
	q = strchr(a->title, '/');
	snprintf(a->host, sizeof(a->host), "%.*s",
		 (int)(q ? q - a->title : (long)strlen(a->title)), a->title);
}

/* The pk of the source for an article URL, created on first sight. */
static int64_t url_source(struct importer *im, const char *url,
			  const char *added)
{
	struct article a;
	dbs *st;
	int64_t pk = 0;

	article_of(url, added, &a);
	if (strmap_get(&im->sources, a.id, &pk))
		return pk;
	st = db_stmt("SELECT pk FROM sources WHERE id = ?");
	if (!st)
		return -1;
	dbs_bind_text(st, 1, a.id, -1, SQLITE_TRANSIENT);
	if (dbs_step(st) == SQLITE_ROW)
		pk = dbs_column_int64(st, 0);
	db_done(st);
	if (pk) {
		strmap_put(&im->sources, a.id, pk);
		return pk;
	}
	st = db_stmt("INSERT INTO sources(id, title, publisher, published,"
		     " url, kind, updated_at)"
		     " VALUES (?, substr(?, 1, 500), ?, ?, ?, 'article', ?)");
	if (!st)
		return -1;
	dbs_bind_text(st, 1, a.id, -1, SQLITE_TRANSIENT);
	dbs_bind_text(st, 2, a.title, -1, SQLITE_TRANSIENT);
	bind_opt(st, 3, a.host[0] ? a.host : NULL);
	dbs_bind_text(st, 4, a.published, -1, SQLITE_TRANSIENT);
	dbs_bind_text(st, 5, url, -1, SQLITE_TRANSIENT);
	dbs_bind_text(st, 6, im->now, -1, SQLITE_STATIC);
	if (step_done(st, im) != 0)
		return -1;
	pk = db_last_insert_rowid();
	strmap_put(&im->sources, a.id, pk);
	return pk;
}

static int event_country(struct importer *im, int64_t pk, const char *code)
{
	dbs *st;

	if (!code)
		return 0;
	st = db_stmt("INSERT OR IGNORE INTO event_countries(event, country,"
		     " date_start) VALUES (?1, ?2, (SELECT date_start"
		     " FROM events WHERE pk = ?1))");
	if (!st)
		return -1;
	dbs_bind_int64(st, 1, pk);
	dbs_bind_text(st, 2, code, -1, SQLITE_STATIC);
	return step_done(st, im);
}

static int participant(struct importer *im, int64_t event, int position,
		       int64_t actor_pk, const char *role)
{
	dbs *st;

	if (actor_pk <= 0)
		return actor_pk < 0 ? -1 : 0;
	st = db_stmt("INSERT INTO participants(event, position, actor, role,"
		     " date_start) VALUES (?1, ?2, ?3, ?4, (SELECT date_start"
		     " FROM events WHERE pk = ?1))");
	if (!st)
		return -1;
	dbs_bind_int64(st, 1, event);
	dbs_bind_int(st, 2, position);
	dbs_bind_int64(st, 3, actor_pk);
	dbs_bind_text(st, 4, role, -1, SQLITE_STATIC);
	return step_done(st, im);
}

/* Sets the column layout from the first row of a file. */
static int layout(struct importer *im, char **f, size_t n)
{
	const int *pos = NULL;
	int i;

	if (im->csv) {
		for (i = 0; i < G__COUNT; i++)
			im->col[i] = tabular_column(f, n, gnames[i]);
		if (im->col[G_ID] < 0 || im->col[G_DATE] < 0 ||
		    im->col[G_CODE] < 0) {
			fprintf(stderr, "%s: the header lacks GLOBALEVENTID, "
				"SQLDATE or EventCode\n", im->file);
			return -1;
		}
		im->ncols = n;
		return 0;
	}
	if (n == 57 || n == 58)
		pos = v1_cols;
	else if (n == 61)
		pos = v2_cols;
	if (!pos) {
		fprintf(stderr, "%s: %zu tab-separated columns; GDELT files "
			"have 57, 58 (1.0) or 61 (2.0)\n", im->file, n);
		return -1;
	}
	for (i = 0; i < G__COUNT; i++)
		im->col[i] = pos[i] < (int)n ? pos[i] : -1;
	im->ncols = n;
	return 1;	/* the first row is data */
}

/* An event as its row gives it, checked (event_of()). */
struct event_row {
	char id[40], date[11], title[700];
	const char *code, *country, *place, *adm1, *feature;
	const struct cameo *type;
	double gold, tone, mentions, sources, articles, lat, lon;
	int has_gold, has_tone, has_m, has_s, has_a, has_point;
	int place_type;		/* 0 for none */
};

/*
 * The event of a row of the file's layout, into *e: 1, or 0 when the row
 * is malformed (reported).
 */
static int event_of(struct importer *im, char **f, size_t line,
		    struct event_row *e)
{
	const char *gid, *sqldate, *geo_type;
	int state, has_lat, has_lon, resolution;
	char a1[256], a2[256];
	struct date_range day;
	int64_t idx;

	gid = field(im, f, G_ID);
	sqldate = field(im, f, G_DATE);
	e->code = field(im, f, G_CODE);
	if (!gid || strlen(gid) > 19 || strspn(gid, "0123456789") !=
	    strlen(gid)) {
		skip(im, line, "GLOBALEVENTID '%.40s' is not a number",
		     gid ? gid : "");
		return 0;
	}
	if (!sqldate || strlen(sqldate) != 8 ||
	    strspn(sqldate, "0123456789") != 8) {
		skip(im, line, "SQLDATE '%.40s' is not YYYYMMDD",
		     sqldate ? sqldate : "");
		return 0;
	}
	snprintf(e->date, sizeof(e->date), "%.4s-%.2s-%.2s", sqldate,
		 sqldate + 4, sqldate + 6);
	if (date_parse(e->date, &day) != 0) {
		skip(im, line, "SQLDATE '%s' is not a calendar date", sqldate);
		return 0;
	}
	if (!e->code || !strmap_get(&im->cameo_index, e->code, &idx)) {
		skip(im, line, "EventCode '%.40s' is not a CAMEO code",
		     e->code ? e->code : "");
		return 0;
	}
	e->type = &im->cameo[idx];
	if (number(field(im, f, G_GOLDSTEIN), -10, 10, &e->gold,
		   &e->has_gold) ||
	    number(field(im, f, G_TONE), -100, 100, &e->tone, &e->has_tone) ||
	    number(field(im, f, G_MENTIONS), 0, 1e15, &e->mentions,
		   &e->has_m) ||
	    number(field(im, f, G_SOURCES), 0, 1e15, &e->sources,
		   &e->has_s) ||
	    number(field(im, f, G_ARTICLES), 0, 1e15, &e->articles,
		   &e->has_a) ||
	    number(field(im, f, G_GEO_LAT), -90, 90, &e->lat, &has_lat) ||
	    number(field(im, f, G_GEO_LON), -180, 180, &e->lon, &has_lon)) {
		skip(im, line, "%s", "a numeric field is malformed or out "
		     "of range");
		return 0;
	}
	geo_type = field(im, f, G_GEO_TYPE);
	if (!geo_type || strcmp(geo_type, "0") == 0)
		has_lat = has_lon = 0;	/* GDELT writes 0,0 for no place */

	snprintf(e->id, sizeof(e->id), "gdelt-%s", gid);
	a1[0] = a2[0] = '\0';
	if (field(im, f, G_A1NAME))
		title_case(field(im, f, G_A1NAME), a1, sizeof(a1));
	if (field(im, f, G_A2NAME))
		title_case(field(im, f, G_A2NAME), a2, sizeof(a2));
	snprintf(e->title, sizeof(e->title), "%s%s%s%s%s", a1,
		 a1[0] && a2[0] ? " \xE2\x80\x93 " : "", a2,
		 a1[0] || a2[0] ? ": " : "", e->type->label);
	/* As a write would store it: a CAMEO label has a double space. */
	text_tidy(e->title, strlen(e->title), e->title);
	/* Filed under the US state: its name, no coordinates (GDELT gave the
	 * country's centre). */
	state = georgia_is_the_state(im, f);
	if (state)
		has_lat = has_lon = 0;
	e->country = country_of(im, &im->fips, state ? "US" :
				field(im, f, G_GEO_COUNTRY));
	e->has_point = has_lat && has_lon;
	e->place = state ? "Georgia, United States" :
		   has_lat || has_lon ? field(im, f, G_GEO_NAME) : NULL;
	/* The place's resolution (1-5), ADM1 code and feature id. */
	resolution = has_lat || has_lon ? atoi(geo_type) : 0;
	e->adm1 = e->feature = NULL;
	e->place_type = 0;
	if (state) {
		e->place_type = 2;	/* a US state */
		e->adm1 = "USGA";
	} else if (resolution >= 1 && resolution <= 5) {
		e->place_type = resolution;
		e->adm1 = field(im, f, G_GEO_ADM1);
		e->feature = field(im, f, G_GEO_FEATURE);
	}
	return 1;
}

/* The countries an event involves, as many as 5 (NULL for none). */
static void involved(struct importer *im, char **f,
		     const struct event_row *e, const char *out[5])
{
	out[0] = e->country;
	out[1] = country_of(im, &im->iso3, field(im, f, G_A1COUNTRY));
	out[2] = country_of(im, &im->iso3, field(im, f, G_A2COUNTRY));
	out[3] = country_of(im, &im->fips, field(im, f, G_A1GEO_COUNTRY));
	out[4] = country_of(im, &im->fips, field(im, f, G_A2GEO_COUNTRY));
}

/* The article a row cites, NULL for none (not an http(s) URL). */
static const char *article_url(struct importer *im, char **f)
{
	const char *url = field(im, f, G_URL);

	return url && (strncmp(url, "http://", 7) == 0 ||
		       strncmp(url, "https://", 8) == 0) ? url : NULL;
}

/*
 * Writes event e and what it links to (SQLite): 1, 0 when its id is
 * stored already, -1 when the database failed.
 */
static int insert_event(struct importer *im, char **f,
			const struct event_row *e)
{
	const char *countries[5], *url;
	int64_t pk, a1pk, a2pk, src;
	dbs *st;
	size_t i;

	st = db_stmt("INSERT OR IGNORE INTO events(id, title, summary, date,"
		     " date_precision, date_start, date_end, type_code,"
		     " quad_class, country, goldstein, num_mentions,"
		     " num_sources, num_articles, avg_tone, location_name,"
		     " lat, lon, updated_at, location_type, location_adm1,"
		     " location_feature) VALUES (?1, ?2, NULL, ?3, 'day',"
		     " ?3, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14,"
		     " ?15, ?16, ?17, ?18)");
	if (!st)
		return -1;
	dbs_bind_text(st, 1, e->id, -1, SQLITE_TRANSIENT);
	dbs_bind_text(st, 2, e->title, -1, SQLITE_TRANSIENT);
	dbs_bind_text(st, 3, e->date, -1, SQLITE_TRANSIENT);
	dbs_bind_text(st, 4, e->code, -1, SQLITE_TRANSIENT);
	dbs_bind_int(st, 5, e->type->quad_class);
	bind_opt(st, 6, e->country);
	if (e->has_gold)
		dbs_bind_double(st, 7, e->gold);
	if (e->has_m)
		dbs_bind_int64(st, 8, (sqlite3_int64)e->mentions);
	if (e->has_s)
		dbs_bind_int64(st, 9, (sqlite3_int64)e->sources);
	if (e->has_a)
		dbs_bind_int64(st, 10, (sqlite3_int64)e->articles);
	if (e->has_tone)
		dbs_bind_double(st, 11, e->tone);
	bind_opt(st, 12, e->place);
	if (e->has_point) {
		dbs_bind_double(st, 13, e->lat);
		dbs_bind_double(st, 14, e->lon);
	}
	dbs_bind_text(st, 15, im->now, -1, SQLITE_STATIC);
	if (e->place_type)
		dbs_bind_int(st, 16, e->place_type);
	bind_opt(st, 17, e->adm1);
	bind_opt(st, 18, e->feature);
	if (step_done(st, im) != 0)
		return -1;
	if (db_changes() == 0) {
		im->st->unchanged++;
		return 0;
	}
	pk = db_last_insert_rowid();

	a1pk = actor(im, f, G_A1CODE);
	a2pk = actor(im, f, G_A2CODE);
	if (participant(im, pk, 0, a1pk, "initiator") != 0 ||
	    participant(im, pk, 1, a2pk, "target") != 0)
		return -1;
	involved(im, f, e, countries);
	for (i = 0; i < 5; i++) {
		if (event_country(im, pk, countries[i]) != 0)
			return -1;
	}
	if (cite(im, "INSERT INTO event_citations(event, position, source,"
		 " quote) VALUES (?, ?, ?, '')", pk, 0, im->dataset_pk) != 0)
		return -1;
	if ((url = article_url(im, f))) {
		src = url_source(im, url, field(im, f, G_ADDED));
		if (src < 0 || cite(im, "INSERT INTO event_citations(event,"
				    " position, source, quote)"
				    " VALUES (?, ?, ?, '')", pk, 1, src) != 0)
			return -1;
	}
	/* Indexed for search at the end of the batch (index_batch), or
	 * of a bulk load (defer_search). */
	if (!im->bulk) {
		st = db_stmt("INSERT INTO import_search(key, title)"
			     " SELECT " EVENT_KEY("date_start", "pk") ", ?2"
			     " FROM events WHERE pk = ?1");
		if (!st)
			return -1;
		dbs_bind_int64(st, 1, pk);
		dbs_bind_text(st, 2, e->title, -1, SQLITE_TRANSIENT);
		if (step_done(st, im) != 0)
			return -1;
	}
	im->st->imported++;
	return 1;
}

/* Stages an actor a row names as a participant (PostgreSQL). */
static void stage_participant(struct importer *im, char **f,
			      enum gcol code_col, const char *position,
			      const char *role)
{
	struct actor_row a = { 0 };

	if (actor_id(im, f, code_col, &a)) {
		const char *v[SP__COUNT];

		actor_columns(im, f, code_col, &a);
		v[SP_POSITION] = position;
		v[SP_ROLE] = role;
		v[SP_ID] = buf_str(&a.id);
		v[SP_NAME] = a.name;
		v[SP_KIND] = a.kind;
		v[SP_COUNTRY] = a.country;
		v[SP_CODE] = a.code;
		v[SP_CAMEO_COUNTRY] = a.cameo_country;
		v[SP_TYPES] = buf_str(&a.types);
		v[SP_GROUP] = a.group;
		v[SP_ETHNIC] = a.ethnic;
		v[SP_RELIGIONS] = buf_str(&a.religions);
		pg_stage_participant(im->stage, v);
	}
	actor_row_free(&a);
}

/*
 * Stages event e and what it links to (PostgreSQL), written at the end of
 * the batch (pg_import.h): 1, 0 when the batch has its id already.
 */
static int stage_event(struct importer *im, char **f,
		       const struct event_row *e)
{
	char quad[12], gold[32], tone[32], m[24], s[24], a[24], lat[32];
	char lon[32], place_type[12];
	const char *v[SE__COUNT], *countries[5], *url;
	int64_t seen;
	size_t i;

	if (strmap_get(&im->staged, e->id, &seen)) {
		im->st->unchanged++;
		return 0;
	}
	strmap_put(&im->staged, e->id, 1);
	snprintf(quad, sizeof(quad), "%d", e->type->quad_class);
	snprintf(gold, sizeof(gold), "%.17g", e->gold);
	snprintf(tone, sizeof(tone), "%.17g", e->tone);
	snprintf(m, sizeof(m), "%lld", (long long)e->mentions);
	snprintf(s, sizeof(s), "%lld", (long long)e->sources);
	snprintf(a, sizeof(a), "%lld", (long long)e->articles);
	snprintf(lat, sizeof(lat), "%.17g", e->lat);
	snprintf(lon, sizeof(lon), "%.17g", e->lon);
	snprintf(place_type, sizeof(place_type), "%d", e->place_type);
	v[SE_ID] = e->id;
	v[SE_TITLE] = e->title;
	v[SE_DATE] = e->date;
	v[SE_TYPE] = e->code;
	v[SE_QUAD] = quad;
	v[SE_COUNTRY] = e->country;
	v[SE_GOLDSTEIN] = e->has_gold ? gold : NULL;
	v[SE_MENTIONS] = e->has_m ? m : NULL;
	v[SE_SOURCES] = e->has_s ? s : NULL;
	v[SE_ARTICLES] = e->has_a ? a : NULL;
	v[SE_TONE] = e->has_tone ? tone : NULL;
	v[SE_PLACE] = e->place;
	v[SE_LAT] = e->has_point ? lat : NULL;
	v[SE_LON] = e->has_point ? lon : NULL;
	v[SE_PLACE_TYPE] = e->place_type ? place_type : NULL;
	v[SE_ADM1] = e->adm1;
	v[SE_FEATURE] = e->feature;
	pg_stage_event(im->stage, v);
	stage_participant(im, f, G_A1CODE, "0", "initiator");
	stage_participant(im, f, G_A2CODE, "1", "target");
	involved(im, f, e, countries);
	for (i = 0; i < 5; i++) {
		if (countries[i])
			pg_stage_country(im->stage, countries[i]);
	}
	if ((url = article_url(im, f))) {
		struct article art;
		const char *w[SA__COUNT];

		article_of(url, field(im, f, G_ADDED), &art);
		w[SA_ID] = art.id;
		w[SA_TITLE] = art.title;
		w[SA_PUBLISHER] = art.host[0] ? art.host : NULL;
		w[SA_PUBLISHED] = art.published;
		w[SA_URL] = url;
		pg_stage_article(im->stage, w);
	}
	return 1;
}

/*
 * The row's names as a write would store them (text.h), in place: GDELT's
 * hold runs of spaces at times, and a restore of an export stores them so.
 */
static void tidy_names(struct importer *im, char **f)
{
	static const enum gcol named[] = { G_A1NAME, G_A2NAME, G_GEO_NAME };
	size_t i;

	for (i = 0; i < sizeof(named) / sizeof(named[0]); i++) {
		if (im->col[named[i]] >= 0) {
			char *v = f[im->col[named[i]]];

			text_tidy(v, strlen(v), v);
		}
	}
}

static int import_row(char **f, size_t n, size_t line, void *ud)
{
	struct importer *im = ud;
	struct event_row e;
	int rc;

	if (!im->have_layout) {
		rc = layout(im, f, n);
		if (rc < 0)
			return -1;
		im->have_layout = 1;
		if (rc == 0)
			return 0;	/* a header row */
	}
	im->st->read++;
	/*
	 * R's write.csv/write.table and pandas' to_csv can write the row
	 * names (the index) as a first field the header does not name: when
	 * the first data row has one field more than the header, every row
	 * does, and that field is not data (R and pandas read it back so).
	 */
	if (im->csv && im->file_rows++ == 0 && n == im->ncols + 1)
		im->row_names = 1;
	if (im->row_names && n == im->ncols + 1) {
		f++;
		n--;
	}
	if (n != im->ncols) {
		skip(im, line, "%zu fields, expected %zu", n, im->ncols);
		return 0;
	}
	tidy_names(im, f);
	if (event_of(im, f, line, &e) == 0)
		return 0;
	rc = db_pg ? stage_event(im, f, &e) : insert_event(im, f, &e);
	if (rc < 0)
		im->failed = 1;	/* the database's error, not the file's */
	if (rc <= 0)
		return rc;
	if (++im->in_batch == im->batch_rows) {
		im->in_batch = 0;
		if (index_batch(im) != 0 || commit() != 0 || begin(im) != 0) {
			im->failed = 1;	/* the database's error, not the file's */
			return -1;
		}
		if (isatty(STDERR_FILENO))
			fprintf(stderr, "\r%s: %zu rows read, %zu imported",
				im->file, im->st->read, im->st->imported);
	}
	return 0;
}

/* Loads the reference lookups and makes sure the dataset source exists. */
static int prepare(struct importer *im)
{
	dbs *st;
	size_t n = 0;

	st = db_stmt("SELECT code, iso3, fips FROM countries ORDER BY pk");
	if (!st)
		return -1;
	im->codes = xcalloc(400, sizeof(*im->codes));
	while (dbs_step(st) == SQLITE_ROW && n < 400) {
		snprintf(im->codes[n], 3, "%s", dbs_column_text(st, 0));
		strmap_put(&im->iso3, (const char *)dbs_column_text(st, 1),
			   (int64_t)n);
		if (dbs_column_type(st, 2) != SQLITE_NULL)
			strmap_put(&im->fips,
				   (const char *)dbs_column_text(st, 2),
				   (int64_t)n);
		n++;
	}
	db_done(st);
	st = db_stmt("SELECT code, label, quad_class FROM event_types");
	if (!st)
		return -1;
	im->cameo = xcalloc(1000, sizeof(*im->cameo));
	n = 0;
	while (dbs_step(st) == SQLITE_ROW && n < 1000) {
		snprintf(im->cameo[n].label, sizeof(im->cameo[n].label), "%s",
			 dbs_column_text(st, 1));
		im->cameo[n].quad_class = dbs_column_int(st, 2);
		strmap_put(&im->cameo_index,
			   (const char *)dbs_column_text(st, 0),
			   (int64_t)n);
		n++;
	}
	db_done(st);
	st = db_stmt("INSERT OR IGNORE INTO sources(id, title, publisher, url,"
		     " kind, updated_at) VALUES ('" DATASET_SOURCE "',"
		     " 'GDELT Event Database', 'The GDELT Project',"
		     " 'https://www.gdeltproject.org/', 'dataset', ?)");
	if (!st)
		return -1;
	dbs_bind_text(st, 1, im->now, -1, SQLITE_STATIC);
	if (step_done(st, im) != 0)
		return -1;
	st = db_stmt("SELECT pk FROM sources WHERE id = '" DATASET_SOURCE "'");
	if (!st)
		return -1;
	if (dbs_step(st) == SQLITE_ROW)
		im->dataset_pk = dbs_column_int64(st, 0);
	db_done(st);
	return im->dataset_pk ? 0 : -1;
}

/* Is the first line of the file a CSV header? Peeks without consuming. */
static int looks_like_csv(const char *path)
{
	char why[128], head[64] = "";
	struct stream *s = stream_open(path, why, sizeof(why));
	ssize_t n;

	if (!s)
		return -1;
	n = stream_read(s, head, sizeof(head) - 1);
	stream_close(s);
	if (n <= 0)
		return 0;
	head[n] = '\0';
	return strncmp(head, "GLOBALEVENTID,", 14) == 0 ||
	       strncmp(head, "\"GLOBALEVENTID\",", 16) == 0 ||
	       strncmp(head, "\xEF\xBB\xBF\"GLOBALEVENTID\"", 18) == 0 ||
	       (strchr(head, ',') && !strchr(head, '\t'));
}

/*
 * Into an empty knowledge base, building the secondary indexes once at the
 * end is several times faster than maintaining them row by row. Their
 * definitions are kept in meta in the same transaction as the drop, and
 * db_setup() restores any still pending, so an interrupted import never
 * leaves the database without them.
 */
/*
 * A bulk load indexes the new events for search once, at the end, in key
 * order (FTS5 then writes few, large segments), with the deferred indexes
 * and, like them, again at the next start if the load was interrupted.
 */
static int defer_search(void)
{
	dbs *st = db_stmt("SELECT ifnull(max(pk), 0) FROM events");
	sqlite3_int64 last = 0;
	char sql[1024];
	int rc;

	if (!st)
		return -1;
	if (dbs_step(st) == SQLITE_ROW)
		last = dbs_column_int64(st, 0);
	db_done(st);
	snprintf(sql, sizeof(sql), SEARCH_EVENTS_INSERT "SELECT "
		 EVENT_KEY("date_start", "pk") " AS key, title, NULL, '', "
		 SEARCH_EVENT_PARTICIPANTS("events.pk") " FROM events"
		 " WHERE pk > %lld ORDER BY key", (long long)last);
	st = db_stmt("UPDATE meta SET value = json_insert(value, '$[#]', ?1,"
		     " '$[#]', ?2) WHERE key = 'pending_indexes'");
	if (!st)
		return -1;
	dbs_bind_text(st, 1, sql, -1, SQLITE_TRANSIENT);
	/* The new events' titles for type-ahead too, in one pass. */
	summaries_titles_sql(last, sql, sizeof(sql));
	dbs_bind_text(st, 2, sql, -1, SQLITE_TRANSIENT);
	rc = dbs_step(st);
	db_done(st);
	return rc == SQLITE_DONE ? 0 : -1;
}

static int defer_indexes(void)
{
	/* Fewer than 1,000 events, told without counting them all. */
	dbs *st = db_stmt("SELECT NOT EXISTS (SELECT 1 FROM events"
				   " LIMIT 1 OFFSET 999)"
				   " AND NOT EXISTS (SELECT 1 FROM meta"
				   " WHERE key = 'pending_indexes')");
	int bulk = 0;

	if (!st)
		return -1;
	if (dbs_step(st) == SQLITE_ROW)
		bulk = dbs_column_int(st, 0);
	db_done(st);
	if (!bulk)
		return 0;
	if (db_exec(db_conn(), "INSERT INTO meta(key, value) SELECT"
		    " 'pending_indexes', json_group_array(sql) FROM sqlite_master"
		    " WHERE type = 'index' AND sql IS NOT NULL AND tbl_name IN"
		    " ('events', 'event_countries', 'participants',"
		    " 'event_citations', 'sources', 'actors')") != 0)
		return -1;
	st = db_stmt("SELECT name FROM sqlite_master WHERE type = 'index'"
		     " AND sql IS NOT NULL AND tbl_name IN ('events',"
		     " 'event_countries', 'participants', 'event_citations',"
		     " 'sources', 'actors')");
	if (!st)
		return -1;
	{
		struct buf drops = BUF_INIT;
		int rc;

		while (dbs_step(st) == SQLITE_ROW)
			buf_printf(&drops, "DROP INDEX \"%s\";",
				   dbs_column_text(st, 0));
		db_done(st);
		rc = db_exec(db_conn(), buf_str(&drops));
		buf_free(&drops);
		if (rc != 0)
			return -1;
	}
	if (defer_search() != 0)
		return -1;
	log_msg(LOG_INFO, "bulk load: secondary indexes are built at the end");
	return 1;
}

/*
 * A SQLite import's settings (the search indexes' for a bulk write among
 * them), its summaries kept per batch by the import (summaries.h), and its
 * first batch begun. Returns 0 or -1.
 */
static int sqlite_session(struct importer *im)
{
	/* A failed import leaves whole batches; rerunning it completes them.
	 * Counts and type-ahead rows are kept once a batch (summaries.h).
	 * The sorts of the indexes built at the end of a bulk load, and of
	 * each batch's summaries, use every core (db_import_session()). */
	if (db_summaries_by_caller(1) != 0 || db_import_session(1) != 0 ||
	    db_exec(db_conn(), "CREATE TEMP TABLE IF NOT EXISTS import_search("
		    "key INTEGER PRIMARY KEY, title TEXT)") != 0 ||
	    db_search_bulk(1) != 0)
		return -1;
	return begin(im);
}

int import_gdelt(char *const *files, size_t nfiles, struct import_stats *st)
{
	struct importer im = { .st = st };
	struct timespec t0, t1;
	size_t i;
	int ret = -1;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	timestamp_now(im.now);
	if (db_pg) {
		im.stage = pg_stage_new();
		if (db_exec(db_conn(), "CREATE TEMP TABLE IF NOT EXISTS"
			    " import_search(key bigint PRIMARY KEY,"
			    " title text)") != 0 || begin(&im) != 0)
			return -1;
	} else if (sqlite_session(&im) != 0) {
		db_import_session(0);
		db_summaries_by_caller(0);
		db_search_bulk(0);
		return -1;
	}
	if (prepare(&im) != 0 || (!db_pg && (im.bulk = defer_indexes()) < 0))
		goto out;
	im.batch_rows = db_pg ? PG_BATCH_ROWS : im.bulk ? BULK_BATCH_ROWS :
			BATCH_ROWS;
	for (i = 0; i < nfiles; i++) {
		char why[200];
		struct stream *s;
		int csv = looks_like_csv(files[i]);

		s = csv < 0 ? NULL : stream_open(files[i], why, sizeof(why));
		if (!s) {
			fprintf(stderr, "%s: cannot read: %s\n", files[i],
				csv < 0 ? "cannot open" : why);
			goto out;
		}
		im.file = files[i];
		im.csv = csv;
		im.have_layout = 0;
		im.row_names = 0;
		im.file_rows = 0;
		im.reported = 0;
		if (tabular_stream(s, csv, import_row, &im) != 0) {
			stream_close(s);
			if (!im.failed)
				fprintf(stderr, "%s: stopped: the file is not "
					"readable as GDELT %s\n", files[i],
					csv ? "CSV" : "tab-separated data");
			goto out;
		}
		stream_close(s);
	}
	if (index_batch(&im) != 0 || db_restore_indexes() != 0 ||
	    commit() != 0)
		goto out;
	ret = db_compact_search(im.bulk);
	goto done;
out:
	db_write_rollback();
done:
	if (!db_pg) {
		db_import_session(0);
		db_summaries_by_caller(0);
		db_search_bulk(0);
	}
	if (isatty(STDERR_FILENO))
		fputc('\n', stderr);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	st->seconds = (double)(t1.tv_sec - t0.tv_sec) +
		      (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
	strmap_free(&im.fips);
	strmap_free(&im.iso3);
	strmap_free(&im.cameo_index);
	strmap_free(&im.actors);
	strmap_free(&im.sources);
	strmap_free(&im.staged);
	pg_stage_free(im.stage);
	free(im.codes);
	free(im.cameo);
	return ret;
}
