/* SPDX-License-Identifier: MIT */
/* Loading shipped reference and seed data (see seed.h). */
#include "seed.h"

#include <ctype.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "assets.h"
#include "cameo.h"
#include "db.h"
#include "log.h"
#include "store.h"
#include "tabular.h"
#include "xalloc.h"

/* country-codes.csv columns the service keeps. */
enum country_col {
	CC_CODE, CC_ISO3, CC_NUMERIC, CC_NAME, CC_COMMON, CC_OFFICIAL,
	CC_REGION, CC_SUBREGION, CC_CAPITAL, CC_FIPS, CC_WIKIDATA, CC_TLD,
	CC_LANGUAGES, CC__COUNT
};

static const char *const country_headers[CC__COUNT] = {
	"ISO3166-1-Alpha-2", "ISO3166-1-Alpha-3", "ISO3166-1-numeric",
	"official_name_en", "CLDR display name", "UNTERM English Formal",
	"Region Name", "Sub-region Name", "Capital", "FIPS", "wikidata_id",
	"TLD", "Languages",
};

struct country_reader {
	int col[CC__COUNT];
	int have_header;
	size_t rows;
};

/* Trims s in place; returns NULL when nothing is left. */
static char *trimmed(char *s)
{
	char *end;

	while (isspace((unsigned char)*s))
		s++;
	end = s + strlen(s);
	while (end > s && isspace((unsigned char)end[-1]))
		*--end = '\0';
	return *s ? s : NULL;
}

static void bind_opt(dbs *st, int i, const char *v)
{
	if (v)
		dbs_bind_text(st, i, v, -1, SQLITE_TRANSIENT);
	else
		dbs_bind_null(st, i);
}

/* "fa-AF,ps" -> ["fa-AF","ps"] */
static char *languages_json(const char *list)
{
	json_t *arr = json_array();
	char *copy = xstrdup(list ? list : ""), *tok, *save = NULL, *out;

	for (tok = strtok_r(copy, ",", &save); tok;
	     tok = strtok_r(NULL, ",", &save)) {
		char *t = trimmed(tok);

		if (t)
			json_array_append_new(arr, json_string(t));
	}
	out = json_dumps(arr, JSON_COMPACT);
	json_decref(arr);
	free(copy);
	return out;
}

static int country_row(char **f, size_t n, size_t line, void *ud)
{
	struct country_reader *r = ud;
	const char *v[CC__COUNT];
	char numeric[8];
	dbs *st;
	char *langs;
	int i, rc;

	if (!r->have_header) {
		for (i = 0; i < CC__COUNT; i++) {
			r->col[i] = tabular_column(f, n, country_headers[i]);
			if (r->col[i] < 0) {
				log_msg(LOG_ERROR, "countries.csv: no column "
					"'%s'", country_headers[i]);
				return -1;
			}
		}
		r->have_header = 1;
		return 0;
	}
	for (i = 0; i < CC__COUNT; i++)
		v[i] = (size_t)r->col[i] < n ? trimmed(f[r->col[i]]) : NULL;
	if (!v[CC_CODE] || !v[CC_ISO3] || !v[CC_NUMERIC] || !v[CC_NAME]) {
		log_msg(LOG_ERROR, "countries.csv line %zu: missing code or "
			"name", line);
		return -1;
	}
	snprintf(numeric, sizeof(numeric), "%03d", atoi(v[CC_NUMERIC]));
	if (v[CC_WIKIDATA] && strrchr(v[CC_WIKIDATA], '/'))
		v[CC_WIKIDATA] = strrchr(v[CC_WIKIDATA], '/') + 1;
	st = db_stmt("INSERT INTO countries(code, iso3, numeric, name,"
		     " common_name, official_name, region, subregion, capital,"
		     " fips, wikidata, tld, languages)"
		     " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)");
	if (!st)
		return -1;
	bind_opt(st, 1, v[CC_CODE]);
	bind_opt(st, 2, v[CC_ISO3]);
	bind_opt(st, 3, numeric);
	bind_opt(st, 4, v[CC_NAME]);
	for (i = CC_COMMON; i <= CC_TLD; i++)
		bind_opt(st, i + 1, v[i]);
	langs = languages_json(v[CC_LANGUAGES]);
	bind_opt(st, 13, langs);
	free(langs);
	rc = dbs_step(st);
	db_done(st);
	if (rc != SQLITE_DONE) {
		db_log_error("countries.csv");
		return -1;
	}
	r->rows++;
	return 0;
}

/* CAMEO code -> Goldstein weight, read before the codes themselves. */
struct goldstein_table {
	char code[400][8];
	double weight[400];
	size_t n;
};

struct cameo_reader {
	struct goldstein_table *g;
	size_t rows;
};

static int is_code(const char *s)
{
	size_t n = strlen(s), i;

	if (n < 2 || n > 4)
		return 0;
	for (i = 0; i < n; i++) {
		if (!isdigit((unsigned char)s[i]))
			return 0;
	}
	return 1;
}

static int goldstein_row(char **f, size_t n, size_t line, void *ud)
{
	struct goldstein_table *g = ud;

	(void)line;
	if (n < 2 || !is_code(f[0]))
		return 0;	/* the header */
	if (g->n == sizeof(g->weight) / sizeof(g->weight[0]))
		return -1;
	snprintf(g->code[g->n], sizeof(g->code[0]), "%s", f[0]);
	g->weight[g->n++] = strtod(f[1], NULL);
	return 0;
}

