/* SPDX-License-Identifier: MIT */
/*
 * The binary as an operator meets it: --help and --version, configuration
 * errors, the JSON access log, SIGTERM draining to exit 0, and a restart
 * on the same database keeping its data without seeding twice.
 */
#include <curl/curl.h>
#include <signal.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "harness.h"
#include "tests.h"

static const char *bin(void)
{
	const char *b = getenv("DOSSIER_BIN");

	return b ? b : "build/release/dossier";
}

/* Runs cmd through the shell; returns the exit status. */
static int run_shell(const char *cmd, char *out, size_t sz)
{
	char full[1100];
	int status;

	snprintf(full, sizeof(full), "%s 2>&1", cmd);
	status = run_command(full, out, sz);
	if (status != 0)
		fprintf(stderr, "%s:\n%s\n", cmd, out);
	return status;
}

/* Runs "bin args" through the shell; returns the exit status. */
static int run(const char *args, char *out, size_t sz)
{
	char cmd[1024];

	snprintf(cmd, sizeof(cmd), "%s %s 2>&1", bin(), args);
	return run_command(cmd, out, sz);
}

static void test_help_and_version(void **state)
{
	char out[8192];

	(void)state;
	assert_int_equal(run("--help", out, sizeof(out)), 0);
	assert_non_null(strstr(out, "DOSSIER_PORT"));
	assert_non_null(strstr(out, "DOSSIER_CORS_ORIGINS"));
	assert_non_null(strstr(out, "serve"));
	assert_int_equal(run("--version", out, sizeof(out)), 0);
	assert_true(strncmp(out, "dossier ", 8) == 0);
	assert_int_equal(run("frobnicate", out, sizeof(out)), 2);
	assert_int_equal(run("serve --port 70000", out, sizeof(out)), 2);
	assert_non_null(strstr(out, "--port"));
	assert_int_equal(run("serve --bind nowhere", out, sizeof(out)), 2);
	assert_int_equal(run("serve --log-level loud", out, sizeof(out)), 2);
	assert_int_equal(run("serve --nope 1", out, sizeof(out)), 2);
	assert_int_equal(run("serve --port", out, sizeof(out)), 2);
	assert_int_equal(run("routes", out, sizeof(out)), 0);
	assert_non_null(strstr(out, "GET /events/{id}"));
}

static void test_env_config(void **state)
{
	char out[4096], cmd[1024];

	(void)state;
	snprintf(cmd, sizeof(cmd), "env DOSSIER_THREADS=many %s serve 2>&1",
		 bin());
	assert_int_equal(run_command(cmd, out, sizeof(out)), 2);
	assert_non_null(strstr(out, "DOSSIER_THREADS"));
	/* A page cache of nothing is refused, not taken as SQLite's
	 * default. */
	snprintf(cmd, sizeof(cmd), "env DOSSIER_DB_CACHE_MB=0 %s serve 2>&1",
		 bin());
	assert_int_equal(run_command(cmd, out, sizeof(out)), 2);
	assert_non_null(strstr(out, "DOSSIER_DB_CACHE_MB"));
	/* A mistyped --db is an error for everything but serve, migrate
	 * and seed: no new, seeded database behind the user's back. */
	{
		static const char *const cmds[] = {
			"backup /tmp/dossier-never.db", "export ndjson",
			"keys create someone", "keys list",
			"import ndjson /dev/null",
		};
		char db[400];
		size_t k;

		snprintf(db, sizeof(db), "%s/mistyped.db",
			 shared_server()->dir);
		for (k = 0; k < sizeof(cmds) / sizeof(cmds[0]); k++) {
			int status;

			snprintf(cmd, sizeof(cmd), "%s %s --db %s 2>&1",
				 bin(), cmds[k], db);
			status = run_command(cmd, out, sizeof(out));
			if (status == 0 || !strstr(out, "no database at"))
				fail_msg("%s: exit %d: %s", cmds[k], status,
					 out);
			assert_int_not_equal(access(db, F_OK), 0);
		}
	}
	/* A port another server has: said in those words, exit 1. */
	snprintf(cmd, sizeof(cmd), "%s serve --port %u --db %s/taken.db "
		 "2>&1", bin(), shared_server()->port, shared_server()->dir);
	assert_int_equal(run_command(cmd, out, sizeof(out)), 1);
	assert_non_null(strstr(out, "Address already in use"));
	assert_null(strstr(out, "port 0"));
	/* Origins that can never match an Origin header are refused. */
	snprintf(cmd, sizeof(cmd), "%s serve --cors-origins "
		 "'https://a.example/,example.org' 2>&1", bin());
	assert_int_equal(run_command(cmd, out, sizeof(out)), 2);
	assert_non_null(strstr(out, "'https://a.example/' is not an origin"));
}

