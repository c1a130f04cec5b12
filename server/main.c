/* SPDX-License-Identifier: MIT */
/* The `dossier` command: serve, migrate, seed, routes. */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "config.h"
#include "db.h"
#include "pg.h"
#include "pg_copy.h"
#include "import.h"
#include "keys.h"
#include "log.h"
#include "routes.h"
#include "server.h"
#include "xalloc.h"

#ifndef DOSSIER_VERSION
#define DOSSIER_VERSION "0.0.0"
#endif

static void usage(FILE *out)
{
	fprintf(out,
		"dossier " DOSSIER_VERSION " - actors, countries and events "
		"from news reporting, as a JSON API\n\n"
		"Usage: dossier COMMAND [OPTIONS]\n\n"
		"Commands:\n"
		"  serve     migrate and seed the database if needed, then "
		"serve HTTP\n"
		"  migrate   apply pending schema migrations\n"
		"  seed      load the shipped reference and seed data into an "
		"empty database\n"
		"  routes    list the HTTP routes\n"
		"  backup FILE  copy the database to FILE while it serves\n"
		"  keys create NAME   create an API key for writes; it is "
		"printed once\n"
		"  keys list          list API keys (never the keys "
		"themselves)\n"
		"  keys revoke NAME   revoke an API key\n"
		"  import gdelt FILE...  import GDELT event files (TSV 1.0/2.0,"
		" CSV; .gz, .zip);\n"
		"                        an empty PostgreSQL database is "
		"filled by way of SQLite\n"
		"  import ndjson FILE    restore records written by export "
		"(- for stdin)\n"
		"  import sqlite FILE    copy a SQLite dossier database into an"
		" empty PostgreSQL\n"
		"                        one (--db postgresql://...), with "
		"COPY\n"
		"  export ndjson [FILE]  write every source, actor and event "
		"as NDJSON\n"
		"  help      show this help (also --help)\n"
		"  version   show the version (also --version)\n\n");
	config_usage(out);
}

static int cmd_routes(void)
{
	const struct route *r;
	size_t n, i;

	r = routes_table(&n);
	for (i = 0; i < n; i++)
		printf("%s %s\n", r[i].method, r[i].pattern);
	return 0;
}

/* A key name: 1 to 64 of A-Z a-z 0-9 . _ - */
static int valid_key_name(const char *name)
{
	size_t n = strlen(name), i;

	if (n == 0 || n > 64)
		return 0;
	for (i = 0; i < n; i++) {
		char c = name[i];

		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		      (c >= '0' && c <= '9') || c == '.' || c == '_' ||
		      c == '-'))
			return 0;
	}
	return 1;
}

/* dossier keys create|list|revoke [NAME] [OPTIONS] */
static int cmd_keys(int argc, char **argv, struct config *config)
{
	const char *sub = argc > 2 ? argv[2] : "";
	int named = strcmp(sub, "create") == 0 || strcmp(sub, "revoke") == 0;
	const char *name = named && argc > 3 ? argv[3] : NULL;
	char key[KEY_TEXT_SIZE];
	int rc;

	if (!named && strcmp(sub, "list") != 0) {
		fprintf(stderr, "dossier: keys needs create NAME, list or "
			"revoke NAME\n");
		return 2;
	}
	if (named && (!name || !valid_key_name(name))) {
		fprintf(stderr, "dossier: keys %s needs a NAME of 1 to 64 "
			"letters, digits, '.', '_' or '-'\n", sub);
		return 2;
	}
	if (config_load(config, argc, argv, named ? 4 : 3) != 0)
		return 2;
	log_set_level(config->log_level);
	if (db_setup(config->db_path, DB_SEED) != 0)
		return 1;
	if (strcmp(sub, "list") == 0)
		return keys_list(stdout) == 0 ? 0 : 1;
	if (strcmp(sub, "revoke") == 0) {
		rc = keys_revoke(name);
		if (rc == 1)
			fprintf(stderr, "dossier: no valid key named '%s'\n",
				name);
		else if (rc == 0)
			fprintf(stderr, "revoked key '%s'\n", name);
		return rc == 0 ? 0 : 1;
	}
	rc = keys_create(name, key);
	if (rc == 1) {
		fprintf(stderr, "dossier: a key named '%s' exists already\n",
			name);
		return 1;
	}
	if (rc != 0)
		return 1;
	/* The only time the key is shown: stdout, for scripts to capture. */
	printf("%s\n", key);
	fprintf(stderr, "created key '%s'; store it now, it cannot be shown "
		"again\n", name);
	return 0;
}

