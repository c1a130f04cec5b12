/* SPDX-License-Identifier: MIT */
/* Configuration from defaults, DOSSIER_* variables and flags (config.h). */
#include "config.h"

#include <arpa/inet.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

enum opt_kind { OPT_UINT, OPT_SIZE, OPT_ADDR, OPT_PATH, OPT_LEVEL, OPT_TEXT };

struct option_def {
	const char *flag;	/* without the leading "--" */
	const char *env;
	enum opt_kind kind;
	size_t offset;		/* into struct config */
	size_t size;		/* buffer size for text options */
	unsigned long min, max;	/* for numbers */
	const char *dflt;	/* shown by --help */
	const char *help;
};

#define OFF(f) offsetof(struct config, f)
#define SZ(f) sizeof(((struct config *)0)->f)

static const struct option_def options[] = {
	{ "bind", "DOSSIER_BIND", OPT_ADDR, OFF(bind), SZ(bind), 0, 0,
	  "127.0.0.1", "address to listen on (0.0.0.0 or :: for all)" },
	{ "port", "DOSSIER_PORT", OPT_UINT, OFF(port), 0, 0, 65535,
	  "8080", "TCP port; 0 picks a free one" },
	{ "db", "DOSSIER_DB", OPT_PATH, OFF(db_path), SZ(db_path), 0, 0,
	  "dossier.db", "SQLite database file, created and seeded if new;"
	  " or a PostgreSQL URI (postgresql://...)" },
	{ "threads", "DOSSIER_THREADS", OPT_UINT, OFF(threads), 0, 0, 256,
	  "0", "reader threads, and as many connection threads;"
	  " 0 means one per CPU core" },
	{ "log-level", "DOSSIER_LOG_LEVEL", OPT_LEVEL, OFF(log_level), 0, 0, 0,
	  "info", "error, warn, info (one access-log line per request) "
	  "or debug" },
	{ "cors-origins", "DOSSIER_CORS_ORIGINS", OPT_TEXT, OFF(cors_origins),
	  SZ(cors_origins), 0, 0, "*",
	  "origins allowed by CORS: *, a comma-separated list "
	  "(scheme://host[:port]), "
	  "or empty to disable" },
	{ "max-body", "DOSSIER_MAX_BODY", OPT_SIZE, OFF(max_body), 0, 1,
	  1UL << 30, "1048576", "largest request body accepted, in bytes" },
	{ "max-connections", "DOSSIER_MAX_CONNECTIONS", OPT_UINT,
	  OFF(max_connections), 0, 1, 100000, "1024",
	  "concurrent connections accepted" },
	{ "max-connections-per-ip", "DOSSIER_MAX_CONNECTIONS_PER_IP",
	  OPT_UINT, OFF(max_connections_per_ip), 0, 0, 100000, "64",
	  "concurrent connections accepted from one address; 0: no limit" },
	{ "timeout", "DOSSIER_TIMEOUT", OPT_UINT, OFF(timeout), 0, 1, 3600,
	  "30", "seconds an idle or stalled connection is kept open" },
	{ "query-timeout-ms", "DOSSIER_QUERY_TIMEOUT_MS", OPT_UINT,
	  OFF(query_timeout_ms), 0, 1, 3600000, "2000",
	  "milliseconds a read may spend in the database before it is "
	  "abandoned with 503 query-timeout" },
	{ "selective-rows", "DOSSIER_SELECTIVE_ROWS", OPT_UINT,
	  OFF(selective_rows), 0, 1, 10000000, "5000",
	  "a list filter matching fewer rows drives the query; others are "
	  "checked row by row along the sort order" },
	{ "relevance-window", "DOSSIER_RELEVANCE_WINDOW", OPT_UINT,
	  OFF(relevance_window), 0, 1, 10000000, "5000",
	  "the newest matches of q= that sort=relevance ranks (each costs "
	  "about a microsecond)" },
	{ "response-cache-mb", "DOSSIER_RESPONSE_CACHE_MB", OPT_UINT,
	  OFF(response_cache_mb), 0, 0, 65536, "8",
	  "megabytes of read answers each worker thread keeps until the "
	  "next write; 0 turns the response cache off" },
	{ "columns-mb", "DOSSIER_COLUMNS_MB", OPT_UINT,
	  OFF(columns_mb), 0, 0, 1048576, "2048",
	  "megabytes at most of the copy of the events' columns that answers "
	  "aggregations the summary cells do not (about 160 bytes an event); "
	  "0: no copy" },
	{ "db-cache-mb", "DOSSIER_DB_CACHE_MB", OPT_UINT,
	  OFF(db_cache_mb), 0, 1, 65536, "64",
	  "megabytes of database pages each connection keeps, of those past "
	  "the first 2 GiB of the file (which is mapped)" },
};

#define NOPTIONS (sizeof(options) / sizeof(options[0]))

