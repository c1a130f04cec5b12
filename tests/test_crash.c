/* SPDX-License-Identifier: MIT */
/*
 * Crash safety: the server is killed with SIGKILL while several clients
 * write, ten times over the same database. After each restart, every
 * write the server acknowledged is there, no event is half-written (each
 * has all its participants and citations), and the database passes
 * PRAGMA integrity_check.
 */
#include <pthread.h>
#include <signal.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "harness.h"
#include "tests.h"

#define ROUNDS 10
#define WRITERS 4
#define MAX_ACKED 20000
#define PARTICIPANTS 3
#define CITATIONS 2

struct crash_run {
	struct server *srv;
	char auth[256];
	int round;
	volatile int stop;
	pthread_mutex_t lock;
	char (*acked)[64];	/* ids answered 201 */
	size_t nacked;
};

struct writer {
	struct crash_run *run;
	int n;
};

static void *write_events(void *arg)
{
	struct writer *w = arg;
	struct crash_run *run = w->run;
	const char *headers[] = { run->auth,
				  "Content-Type: application/json", NULL };
	char id[64], body[1024];
	int i;

	for (i = 0; !run->stop && i < 100000; i++) {
		struct response r;

		snprintf(id, sizeof(id), "crash-%d-%d-%d", run->round, w->n, i);
		snprintf(body, sizeof(body),
			 "{\"id\":\"%s\",\"title\":\"Crash %s\","
			 "\"date\":\"2019-04-23\",\"participants\":["
			 "{\"actor\":\"huawei\",\"role\":\"target\"},"
			 "{\"actor\":\"theresa-may\",\"role\":\"initiator\"},"
			 "{\"actor\":\"sajid-javid\",\"role\":\"participant\"}],"
			 "\"sources\":[{\"source\":\"itv-2019-04-24-huawei-5g\","
			 "\"quote\":\"one\"},{\"source\":"
			 "\"pa-2019-04-28-liu-xiaoming-huawei\","
			 "\"quote\":\"two\"}]}", id, id);
		if (http(run->srv, "POST", "/events", headers, body, &r) != 0) {
			response_free(&r);
			break;	/* the server is gone */
		}
		if (r.status == 201) {
			pthread_mutex_lock(&run->lock);
			if (run->nacked < MAX_ACKED)
				snprintf(run->acked[run->nacked++], 64, "%s",
					 id);
			pthread_mutex_unlock(&run->lock);
		}
		response_free(&r);
	}
	return NULL;
}

static int scalar(sqlite3 *db, const char *sql, const char *arg,
		  char *out, size_t sz)
{
	sqlite3_stmt *st;
	int rc = -1;

	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
		return -1;
	if (arg)
		sqlite3_bind_text(st, 1, arg, -1, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_ROW) {
		snprintf(out, sz, "%s", (const char *)sqlite3_column_text(st,
									  0));
		rc = 0;
	}
	sqlite3_finalize(st);
	return rc;
}

/* Checks the database file directly, as the killed server left it. */
static void check_database(const char *path, struct crash_run *run)
{
	sqlite3 *db;
	char v[256];
	size_t i;

	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	sqlite3_busy_timeout(db, 5000);
	assert_int_equal(scalar(db, "PRAGMA integrity_check", NULL, v,
				sizeof(v)), 0);
	assert_string_equal(v, "ok");
	/* No event is there without all of its children. */
	assert_int_equal(scalar(db, "SELECT count(*) FROM events e WHERE "
				"e.id LIKE 'crash-%' AND ((SELECT count(*) "
				"FROM participants p WHERE p.event = e.pk) "
				"<> 3 OR (SELECT count(*) FROM event_citations "
				"c WHERE c.event = e.pk) <> 2)", NULL, v,
				sizeof(v)), 0);
	assert_string_equal(v, "0");
	for (i = 0; i < run->nacked; i++) {
		if (scalar(db, "SELECT count(*) FROM events WHERE id = ?",
			   run->acked[i], v, sizeof(v)) != 0 ||
		    strcmp(v, "1") != 0)
			fail_msg("acknowledged %s is missing", run->acked[i]);
	}
	sqlite3_close(db);
}

