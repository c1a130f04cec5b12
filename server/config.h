/* SPDX-License-Identifier: MIT */
/*
 * Runtime configuration: one struct filled from defaults, then DOSSIER_*
 * environment variables, then command-line flags (each later source wins).
 * Every value is validated with a message naming the flag and variable.
 */
#ifndef DOSSIER_CONFIG_H
#define DOSSIER_CONFIG_H

#include <stddef.h>
#include <stdio.h>

#include "log.h"

struct config {
	char bind[64];		/* IPv4/IPv6 address to listen on */
	unsigned port;		/* 0 picks a free port */
	char db_path[4096];	/* SQLite database file */
	unsigned threads;	/* readers, and connection threads; 0: cores */
	enum log_level log_level;
	char cors_origins[1024];	/* "*", "" (off) or comma list */
	size_t max_body;	/* request body limit in bytes */
	unsigned max_connections;
	unsigned max_connections_per_ip;	/* 0: no per-address limit */
	unsigned timeout;	/* idle connection timeout, seconds */
	unsigned selective_rows;	/* see query_set_selective_rows() */
	unsigned relevance_window;	/* see query_set_relevance_window() */
	unsigned query_timeout_ms;	/* database budget of one read */
	unsigned response_cache_mb;	/* per worker; 0: no response cache */
	unsigned db_cache_mb;		/* SQLite's page cache, per connection */
	unsigned columns_mb;		/* the events' columns copied; 0: none */
};

void config_defaults(struct config *c);
/*
 * Applies DOSSIER_* variables, then the flags in argv[first..argc).
 * Returns 0, or -1 after printing what is wrong to stderr.
 */
int config_load(struct config *c, int argc, char **argv, int first);
/* Prints the option table (flag, variable, default, meaning). */
void config_usage(FILE *out);

#endif