static int set_value(struct config *c, const struct option_def *o,
		     const char *value, const char *from)
{
	char *field = (char *)c + o->offset;
	unsigned long n;
	char *end;

	switch (o->kind) {
	case OPT_UINT:
	case OPT_SIZE:
		errno = 0;
		n = strtoul(value, &end, 10);
		if (!*value || *end || errno || value[0] == '-' ||
		    n < o->min || n > o->max) {
			fprintf(stderr, "dossier: %s: '%s' is not a whole "
				"number from %lu to %lu\n", from, value,
				o->min, o->max);
			return -1;
		}
		if (o->kind == OPT_UINT)
			*(unsigned *)field = (unsigned)n;
		else
			*(size_t *)field = n;
		return 0;
	case OPT_ADDR: {
		unsigned char tmp[16];

		if (inet_pton(AF_INET, value, tmp) != 1 &&
		    inet_pton(AF_INET6, value, tmp) != 1) {
			fprintf(stderr, "dossier: %s: '%s' is not an IPv4 or "
				"IPv6 address\n", from, value);
			return -1;
		}
		break;
	}
	case OPT_LEVEL:
		if (log_level_parse(value, (enum log_level *)field) != 0) {
			fprintf(stderr, "dossier: %s: '%s' is not one of "
				"error, warn, info, debug\n", from, value);
			return -1;
		}
		return 0;
	case OPT_PATH:
		if (!*value) {
			fprintf(stderr, "dossier: %s: the path is empty\n",
				from);
			return -1;
		}
		break;
	case OPT_TEXT:
		break;
	}
	if (strlen(value) >= o->size) {
		fprintf(stderr, "dossier: %s: value longer than %zu bytes\n",
			from, o->size - 1);
		return -1;
	}
	memcpy(field, value, strlen(value) + 1);
	return 0;
}

void config_defaults(struct config *c)
{
	size_t i;

	memset(c, 0, sizeof(*c));
	for (i = 0; i < NOPTIONS; i++)
		set_value(c, &options[i], options[i].dflt, "default");
}

static const struct option_def *find_flag(const char *name, size_t len)
{
	size_t i;

	for (i = 0; i < NOPTIONS; i++) {
		if (strlen(options[i].flag) == len &&
		    strncmp(options[i].flag, name, len) == 0)
			return &options[i];
	}
	return NULL;
}

/*
 * Checks --cors-origins: "*", empty, or origins as browsers send them,
 * scheme://host[:port] with nothing after (a trailing slash or a path
 * never matches an Origin header, nor does a bare host).
 */
static int check_origins(const char *list)
{
	const char *p = list;

	if (strcmp(list, "*") == 0)
		return 0;
	while (*p) {
		size_t len = strcspn(p, ","), s;
		const char *host;

		while (len && *p == ' ')
			p++, len--;
		s = strspn(p, "abcdefghijklmnopqrstuvwxyz0123456789+.-");
		host = p + s + 3;
		if (len && (s == 0 || s + 3 >= len ||
			    strncmp(p + s, "://", 3) != 0 ||
			    memchr(host, '/', len - s - 3) ||
			    p[len - 1] == ' ')) {
			fprintf(stderr, "dossier: --cors-origins: '%.*s' is not "
				"an origin: scheme://host[:port] with no path "
				"or trailing slash, e.g. https://example.org\n",
				(int)len, p);
			return -1;
		}
		p += len;
		if (*p == ',')
			p++;
	}
	return 0;
}

int config_load(struct config *c, int argc, char **argv, int first)
{
	char from[128];
	size_t i;
	int a;

	for (i = 0; i < NOPTIONS; i++) {
		const char *v = getenv(options[i].env);

		if (v && set_value(c, &options[i], v, options[i].env) != 0)
			return -1;
	}
	for (a = first; a < argc; a++) {
		const char *arg = argv[a];
		const char *eq, *value;
		const struct option_def *o;
		size_t len;

		if (strncmp(arg, "--", 2) != 0) {
			fprintf(stderr, "dossier: unexpected argument '%s' "
				"(see --help)\n", arg);
			return -1;
		}
		arg += 2;
		eq = strchr(arg, '=');
		len = eq ? (size_t)(eq - arg) : strlen(arg);
		o = find_flag(arg, len);
		if (!o) {
			fprintf(stderr, "dossier: unknown option '%s' "
				"(see --help)\n", argv[a]);
			return -1;
		}
		if (eq) {
			value = eq + 1;
		} else if (a + 1 < argc) {
			value = argv[++a];
		} else {
			fprintf(stderr, "dossier: --%s needs a value\n",
				o->flag);
			return -1;
		}
		snprintf(from, sizeof(from), "--%s", o->flag);
		if (set_value(c, o, value, from) != 0)
			return -1;
	}
	return check_origins(c->cors_origins);
}

void config_usage(FILE *out)
{
	size_t i;

	fprintf(out, "Options (flag, environment variable, default):\n");
	for (i = 0; i < NOPTIONS; i++) {
		char flag[64];

		snprintf(flag, sizeof(flag), "--%s", options[i].flag);
		fprintf(out, "  %-18s %-24s %-11s %s\n", flag, options[i].env,
			*options[i].dflt ? options[i].dflt : "\"\"",
			options[i].help);
	}
}