static void test_kill_during_writes(void **state)
{
	struct server first, srv;
	struct crash_run run;
	char db[320], key[200];
	const char *args[] = { "--db", db, NULL };
	int round;
	size_t total_acked = 0;

	/* SQLite's own file, read here directly: the PostgreSQL store's
	 * durability is its own (its cluster test). */
	if (getenv("DOSSIER_TEST_PG"))
		skip();

	(void)state;
	memset(&run, 0, sizeof(run));
	pthread_mutex_init(&run.lock, NULL);
	run.acked = calloc(MAX_ACKED, sizeof(*run.acked));
	assert_int_equal(server_start(&first, NULL, NULL), 0);
	snprintf(db, sizeof(db), "%s/test.db", first.dir);
	assert_int_equal(server_keys(&first, "create", "crash", key,
				     sizeof(key)), 0);
	snprintf(run.auth, sizeof(run.auth), "Authorization: Bearer %s", key);
	assert_int_equal(server_stop(&first), 0);
	srand((unsigned)time(NULL));
	for (round = 0; round < ROUNDS; round++) {
		pthread_t t[WRITERS];
		struct writer w[WRITERS];
		struct timespec pause;
		size_t acked_before = run.nacked;
		int i, status;

		assert_int_equal(server_start(&srv, args, NULL), 0);
		run.srv = &srv;
		run.round = round;
		run.stop = 0;
		for (i = 0; i < WRITERS; i++) {
			w[i].run = &run;
			w[i].n = i;
			pthread_create(&t[i], NULL, write_events, &w[i]);
		}
		/*
		 * Once writes flow (the first is acknowledged; slow under
		 * valgrind), let them go on for 100 to 400 ms, then pull
		 * the plug.
		 */
		for (i = 0; i < 1000; i++) {
			size_t n;

			pthread_mutex_lock(&run.lock);
			n = run.nacked;
			pthread_mutex_unlock(&run.lock);
			if (n > acked_before)
				break;
			usleep(10000);
		}
		pause.tv_sec = 0;
		pause.tv_nsec = (100 + rand() % 300) * 1000000L;
		nanosleep(&pause, NULL);
		kill(srv.pid, SIGKILL);
		waitpid(srv.pid, &status, 0);
		srv.pid = 0;
		run.stop = 1;
		for (i = 0; i < WRITERS; i++)
			pthread_join(t[i], NULL);
		server_cleanup(&srv);
		check_database(db, &run);
		total_acked = run.nacked;
	}
	printf("crash: %d kills, %zu acknowledged writes, all present and "
	       "whole\n", ROUNDS, total_acked);
	assert_true(total_acked > 0);
	/* A restarted server serves them. */
	assert_int_equal(server_start(&srv, args, NULL), 0);
	{
		struct response r;
		char path[128];

		snprintf(path, sizeof(path), "/events/%s", run.acked[0]);
		get(&srv, path, &r);
		assert_int_equal(r.status, 200);
		assert_int_equal(json_array_size(json_object_get(
			r.json, "participants")), PARTICIPANTS);
		assert_int_equal(json_array_size(json_object_get(
			r.json, "sources")), CITATIONS);
		response_free(&r);
	}
	assert_int_equal(server_stop(&srv), 0);
	server_cleanup(&srv);
	server_cleanup(&first);
	free(run.acked);
	pthread_mutex_destroy(&run.lock);
}

int test_crash(int *total)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_kill_during_writes),
	};

	*total += (int)(sizeof(tests) / sizeof(tests[0]));
	return cmocka_run_group_tests_name("crash safety", tests, NULL, NULL);
}