static void test_lifecycle(void **state)
{
	const char *env[] = { "DOSSIER_CORS_ORIGINS=https://a.example", NULL };
	const char *args[] = { "--log-level", "info", NULL };
	const char *origin_ok[] = { "Origin: https://a.example", NULL };
	const char *origin_bad[] = { "Origin: https://evil.example", NULL };
	struct server s;
	struct response r;
	char *log, *line, *v, db[400], buf[512];
	int lines = 0;

	(void)state;
	assert_int_equal(server_start(&s, args, env), 0);
	assert_int_equal(http(&s, "GET", "/actors?limit=1", origin_ok, NULL,
			      &r), 0);
	v = response_header(&r, "Access-Control-Allow-Origin");
	assert_string_equal(v, "https://a.example");
	free(v);
	v = response_header(&r, "Vary");
	assert_non_null(strstr(v, "Origin"));
	free(v);
	response_free(&r);
	assert_int_equal(http(&s, "GET", "/actors?limit=1", origin_bad, NULL,
			      &r), 0);
	assert_null(response_header(&r, "Access-Control-Allow-Origin"));
	/* The answer depends on Origin, given or not: a shared cache must
	 * not hand this one to an allowed origin. */
	v = response_header(&r, "Vary");
	assert_non_null(strstr(v, "Origin"));
	free(v);
	response_free(&r);
	get(&s, "/actors?limit=2", &r);
	v = response_header(&r, "Vary");
	assert_non_null(strstr(v, "Origin"));
	free(v);
	response_free(&r);
	get(&s, "/nowhere", &r);
	response_free(&r);
	/* A path that is not UTF-8 still makes a JSON log line. */
	{
		static const char raw[] = "GET /\xff\xfe%ff HTTP/1.1\r\n"
			"Host: x\r\nConnection: close\r\n\r\n";
		char *reply = NULL;

		assert_int_equal(raw_http(&s, raw, sizeof(raw) - 1, 3000,
					  &reply), 404);
		free(reply);
	}
	assert_int_equal(server_stop(&s), 0);

	/* One JSON object per line, one request line per request. */
	log = read_file(s.log, NULL);
	assert_non_null(log);
	for (line = strtok(log, "\n"); line; line = strtok(NULL, "\n")) {
		json_t *j = json_loads(line, 0, NULL);

		if (!j)
			fail_msg("log line is not JSON: %s", line);
		if (strcmp(json_string_value(json_object_get(j, "msg")),
			   "request") == 0) {
			assert_non_null(json_object_get(j, "status"));
			assert_non_null(json_object_get(j, "ms"));
			lines++;
		}
		json_decref(j);
	}
	free(log);
	assert_true(lines >= 3);

	/* Restart on the same database: same data, no second seeding. */
	snprintf(db, sizeof(db), "%s/test.db", s.dir);
	snprintf(buf, sizeof(buf), "seed --db %s", db);
	assert_int_equal(run(buf, buf, sizeof(buf)), 0);
	{
		struct server s2;
		const char *args2[] = { "--db", db, NULL };

		assert_int_equal(server_start(&s2, args2, NULL), 0);
		get(&s2, "/countries?count=exact&limit=1", &r);
		assert_int_equal(json_integer_value(json_object_get(
			json_object_get(r.json, "meta"), "total")), 249);
		response_free(&r);
		assert_int_equal(server_stop(&s2), 0);
		server_cleanup(&s2);
	}
	server_cleanup(&s);
}