static const double *goldstein_of(const struct goldstein_table *g,
				  const char *code)
{
	size_t i;

	for (i = 0; i < g->n; i++) {
		if (strcmp(g->code[i], code) == 0)
			return &g->weight[i];
	}
	return NULL;
}

static int cameo_row(char **f, size_t n, size_t line, void *ud)
{
	struct cameo_reader *r = ud;
	const double *w;
	char root[3];
	dbs *st;
	int rc;

	if (n < 2 || !is_code(f[0])) {
		if (line == 1)
			return 0;	/* the header */
		log_msg(LOG_ERROR, "cameo-eventcodes.tsv line %zu: bad row",
			line);
		return -1;
	}
	memcpy(root, f[0], 2);
	root[2] = '\0';
	/* Labels trimmed, and in sentence case where the file has capitals
	 * (the root codes), as migration 9 cleans older databases. */
	st = db_stmt("INSERT INTO event_types(code, label, quad_class,"
		     " goldstein, root) VALUES (?1, CASE WHEN trim(?2) ="
		     " upper(trim(?2)) THEN upper(substr(trim(?2), 1, 1)) ||"
		     " lower(substr(trim(?2), 2)) ELSE trim(?2) END, ?3, ?4,"
		     " ?5)");
	if (!st)
		return -1;
	dbs_bind_text(st, 1, f[0], -1, SQLITE_TRANSIENT);
	dbs_bind_text(st, 2, f[1], -1, SQLITE_TRANSIENT);
	dbs_bind_int(st, 3, cameo_quad_class(atoi(root)));
	w = goldstein_of(r->g, f[0]);
	if (w)
		dbs_bind_double(st, 4, *w);
	dbs_bind_text(st, 5, root, -1, SQLITE_TRANSIENT);
	rc = dbs_step(st);
	db_done(st);
	if (rc != SQLITE_DONE) {
		db_log_error("cameo-eventcodes.tsv");
		return -1;
	}
	r->rows++;
	return 0;
}

static int seed_reference(void)
{
	struct country_reader countries = { .have_header = 0 };
	struct goldstein_table *g = xcalloc(1, sizeof(*g));
	struct cameo_reader cameo = { .g = g };
	struct asset a;
	int ret = -1;

	a = ASSET(countries_csv);
	if (tabular_csv(a.data, a.len, country_row, &countries) != 0)
		goto out;
	a = ASSET(cameo_goldstein_tsv);
	if (tabular_tsv(a.data, a.len, goldstein_row, g) != 0)
		goto out;
	a = ASSET(cameo_codes_tsv);
	if (tabular_tsv(a.data, a.len, cameo_row, &cameo) != 0)
		goto out;
	log_msg(LOG_INFO, "loaded %zu countries and %zu CAMEO event types",
		countries.rows, cameo.rows);
	ret = 0;
out:
	free(g);
	return ret;
}

static int seed_knowledge(void)
{
	struct asset a = ASSET(knowledge_json);
	struct problem err = { 0 };
	json_error_t jerr;
	json_t *kb, *v;
	size_t i;
	int ret = -1;

	kb = json_loadb(a.data, a.len, JSON_REJECT_DUPLICATES, &jerr);
	if (!kb) {
		log_msg(LOG_ERROR, "knowledge.json line %d: %s", jerr.line,
			jerr.text);
		return -1;
	}
	json_array_foreach(json_object_get(kb, "sources"), i, v) {
		if (store_source(v, 0, NULL, &err) != 0)
			goto out;
	}
	json_array_foreach(json_object_get(kb, "actors"), i, v) {
		if (store_actor(v, 0, NULL, &err) != 0)
			goto out;
	}
	json_array_foreach(json_object_get(kb, "actors"), i, v) {
		if (store_actor_links(v, &err) != 0)
			goto out;
	}
	json_array_foreach(json_object_get(kb, "events"), i, v) {
		if (store_event(v, 0, NULL, &err) != 0)
			goto out;
	}
	json_array_foreach(json_object_get(kb, "events"), i, v) {
		if (store_event_links(v, &err) != 0)
			goto out;
	}
	log_msg(LOG_INFO, "loaded the seed knowledge base: %zu sources, "
		"%zu actors, %zu events",
		json_array_size(json_object_get(kb, "sources")),
		json_array_size(json_object_get(kb, "actors")),
		json_array_size(json_object_get(kb, "events")));
	ret = 0;
out:
	json_decref(kb);
	return ret;
}

static int is_empty(void)
{
	dbs *st = db_stmt("SELECT NOT EXISTS"
				   " (SELECT 1 FROM countries)");
	int empty = -1;

	if (st && dbs_step(st) == SQLITE_ROW)
		empty = dbs_column_int(st, 0);
	db_done(st);
	return empty;
}

int seed_if_empty(void)
{
	struct problem err = { 0 };
	int empty = is_empty();

	/* Asked first outside a write: a commit, even of nothing, moves
	 * data_version, and every server on the database would make a new
	 * copy of its columns and drop its cached answers at each start. */
	if (empty < 0)
		log_msg(LOG_ERROR, "cannot tell whether the database is empty");
	if (empty <= 0)
		return empty;
	if (db_write_begin() != 0)
		return -1;
	empty = is_empty();
	if (empty == 0)
		return db_write_commit();
	if (empty < 0 || seed_reference() != 0 || seed_knowledge() != 0 ||
	    store_reindex_all(&err) != 0) {
		log_msg(LOG_ERROR, "seeding failed; nothing was written");
		db_write_rollback();
		return -1;
	}
	return db_write_commit();
}
