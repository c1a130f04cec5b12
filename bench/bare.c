/* SPDX-License-Identifier: MIT */
/*
 * The benchmark's baseline: a bare libmicrohttpd server, in the same mode
 * as dossier (internal polling thread, poll(), a thread pool of one thread
 * per core, the same connection limit and timeout), that answers each
 * known request target with bytes captured from dossier beforehand: the
 * same status, headers and body, held in memory. What it costs is what
 * libmicrohttpd and the kernel cost; dossier's figures are read against it.
 *
 *   bench-bare --port N --map FILE [--threads N]
 *
 * Each line of the map file is a request target exactly as the client
 * sends it (path and query, not decoded), a tab, the file of response
 * headers as `curl -D` writes them (status line first), a tab, and the
 * file holding the body. Date, Content-Length and Connection are left to
 * libmicrohttpd, as in dossier. Any other target is a 404. It listens on
 * 127.0.0.1 only.
 */
#include <arpa/inet.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#define MAX_ENTRIES 64
#define MAX_LINE 8192

/* One known request target and its prepared response. */
struct entry {
	char *target;			/* raw path and query */
	unsigned status;		/* from the status line */
	struct MHD_Response *resp;	/* persistent, shared by threads */
};

static struct entry entries[MAX_ENTRIES];
static size_t nentries;
static struct entry missing = { .status = MHD_HTTP_NOT_FOUND };

/*
 * A request's state before the handler first sees it: the slot of the
 * entry matched (or of `missing`). Like dossier, bare answers only once the whole
 * request is in (the handler's second call): a response queued on the
 * first call makes libmicrohttpd close the connection after it.
 */
static const struct entry *pending[MAX_ENTRIES + 1];

/* Returns the file's contents (malloc'd, NUL-terminated) or exits. */
static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *data;
	long n;

	if (!f || fseek(f, 0, SEEK_END) != 0 || (n = ftell(f)) < 0 ||
	    fseek(f, 0, SEEK_SET) != 0) {
		perror(path);
		exit(1);
	}
	data = malloc((size_t)n + 1);
	if (!data || fread(data, 1, (size_t)n, f) != (size_t)n) {
		fprintf(stderr, "bench-bare: cannot read %s\n", path);
		exit(1);
	}
	data[n] = '\0';
	fclose(f);
	*len = (size_t)n;
	return data;
}

/* Headers libmicrohttpd writes itself. */
static int skipped_header(const char *name)
{
	return strcasecmp(name, "Date") == 0 ||
	       strcasecmp(name, "Content-Length") == 0 ||
	       strcasecmp(name, "Connection") == 0 ||
	       strcasecmp(name, "Keep-Alive") == 0 ||
	       strcasecmp(name, "Transfer-Encoding") == 0;
}

/*
 * Reads `curl -D` output into the response; returns the status. With
 * redirects there may be several header blocks: the last one counts.
 */
static unsigned add_headers(struct MHD_Response *resp, const char *path)
{
	size_t len;
	char *text = slurp(path, &len), *line, *save = NULL;
	unsigned status = 0;

	for (line = strtok_r(text, "\r\n", &save); line;
	     line = strtok_r(NULL, "\r\n", &save)) {
		char *colon, *value;

		if (strncmp(line, "HTTP/", 5) == 0) {
			const char *sp = strchr(line, ' ');

			status = sp ? (unsigned)atoi(sp + 1) : 0;
			continue;
		}
		colon = strchr(line, ':');
		if (!colon)
			continue;
		*colon = '\0';
		for (value = colon + 1; *value == ' ' || *value == '\t';)
			value++;
		if (!skipped_header(line))
			MHD_add_response_header(resp, line, value);
	}
	free(text);
	if (status < 100 || status > 599) {
		fprintf(stderr, "bench-bare: no status line in %s\n", path);
		exit(1);
	}
	return status;
}

static void load_map(const char *path)
{
	FILE *f = fopen(path, "r");
	char line[MAX_LINE];

	if (!f) {
		perror(path);
		exit(1);
	}
	while (fgets(line, sizeof(line), f)) {
		char *target = strtok(line, "\t\n");
		char *headers = strtok(NULL, "\t\n");
		char *body_path = strtok(NULL, "\t\n");
		struct entry *e;
		size_t len;
		char *body;

		if (!target || !headers || !body_path) {
			fprintf(stderr, "bench-bare: bad map line in %s\n",
				path);
			exit(1);
		}
		if (nentries == MAX_ENTRIES) {
			fprintf(stderr, "bench-bare: more than %d targets\n",
				MAX_ENTRIES);
			exit(1);
		}
		e = &entries[nentries++];
		e->target = strdup(target);
		body = slurp(body_path, &len);
		/* The body lives as long as the process. */
		e->resp = MHD_create_response_from_buffer(len, body,
						MHD_RESPMEM_PERSISTENT);
		if (!e->target || !e->resp) {
			fprintf(stderr, "bench-bare: out of memory\n");
			exit(1);
		}
		e->status = add_headers(e->resp, headers);
		pending[nentries - 1] = e;
	}
	fclose(f);
}

