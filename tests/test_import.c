/* SPDX-License-Identifier: MIT */
/*
 * Bulk data: GDELT files in every form (1.0 TSV of 57 and 58 columns, 2.0
 * of 61, gzip, zip, CSV with header and NA) from real GDELT rows in
 * tests/fixtures, malformed rows reported and skipped, re-imports that
 * change nothing, imported events served like seeded ones, and the NDJSON
 * export/import round trip.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <sqlite3.h>

#include "harness.h"
#include "tests.h"

#define FIX "tests/fixtures/"

static char dir[64];

static const char *bin(void)
{
	const char *b = getenv("DOSSIER_BIN");

	return b ? b : "build/release/dossier";
}

/* Runs `dossier ARGS --db DIR/DB`; output (both streams) into out. */
static int dossier(const char *db, const char *args, char *out, size_t sz)
{
	char cmd[2048];

	snprintf(cmd, sizeof(cmd), "%s %s --db %s/%s --log-level warn 2>&1",
		 bin(), args, dir, db);
	return run_command(cmd, out, sz);
}

/*
 * The Authorization header of a key `keys create NAME` makes on db (a file
 * under dir), into hdr.
 */
static void key_header(const char *db, const char *name, char *hdr,
		       size_t sz)
{
	char out[4096], args[128];
	const char *k;

	snprintf(args, sizeof(args), "keys create %s", name);
	assert_int_equal(dossier(db, args, out, sizeof(out)), 0);
	k = strstr(out, "dsk_");
	assert_non_null(k);
	snprintf(hdr, sz, "Authorization: Bearer %.*s",
		 (int)strcspn(k, " \r\n"), k);
}

/* Asserts the summary line reports these numbers. */
static void summary(const char *out, int read, int imported, int unchanged,
		    int skipped)
{
	char want[160];

	snprintf(want, sizeof(want), "%d read, %d imported, %d unchanged, "
		 "%d skipped", read, imported, unchanged, skipped);
	if (!strstr(out, want))
		fail_msg("expected \"%s\" in:\n%s", want, out);
}

static int setup(void **state)
{
	(void)state;
	snprintf(dir, sizeof(dir), "/tmp/dossier-import-XXXXXX");
	return mkdtemp(dir) ? 0 : -1;
}

static int teardown(void **state)
{
	char cmd[128];

	(void)state;
	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	return system(cmd) == 0 ? 0 : -1;
}

/*
 * Each search index of the database file name (under dir) writes its
 * pending rows out at FTS5's default 1 MiB again: an import holds more
 * (db_search_bulk) and puts the setting back however it ends.
 */
static void search_hash_is_default(const char *name)
{
	static const char *const tables[] = {
		"events_fts", "actors_fts", "sources_fts", "suggest_fts",
	};
	char path[300], sql[128];
	sqlite3 *db;
	sqlite3_stmt *st;
	size_t i;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	assert_int_equal(sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY,
					 NULL), SQLITE_OK);
	for (i = 0; i < sizeof(tables) / sizeof(tables[0]); i++) {
		snprintf(sql, sizeof(sql), "SELECT v FROM %s_config"
			 " WHERE k = 'hashsize'", tables[i]);
		assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &st, NULL),
				 SQLITE_OK);
		/* No row is the default too. */
		if (sqlite3_step(st) == SQLITE_ROW)
			assert_int_equal(sqlite3_column_int(st, 0), 1 << 20);
		sqlite3_finalize(st);
	}
	sqlite3_close(db);
}

/* Writes a row of n fields, tab-separated, as GDELT's files have them. */
static void write_row(FILE *out, char *const *f, int n)
{
	int k;

	for (k = 0; k < n; k++)
		fprintf(out, "%s%s", k ? "\t" : "", f[k]);
	fputc('\n', out);
}

/* Writes rec as one line of NDJSON. */
static void write_record(FILE *out, const json_t *rec)
{
	json_dumpf(rec, out, JSON_COMPACT);
	fputc('\n', out);
}

static void test_every_form(void **state)
{
	char out[8192];

	(void)state;
	/* Only serve, migrate and seed create a database. */
	assert_int_equal(dossier("g.db", "import gdelt " FIX "gdelt-v1-58.tsv",
				 out, sizeof(out)), 1);
	assert_non_null(strstr(out, "no database at"));
	assert_int_equal(dossier("g.db", "seed", out, sizeof(out)), 0);
	assert_int_equal(dossier("g.db", "import gdelt " FIX "gdelt-v1-58.tsv",
				 out, sizeof(out)), 0);
	summary(out, 20, 20, 0, 0);
	search_hash_is_default("g.db");
	assert_int_equal(dossier("g.db", "import gdelt " FIX "gdelt-v1-57.tsv "
				 FIX "gdelt-v2-61.tsv", out, sizeof(out)), 0);
	summary(out, 20, 20, 0, 0);
	/* The same rows compressed: nothing new. */
	assert_int_equal(dossier("g.db", "import gdelt " FIX
				 "gdelt-v1-58.tsv.gz " FIX "gdelt-v2-61.zip",
				 out, sizeof(out)), 0);
	summary(out, 30, 0, 30, 0);
	/* CSV with a header: 5 good rows (already in), 4 malformed. */
	assert_int_equal(dossier("g.db", "import gdelt " FIX
				 "gdelt-sample.csv", out, sizeof(out)), 0);
	summary(out, 9, 0, 5, 4);
	assert_non_null(strstr(out, "gdelt-sample.csv:7: skipped: "
			       "GLOBALEVENTID"));
	assert_non_null(strstr(out, "gdelt-sample.csv:8: skipped: EventCode"));
	assert_non_null(strstr(out, "gdelt-sample.csv:9: skipped: SQLDATE"));
	assert_non_null(strstr(out, "gdelt-sample.csv:10: skipped: 2 fields"));
	/* Row names first, as R's write.table (the header names one field
	 * less) and pandas' to_csv (an unnamed first header field) write
	 * them: every row imports. */
	{
		char *csv = read_file(FIX "gdelt-sample.csv", NULL), *nl;
		char path[2][300];
		FILE *f[2];
		int k, row = 0;

		assert_non_null(csv);
		for (k = 0; k < 2; k++) {
			snprintf(path[k], sizeof(path[k]), "%s/%s.csv", dir,
				 k ? "pandas" : "r-table");
			f[k] = fopen(path[k], "w");
		}
		for (nl = csv; *nl; row++) {
			char *end = strchr(nl, '\n');
			int len = end ? (int)(end - nl) : (int)strlen(nl);

			if (row == 0) {
				fprintf(f[0], "%.*s\n", len, nl);
				fprintf(f[1], ",%.*s\n", len, nl);
			} else {
				fprintf(f[0], "\"%d\",%.*s\n", row, len, nl);
				fprintf(f[1], "%d,%.*s\n", row - 1, len, nl);
			}
			nl += len + (end ? 1 : 0);
		}
		fclose(f[0]);
		fclose(f[1]);
		free(csv);
		assert_int_equal(dossier("rn.db", "seed", out, sizeof(out)), 0);
		for (k = 0; k < 2; k++) {
			char args[700];

			snprintf(args, sizeof(args), "import gdelt %s", path[k]);
			assert_int_equal(dossier("rn.db", args, out,
						 sizeof(out)), 0);
			/* The sample's 4 malformed rows stay malformed. */
			summary(out, 9, k ? 0 : 5, k ? 5 : 0, 4);
		}
	}
	/* The first CAMEO type code says what an actor is: GOV then MED is
	 * a government's media body, a government actor. */
	{
		char *row = read_file(FIX "gdelt-v1-57.tsv", NULL), path[300];
		char *f[64], *p = row, *nl = strchr(row, '\n');
		FILE *out_f;
		int n = 0;

		*nl = '\0';
		while (n < 64) {
			f[n++] = p;
			p = strchr(p, '\t');
			if (!p)
				break;
			*p++ = '\0';
		}
		f[0] = "900000123";
		f[15] = "XXXGOVMED";
		f[16] = "STATE BROADCASTER";
		f[18] = "UNO";		/* known group */
		f[20] = "CHR";		/* religion 1 */
		f[22] = "GOV";
		f[23] = "MED";
		snprintf(path, sizeof(path), "%s/govmed.tsv", dir);
		out_f = fopen(path, "w");
		write_row(out_f, f, n);
		/* The same actor coded otherwise in another row: one actor. */
		f[0] = "900000124";
		f[15] = "XXXMED";
		write_row(out_f, f, n);
		/* A name of no Latin letters: an id of its hash. */
		f[0] = "900000125";
		f[15] = "CHN";
		f[16] = "\xe4\xb9\xa0\xe8\xbf\x91\xe5\xb9\xb3";
		f[17] = "CHN";
		write_row(out_f, f, n);
		/* Runs of spaces in names, and in the CAMEO label of 031:
		 * stored as a write stores text, one space. */
		f[0] = "900000126";
		f[15] = "GEOGOV";
		f[16] = " CITY  COUNCIL ";
		f[17] = "GEO";
		f[26] = f[27] = "031";
		f[28] = "03";
		f[50] = "Rustavi,  Georgia (general),   Georgia";
		write_row(out_f, f, n);
		fclose(out_f);
		free(row);
		snprintf(path, sizeof(path), "import gdelt %s/govmed.tsv", dir);
		assert_int_equal(dossier("rn.db", path, out, sizeof(out)), 0);
		summary(out, 4, 4, 0, 0);
		snprintf(path, sizeof(path), "export ndjson %s/govmed.ndjson",
			 dir);
		assert_int_equal(dossier("rn.db", path, out, sizeof(out)), 0);
		snprintf(path, sizeof(path), "%s/govmed.ndjson", dir);
		row = read_file(path, NULL);
		p = strstr(row, "\"name\":\"State Broadcaster\"");
		assert_non_null(p);
		assert_non_null(strstr(p, "\"kind\":\"government\""));
		assert_true(strstr(p, "\"kind\":\"government\"") <
			    strchr(p, '\n'));
		assert_null(strstr(p + 1, "\"name\":\"State Broadcaster\""));
		assert_non_null(strstr(p, "\"known_group\":\"UNO\",\"ethnic\""
				       ":null,\"religions\":[\"CHR\"]"));
		p = strstr(row, "{\"actor\":{\"id\":\"gdelt-actor-chn-");
		assert_non_null(p);
		p += strlen("{\"actor\":{\"id\":\"gdelt-actor-chn-");
		assert_int_equal(strspn(p, "0123456789abcdef"), 8);
		assert_int_equal(p[8], '"');
		p = strstr(row, "{\"event\":{\"id\":\"gdelt-900000126\"");
		assert_non_null(p);
		*strchr(p, '\n') = '\0';
		assert_non_null(strstr(p, "\"title\":\"City Council: Express"
			" intent to engage in material cooperation, not specified"
			" below\""));
		assert_non_null(strstr(p, "\"name\":\"Rustavi, Georgia"
				       " (general), Georgia\""));
		/* The actor, listed before the events. */
		assert_non_null(strstr(row, "{\"actor\":{\"id\":"
			"\"gdelt-actor-geo-city-council\",\"name\":"
			"\"City Council\""));
		free(row);
		/* So the export restores: every id is one a write takes, and
		 * every text one a write stores as it is. The restore's
		 * export is the same, byte for byte. */
		assert_int_equal(dossier("rn2.db", "seed", out, sizeof(out)),
				 0);
		snprintf(path, sizeof(path), "import ndjson %s/govmed.ndjson",
			 dir);
		if (dossier("rn2.db", path, out, sizeof(out)) != 0)
			fail_msg("%s", out);
		snprintf(path, sizeof(path), "export ndjson %s/govmed2.ndjson",
			 dir);
		assert_int_equal(dossier("rn2.db", path, out, sizeof(out)), 0);
		{
			char a[300], b[300], *x, *y;
			size_t nx, ny;

			snprintf(a, sizeof(a), "%s/govmed.ndjson", dir);
			snprintf(b, sizeof(b), "%s/govmed2.ndjson", dir);
			x = read_file(a, &nx);
			y = read_file(b, &ny);
			assert_int_equal(nx, ny);
			assert_memory_equal(x, y, nx);
			free(x);
			free(y);
		}
	}
	/* Unreadable input is an error, not a silent success. */
	assert_int_equal(dossier("g.db", "import gdelt /nonexistent.tsv", out,
				 sizeof(out)), 1);
	assert_int_equal(dossier("g.db", "import gdelt " FIX "../test_cli.c",
				 out, sizeof(out)), 1);
	search_hash_is_default("g.db");
}

