/* SPDX-License-Identifier: MIT */
/*
 * Losing the PostgreSQL primary under traffic. With DOSSIER_TEST_CLUSTER
 * naming a formation that tests/pg_cluster.sh started (`make
 * test-failover` does it all), two dossier instances serve its three
 * nodes through one multi-host URI while writers and readers run against
 * both; the primary is killed mid-traffic. Checked: pg_auto_failover
 * promotes a standby and writes resume on it; no acknowledged write is
 * lost; no read fails (they are on the standbys, and wait while both
 * restart); and every write is visible at once, on the other instance,
 * to a read that sends back its Dossier-Read-After token. Skipped
 * without a formation.
 */
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "harness.h"
#include "tests.h"

#define INSTANCES 2
#define MAX_ACKED 20000

static struct server servers[INSTANCES];
static char key[128];

struct run {
	pthread_mutex_t lock;
	volatile int stop;
	/* Writes answered 201: the path of each, and its token. */
	char *acked[MAX_ACKED];
	size_t nacked;
	size_t acked_after;	/* of them, sent after the kill */
	size_t refused;		/* writes answered 503 (not acknowledged) */
	size_t unseen;		/* a 201 whose read with its token was 404 */
	/* Reads: answered 200, answered otherwise, and the longest time
	 * any instance went without a 200 (ms). */
	size_t reads_ok, reads_failed;
	double longest_gap_ms, longest_gap_end;
	double killed_at, first_write_after;
};

static struct run run;

static double now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

/* A write through instance i, then its read through the other one. */
static void *writer(void *arg)
{
	int i = (int)(intptr_t)arg, n = 0;
	char auth[160], body[512], name[64];
	const char *headers[] = { auth, "Content-Type: application/json",
				  NULL };

	snprintf(auth, sizeof(auth), "Authorization: Bearer %s", key);
	while (!run.stop) {
		struct response r = { 0 }, seen = { 0 };
		char *where, *token, after[96];
		const char *read_headers[] = { after, NULL };
		double began = now_ms();

		snprintf(name, sizeof(name), "Failover Writer %d No %d", i,
			 n++);
		snprintf(body, sizeof(body), "{\"name\":\"%s\",\"kind\":"
			 "\"person\",\"sources\":[{\"source\":"
			 "\"itv-2019-04-24-huawei-5g\",\"quote\":\"MI6 chief "
			 "Alex Younger\"}]}", name);
		if (http(&servers[i], "POST", "/actors", headers, body, &r) != 0 ||
		    r.status != 201) {
			pthread_mutex_lock(&run.lock);
			run.refused++;
			pthread_mutex_unlock(&run.lock);
			response_free(&r);
			usleep(20000);
			continue;
		}
		where = response_header(&r, "Location");
		token = response_header(&r, "Dossier-Read-After");
		snprintf(after, sizeof(after), "Dossier-Read-After: %s",
			 token ? token : "");
		/* Read-your-writes on the other instance, which reads from
		 * a standby: retried while no server answers (503), never
		 * answered 404. */
		for (;;) {
			response_free(&seen);
			if (http(&servers[!i], "GET", where, read_headers, NULL,
				 &seen) == 0 && seen.status != 503)
				break;
			usleep(20000);
		}
		pthread_mutex_lock(&run.lock);
		if (seen.status != 200)
			run.unseen++;
		/* The first write sent after the kill that got through. */
		if (run.killed_at > 0 && began > run.killed_at &&
		    run.first_write_after == 0)
			run.first_write_after = now_ms();
		if (run.killed_at > 0 && began > run.killed_at)
			run.acked_after++;
		if (run.nacked < MAX_ACKED)
			run.acked[run.nacked++] = where;
		else
			free(where);
		pthread_mutex_unlock(&run.lock);
		free(token);
		response_free(&r);
		response_free(&seen);
	}
	return NULL;
}