/*
 * Called with the raw request target before anything else: its return
 * value becomes the request's state, so the lookup happens once.
 */
static void *match(void *cls, const char *uri, struct MHD_Connection *conn)
{
	size_t i;

	(void)cls;
	(void)conn;
	for (i = 0; i < nentries; i++) {
		if (strcmp(entries[i].target, uri) == 0)
			break;
	}
	return (void *)&pending[i];
}

static int is_pending(const void *state)
{
	uintptr_t p = (uintptr_t)state;

	return p >= (uintptr_t)pending &&
	       p < (uintptr_t)(pending + MAX_ENTRIES + 1);
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *conn,
				  const char *url, const char *method,
				  const char *version, const char *upload,
				  size_t *upload_size, void **state)
{
	const struct entry *e;

	(void)cls;
	(void)url;
	(void)method;
	(void)version;
	(void)upload;
	if (is_pending(*state)) {
		/* First call: headers only. Keep the entry for the last. */
		*state = (void *)*(const struct entry **)*state;
		return MHD_YES;
	}
	if (*upload_size) {
		*upload_size = 0;
		return MHD_YES;
	}
	e = *state;
	return MHD_queue_response(conn, e->status, e->resp);
}

static void usage(void)
{
	fprintf(stderr, "usage: bench-bare --port N --map FILE "
		"[--threads N]\n");
	exit(2);
}

int main(int argc, char **argv)
{
	unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_POLL |
		MHD_USE_ITC | MHD_USE_ERROR_LOG;
	const char *map = NULL;
	long port = -1, threads = 0;
	const union MHD_DaemonInfo *info;
	struct sockaddr_in addr;
	struct MHD_Daemon *d;
	sigset_t set;
	int i, sig;

	for (i = 1; i + 1 < argc; i += 2) {
		if (strcmp(argv[i], "--port") == 0)
			port = strtol(argv[i + 1], NULL, 10);
		else if (strcmp(argv[i], "--map") == 0)
			map = argv[i + 1];
		else if (strcmp(argv[i], "--threads") == 0)
			threads = strtol(argv[i + 1], NULL, 10);
		else
			usage();
	}
	if (i != argc || !map || port < 0 || port > 65535 || threads < 0)
		usage();
	if (threads == 0)
		threads = sysconf(_SC_NPROCESSORS_ONLN);
	if (threads < 1)
		threads = 1;
	load_map(map);
	missing.resp = MHD_create_response_from_buffer(0, "",
						       MHD_RESPMEM_PERSISTENT);
	for (i = (int)nentries; i <= MAX_ENTRIES; i++)
		pending[i] = &missing;

	/* As in dossier: the pool inherits the mask, main takes signals. */
	sigemptyset(&set);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGINT);
	pthread_sigmask(SIG_BLOCK, &set, NULL);
	signal(SIGPIPE, SIG_IGN);

	memset(&addr, 0, sizeof(addr));
	addr.sin_family = AF_INET;
	addr.sin_port = htons((uint16_t)port);
	addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	d = MHD_start_daemon(flags, 0, NULL, NULL, on_request, NULL,
			     MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&addr,
			     MHD_OPTION_URI_LOG_CALLBACK, match, NULL,
			     MHD_OPTION_THREAD_POOL_SIZE, (unsigned)threads,
			     MHD_OPTION_CONNECTION_LIMIT, 1024u,
			     MHD_OPTION_CONNECTION_TIMEOUT, 30u,
			     MHD_OPTION_END);
	if (!d) {
		fprintf(stderr, "bench-bare: cannot listen on port %ld\n",
			port);
		return 1;
	}
	info = MHD_get_daemon_info(d, MHD_DAEMON_INFO_BIND_PORT);
	fprintf(stderr, "bench-bare: %zu targets, %ld threads, port %u\n",
		nentries, threads, info ? info->port : (unsigned)port);
	sigwait(&set, &sig);
	MHD_stop_daemon(d);
	return 0;
}