/* Asserts that q= with the first word of event id's title finds it. */
static void search_finds(struct server *s, const char *id)
{
	char path[256], word[64];
	const char *title;
	struct response r;
	json_t *row;
	size_t i, n = 0;
	int found = 0;

	snprintf(path, sizeof(path), "/events/%s", id);
	get(s, path, &r);
	assert_int_equal(r.status, 200);
	title = json_string_value(json_object_get(r.json, "title"));
	while (title[n] && n < sizeof(word) - 1 &&
	       (isalnum((unsigned char)title[n]) || title[n] & 0x80))
		n++;
	memcpy(word, title, n);
	word[n] = '\0';
	response_free(&r);
	assert_true(n > 0);
	/* Every page, best match first: the event is among them. */
	snprintf(path, sizeof(path), "/events?q=%s&limit=1000&fields=id",
		 word);
	while (!found && *path) {
		json_t *next;

		get(s, path, &r);
		assert_int_equal(r.status, 200);
		json_array_foreach(json_object_get(r.json, "data"), i, row) {
			if (strcmp(json_string_value(json_object_get(row,
				   "id")), id) == 0)
				found = 1;
		}
		next = json_object_get(json_object_get(r.json, "links"),
				       "next");
		snprintf(path, sizeof(path), "%s", json_is_string(next) ?
			 json_string_value(next) : "");
		response_free(&r);
	}
	if (!found)
		fail_msg("q=%s does not find %s", word, id);
}

/*
 * Asserts that the event counts /suggest ranks countries and actors by
 * (kept per batch by the import) equal a count of their events.
 */
static void counts_exact(struct server *s)
{
	static const char *const typed[] = { "u", "p", "g", "c", "ge" };
	char path[256];
	struct response r, c;
	size_t i, j;
	json_t *row;

	for (i = 0; i < sizeof(typed) / sizeof(typed[0]); i++) {
		snprintf(path, sizeof(path), "/suggest?q=%s&in=actors,"
			 "countries&limit=50", typed[i]);
		get(s, path, &r);
		assert_int_equal(r.status, 200);
		assert_true(json_array_size(json_object_get(r.json, "data")) >
			    0);
		json_array_foreach(json_object_get(r.json, "data"), j, row) {
			const char *res = json_string_value(json_object_get(
				row, "resource"));

			snprintf(path, sizeof(path), "/events?%s=%s&count="
				 "exact&limit=1", strcmp(res, "actors") ?
				 "country" : "actor",
				 json_string_value(json_object_get(row,
				 "id")));
			get(s, path, &c);
			assert_int_equal(c.status, 200);
			if (json_integer_value(json_object_get(row,
			    "events")) != json_integer_value(json_object_get(
			    json_object_get(c.json, "meta"), "total")))
				fail_msg("%s counts %lld events, %s %lld",
					 path, (long long)json_integer_value(
					 json_object_get(row, "events")),
					 "/suggest", (long long)
					 json_integer_value(json_object_get(
					 json_object_get(c.json, "meta"),
					 "total")));
			response_free(&c);
		}
		response_free(&r);
	}
}

/* The segments of a search index (table, FTS5's) in database file
 * name. */
static int search_segments(const char *name, const char *table)
{
	char path[300], sql[128];
	sqlite3 *db;
	sqlite3_stmt *st;
	int n = -1;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	assert_int_equal(sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY,
					 NULL), SQLITE_OK);
	snprintf(sql, sizeof(sql), "SELECT count(DISTINCT segid) FROM %s_idx",
		 table);
	assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &st, NULL),
			 SQLITE_OK);
	if (sqlite3_step(st) == SQLITE_ROW)
		n = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	sqlite3_close(db);
	return n;
}