/* Discards a response body (libcurl's write callback). */
static size_t discard(char *p, size_t size, size_t n, void *ud)
{
	(void)p;
	(void)ud;
	return size * n;
}

/* Asks s for a page again and again on one kept-alive connection, until
 * it goes. */
static void keep_asking(const struct server *s)
{
	CURL *c = curl_easy_init();
	char url[128];
	int i;

	snprintf(url, sizeof(url), "http://127.0.0.1:%u/events?limit=200",
		 s->port);
	curl_easy_setopt(c, CURLOPT_URL, url);
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, discard);
	for (i = 0; i < 5000 && curl_easy_perform(c) == CURLE_OK; i++)
		;
	curl_easy_cleanup(c);
}

/*
 * SIGTERM while requests are in flight still exits 0: new connections,
 * and requests that keep coming on connections kept alive while the
 * server stops (answered on libmicrohttpd's own threads once the pools
 * have stopped, which the pools must outlive), rounds at different
 * moments.
 */
static void test_drain(void **state)
{
	int round;

	(void)state;
	for (round = 0; round < 8; round++) {
		struct server s;
		pid_t child[5];
		int status, i;

		assert_int_equal(server_start(&s, NULL, NULL), 0);
		for (i = 0; i < 5; i++) {
			child[i] = fork();
			if (child[i] == 0) {
				struct response r;
				int j;

				if (i)
					keep_asking(&s);
				for (j = 0; !i && j < 200; j++) {
					if (http(&s, "GET", "/events?limit="
						 "1000", NULL, NULL, &r) != 0)
						break;
					response_free(&r);
				}
				_exit(0);
			}
		}
		usleep(30000 + 20000 * (useconds_t)round);
		assert_int_equal(server_stop(&s), 0);
		for (i = 0; i < 5; i++)
			waitpid(child[i], &status, 0);
		server_cleanup(&s);
	}
}

/* A new seeded database `name` in the shared server's directory (its
 * path into db), then sql run on it. */
static void seeded_then(const char *name, char *db, size_t sz,
			const char *sql)
{
	char args[600], out[4096];
	sqlite3 *h;

	snprintf(db, sz, "%s/%s", shared_server()->dir, name);
	unlink(db);
	snprintf(args, sizeof(args), "seed --db %s", db);
	assert_int_equal(run(args, out, sizeof(out)), 0);
	assert_int_equal(sqlite3_open(db, &h), SQLITE_OK);
	if (sqlite3_exec(h, sql, NULL, NULL, NULL) != SQLITE_OK)
		fail_msg("%s: %s", name, sqlite3_errmsg(h));
	sqlite3_close(h);
}

/*
 * A bulk load killed before it built its deferred indexes again, opened
 * by a version whose migration made one of them anew in a newer form:
 * the others are built, the newer one is left as it is, and the
 * database opens.
 */
