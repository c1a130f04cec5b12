/* SPDX-License-Identifier: MIT */
/* The `dossier` command: serve, migrate, seed, routes. */
#include <signal.h>
#include <stdio.h>
#include <string.h>

#include "config.h"
#include "db.h"
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

int main(int argc, char **argv)
{
	struct config config;
	const char *cmd = argc > 1 ? argv[1] : "";
	sigset_t set;
	int ret;

	xalloc_init();
	if (strcmp(cmd, "help") == 0 || strcmp(cmd, "--help") == 0 ||
	    strcmp(cmd, "-h") == 0) {
		usage(stdout);
		return 0;
	}
	if (strcmp(cmd, "version") == 0 || strcmp(cmd, "--version") == 0) {
		printf("dossier %s\n", DOSSIER_VERSION);
		return 0;
	}
	if (strcmp(cmd, "routes") == 0)
		return cmd_routes();
	if (strcmp(cmd, "serve") != 0 && strcmp(cmd, "migrate") != 0 &&
	    strcmp(cmd, "seed") != 0) {
		fprintf(stderr, "dossier: %s%s%s\n\n", *cmd ? "unknown "
			"command '" : "no command given", cmd,
			*cmd ? "'" : "");
		usage(stderr);
		return 2;
	}
	config_defaults(&config);
	if (config_load(&config, argc, argv, 2) != 0)
		return 2;
	log_set_level(config.log_level);

	/* Worker threads inherit this mask; main collects the signals. */
	sigemptyset(&set);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGINT);
	pthread_sigmask(SIG_BLOCK, &set, NULL);
	signal(SIGPIPE, SIG_IGN);

	if (db_setup(config.db_path, strcmp(cmd, "migrate") != 0) != 0)
		return 1;
	db_thread_close();
	ret = strcmp(cmd, "serve") == 0 ? server_run(&config) : 0;
	return ret == 0 ? 0 : 1;
}