static void test_served(void **state)
{
	char db[128];
	const char *args[] = { "--db", db, NULL };
	struct server s;
	struct response r;
	json_t *e;

	(void)state;
	snprintf(db, sizeof(db), "%s/g.db", dir);
	assert_int_equal(server_start(&s, args, NULL), 0);
	get(&s, "/events?source=gdelt&count=exact&limit=1", &r);
	assert_int_equal(json_integer_value(json_object_get(
		json_object_get(r.json, "meta"), "total")), 40);
	response_free(&r);

	/* A real row, field by field (GLOBALEVENTID 86073934). */
	get(&s, "/events/gdelt-86073934", &r);
	assert_int_equal(r.status, 200);
	e = r.json;
	assert_string_equal(json_string_value(json_object_get(e, "date")),
			    "2012-02-01");
	assert_non_null(json_object_get(e, "goldstein"));
	assert_true(json_is_integer(json_object_get(e, "num_mentions")));
	assert_true(json_is_number(json_object_get(e, "avg_tone")));
	assert_string_equal(json_string_value(json_object_get(json_array_get(
		json_object_get(e, "sources"), 0), "source")), "gdelt");
	assert_true(json_is_null(json_object_get(json_array_get(
		json_object_get(e, "sources"), 0), "quote")));
	/* Its place as geocoded: resolution, ADM1 code, feature id. */
	{
		json_t *loc = json_object_get(e, "location");

		assert_true(json_integer_value(json_object_get(loc, "type")) >=
			    1);
		assert_non_null(json_string_value(json_object_get(loc,
								  "adm1")));
		assert_non_null(json_string_value(json_object_get(loc,
							"feature_id")));
	}
	response_free(&r);

	/* 2.0 rows cite their article URL as a source. */
	get(&s, "/sources?kind=article&count=exact&limit=1&q=example", &r);
	assert_int_equal(json_integer_value(json_object_get(
		json_object_get(r.json, "meta"), "total")), 10);
	response_free(&r);

	/* Actors are deduplicated and carry their CAMEO coding. */
	get(&s, "/actors/gdelt-actor-police?fields=id,kind,cameo", &r);
	assert_string_equal(r.body, "{\"id\":\"gdelt-actor-police\","
			    "\"kind\":\"government\",\"cameo\":{\"code\":"
			    "\"COP\",\"country\":null,\"types\":[\"COP\"],"
			    "\"known_group\":null,\"ethnic\":null,"
			    "\"religions\":[]}}");
	response_free(&r);
	get(&s, "/actors?q=police&kind=government&count=exact&limit=1", &r);
	assert_int_equal(r.status, 200);
	response_free(&r);

	/* Filters and search work on imported events as on seeded ones. */
	get(&s, "/events?country=GE&from=2012-02-01&to=2012-02-29&limit=1",
	    &r);
	assert_int_equal(r.status, 200);
	assert_true(json_array_size(json_object_get(r.json, "data")) == 1);
	response_free(&r);
	get(&s, "/countries/geo/events?count=exact&limit=1", &r);
	assert_true(json_integer_value(json_object_get(
		json_object_get(r.json, "meta"), "total")) > 0);
	response_free(&r);

	/* An import by another process shows at once, cache or not. */
	{
		char path[128], out[4096], *row = read_file(FIX
			"gdelt-v1-57.tsv", NULL);
		FILE *f;
		char *tab = strchr(row, '\t');

		int i;

		/* 1,000 more events first, so that the next import is not a
		 * bulk load: it indexes each batch for search as it goes. */
		snprintf(path, sizeof(path), "%s/more.tsv", dir);
		f = fopen(path, "w");
		for (i = 0; i < 1000; i++)
			fprintf(f, "%d%.*s\n", 900000000 + i,
				(int)strcspn(tab, "\n"), tab);
		fclose(f);
		snprintf(path, sizeof(path), "import gdelt %s/more.tsv", dir);
		assert_int_equal(dossier("g.db", path, out, sizeof(out)), 0);
		summary(out, 1000, 1000, 0, 0);
		/* A bulk load ends with its search indexes merged (the
		 * type-ahead rows' too: the next write would merge them in
		 * its own transaction)... */
		assert_int_equal(search_segments("g.db", "events_fts"), 1);
		assert_int_equal(search_segments("g.db", "suggest_fts"), 1);
		snprintf(path, sizeof(path), "%s/extra.tsv", dir);
		f = fopen(path, "w");
		fprintf(f, "999999999%.*s\n", (int)strcspn(tab, "\n"), tab);
		fclose(f);
		free(row);
		get(&s, "/events?source=gdelt&count=exact&limit=1", &r);
		response_free(&r);	/* now cached */
		snprintf(path, sizeof(path), "import gdelt %s/extra.tsv", dir);
		assert_int_equal(dossier("g.db", path, out, sizeof(out)), 0);
		summary(out, 1, 1, 0, 0);
		/* ... an import of one row leaves its own small segment
		 * beside it, rather than rewrite the whole index. */
		assert_int_equal(search_segments("g.db", "events_fts"), 2);
		get(&s, "/events?source=gdelt&count=exact&limit=1", &r);
		assert_int_equal(json_integer_value(json_object_get(
			json_object_get(r.json, "meta"), "total")), 1041);
		response_free(&r);
		/* Every imported event is found by its own title, whichever
		 * way it was indexed (a bulk load, or batch by batch). */
		search_finds(&s, "gdelt-86073934");
		search_finds(&s, "gdelt-900000999");
		search_finds(&s, "gdelt-999999999");
		counts_exact(&s);
	}
	/* An event deleted here and imported again is not deleted: its
	 * tombstone goes, as a write's create forgets it, and an export
	 * no longer deletes it where it is restored. */
	{
		char out[4096], hdr[160];
		const char *h[] = { hdr, NULL };

		key_header("g.db", "back", hdr, sizeof(hdr));
		assert_int_equal(http(&s, "DELETE", "/events/gdelt-86073934",
				      h, NULL, &r), 0);
		assert_int_equal(r.status, 204);
		response_free(&r);
		get(&s, "/deletions?kind=event&limit=1000", &r);
		assert_non_null(strstr(r.body, "\"gdelt-86073934\""));
		response_free(&r);
		assert_int_equal(dossier("g.db", "import gdelt " FIX
					 "gdelt-v1-58.tsv", out, sizeof(out)),
				 0);
		summary(out, 20, 1, 19, 0);
		get(&s, "/events/gdelt-86073934", &r);
		assert_int_equal(r.status, 200);
		response_free(&r);
		get(&s, "/deletions?kind=event&limit=1000", &r);
		assert_int_equal(r.status, 200);
		assert_null(strstr(r.body, "\"gdelt-86073934\""));
		response_free(&r);
	}
	assert_int_equal(server_stop(&s), 0);
}

static void test_ndjson_round_trip(void **state)
{
	char out[8192], args[512], *a, *b;
	size_t na, nb;

	(void)state;
	/* A seeded event deleted here stays deleted in the restore, which
	 * starts from a new, seeded database. */
	{
		char db[128], hdr[160];
		const char *srv_args[] = { "--db", db, NULL };
		const char *h[] = { hdr, NULL };
		struct server s;
		struct response r;

		snprintf(db, sizeof(db), "%s/g.db", dir);
		assert_int_equal(server_start(&s, srv_args, NULL), 0);
		key_header("g.db", "rt", hdr, sizeof(hdr));
		assert_int_equal(http(&s, "DELETE", "/events/"
				      "huawei-employee-arrested-in-poland", h,
				      NULL, &r), 0);
		assert_int_equal(r.status, 204);
		response_free(&r);
		/* An organisation and its member, as a mirror has them... */
		{
			const char *hj[] = { hdr, "Content-Type: "
					     "application/json", NULL };

			assert_int_equal(http(&s, "POST", "/actors", hj,
				"{\"id\":\"aab-org\",\"name\":\"Org\","
				"\"kind\":\"organization\",\"sources\":"
				"[{\"source\":\"gdelt\",\"quote\":null}]}",
				&r), 0);
			assert_int_equal(r.status, 201);
			response_free(&r);
			assert_int_equal(http(&s, "POST", "/actors", hj,
				"{\"id\":\"zzy-member\",\"name\":"
				"\"Member\",\"kind\":\"person\","
				"\"affiliations\":[{\"actor\":\"aab-org\"}],"
				"\"sources\":[{\"source\":\"gdelt\","
				"\"quote\":null}]}", &r), 0);
			assert_int_equal(r.status, 201);
			response_free(&r);
		}
		assert_int_equal(server_stop(&s), 0);
		snprintf(args, sizeof(args), "export ndjson %s/dump0.ndjson",
			 dir);
		assert_int_equal(dossier("g.db", args, out, sizeof(out)), 0);
		/* ...then both deleted, the member first, as they must be. */
		assert_int_equal(server_start(&s, srv_args, NULL), 0);
		assert_int_equal(http(&s, "DELETE", "/actors/zzy-member", h,
				      NULL, &r), 0);
		assert_int_equal(r.status, 204);
		response_free(&r);
		assert_int_equal(http(&s, "DELETE", "/actors/aab-org", h,
				      NULL, &r), 0);
		assert_int_equal(r.status, 204);
		response_free(&r);
		assert_int_equal(server_stop(&s), 0);
		/* Within one millisecond, as a fast machine deletes them:
		 * still in the order they happened. */
		{
			sqlite3 *g;

			assert_int_equal(sqlite3_open(db, &g), SQLITE_OK);
			assert_int_equal(sqlite3_exec(g, "UPDATE deletions SET"
				" deleted_at = (SELECT max(deleted_at) FROM"
				" deletions) WHERE kind = 'actor'", NULL, NULL,
				NULL), SQLITE_OK);
			sqlite3_close(g);
		}
	}
	snprintf(args, sizeof(args), "export ndjson %s/dump1.ndjson", dir);
	assert_int_equal(dossier("g.db", args, out, sizeof(out)), 0);
	snprintf(args, sizeof(args), "import ndjson %s/dump1.ndjson", dir);
	assert_int_equal(dossier("r.db", args, out, sizeof(out)), 1);
	assert_int_equal(dossier("r.db", "seed", out, sizeof(out)), 0);
	/* The mirror as it was, then the deletions: applied in the order
	 * they happened, whatever their ids. */
	{
		char first[512];

		snprintf(first, sizeof(first), "import ndjson %s/dump0.ndjson",
			 dir);
		assert_int_equal(dossier("r.db", first, out, sizeof(out)), 0);
	}
	assert_int_equal(dossier("r.db", args, out, sizeof(out)), 0);
	search_hash_is_default("r.db");
	snprintf(args, sizeof(args), "export ndjson %s/dump2.ndjson", dir);
	assert_int_equal(dossier("r.db", args, out, sizeof(out)), 0);
	snprintf(args, sizeof(args), "%s/dump1.ndjson", dir);
	a = read_file(args, &na);
	snprintf(args, sizeof(args), "%s/dump2.ndjson", dir);
	b = read_file(args, &nb);
	assert_true(na > 1000);
	assert_int_equal(na, nb);
	assert_memory_equal(a, b, na);
	assert_non_null(strstr(b, "{\"deletion\":{\"kind\":\"event\",\"id\":"
			       "\"huawei-employee-arrested-in-poland\""));
	assert_null(strstr(b, "{\"event\":{\"id\":"
			    "\"huawei-employee-arrested-in-poland\""));
	free(a);
	free(b);
}