static void test_deferred_indexes_after_upgrade(void **state)
{
	char db[400], args[600], out[4096];
	sqlite3 *h;
	sqlite3_stmt *st;

	(void)state;
	seeded_then("deferred.db", db, sizeof(db),
		"INSERT INTO meta(key, value) VALUES ('pending_indexes',"
		" json_array('CREATE INDEX actors_kind ON actors(kind, name)',"
		" (SELECT sql FROM sqlite_master WHERE name = 'actors_updated')));"
		"DROP INDEX actors_updated;");
	snprintf(args, sizeof(args), "migrate --db %s", db);
	if (run(args, out, sizeof(out)) != 0)
		fail_msg("does not open: %s", out);
	assert_int_equal(sqlite3_open(db, &h), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(h, "SELECT (SELECT sql FROM"
		" sqlite_master WHERE name = 'actors_kind'), EXISTS (SELECT 1"
		" FROM sqlite_master WHERE name = 'actors_updated'), EXISTS"
		" (SELECT 1 FROM meta WHERE key = 'pending_indexes')", -1, &st,
		NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	assert_non_null(strstr((const char *)sqlite3_column_text(st, 0),
			       "COLLATE NOCASE"));
	assert_int_equal(sqlite3_column_int(st, 1), 1);
	assert_int_equal(sqlite3_column_int(st, 2), 0);
	sqlite3_finalize(st);
	sqlite3_close(h);
	unlink(db);
}

/*
 * Seeding, and so starting, on a database that has its data commits
 * nothing: other servers on it would take any commit for a change,
 * make a new copy of their columns and drop their cached answers.
 */
static void test_seed_of_seeded_writes_nothing(void **state)
{
	char db[400], args[600], out[4096];
	sqlite3 *h;
	sqlite3_stmt *st;
	int before, after;

	(void)state;
	seeded_then("seeded-again.db", db, sizeof(db), "SELECT 1");
	assert_int_equal(sqlite3_open(db, &h), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(h, "PRAGMA data_version", -1, &st,
					    NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	before = sqlite3_column_int(st, 0);
	sqlite3_reset(st);
	snprintf(args, sizeof(args), "seed --db %s", db);
	assert_int_equal(run(args, out, sizeof(out)), 0);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	after = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	sqlite3_close(h);
	assert_int_equal(after, before);
	unlink(db);
}

/*
 * A database made by an older release migrates to this one. Schema 23
 * is made from this one's by taking migrations 24 to 36 back. The
 * summaries' triggers name tables of every migration: installed before
 * migrating, they made migration 24's table rename fail.
 */
static void test_upgrade_from_schema_23(void **state)
{
	char db[400], args[600], out[16384];
	sqlite3 *h;
	sqlite3_stmt *st;

	(void)state;
	seeded_then("old-schema.db", db, sizeof(db),
		"DROP INDEX actors_kind_country;"
		"DROP INDEX actors_country_kind;"
		"DROP TABLE stats_country_set_roles;"
		"DROP TABLE stats_country_set_places;"
		"DROP TABLE stats_country_set_month_totals;"
		"DROP TABLE stats_country_set_day_totals;"
		"DROP TABLE stats_role_day_totals;"
		"DROP TABLE stats_actor_day_totals;"
		"DROP TABLE stats_country_days;"
		"DROP TABLE stats_country_day_totals;"
		"DROP TABLE stats_country_set_actor_pairs;"
		"DROP TABLE stats_country_set_pair_roles;"
		"DROP TABLE stats_country_set_actors;"
		"DROP VIEW stats_event_goldsteins;"
		"DROP TABLE stats_goldstein_months;"
		"DROP VIEW stats_event_actor_roles;"
		"DROP TABLE stats_actor_role_months;"
		"DROP VIEW stats_event_actor_sets;"
		"DROP TABLE stats_actor_set_months;"
		"DROP TABLE stats_actor_set_members;"
		"DROP VIEW stats_event_roles;"
		"DROP VIEW stats_event_sources;"
		"DROP TABLE stats_country_goldsteins;"
		"DROP TABLE stats_actor_goldsteins;"
		"DROP TABLE stats_place_actors;"
		"DROP TABLE stats_country_month_actors;"
		"DROP TABLE stats_country_week_totals;"
		"DROP TABLE stats_point_roots;"
		"DROP TABLE stats_country_set_roots;"
		"DROP TABLE stats_country_roots;"
		"DROP TABLE stats_point_places;"
		"DROP TABLE stats_point_day_totals;"
		"DROP TABLE stats_country_week_roots;"
		"DROP TABLE stats_code_place_totals;"
		"DROP TABLE stats_role_code_totals;"
		"DROP TABLE stats_actor_month_roots;"
		"DROP TABLE stats_actor_set_month_roots;"
		"DROP TABLE stats_role_month_roots;"
		"DROP TABLE stats_goldstein_codes;"
		"DROP TABLE stats_mentions_months;"
		"DROP TABLE stats_mentions_month_totals;"
		"DROP TABLE stats_mentions_codes;"
		"DROP TABLE stats_mentions_day_totals;"
		"DROP TABLE stats_mentions_week_totals;"
		"DROP TABLE stats_mentions_year_roots;"
		"DROP TABLE stats_country_mentions;"
		"DROP TABLE stats_actor_mentions;"
		"DROP TABLE stats_tone_month_totals;"
		"DROP TABLE stats_tone_year_roots;"
		"DROP TABLE stats_tone_codes;"
		"DROP TABLE stats_tone_week_totals;"
		"DROP TABLE stats_country_tones;"
		"DROP TABLE stats_actor_tones;"
		"DROP TABLE stats_tone_day_totals;"
		"DROP VIEW stats_event_tones;"
		"DROP VIEW stats_event_mentions;"
		"DROP TABLE stats_points;"
		"DROP TABLE stats_point_months;"
		"DROP TABLE stats_point_month_totals;"
		"DROP TABLE stats_point_countries;"
		"DROP TABLE stats_point_actors;"
		"DROP INDEX stats_actor_months_m;"
		"DROP TABLE stats_country_root_actors;"
		"DROP TRIGGER events_geo_in;"
		"DROP TRIGGER events_geo_move;"
		"DROP TRIGGER events_geo_out;"
		"DROP TABLE events_geo;"
		"DROP TABLE stats_role_months;"
		"DROP TABLE stats_role_month_totals;"
		"DROP TABLE stats_source_totals;"
		"DROP VIEW stats_event_country_sets;"
		"DROP TABLE stats_country_set_months;"
		"DROP TABLE stats_country_set_members;"
		"DROP INDEX events_spanning;"
		"DROP TABLE stats_actor_pair_cells;"
		"DROP TABLE stats_actor_pair_role_cells;"
		"DROP INDEX stats_actor_pairs_a_n;"
		"DROP INDEX stats_actor_pairs_b_n;"
		"DROP INDEX stats_actor_pair_months_n;"
		"CREATE INDEX stats_actor_pairs_b ON stats_actor_pairs(b, a);"
		"DROP TABLE stats_actor_crowds;"
		"DROP TABLE stats_country_actor_pairs;"
		"DROP TABLE stats_country_actor_pair_roles;"
		"DROP TABLE stats_root_actors;"
		"DROP TABLE stats_root_countries;"
		"DROP INDEX stats_country_actors_n;"
		"DROP TABLE stats_month_roots;"
		"DROP TABLE stats_country_month_totals;"
		"DROP TABLE event_changes;"
		"DROP INDEX actors_kind_id;"
		"DROP INDEX actors_country_id;"
		"DROP VIEW stats_event_groups;"
		"DROP TABLE stats_actor_pair_groups;"
		"DROP TABLE stats_actor_pair_role_groups;"
		"DROP TABLE stats_group_actors;"
		"DROP TABLE actor_facets;"
		"DROP TABLE source_facets;"
		"DELETE FROM event_relations WHERE relation = 'contradicts';"
		"DROP INDEX events_certainty;"
		"ALTER TABLE events DROP COLUMN certainty;"
		"PRAGMA user_version = 23;");
	snprintf(args, sizeof(args), "migrate --db %s", db);
	if (run(args, out, sizeof(out)) != 0)
		fail_msg("schema 23 does not migrate: ...%s",
			 out + (strlen(out) > 400 ? strlen(out) - 400 : 0));
	assert_non_null(strstr(out, "applied migration 69"));
	assert_int_equal(sqlite3_open(db, &h), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(h, "SELECT min((SELECT count(*)"
					    " FROM stats_month_roots), (SELECT"
					    " count(*) FROM stats_actor_crowds),"
					    " (SELECT count(*) FROM"
					    " stats_country_actor_pairs), (SELECT"
					    " count(*) FROM"
					    " stats_country_set_months), (SELECT"
					    " count(*) FROM stats_role_months),"
					    " (SELECT count(*) FROM"
					    " stats_source_totals), (SELECT"
					    " count(*) FROM"
					    " stats_actor_set_months), (SELECT"
					    " count(*) FROM"
					    " stats_actor_role_months), (SELECT"
					    " count(*) FROM"
					    " stats_goldstein_months), (SELECT"
					    " count(*) FROM"
					    " stats_country_set_pair_roles),"
					    " (SELECT count(*) FROM"
					    " stats_actor_pair_groups), (SELECT"
					    " count(*) FROM stats_group_actors),"
					    " (SELECT count(*) FROM"
					    " actor_facets), (SELECT count(*)"
					    " FROM source_facets))",
					    -1,
					    &st, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	assert_true(sqlite3_column_int(st, 0) > 0);
	sqlite3_finalize(st);
	sqlite3_close(h);
	unlink(db);
}

/* /metrics is valid Prometheus text, by Prometheus's own checker. */
static void test_metrics_promtool(void **state)
{
	struct server *s = shared_server();
	struct response r;
	char path[320];
	FILE *f;
	int tries;

	(void)state;
	get(s, "/events?limit=3", &r);
	response_free(&r);
	/* Requests no route takes are labelled by their path and method. */
	get(s, "/no-such-path", &r);
	response_free(&r);
	assert_int_equal(http(s, "DELETE", "/countries", NULL, NULL, &r), 0);
	assert_int_equal(r.status, 405);
	response_free(&r);
	assert_int_equal(http(s, "OPTIONS", "/events", NULL, NULL, &r), 0);
	response_free(&r);
	/*
	 * A request is counted once its answer is sent, which the client
	 * may see first: ask until the last one shows.
	 */
	for (tries = 0;; tries++) {
		get(s, "/metrics", &r);
		assert_int_equal(r.status, 200);
		if (strstr(r.body, "{route=\"/events\",method=\"OPTIONS\","
			   "status=") || tries == 100)
			break;
		response_free(&r);
		usleep(20000);
	}
	assert_null(strstr(r.body, "route=\"none\""));
	assert_non_null(strstr(r.body, "{route=\"unmatched\",method=\"GET\","
			       "status=\"404\"}"));
	assert_non_null(strstr(r.body, "{route=\"/countries\",method="
			       "\"DELETE\",status=\"405\"}"));
	assert_non_null(strstr(r.body, "{route=\"/events\",method="
			       "\"OPTIONS\",status="));
	assert_non_null(strstr(r.body, "dossier_db_rows{table=\"events\"}"));
	assert_non_null(strstr(r.body, "dossier_http_request_duration_seconds"
			       "_bucket{le=\"+Inf\"}"));
	snprintf(path, sizeof(path), "%s/metrics.txt", s->dir);
	f = fopen(path, "w");
	assert_non_null(f);
	fwrite(r.body, 1, r.body_len, f);
	fclose(f);
	response_free(&r);
	{
		char cmd[400], out[4096];

		snprintf(cmd, sizeof(cmd), "promtool check metrics < %s",
			 path);
		assert_int_equal(run_shell(cmd, out, sizeof(out)), 0);
	}
}

int test_cli(int *total)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_help_and_version),
		cmocka_unit_test(test_env_config),
		cmocka_unit_test(test_lifecycle),
		cmocka_unit_test(test_drain),
		cmocka_unit_test(test_metrics_promtool),
		cmocka_unit_test(test_upgrade_from_schema_23),
		cmocka_unit_test(test_deferred_indexes_after_upgrade),
		cmocka_unit_test(test_seed_of_seeded_writes_nothing),
	};

	*total += (int)(sizeof(tests) / sizeof(tests[0]));
	return cmocka_run_group_tests_name("cli and lifecycle", tests, NULL,
					   NULL);
}