static void print_stats(const char *what, const struct import_stats *st)
{
	fprintf(stderr, "%s: %zu read, %zu imported, %zu unchanged, %zu "
		"skipped in %.2f s (%.0f rows/s)\n", what, st->read,
		st->imported, st->unchanged, st->skipped, st->seconds,
		st->seconds > 0 ? (double)st->read / st->seconds : 0.0);
}

/* Runs this program with argv; its exit status, or -1 when it did not run. */
static int run_self(char *const *argv)
{
	pid_t pid = fork();
	int status;

	if (pid < 0)
		return -1;
	if (pid == 0) {
		execv("/proc/self/exe", argv);
		_exit(127);
	}
	while (waitpid(pid, &status, 0) < 0) {
		if (errno != EINTR)
			return -1;
	}
	return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

/*
 * Runs this program as `dossier WORDS... OPTS... --db DB`: words and opts
 * NULL-ended. Its exit status, or -1.
 */
static int run_step(char *const *words, char *const *opts, const char *db)
{
	char **argv;
	size_t n = 0, i, nw = 0, no = 0;
	int rc;

	while (words[nw])
		nw++;
	while (opts[no])
		no++;
	argv = xcalloc(nw + no + 4, sizeof(*argv));
	argv[n++] = "dossier";
	for (i = 0; i < nw; i++)
		argv[n++] = words[i];
	for (i = 0; i < no; i++)
		argv[n++] = opts[i];
	argv[n++] = "--db";
	argv[n++] = (char *)db;
	rc = run_self(argv);
	free(argv);
	return rc;
}

/*
 * Whether the PostgreSQL database at uri holds no data yet: 1, 0, or -1
 * after printing why.
 */
static int pg_empty(const char *uri)
{
	PGconn *c = pg_connect(uri, PG_PRIMARY, NULL);
	int empty;

	if (!c)
		return -1;
	empty = pg_copy_target_empty(c);
	PQfinish(c);
	return empty;
}

/*
 * `import gdelt` into an empty PostgreSQL database: into a new SQLite
 * database in a temporary directory ($TMPDIR, else /tmp; about 2.5 GB per
 * million events), then copied into the PostgreSQL database with COPY
 * (`import sqlite`), each step by this program on the one store it
 * opens: many times faster than rows and triggers one by one, which a
 * database that holds data gets (import_gdelt()). opts[1..nopts) are the
 * options given; each step gets them but --db.
 */
static int import_gdelt_via_sqlite(char **files, int nfiles, char **opts,
				   int nopts, const char *uri)
{
	const char *tmp = getenv("TMPDIR");
	char dir[512], db[600], side[620];
	char *seed[] = { "seed", NULL }, *copy[] = { "import", "sqlite", db,
						    NULL };
	char **import, **rest = xcalloc((size_t)nopts + 1, sizeof(*rest));
	int i, k = 0, rc;

	for (i = 1; i < nopts; i++) {
		if (strcmp(opts[i], "--db") == 0)
			i++;	/* and its value */
		else if (strncmp(opts[i], "--db=", 5) != 0)
			rest[k++] = opts[i];
	}
	snprintf(dir, sizeof(dir), "%s/dossier-import-XXXXXX",
		 tmp && *tmp ? tmp : "/tmp");
	if (!mkdtemp(dir)) {
		perror(dir);
		free(rest);
		return 1;
	}
	snprintf(db, sizeof(db), "%s/gdelt.db", dir);
	import = xcalloc((size_t)nfiles + 3, sizeof(*import));
	import[0] = "import";
	import[1] = "gdelt";
	for (i = 0; i < nfiles; i++)
		import[i + 2] = files[i];
	fprintf(stderr, "import gdelt: into %s first, then copied into "
		"PostgreSQL\n", db);
	rc = run_step(seed, rest, db);
	if (rc == 0)
		rc = run_step(import, rest, db);
	if (rc == 0)
		rc = run_step(copy, rest, uri);
	free(import);
	free(rest);
	unlink(db);
	snprintf(side, sizeof(side), "%s-wal", db);
	unlink(side);
	snprintf(side, sizeof(side), "%s-shm", db);
	unlink(side);
	rmdir(dir);
	return rc == 0 ? 0 : 1;
}

/*
 * dossier import gdelt|ndjson FILE... / dossier export ndjson [FILE]:
 * arguments starting with "--" are options (see --help), the rest files.
 */
static int cmd_bulk(int argc, char **argv, struct config *config)
{
	const char *what = argc > 2 ? argv[2] : "";
	int import = strcmp(argv[1], "import") == 0;
	char **files = calloc((size_t)argc, sizeof(char *));
	char **opts = calloc((size_t)argc + 1, sizeof(char *));
	struct import_stats st = { 0 };
	int nfiles = 0, nopts = 1, i, ret = 2;

	for (i = 3; i < argc; i++) {
		if (strncmp(argv[i], "--", 2) == 0) {
			opts[nopts++] = argv[i];
			if (!strchr(argv[i], '=') && i + 1 < argc)
				opts[nopts++] = argv[++i];
		} else {
			files[nfiles++] = argv[i];
		}
	}
	if (!(import && strcmp(what, "gdelt") == 0 && nfiles > 0) &&
	    !(import && strcmp(what, "ndjson") == 0 && nfiles == 1) &&
	    !(import && strcmp(what, "sqlite") == 0 && nfiles == 1) &&
	    !(!import && strcmp(what, "ndjson") == 0 && nfiles <= 1)) {
		fprintf(stderr, "dossier: use `import gdelt FILE...`, `import "
			"ndjson FILE`, `import sqlite FILE` or `export ndjson "
			"[FILE]`\n");
		goto out;
	}
	if (config_load(config, nopts, opts, 1) != 0)
		goto out;
	log_set_level(config->log_level);
	ret = 1;
	if (strcmp(what, "sqlite") == 0 && !pg_is_uri(config->db_path)) {
		fprintf(stderr, "import sqlite: --db must be a PostgreSQL URI"
			" (postgresql://...)\n");
		goto out;
	}
	if (import && strcmp(what, "gdelt") == 0 &&
	    pg_is_uri(config->db_path)) {
		int empty = pg_empty(config->db_path);

		if (empty < 0)
			goto out;
		if (empty) {
			ret = import_gdelt_via_sqlite(files, nfiles, opts,
						      nopts, config->db_path);
			goto out;
		}
	}
	/* A copy fills an empty database: no seed first. */
	if (db_setup(config->db_path, strcmp(what, "sqlite") ? DB_SEED : 0)
	    != 0)
		goto out;
	if (import && strcmp(what, "sqlite") == 0) {
		struct timespec t0, t1;
		long long rows = 0;

		clock_gettime(CLOCK_MONOTONIC, &t0);
		ret = db_import_sqlite(files[0], &rows) == 0 ? 0 : 1;
		clock_gettime(CLOCK_MONOTONIC, &t1);
		fprintf(stderr, "sqlite import: %lld rows %s in %.2f s\n",
			rows, ret ? "read, nothing kept," : "copied",
			(double)(t1.tv_sec - t0.tv_sec) +
			(double)(t1.tv_nsec - t0.tv_nsec) / 1e9);
	} else if (import && strcmp(what, "gdelt") == 0) {
		ret = import_gdelt(files, (size_t)nfiles, &st) == 0 ? 0 : 1;
		print_stats("gdelt import", &st);
	} else if (import) {
		ret = import_ndjson(files[0], &st) == 0 ? 0 : 1;
		print_stats("ndjson import", &st);
	} else {
		FILE *out = nfiles && strcmp(files[0], "-") != 0 ?
			fopen(files[0], "w") : stdout;

		if (!out) {
			perror(files[0]);
			goto out;
		}
		ret = export_ndjson(out, &st) == 0 ? 0 : 1;
		if (out != stdout && fclose(out) != 0)
			ret = 1;
		fprintf(stderr, "exported %zu records in %.2f s\n",
			st.imported, st.seconds);
	}
out:
	free(files);
	free(opts);
	return ret;
}

int main(int argc, char **argv)
{
	struct config config;
	const char *cmd = argc > 1 ? argv[1] : "";
	sigset_t set;
	int ret, i;

	xalloc_init();
	if (strcmp(cmd, "help") == 0 || strcmp(cmd, "--help") == 0 ||
	    strcmp(cmd, "-h") == 0) {
		usage(stdout);
		return 0;
	}
	/* `dossier serve --help`: help, not an unknown option. */
	for (i = 2; i < argc; i++) {
		if (strcmp(argv[i], "--help") == 0 ||
		    strcmp(argv[i], "-h") == 0) {
			usage(stdout);
			return 0;
		}
	}
	if (strcmp(cmd, "version") == 0 || strcmp(cmd, "--version") == 0) {
		printf("dossier %s\n", DOSSIER_VERSION);
		return 0;
	}
	if (strcmp(cmd, "routes") == 0)
		return cmd_routes();
	config_defaults(&config);
	if (strcmp(cmd, "backup") == 0) {
		if (argc < 3 || strncmp(argv[2], "--", 2) == 0) {
			fprintf(stderr, "dossier: backup needs a FILE\n");
			return 2;
		}
		if (config_load(&config, argc, argv, 3) != 0)
			return 2;
		log_set_level(config.log_level);
		ret = db_setup(config.db_path, 0) == 0 &&
		      db_backup(argv[2]) == 0 ? 0 : 1;
		if (ret == 0)
			fprintf(stderr, "backed up %s to %s\n", config.db_path,
				argv[2]);
		db_thread_close();
		return ret;
	}
	if (strcmp(cmd, "keys") == 0 || strcmp(cmd, "import") == 0 ||
	    strcmp(cmd, "export") == 0) {
		ret = strcmp(cmd, "keys") == 0 ?
			cmd_keys(argc, argv, &config) :
			cmd_bulk(argc, argv, &config);
		db_thread_close();
		return ret;
	}
	if (strcmp(cmd, "serve") != 0 && strcmp(cmd, "migrate") != 0 &&
	    strcmp(cmd, "seed") != 0) {
		fprintf(stderr, "dossier: %s%s%s\n\n", *cmd ? "unknown "
			"command '" : "no command given", cmd,
			*cmd ? "'" : "");
		usage(stderr);
		return 2;
	}
	if (config_load(&config, argc, argv, 2) != 0)
		return 2;
	log_set_level(config.log_level);
	db_set_cache_mb(config.db_cache_mb);

	/* Worker threads inherit this mask; main collects the signals. */
	sigemptyset(&set);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGINT);
	pthread_sigmask(SIG_BLOCK, &set, NULL);
	signal(SIGPIPE, SIG_IGN);

	/* Only these create a database: a mistyped --db elsewhere is an
	 * error, not a new, seeded database. */
	if (db_setup(config.db_path, DB_CREATE | (strcmp(cmd, "migrate") ?
						  DB_SEED : 0)) != 0)
		return 1;
	db_thread_close();
	ret = strcmp(cmd, "serve") == 0 ? server_run(&config) : 0;
	return ret == 0 ? 0 : 1;
}