/* The updated_at of record id of kind in an export file, as a new string. */
static char *exported_time(const char *file, const char *kind, const char *id)
{
	char path[256], want[160], *text, *line, *at;

	snprintf(path, sizeof(path), "%s/%s", dir, file);
	text = read_file(path, NULL);
	snprintf(want, sizeof(want), "{\"%s\":{\"id\":\"%s\"", kind, id);
	line = strstr(text, want);
	assert_non_null(line);
	at = strstr(line, "\"updated_at\":\"");
	assert_non_null(at);
	at = strndup(at + 14, 24);
	free(text);
	return at;
}

/*
 * Imports the file at path into t.db, asserts the summary line, and
 * exports the database to dump (under dir).
 */
static void import_export(const char *path, const char *dump, int read,
			  int imported, int unchanged)
{
	char out[8192], args[512];

	snprintf(args, sizeof(args), "import ndjson %s", path);
	assert_int_equal(dossier("t.db", args, out, sizeof(out)), 0);
	summary(out, read, imported, unchanged, 0);
	snprintf(args, sizeof(args), "export ndjson %s/%s", dir, dump);
	assert_int_equal(dossier("t.db", args, out, sizeof(out)), 0);
}

/*
 * An import of records the database holds as they are changes nothing,
 * their times and tags included; one that puts back an older version of
 * a record edited since changes it now, so that a client asking for what
 * changed since the edit (updated_since) sees it.
 */
static void test_ndjson_times(void **state)
{
	char out[8192], args[512], db[128], hdr[192];
	const char *srv_args[] = { "--db", db, NULL };
	const char *h[] = { hdr, "Content-Type: application/json", NULL };
	char *a, *b, *edited, *restored;
	struct server s;
	struct response r;
	size_t na, nb;

	(void)state;
	assert_int_equal(dossier("t.db", "seed", out, sizeof(out)), 0);
	snprintf(args, sizeof(args), "export ndjson %s/t0.ndjson", dir);
	assert_int_equal(dossier("t.db", args, out, sizeof(out)), 0);
	snprintf(args, sizeof(args), "import ndjson %s/t0.ndjson", dir);
	assert_int_equal(dossier("t.db", args, out, sizeof(out)), 0);
	assert_non_null(strstr(out, " 0 imported, "));
	snprintf(args, sizeof(args), "export ndjson %s/t1.ndjson", dir);
	assert_int_equal(dossier("t.db", args, out, sizeof(out)), 0);
	snprintf(args, sizeof(args), "%s/t0.ndjson", dir);
	a = read_file(args, &na);
	snprintf(args, sizeof(args), "%s/t1.ndjson", dir);
	b = read_file(args, &nb);
	assert_int_equal(na, nb);
	assert_memory_equal(a, b, na);
	free(a);
	free(b);
	/* An edit, then the export from before it restored. */
	snprintf(db, sizeof(db), "%s/t.db", dir);
	key_header("t.db", "times", hdr, sizeof(hdr));
	assert_int_equal(server_start(&s, srv_args, NULL), 0);
	assert_int_equal(http(&s, "PATCH", "/actors/liam-fox", h,
			      "{\"title\":\"Edited\"}", &r), 0);
	assert_int_equal(r.status, 200);
	response_free(&r);
	/* ... and an event deleted since the export, which brings it back. */
	assert_int_equal(http(&s, "DELETE", "/events/"
			      "huawei-employee-arrested-in-poland", h, NULL,
			      &r), 0);
	assert_int_equal(r.status, 204);
	response_free(&r);
	assert_int_equal(server_stop(&s), 0);
	snprintf(args, sizeof(args), "export ndjson %s/t2.ndjson", dir);
	assert_int_equal(dossier("t.db", args, out, sizeof(out)), 0);
	edited = exported_time("t2.ndjson", "actor", "liam-fox");
	snprintf(args, sizeof(args), "import ndjson %s/t0.ndjson", dir);
	assert_int_equal(dossier("t.db", args, out, sizeof(out)), 0);
	/* The actor, the event, and the event it precedes, whose link to
	 * it the deletion took. */
	summary(out, 101, 3, 98, 0);
	snprintf(args, sizeof(args), "export ndjson %s/t3.ndjson", dir);
	assert_int_equal(dossier("t.db", args, out, sizeof(out)), 0);
	restored = exported_time("t3.ndjson", "actor", "liam-fox");
	if (strcmp(restored, edited) <= 0)
		fail_msg("restored at %s, edited at %s", restored, edited);
	free(restored);
	restored = exported_time("t3.ndjson", "event",
				 "huawei-employee-arrested-in-poland");
	if (strcmp(restored, edited) <= 0)
		fail_msg("back at %s, edited before at %s", restored, edited);
	free(restored);
	/* A record named twice, changed, with an old time: changed now. */
	{
		char line[8192], path[256];
		json_t *rec;
		FILE *f;

		snprintf(line, sizeof(line), "{\"actor\":{\"id\":"
			 "\"liam-fox\"");
		snprintf(path, sizeof(path), "%s/t3.ndjson", dir);
		a = read_file(path, NULL);
		b = strstr(a, line);
		assert_non_null(b);
		rec = json_loadb(b, strcspn(b, "\n"), 0, NULL);
		assert_non_null(rec);
		json_object_set_new(json_object_get(rec, "actor"), "title",
				    json_string("Twice"));
		json_object_set_new(json_object_get(rec, "actor"),
				    "updated_at",
				    json_string("2020-01-01T00:00:00.000Z"));
		snprintf(path, sizeof(path), "%s/twice.ndjson", dir);
		f = fopen(path, "w");
		write_record(f, rec);
		write_record(f, rec);
		fclose(f);
		json_decref(rec);
		free(a);
		import_export(path, "t4.ndjson", 2, 1, 0);
		restored = exported_time("t4.ndjson", "actor", "liam-fox");
		if (strcmp(restored, edited) <= 0)
			fail_msg("twice at %s, edited at %s", restored,
				 edited);
		/* Named twice as the database has it: unchanged, its time
		 * too, though its second line is written. */
		snprintf(line, sizeof(line), "{\"actor\":{\"id\":"
			 "\"liam-fox\"");
		snprintf(path, sizeof(path), "%s/t4.ndjson", dir);
		a = read_file(path, NULL);
		b = strstr(a, line);
		assert_non_null(b);
		snprintf(path, sizeof(path), "%s/same.ndjson", dir);
		f = fopen(path, "w");
		fprintf(f, "%.*s\n%.*s\n", (int)strcspn(b, "\n"), b,
			(int)strcspn(b, "\n"), b);
		fclose(f);
		free(a);
		import_export(path, "t5.ndjson", 2, 0, 1);
		a = exported_time("t5.ndjson", "actor", "liam-fox");
		assert_string_equal(a, restored);
		free(a);
		free(restored);
	}
	/* A new event that links to one held here changes that one too, as
	 * a write does: clients asking what changed since see both. */
	{
		char path[256], *before, *after;
		FILE *f;

		before = exported_time("t5.ndjson", "event",
				       "huawei-sacks-wang-weijing");
		snprintf(path, sizeof(path), "%s/linked.ndjson", dir);
		f = fopen(path, "w");
		fprintf(f, "{\"event\":{\"id\":\"linked-later\",\"title\":"
			"\"Later\",\"date\":\"2019-05\",\"type\":\"160\","
			"\"sources\":[{\"source\":\"itv-2019-04-24-huawei-5g\","
			"\"quote\":null}],\"related\":[{\"event\":"
			"\"huawei-sacks-wang-weijing\",\"relation\":"
			"\"follows\"}]}}\n");
		fclose(f);
		import_export(path, "t6.ndjson", 1, 1, 0);
		after = exported_time("t6.ndjson", "event",
				      "huawei-sacks-wang-weijing");
		if (strcmp(after, before) <= 0)
			fail_msg("linked at %s, before at %s", after, before);
		free(before);
		free(after);
	}
	/* An event the file changes reaches those it links to; one of them
	 * the file has as it is keeps its time. */
	{
		char path[256], *text, *line, *before, *after;
		json_t *rec;
		FILE *f;

		before = exported_time("t6.ndjson", "event",
				       "huawei-employee-arrested-in-poland");
		snprintf(path, sizeof(path), "%s/t6.ndjson", dir);
		text = read_file(path, NULL);
		snprintf(path, sizeof(path), "%s/reach.ndjson", dir);
		f = fopen(path, "w");
		line = strstr(text, "{\"event\":{\"id\":"
			      "\"huawei-employee-arrested-in-poland\"");
		assert_non_null(line);
		fprintf(f, "%.*s\n", (int)strcspn(line, "\n"), line);
		line = strstr(text, "{\"event\":{\"id\":"
			      "\"huawei-sacks-wang-weijing\"");
		assert_non_null(line);
		rec = json_loadb(line, strcspn(line, "\n"), 0, NULL);
		json_object_set_new(json_object_get(rec, "event"), "title",
				    json_string("Huawei sacks its employee"));
		write_record(f, rec);
		fclose(f);
		json_decref(rec);
		free(text);
		import_export(path, "t7.ndjson", 2, 1, 1);
		after = exported_time("t7.ndjson", "event",
				      "huawei-employee-arrested-in-poland");
		assert_string_equal(after, before);
		free(before);
		free(after);
	}
	free(edited);
}