/* Reads of a list through instance i, as fast as they come. */
static void *reader(void *arg)
{
	int i = (int)(intptr_t)arg;
	double last_ok = now_ms();
	unsigned n = 0;

	while (!run.stop) {
		struct response r = { 0 };
		char path[64];
		int ok;

		/* Distinct URLs: answers from the database, not the cache. */
		snprintf(path, sizeof(path), "/actors?limit=%u", 1 + n++ % 50);
		ok = http(&servers[i], "GET", path, NULL, NULL, &r) == 0 &&
		     r.status == 200;
		pthread_mutex_lock(&run.lock);
		if (ok) {
			double gap = now_ms() - last_ok;

			last_ok = now_ms();
			if (gap > run.longest_gap_ms) {
				run.longest_gap_ms = gap;
				run.longest_gap_end = last_ok;
			}
			run.reads_ok++;
		} else if (run.reads_failed++ < 5) {
			fprintf(stderr, "read %s failed: %ld %s\n", path,
				r.status, r.body ? r.body : "");
		}
		pthread_mutex_unlock(&run.lock);
		response_free(&r);
	}
	return NULL;
}

static void cluster(const char *dir, const char *what, char *out, size_t sz)
{
	char cmd[512];

	snprintf(cmd, sizeof(cmd), "tests/pg_cluster.sh %s %s", what, dir);
	assert_int_equal(run_command(cmd, out, sz), 0);
	out[strcspn(out, "\n")] = '\0';
}

static void test_primary_lost_under_traffic(void **state)
{
	const char *dir = getenv("DOSSIER_TEST_CLUSTER");
	pthread_t threads[2 * INSTANCES];
	char uri[512], cmd[1024], out[256], big[8192];
	const char *args[] = { "--db", uri, "--threads", "4", NULL };
	size_t i, lost = 0;
	double start;

	(void)state;
	if (!dir)
		skip();
	memset(&run, 0, sizeof(run));
	pthread_mutex_init(&run.lock, NULL);
	cluster(dir, "uri", uri, sizeof(uri));
	/* One at a time: the first creates the schema and seeds it. */
	for (i = 0; i < INSTANCES; i++)
		assert_int_equal(server_start(&servers[i], args, NULL), 0);
	snprintf(cmd, sizeof(cmd), "build/release/dossier keys create "
		 "failover --db '%s' 2>/dev/null | tail -n 1", uri);
	assert_int_equal(run_command(cmd, key, sizeof(key)), 0);
	key[strcspn(key, "\n")] = '\0';
	assert_true(strncmp(key, "dsk_", 4) == 0);

	for (i = 0; i < INSTANCES; i++) {
		pthread_create(&threads[2 * i], NULL, writer,
			       (void *)(intptr_t)i);
		pthread_create(&threads[2 * i + 1], NULL, reader,
			       (void *)(intptr_t)i);
	}
	sleep(3);
	assert_true(run.nacked > 0);	/* writes went through before */
	cluster(dir, "kill-primary", out, sizeof(out));
	pthread_mutex_lock(&run.lock);
	run.killed_at = now_ms();
	pthread_mutex_unlock(&run.lock);
	printf("failover: killed %s, the primary\n", out);
	/* Traffic goes on until writes have resumed for 3 s (or 90 s). */
	start = now_ms();
	while (now_ms() - start < 90000) {
		sleep(1);
		pthread_mutex_lock(&run.lock);
		if (run.first_write_after > 0 &&
		    now_ms() - run.first_write_after > 3000) {
			pthread_mutex_unlock(&run.lock);
			break;
		}
		pthread_mutex_unlock(&run.lock);
	}
	run.stop = 1;
	for (i = 0; i < 2 * INSTANCES; i++)
		pthread_join(threads[i], NULL);

	/* Every acknowledged write is on the new primary: read through
	 * each instance once the standby has caught up (or the primary). */
	for (i = 0; i < run.nacked; i++) {
		struct response r = { 0 };

		if (http(&servers[i % INSTANCES], "GET", run.acked[i], NULL,
			 NULL, &r) != 0 || r.status != 200) {
			if (lost++ < 5)
				fprintf(stderr, "lost: %s (%ld)\n",
					run.acked[i], r.status);
		}
		response_free(&r);
		free(run.acked[i]);
	}
	printf("failover: %zu writes acknowledged (%zu sent after the kill), "
	       "%zu lost, %zu refused while no primary answered; writes "
	       "resumed %.1f s after the kill; reads %zu answered, %zu not, "
	       "longest gap %.0f ms (ending %.1f s after the kill); %zu writes "
	       "unseen through their token\n",
	       run.nacked, run.acked_after, lost, run.refused, run.first_write_after > 0 ?
	       (run.first_write_after - run.killed_at) / 1e3 : -1.0,
	       run.reads_ok, run.reads_failed, run.longest_gap_ms,
	       (run.longest_gap_end - run.killed_at) / 1e3,
	       run.unseen);
	if (run.reads_failed || lost || run.unseen ||
	    !run.first_write_after) {
		/* What the monitor and the nodes said, for the reason. */
		snprintf(cmd, sizeof(cmd), "tests/pg_cluster.sh state %s;"
			 " for f in %s/node*.log; do echo \"== $f\";"
			 " grep -E 'ERROR|FATAL|WARN' $f | tail -n 8; done",
			 dir, dir);
		run_command(cmd, big, sizeof(big));
		fprintf(stderr, "the formation:\n%s", big);
	}
	for (i = 0; i < INSTANCES; i++) {
		if (run.reads_failed || lost || run.unseen) {
			snprintf(cmd, sizeof(cmd), "grep -v '\"info\"' %s | cut -c34- |"
				 " sort | uniq -c | sort -rn | head -n 8",
				 servers[i].log);
			run_command(cmd, big, sizeof(big));
			fprintf(stderr, "instance %zu's log:\n%s", i, big);
		}
		assert_int_equal(server_stop(&servers[i]), 0);
		server_cleanup(&servers[i]);
	}
	assert_true(run.first_write_after > 0);
	assert_true(run.acked_after > 0);
	assert_int_equal(lost, 0);
	assert_int_equal(run.unseen, 0);
	assert_int_equal(run.reads_failed, 0);
	/* pg_auto_failover restarts both standbys when the primary is
	 * lost, and for as long as those restarts overlap no server
	 * answers: a read that meets that waits (server/routes.c retries
	 * it for up to 10 s) rather than fail, and is answered at once
	 * when a standby is back. */
	assert_true(run.longest_gap_ms < 10000);
}