/*
 * A restore keeps the summaries of the records new to the database once
 * every 50,000: a record written again in the run, on its boundary, is
 * counted as it ends up, its facets and type-ahead name too.
 */
static void test_ndjson_runs(void **state)
{
	char out[8192], args[512], db[128], path[256];
	const char *srv_args[] = { "--db", db, NULL };
	struct server s;
	struct response r;
	FILE *f;
	int i;

	(void)state;
	snprintf(path, sizeof(path), "%s/runs.ndjson", dir);
	f = fopen(path, "w");
	fprintf(f, "{\"actor\":{\"id\":\"zz-alpha\",\"name\":\"Alpha"
		" Original\",\"kind\":\"person\",\"country\":\"US\","
		"\"sources\":[{\"source\":\"itv-2019-04-24-huawei-5g\",\"quote\":null}]}}\n");
	for (i = 2; i < 50000; i++)
		fprintf(f, "{\"actor\":{\"id\":\"filler-%d\",\"name\":"
			"\"Filler %d\",\"kind\":\"organization\",\"sources\":"
			"[{\"source\":\"itv-2019-04-24-huawei-5g\",\"quote\":null}]}}\n", i, i);
	fprintf(f, "{\"actor\":{\"id\":\"zz-alpha\",\"name\":\"Alpha"
		" Renamed\",\"kind\":\"government\",\"country\":\"FR\","
		"\"sources\":[{\"source\":\"itv-2019-04-24-huawei-5g\",\"quote\":null}]}}\n");
	fclose(f);
	assert_int_equal(dossier("runs.db", "seed", out, sizeof(out)), 0);
	snprintf(args, sizeof(args), "import ndjson %s", path);
	assert_int_equal(dossier("runs.db", args, out, sizeof(out)), 0);
	summary(out, 50000, 49999, 0, 0);
	snprintf(db, sizeof(db), "%s/runs.db", dir);
	assert_int_equal(server_start(&s, srv_args, NULL), 0);
	/* The kept facets against the rows they count. */
	{
		static const char *const facets[][2] = {
			{ "/actors?facet=country&limit=1&country=FR",
			  "/actors?country=FR&limit=1000" },
			{ "/actors?facet=country&limit=1&country=US",
			  "/actors?country=US&limit=1000" },
			{ "/actors?facet=kind&limit=1&kind=government",
			  "/actors?kind=government&limit=1000" },
			{ "/actors?facet=kind&limit=1&kind=person",
			  "/actors?kind=person&limit=1000" },
		};
		size_t k;

		for (k = 0; k < sizeof(facets) / sizeof(facets[0]); k++) {
			struct response l;
			json_t *v = NULL, *item;
			size_t j;
			long long kept = 0;

			get(&s, facets[k][0], &r);
			get(&s, facets[k][1], &l);
			assert_int_equal(r.status, 200);
			assert_int_equal(l.status, 200);
			json_array_foreach(json_object_get(json_object_get(
				r.json, "facets"), strstr(facets[k][0],
				"kind") ? "kind" : "country"), j, item)
				if ((v = json_object_get(item, "count")))
					kept += json_integer_value(v);
			if (kept != (long long)json_array_size(
				    json_object_get(l.json, "data")))
				fail_msg("%s: %lld kept, %zu rows: %s",
					 facets[k][0], kept, json_array_size(
					 json_object_get(l.json, "data")),
					 r.body);
			response_free(&r);
			response_free(&l);
		}
	}
	get(&s, "/suggest?q=alpha&in=actors", &r);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body, "Alpha Renamed"));
	assert_null(strstr(r.body, "Alpha Original"));
	response_free(&r);
	assert_int_equal(server_stop(&s), 0);
}

static void test_ndjson_rejects(void **state)
{
	char out[8192], args[512], path[256];
	FILE *f;

	(void)state;
	/* A bad record anywhere means nothing is imported. */
	snprintf(path, sizeof(path), "%s/bad.ndjson", dir);
	f = fopen(path, "w");
	fprintf(f, "{\"source\":{\"id\":\"fine\",\"title\":\"Fine\","
		"\"kind\":\"report\"}}\n"
		"{\"actor\":{\"id\":\"x\",\"name\":\"X\",\"kind\":\"robot\","
		"\"sources\":[{\"source\":\"fine\",\"quote\":null}]}}\n");
	fclose(f);
	snprintf(args, sizeof(args), "import ndjson %s", path);
	assert_int_equal(dossier("n.db", "seed", out, sizeof(out)), 0);
	assert_int_equal(dossier("n.db", args, out, sizeof(out)), 1);
	assert_non_null(strstr(out, "bad.ndjson:2: invalid record"));
	assert_non_null(strstr(out, "kind"));
	snprintf(args, sizeof(args), "export ndjson %s/after.ndjson", dir);
	assert_int_equal(dossier("n.db", args, out, sizeof(out)), 0);
	snprintf(path, sizeof(path), "%s/after.ndjson", dir);
	{
		char *text = read_file(path, NULL);

		assert_null(strstr(text, "\"id\":\"fine\""));
		free(text);
	}
}

/*
 * Pages of path on servers a (SQLite) and b (PostgreSQL), each next page
 * by a's link, up to pages of them: the same bytes, cursors included.
 */
static void same_pages(const struct server *a, const struct server *b,
		       const char *path, int pages)
{
	char at[512];

	snprintf(at, sizeof(at), "%s", path);
	while (*at && pages-- > 0) {
		struct response ra, rb;
		json_t *next;

		get(a, at, &ra);
		get(b, at, &rb);
		assert_int_equal(ra.status, 200);
		if (rb.status != ra.status || strcmp(ra.body, rb.body) != 0)
			fail_msg("%s differs:\nSQLite: %.300s\n"
				 "PostgreSQL: %.300s", at, ra.body, rb.body);
		next = json_object_get(json_object_get(ra.json, "links"),
				       "next");
		snprintf(at, sizeof(at), "%s", json_is_string(next) ?
			 json_string_value(next) : "");
		response_free(&ra);
		response_free(&rb);
	}
}

/*
 * A new database `name` on the PostgreSQL server at pg (DOSSIER_TEST_PG);
 * its URI into uri.
 */
static void pg_database(const char *pg, const char *name, char *uri,
			size_t sz)
{
	char cmd[1024];

	snprintf(cmd, sizeof(cmd), "psql -q '%s/postgres' -c 'CREATE DATABASE"
		 " %s TEMPLATE template0 LOCALE \"C.UTF-8\"' >/dev/null", pg,
		 name);
	assert_int_equal(system(cmd), 0);
	snprintf(uri, sz, "%s/%s", pg, name);
}

/* Drops every "updated_at" from v, at any depth: when a record was written. */
static void drop_times(json_t *v)
{
	const char *k;
	json_t *x;
	size_t i;

	if (json_is_object(v)) {
		json_object_del(v, "updated_at");
		json_object_foreach(v, k, x)
			drop_times(x);
	} else if (json_is_array(v)) {
		json_array_foreach(v, i, x)
			drop_times(x);
	}
}

/*
 * path's answer on a (SQLite) and b (PostgreSQL), each database filled by
 * an import of its own: the same data, a list's rows (its cursors are
 * signed with each database's own key), the times of writing left out.
 */
static void same_data(const struct server *a, const struct server *b,
		      const char *path)
{
	struct response ra, rb;
	json_t *da, *db;

	get(a, path, &ra);
	get(b, path, &rb);
	assert_int_equal(ra.status, 200);
	da = json_object_get(ra.json, "data");
	db = json_object_get(rb.json, "data");
	if (!da) {
		da = ra.json;
		db = rb.json;
	}
	drop_times(da);
	drop_times(db);
	if (rb.status != 200 || !json_equal(da, db))
		fail_msg("%s differs:\nSQLite: %.300s\nPostgreSQL: %.300s",
			 path, ra.body, rb.body);
	response_free(&ra);
	response_free(&rb);
}

/*
 * `import sqlite`: a SQLite database (the seed and 983 real GDELT events)
 * copied into an empty PostgreSQL database with COPY serves the same
 * answers, byte for byte, ETags included, as the file it came from; a
 * second copy into the now full database is refused and changes nothing;
 * pages sorted by name follow each other alike; the schema of an earlier
 * version is upgraded at the next start; `import gdelt` fills an empty
 * PostgreSQL database by way of SQLite.
 * With DOSSIER_TEST_PG only (`make test-pg`). Anywhere: a SQLite --db, or
 * a file that is not a dossier database, is refused with the reason.
 */
static void test_sqlite_to_postgresql(void **state)
{
	static const char *const paths[] = {
		"/events?limit=200", "/events?country=GE&limit=100",
		"/events?type=19&sort=-goldstein&limit=50",
		"/events?actor=gdelt-actor-rus-russia&role=target&limit=100",
		"/events?q=police&sort=-date&limit=30",
		"/events?bbox=40,41,47,44&limit=100&fields=id,location",
		"/events?from=2011-08-10&to=2011-08-12&count=exact",
		"/events?facet=actor,root,country&limit=1",
		"/events?goldstein_max=-5&sort=-mentions&limit=40",
		"/actors?limit=1000",
		"/actors?kind=organization&sort=-name&limit=1000",
		"/sources?limit=100", "/countries?limit=300",
		"/stats?by=day&limit=40", "/stats?by=root,quad_class",
		"/stats?by=actor&metrics=count,goldstein_mean,tone_mean",
		"/network?country=GE",
		"/actors/gdelt-actor-rus-russia/network",
		"/suggest?q=geo", "/events?format=geojson&limit=50",
		"/events/gdelt-74549834",
		/* Summaries read through negations, lists, ranges, sets. */
		"/stats?by=month&not_country=US",
		"/stats?by=year,root&not_actor=gdelt-actor-usa-united-states",
		"/stats?by=country&tone_min=2.25&tone_max=6.1",
		"/stats?by=month&actor=gdelt-actor-rus-russia,"
		"gdelt-actor-usa-united-states",
		"/stats?by=month&actor=gdelt-actor-rus-russia&"
		"actor=gdelt-actor-usa-united-states",
		"/stats?by=actor&mentions_min=2&limit=5",
		"/network?country=GE,RU&limit=20",
		"/network?country=GE&country=RU&limit=20",
		"/events?facet=actor,country&country=GE,RU&limit=5",
		"/events?fields=id&facet=quad_class,actor&country=GE&"
		"quad_class=1&limit=1",
	};
	const char *pg = getenv("DOSSIER_TEST_PG");
	char out[8192], cmd[1024], check[2048], uri[512], file[256], name[64];
	const char *args_file[] = { "--db", file, NULL };
	const char *args_pg[] = { "--db", uri, NULL };
	struct server a, b;
	size_t i;

	(void)state;
	snprintf(file, sizeof(file), "%s/to-pg.db", dir);
	/* Refused anywhere: a SQLite --db, a file that is not dossier's. */
	snprintf(cmd, sizeof(cmd), "import sqlite %s", file);
	assert_int_equal(dossier("other.db", cmd, out, sizeof(out)), 1);
	assert_non_null(strstr(out, "PostgreSQL URI"));
	if (!pg)
		skip();
	assert_int_equal(dossier("to-pg.db", "seed", out, sizeof(out)), 0);
	assert_int_equal(dossier("to-pg.db", "import gdelt " FIX
				 "gdelt-georgia-2011-08.csv", out,
				 sizeof(out)), 0);
	snprintf(name, sizeof(name), "copy_%d", (int)getpid());
	pg_database(pg, name, uri, sizeof(uri));
	snprintf(cmd, sizeof(cmd), "echo not SQLite > %s/other.db && %s "
		 "import sqlite %s/other.db --db %s --log-level warn 2>&1",
		 dir, bin(), dir, uri);
	assert_int_equal(run_command(cmd, out, sizeof(out)), 1);
	assert_non_null(strstr(out, "not a database"));
	snprintf(cmd, sizeof(cmd), "%s import sqlite %s --db %s "
		 "--log-level warn 2>&1", bin(), file, uri);
	assert_int_equal(run_command(cmd, out, sizeof(out)), 0);
	assert_non_null(strstr(out, "rows copied"));
	assert_int_equal(run_command(cmd, out, sizeof(out)), 1);
	assert_non_null(strstr(out, "already holds data"));

	assert_int_equal(server_start(&a, args_file, NULL), 0);
	assert_int_equal(server_start(&b, args_pg, NULL), 0);
	for (i = 0; i < sizeof(paths) / sizeof(paths[0]); i++) {
		struct response ra, rb;
		char *ea, *eb;

		get(&a, paths[i], &ra);
		get(&b, paths[i], &rb);
		assert_int_equal(ra.status, 200);
		if (rb.status != ra.status || strcmp(ra.body, rb.body) != 0)
			fail_msg("%s differs:\nSQLite: %.300s\n"
				 "PostgreSQL: %.300s", paths[i], ra.body,
				 rb.body);
		ea = response_header(&ra, "ETag");
		eb = response_header(&rb, "ETag");
		assert_string_equal(ea, eb);
		free(ea);
		free(eb);
		response_free(&ra);
		response_free(&rb);
	}

	/* Lists sorted by name, whose cursors carry a name in its case. */
	same_pages(&a, &b, "/actors?sort=name&limit=40", 4);
	same_pages(&a, &b, "/actors?kind=organization&sort=-name&limit=25", 4);
	same_pages(&a, &b, "/sources?sort=title&limit=2", 3);

	/* A schema an earlier version made (no schema_version, an index
	 * without pk) is brought up to date when a server next starts. */
	assert_int_equal(server_stop(&b), 0);
	server_cleanup(&b);
	snprintf(cmd, sizeof(cmd), "psql -q '%s' -c 'DROP TABLE "
		 "schema_version' -c 'DROP INDEX events_updated' -c 'CREATE "
		 "INDEX events_updated ON events(updated_at)' >/dev/null", uri);
	assert_int_equal(system(cmd), 0);
	assert_int_equal(server_start(&b, args_pg, NULL), 0);
	snprintf(cmd, sizeof(cmd), "psql -At '%s' -c 'SELECT n > 1 FROM "
		 "schema_version' -c \"SELECT indexdef FROM pg_indexes WHERE "
		 "indexname = 'events_updated'\"", uri);
	assert_int_equal(run_command(cmd, out, sizeof(out)), 0);
	if (strncmp(out, "t\n", 2) != 0 || !strstr(out, "(updated_at, pk)"))
		fail_msg("not upgraded: %s", out);
	{
		struct response ra, rb;

		get(&a, "/events?sort=-updated_at&limit=300", &ra);
		get(&b, "/events?sort=-updated_at&limit=300", &rb);
		assert_int_equal(ra.status, 200);
		assert_int_equal(rb.status, 200);
		assert_string_equal(ra.body, rb.body);
		response_free(&ra);
		response_free(&rb);
	}
	assert_int_equal(server_stop(&b), 0);
	server_cleanup(&b);

	/* Summaries an earlier build made, without some a later migration
	 * adds (68's networks of CAMEO groups, 62's mentions by month,
	 * 69's facets of actors and sources): the next server creates and
	 * fills them and writes the triggers again, which then keep them
	 * under a write. */
	snprintf(cmd, sizeof(cmd), "psql -q '%s' -c 'DROP TABLE "
		 "summaries_version' -c 'DROP VIEW stats_event_groups' -c "
		 "'DROP TABLE stats_actor_pair_groups, "
		 "stats_actor_pair_role_groups, stats_group_actors, "
		 "stats_mentions_months, actor_facets, source_facets'"
		 " >/dev/null", uri);
	assert_int_equal(system(cmd), 0);
	assert_int_equal(server_start(&b, args_pg, NULL), 0);
	{
		static const char *const later[] = {
			"/network?type=04&limit=50",
			"/network?quad_class=1,4&limit=20",
			"/network?type=19,042&limit=1000",
			"/stats?by=month&mentions_min=2",
			"/stats?by=root&mentions_max=3&metrics=count,tone_mean",
			"/actors?facet=kind,country&count=exact&limit=1",
			"/actors?source=gdelt&kind=person&facet=country"
			"&count=exact&limit=1",
			"/sources?facet=kind,publisher&count=exact&limit=1",
		};

		for (i = 0; i < sizeof(later) / sizeof(later[0]); i++) {
			struct response ra, rb;

			get(&a, later[i], &ra);
			get(&b, later[i], &rb);
			assert_int_equal(ra.status, 200);
			if (rb.status != 200 || strcmp(ra.body, rb.body) != 0)
				fail_msg("%s differs:\nSQLite: %.300s\n"
					 "PostgreSQL: %.300s", later[i],
					 ra.body, rb.body);
			response_free(&ra);
			response_free(&rb);
		}
	}
	/* An event of two actors or more moved to another code: the
	 * networks kept per group equal a count of the participants. */
	snprintf(cmd, sizeof(cmd), "psql -q '%s' -c \"UPDATE events SET "
		 "type_code = '190' WHERE pk = (SELECT p.event FROM "
		 "participants p JOIN events e ON e.pk = p.event WHERE "
		 "e.type_code LIKE '04%%' GROUP BY p.event HAVING "
		 "count(DISTINCT p.actor) > 1 ORDER BY p.event LIMIT 1)\" "
		 ">/dev/null", uri);
	assert_int_equal(system(cmd), 0);
	snprintf(check, sizeof(check), "psql -At '%s' -c \"SELECT (SELECT "
		 "count(*) FROM summaries_version), (SELECT count(*) FROM "
		 "(SELECT g, a, b, n FROM stats_actor_pair_groups WHERE n <> 0"
		 " EXCEPT SELECT k.g, p1.actor, p2.actor, count(DISTINCT "
		 "p1.event) FROM participants p1 JOIN participants p2 ON "
		 "p2.event = p1.event AND p2.actor > p1.actor JOIN "
		 "stats_event_groups k ON k.event = p1.event GROUP BY 1, 2, 3)"
		 " x), (SELECT count(*) FROM (SELECT k.g, p1.actor, p2.actor, "
		 "count(DISTINCT p1.event) FROM participants p1 JOIN "
		 "participants p2 ON p2.event = p1.event AND p2.actor > "
		 "p1.actor JOIN stats_event_groups k ON k.event = p1.event "
		 "GROUP BY 1, 2, 3 EXCEPT SELECT g, a, b, n FROM "
		 "stats_actor_pair_groups) y), (SELECT count(*) FROM "
		 "stats_actor_pair_groups WHERE g = '190')\"", uri);
	assert_int_equal(run_command(check, out, sizeof(out)), 0);
	if (strncmp(out, "1|0|0|", 6) != 0 || strncmp(out, "1|0|0|0", 7) == 0)
		fail_msg("summaries after the upgrade and a write: %s", out);
	assert_int_equal(server_stop(&b), 0);
	server_cleanup(&b);
	/* Summaries a later build made (more migrations) are left as they
	 * are: this build serves without writing its triggers over them. */
	snprintf(cmd, sizeof(cmd), "psql -q '%s' -c \"UPDATE "
		 "summaries_version SET v = '999:later:1'\" >/dev/null", uri);
	assert_int_equal(system(cmd), 0);
	assert_int_equal(server_start(&b, args_pg, NULL), 0);
	{
		struct response rb;

		get(&b, "/network?type=04&limit=5", &rb);
		assert_int_equal(rb.status, 200);
		response_free(&rb);
	}
	assert_int_equal(server_stop(&b), 0);
	server_cleanup(&b);
	snprintf(cmd, sizeof(cmd), "psql -At '%s' -c 'SELECT v FROM "
		 "summaries_version'", uri);
	assert_int_equal(run_command(cmd, out, sizeof(out)), 0);
	assert_string_equal(out, "999:later:1\n");

	/* `import gdelt` onto an empty PostgreSQL database, by way of a
	 * SQLite one: the same events, days and network as SQLite's. */
	snprintf(cmd, sizeof(cmd), "%s_gdelt", name);
	pg_database(pg, cmd, uri, sizeof(uri));
	snprintf(cmd, sizeof(cmd), "%s import gdelt " FIX
		 "gdelt-georgia-2011-08.csv --db %s --log-level warn 2>&1",
		 bin(), uri);
	assert_int_equal(run_command(cmd, out, sizeof(out)), 0);
	assert_non_null(strstr(out, "983 imported"));
	assert_non_null(strstr(out, "rows copied"));
	/* Into one that holds data, row by row: nothing new here. */
	assert_int_equal(run_command(cmd, out, sizeof(out)), 0);
	summary(out, 983, 0, 983, 0);
	assert_null(strstr(out, "rows copied"));
	assert_int_equal(server_start(&b, args_pg, NULL), 0);
	same_data(&a, &b, "/events?fields=id&sort=id&limit=1000");
	same_data(&a, &b, "/stats?by=day&limit=100");
	same_data(&a, &b, "/network?country=GE");
	assert_int_equal(server_stop(&a), 0);
	assert_int_equal(server_stop(&b), 0);
	server_cleanup(&a);
	server_cleanup(&b);
	snprintf(cmd, sizeof(cmd), "psql -q '%s/postgres' -c 'DROP DATABASE"
		 " %s WITH (FORCE)' -c 'DROP DATABASE %s_gdelt WITH (FORCE)'"
		 " >/dev/null", pg, name, name);
	assert_int_equal(system(cmd), 0);
}