/*
 * Every node gone (after the test above, whose formation has failed
 * over): /readyz says so at once, and a read of the data keeps trying
 * for its 10 s (server/routes.c) and then says 503, with Retry-After.
 */
static void test_no_server_left(void **state)
{
	const char *dir = getenv("DOSSIER_TEST_CLUSTER");
	char uri[512], out[256];
	const char *args[] = { "--db", uri, "--threads", "2", NULL };
	struct response r = { 0 };
	double began, took;

	(void)state;
	if (!dir)
		skip();
	cluster(dir, "uri", uri, sizeof(uri));
	assert_int_equal(server_start(&servers[0], args, NULL), 0);
	cluster(dir, "stop", out, sizeof(out));

	began = now_ms();
	assert_int_equal(http(&servers[0], "GET", "/readyz", NULL, NULL,
			      &r), 0);
	took = now_ms() - began;
	printf("failover: no node left: /readyz %ld in %.0f ms", r.status,
	       took);
	assert_int_equal(r.status, 503);
	assert_true(took < 5000);
	response_free(&r);

	began = now_ms();
	assert_int_equal(http(&servers[0], "GET", "/actors?limit=3", NULL,
			      NULL, &r), 0);
	took = now_ms() - began;
	printf(", /actors %ld after %.1f s\n", r.status, took / 1e3);
	assert_int_equal(r.status, 503);
	assert_true(took >= 10000 && took < 20000);
	response_free(&r);
	assert_int_equal(server_stop(&servers[0]), 0);
	server_cleanup(&servers[0]);
}

int test_failover(int *total)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_primary_lost_under_traffic),
		cmocka_unit_test(test_no_server_left),
	};

	*total += (int)(sizeof(tests) / sizeof(tests[0]));
	return cmocka_run_group_tests_name("failover", tests, NULL, NULL);
}