/* Orders lines (qsort). */
static int by_line(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The n lines of text (split in place), sorted; a new array. */
static char **sorted_lines(char *text, size_t *n)
{
	char **line = NULL, *p = text, *nl;

	*n = 0;
	while (*p) {
		line = realloc(line, (*n + 1) * sizeof(*line));
		line[(*n)++] = p;
		if (!(nl = strchr(p, '\n')))
			break;
		*nl = '\0';
		p = nl + 1;
	}
	qsort(line, *n, sizeof(*line), by_line);
	return line;
}

/*
 * Every summary table (stats_* but the triggers' scratch tables, and the
 * facets of actors and sources) of the SQLite file and of the PostgreSQL
 * database at uri holds the same rows: numbers to six decimals, cells of
 * no events left out (the triggers' writes leave some, an import's
 * none).
 */
static void same_summaries(const char *file, const char *uri)
{
	sqlite3 *db;
	sqlite3_stmt *tables, *cols, *rows;
	char path[300], cmd[8192];
	size_t ntables = 0;

	assert_int_equal(sqlite3_open_v2(file, &db, SQLITE_OPEN_READONLY,
					 NULL), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(db, "SELECT name FROM"
		" sqlite_master WHERE type = 'table' AND (name LIKE 'stats\\_%'"
		" ESCAPE '\\' OR name IN ('actor_facets', 'source_facets'))"
		" AND name NOT LIKE '%\\_delta%' ESCAPE '\\'"
		" ORDER BY name", -1, &tables, NULL), SQLITE_OK);
	snprintf(path, sizeof(path), "%s/summary.pg", dir);
	while (sqlite3_step(tables) == SQLITE_ROW) {
		const char *t = (const char *)sqlite3_column_text(tables, 0);
		char lite[2048] = "", pg[2048] = "", sql[4096], *got = NULL;
		char **a = NULL, **b;
		size_t na = 0, nb, i, cap = 0, len = 0;
		int has_n = 0;

		snprintf(sql, sizeof(sql), "PRAGMA table_info(%s)", t);
		assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &cols, NULL),
				 SQLITE_OK);
		while (sqlite3_step(cols) == SQLITE_ROW) {
			const char *name = (const char *)
				sqlite3_column_text(cols, 1);
			const char *type = (const char *)
				sqlite3_column_text(cols, 2);
			/* -0 and 0 alike: a sum's last digit differs. */
			int real = strstr(type, "REAL") || strstr(type, "FLOA") ||
				   strstr(type, "DOUB");

			has_n |= strcmp(name, "n") == 0;
			snprintf(lite + strlen(lite), sizeof(lite) -
				 strlen(lite), "%s%s%s%s", *lite ? " || '|' || "
				 : "", real ? "printf('%.6f', round(" : "ifnull(",
				 name, real ? ", 6) + 0.0)" : ", '')");
			snprintf(pg + strlen(pg), sizeof(pg) - strlen(pg),
				 "%s%s%s%s", *pg ? ", " : "", real ?
				 "round(" : "", name, real ?
				 "::numeric, 6)" : "");
		}
		sqlite3_finalize(cols);
		snprintf(sql, sizeof(sql), "SELECT %s FROM %s%s", lite, t,
			 has_n ? " WHERE n <> 0" : "");
		assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &rows, NULL),
				 SQLITE_OK);
		while (sqlite3_step(rows) == SQLITE_ROW) {
			const char *v = (const char *)
				sqlite3_column_text(rows, 0);
			size_t vn = strlen(v);

			if (len + vn + 2 > cap) {
				cap = (len + vn + 2) * 2;
				got = realloc(got, cap);
			}
			memcpy(got + len, v, vn);
			len += vn;
			got[len++] = '\n';
			got[len] = '\0';
		}
		sqlite3_finalize(rows);
		snprintf(cmd, sizeof(cmd), "psql -qAt -F '|' '%s' -c \"SELECT"
			 " %s FROM %s%s\" > %s", uri, pg, t, has_n ?
			 " WHERE n <> 0" : "", path);
		assert_int_equal(system(cmd), 0);
		{
			char *text = read_file(path, NULL);

			assert_non_null(text);
			b = sorted_lines(text, &nb);
			if (got)
				a = sorted_lines(got, &na);
			for (i = 0; i < na && i < nb &&
			     strcmp(a[i], b[i]) == 0; i++)
				;
			if (i < na || i < nb)
				fail_msg("%s: %zu rows on SQLite, %zu on"
					 " PostgreSQL; first differing:\n"
					 "SQLite: %s\nPostgreSQL: %s", t, na,
					 nb, i < na ? a[i] : "(none)",
					 i < nb ? b[i] : "(none)");
			free(b);
			free(text);
		}
		free(a);
		free(got);
		ntables++;
	}
	sqlite3_finalize(tables);
	sqlite3_close(db);
	assert_true(ntables > 50);
}

/*
 * The same event written through s's API: in Georgia, between two of the
 * imported actors. Its key made by `keys create` on the SQLite file db
 * or on the PostgreSQL database at uri.
 */
static void write_after_import(struct server *s, const char *db,
			       const char *uri)
{
	char out[1024], key[128], hdr[160], cmd[1024];
	const char *h[] = { hdr, "Content-Type: application/json", NULL };
	struct response r;

	if (db) {
		assert_int_equal(dossier(db, "keys create later", out,
					 sizeof(out)), 0);
	} else {
		snprintf(cmd, sizeof(cmd), "%s keys create later --db %s "
			 "--log-level warn 2>&1", bin(), uri);
		assert_int_equal(run_command(cmd, out, sizeof(out)), 0);
	}
	assert_non_null(strstr(out, "dsk_"));
	snprintf(key, sizeof(key), "%.*s", (int)strcspn(strstr(out, "dsk_"),
		 " \r\n"), strstr(out, "dsk_"));
	snprintf(hdr, sizeof(hdr), "Authorization: Bearer %s", key);
	assert_int_equal(http(s, "POST", "/events", h, "{\"id\":"
		"\"after-import\",\"title\":\"After the import\","
		"\"date\":\"2011-08-12\",\"type\":\"042\",\"country\":"
		"\"GE\",\"goldstein\":1.9,\"participants\":[{\"actor\":"
		"\"gdelt-actor-rus-russia\",\"role\":\"initiator\"},"
		"{\"actor\":\"gdelt-actor-usa-united-states\",\"role\":"
		"\"target\"}],\"sources\":[{\"source\":\"gdelt\","
		"\"quote\":null}]}", &r), 0);
	if (r.status != 201)
		fail_msg("POST /events: %d %.300s", r.status, r.body);
	response_free(&r);
}

/*
 * `import gdelt` into a PostgreSQL database that holds data (the seed):
 * its summaries kept once a batch with the triggers off, the same
 * records, summaries, search, type-ahead and networks as SQLite's import
 * of the same files into a seeded database, and the same counts, before
 * and after a write through the API (the triggers on again); a second
 * run imports nothing. With DOSSIER_TEST_PG only (`make test-pg`).
 */
static void test_gdelt_into_postgresql(void **state)
{
	static const char *const paths[] = {
		"/events?fields=id,title,date,type,country,countries,"
		"participants,location,goldstein,avg_tone,num_mentions,"
		"num_sources,num_articles,sources&sort=id&limit=1000",
		"/actors?limit=1000", "/sources?limit=1000",
		"/stats?by=country&limit=300", "/stats?by=type&limit=400",
		"/stats?by=location_country,quad_class&limit=400",
		"/stats?by=day&limit=400", "/stats?by=root,quad_class",
		"/stats?by=actor&metrics=count,goldstein_mean,tone_mean,"
		"mentions_sum&limit=200",
		"/stats?by=month,country&limit=500",
		"/stats?by=country&tone_min=2&limit=50",
		"/stats?by=month&actor=gdelt-actor-rus-russia,"
		"gdelt-actor-usa-united-states",
		"/events?facet=actor,root,country,source&limit=1",
		"/network?country=GE", "/network?country=GE,RU&limit=20",
		"/actors/gdelt-actor-rus-russia/network",
		"/events?q=police&limit=100&fields=id",
		"/events?q=georgia&sort=-date&limit=100&fields=id",
		"/suggest?q=g&in=actors,countries,events&limit=50",
		"/events?bbox=40,41,47,44&limit=100&fields=id,location",
	};
	const char *pg = getenv("DOSSIER_TEST_PG");
	char out[8192], cmd[1024], uri[512], file[256], name[64];
	const char *args_file[] = { "--db", file, NULL };
	const char *args_pg[] = { "--db", uri, NULL };
	const char *files = FIX "gdelt-v1-58.tsv " FIX "gdelt-v2-61.zip "
			    FIX "gdelt-sample.csv";
	char *said;
	struct server a, b;
	size_t i;

	(void)state;
	if (!pg)
		skip();
	/* 150 rows of the real Georgian file too: a network of substance. */
	snprintf(cmd, sizeof(cmd), "head -151 " FIX "gdelt-georgia-2011-08.csv"
		 " > %s/georgia-150.csv", dir);
	assert_int_equal(system(cmd), 0);
	snprintf(file, sizeof(file), "%s/seeded.db", dir);
	snprintf(name, sizeof(name), "rows_%d", (int)getpid());
	pg_database(pg, name, uri, sizeof(uri));
	assert_int_equal(dossier("seeded.db", "seed", out, sizeof(out)), 0);
	snprintf(cmd, sizeof(cmd), "%s seed --db %s --log-level warn 2>&1",
		 bin(), uri);
	assert_int_equal(run_command(cmd, out, sizeof(out)), 0);

	snprintf(cmd, sizeof(cmd), "import gdelt %s %s/georgia-150.csv",
		 files, dir);
	assert_int_equal(dossier("seeded.db", cmd, out, sizeof(out)), 0);
	summary(out, 189, 180, 5, 4);
	snprintf(cmd, sizeof(cmd), "%s import gdelt %s %s/georgia-150.csv "
		 "--db %s --log-level warn 2>&1", bin(), files, dir, uri);
	assert_int_equal(run_command(cmd, out, sizeof(out)), 0);
	said = strdup(out);
	summary(said, 189, 180, 5, 4);
	assert_non_null(strstr(said, "EventCode '999' is not a CAMEO code"));
	assert_null(strstr(said, "rows copied"));	/* not by way of SQLite */
	free(said);
	/* Again: every event is there already. */
	assert_int_equal(run_command(cmd, out, sizeof(out)), 0);
	summary(out, 189, 0, 185, 4);
	same_summaries(file, uri);

	assert_int_equal(server_start(&a, args_file, NULL), 0);
	assert_int_equal(server_start(&b, args_pg, NULL), 0);
	for (i = 0; i < sizeof(paths) / sizeof(paths[0]); i++)
		same_data(&a, &b, paths[i]);
	counts_exact(&b);
	/* The import's batches kept the summaries with PostgreSQL's
	 * triggers off: they are on again for the writes after it. */
	write_after_import(&a, "seeded.db", NULL);
	write_after_import(&b, NULL, uri);
	for (i = 0; i < sizeof(paths) / sizeof(paths[0]); i++)
		same_data(&a, &b, paths[i]);
	counts_exact(&b);
	assert_int_equal(server_stop(&a), 0);
	assert_int_equal(server_stop(&b), 0);
	server_cleanup(&a);
	server_cleanup(&b);
	snprintf(cmd, sizeof(cmd), "psql -q '%s/postgres' -c 'DROP DATABASE"
		 " %s WITH (FORCE)' >/dev/null", pg, name);
	assert_int_equal(system(cmd), 0);
}

int test_import(int *total)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_form),
		cmocka_unit_test(test_served),
		cmocka_unit_test(test_ndjson_round_trip),
		cmocka_unit_test(test_ndjson_times),
		cmocka_unit_test(test_ndjson_runs),
		cmocka_unit_test(test_ndjson_rejects),
		cmocka_unit_test(test_sqlite_to_postgresql),
		cmocka_unit_test(test_gdelt_into_postgresql),
	};

	*total += (int)(sizeof(tests) / sizeof(tests[0]));
	return cmocka_run_group_tests_name("bulk import", tests, setup,
					   teardown);
}
