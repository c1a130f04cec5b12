/* SPDX-License-Identifier: MIT */
/* Starting the real server and talking to it (see harness.h). */
#include "harness.h"

#include <arpa/inet.h>
#include <curl/curl.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/file.h>
#include <sys/socket.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <cmocka.h>

extern char **environ;

char *read_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *data = NULL;
	size_t cap = 0, n = 0, got;

	if (!f)
		return NULL;
	do {
		if (n + 4096 + 1 > cap) {
			cap = cap ? cap * 2 : 8192;
			data = realloc(data, cap);
		}
		got = fread(data + n, 1, cap - n - 1, f);
		n += got;
	} while (got > 0);
	fclose(f);
	data[n] = '\0';
	if (len)
		*len = n;
	return data;
}

static void sleep_ms(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

	nanosleep(&ts, NULL);
}

/* Reads the port from the server's "listening" log line. */
static unsigned port_from_log(const char *log)
{
	char *text = read_file(log, NULL);
	char *line, *p;
	unsigned port = 0;

	if (!text)
		return 0;
	line = strstr(text, "\"msg\":\"listening\"");
	p = line ? strstr(line, "\"port\":") : NULL;
	if (p)
		port = (unsigned)strtoul(p + 7, NULL, 10);
	free(text);
	return port;
}

/*
 * With DOSSIER_TEST_PG (a PostgreSQL server's URI without a database,
 * e.g. postgresql://postgres@127.0.0.1:5432), each server gets a new
 * database of its own there, named after its directory, instead of a
 * SQLite file: the suite runs on the PostgreSQL store.
 */
static int pg_database(const struct server *s, char *db, size_t sz)
{
	const char *uri = getenv("DOSSIER_TEST_PG");
	const char *name = strrchr(s->dir, '/') + 1;
	char cmd[1024];

	if (!uri)
		return 0;
	snprintf(cmd, sizeof(cmd), "psql -q '%s/postgres' -c 'CREATE DATABASE"
		 " \"%s\" TEMPLATE template0 LOCALE \"C.UTF-8\"' >/dev/null",
		 uri, name);
	if (system(cmd) != 0)
		return -1;
	snprintf(db, sz, "%s/%s", uri, name);
	return 0;
}

static void pg_drop(const struct server *s)
{
	const char *uri = getenv("DOSSIER_TEST_PG");
	char cmd[1024];

	if (!uri || !s->dir[0])
		return;
	snprintf(cmd, sizeof(cmd), "psql -q '%s/postgres' -c 'DROP DATABASE"
		 " IF EXISTS \"%s\" WITH (FORCE)' >/dev/null 2>&1", uri,
		 strrchr(s->dir, '/') + 1);
	if (system(cmd) != 0)
		fprintf(stderr, "could not drop the database of %s\n", s->dir);
}

int server_start(struct server *s, const char *const *args,
		 const char *const *env)
{
	const char *bin = getenv("DOSSIER_BIN");
	char db[300];
	int i;

	memset(s, 0, sizeof(*s));
	if (!bin)
		bin = "build/release/dossier";
	snprintf(s->dir, sizeof(s->dir), "/tmp/dossier-test-XXXXXX");
	if (!mkdtemp(s->dir))
		return -1;
	snprintf(s->log, sizeof(s->log), "%s/server.log", s->dir);
	snprintf(db, sizeof(db), "%s/test.db", s->dir);
	if (pg_database(s, db, sizeof(db)) != 0)
		return -1;
	s->pid = fork();
	if (s->pid < 0)
		return -1;
	if (s->pid == 0) {
		const char *argv[48] = { NULL };
		const char *wrapper = getenv("DOSSIER_BIN_WRAPPER");
		const char *fixed[] = { bin, "serve", "--port", "0", "--db",
					db, "--threads", "2" };
		char *words = wrapper ? strdup(wrapper) : NULL, *w;
		int n = 0, fd = open(s->log, O_WRONLY | O_CREAT | O_TRUNC,
				     0600);
		size_t k;

		/* DOSSIER_BIN_WRAPPER="valgrind ..." runs the server under it. */
		for (w = words ? strtok(words, " ") : NULL; w && n < 12;
		     w = strtok(NULL, " "))
			argv[n++] = w;
		for (k = 0; k < sizeof(fixed) / sizeof(fixed[0]); k++)
			argv[n++] = fixed[k];

		for (i = 0; args && args[i] && n < 47; i++)
			argv[n++] = args[i];
		argv[n] = NULL;
		for (i = 0; env && env[i]; i++)
			putenv((char *)env[i]);
		/* A failed test must not leave its server running. */
		prctl(PR_SET_PDEATHSIG, SIGTERM);
		dup2(fd, STDOUT_FILENO);
		dup2(fd, STDERR_FILENO);
		execvp(argv[0], (char *const *)argv);
		_exit(127);
	}
	for (i = 0; i < (getenv("DOSSIER_BIN_WRAPPER") ? 6000 : 1000) &&
	     !s->port; i++) {
		int status;

		if (waitpid(s->pid, &status, WNOHANG) == s->pid) {
			s->pid = 0;
			return -1;
		}
		s->port = port_from_log(s->log);
		if (!s->port)
			sleep_ms(10);
	}
	for (i = 0; s->port && i < (getenv("DOSSIER_BIN_WRAPPER") ? 3000 :
				     500); i++) {
		struct response r;

		if (http(s, "GET", "/healthz", NULL, NULL, &r) == 0 &&
		    r.status == 200) {
			response_free(&r);
			return 0;
		}
		response_free(&r);
		sleep_ms(10);
	}
	return -1;
}

int server_stop(struct server *s)
{
	int status = 0;

	if (s->pid <= 0)
		return -1;
	kill(s->pid, SIGTERM);
	if (waitpid(s->pid, &status, 0) != s->pid) {
		fprintf(stderr, "waitpid for the server: %s\n", strerror(errno));
		return -1;
	}
	s->pid = 0;
	if (WIFSIGNALED(status) || WEXITSTATUS(status) != 0) {
		/* Say how it ended, with the end of its log, for the record:
		 * a sanitizer's report ends in exit status 1. */
		char cmd[400];

		if (WIFSIGNALED(status))
			fprintf(stderr, "the server died of signal %d; its "
				"log ends:\n", WTERMSIG(status));
		else
			fprintf(stderr, "the server exited with status %d; "
				"its log ends:\n", WEXITSTATUS(status));
		snprintf(cmd, sizeof(cmd), "tail -n 60 '%s' >&2", s->log);
		if (system(cmd) != 0)
			fprintf(stderr, "(no log)\n");
	}
	return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

void server_cleanup(struct server *s)
{
	char cmd[320];

	if (s->pid > 0)
		server_stop(s);
	pg_drop(s);
	if (!s->dir[0] || getenv("DOSSIER_KEEP_TEST_DIRS"))
		return;
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", s->dir);
	if (system(cmd) != 0)
		fprintf(stderr, "could not remove %s\n", s->dir);
}

int server_keys(const struct server *s, const char *sub, const char *name,
		char *out, size_t sz)
{
	const char *bin = getenv("DOSSIER_BIN");
	char cmd[1024];
	FILE *p;
	size_t n = 0;
	int status;

	if (getenv("DOSSIER_TEST_PG"))
		snprintf(cmd, sizeof(cmd), "%s keys %s %s --db %s/%s 2>/dev/null",
			 bin ? bin : "build/release/dossier", sub, name,
			 getenv("DOSSIER_TEST_PG"), strrchr(s->dir, '/') + 1);
	else
		snprintf(cmd, sizeof(cmd), "%s keys %s %s --db %s/test.db"
			 " 2>/dev/null", bin ? bin : "build/release/dossier",
			 sub, name, s->dir);
	p = popen(cmd, "r");
	if (!p)
		return -1;
	if (out && sz) {
		n = fread(out, 1, sz - 1, p);
		out[n] = '\0';
		while (n && (out[n - 1] == '\n' || out[n - 1] == '\r'))
			out[--n] = '\0';
	}
	status = pclose(p);
	return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

static struct server shared;
static int shared_started;

struct server *shared_server(void)
{
	if (!shared_started) {
		if (server_start(&shared, NULL, NULL) != 0) {
			fprintf(stderr, "the server did not start; see %s\n",
				shared.log);
			exit(1);
		}
		shared_started = 1;
	}
	return &shared;
}

int shared_server_stop(void)
{
	int status = 0;

	if (shared_started) {
		status = server_stop(&shared);
		if (status != 0) {
			char *log = read_file(shared.log, NULL);

			fprintf(stderr, "the shared server exited with %d:\n%s",
				status, log ? log : "");
			free(log);
		}
		server_cleanup(&shared);
		shared_started = 0;
	}
	return status;
}

struct sink {
	char *data;
	size_t len;
};

static size_t on_data(char *ptr, size_t size, size_t n, void *ud)
{
	struct sink *s = ud;
	size_t len = size * n;

	s->data = realloc(s->data, s->len + len + 1);
	memcpy(s->data + s->len, ptr, len);
	s->len += len;
	s->data[s->len] = '\0';
	return len;
}

/*
 * The response headers of the final response in a raw header block (an
 * interim "100 Continue" block may precede it), as "Name: value" strings.
 */
static json_t *final_headers_new(const char *raw)
{
	json_t *list = json_array();
	const char *p = raw;

	while (p && *p) {
		const char *eol = strstr(p, "\r\n");
		size_t len = eol ? (size_t)(eol - p) : strlen(p);

		if (strncmp(p, "HTTP/", 5) == 0)
			json_array_clear(list);
		else if (len)
			json_array_append_new(list, json_stringn(p, len));
		p = eol ? eol + 2 : NULL;
	}
	return list;
}

static const char *contract_file(void)
{
	const char *file = getenv("DOSSIER_CONTRACT_LOG");

	return file && *file ? file : NULL;
}

static int write_all(int fd, const char *p, size_t len)
{
	while (len) {
		ssize_t n = write(fd, p, len);

		if (n <= 0)
			return -1;
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

/*
 * Appends the exchange to the contract log as one JSON line. Threads and
 * forked children send requests too, so each line is written whole under
 * an exclusive lock. A log that cannot be written stops the run: a check
 * of a partial log would pass for the wrong reason.
 */
static void contract_log(const char *method, const char *path,
			 const char *const *headers, const struct response *r)
{
	const char *file = contract_file();
	json_t *sent, *line;
	char *text;
	int fd, i;

	if (!file)
		return;
	sent = json_array();
	for (i = 0; headers && headers[i]; i++)
		json_array_append_new(sent, json_string(headers[i]));
	line = json_pack("{s:s, s:s, s:o, s:i, s:o, s:o*}", "method", method,
			 "path", path, "request_headers", sent, "status",
			 (int)r->status, "response_headers",
			 final_headers_new(r->headers), "body",
			 json_stringn(r->body, r->body_len));
	if (line && !json_object_get(line, "body"))
		json_object_set_new(line, "body_not_utf8", json_true());
	text = line ? json_dumps(line, JSON_COMPACT) : NULL;
	json_decref(line);
	fd = open(file, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644);
	if (!text || fd < 0 || flock(fd, LOCK_EX) != 0 ||
	    write_all(fd, text, strlen(text)) != 0 ||
	    write_all(fd, "\n", 1) != 0) {
		fprintf(stderr, "cannot record %s %s in %s\n", method, path,
			file);
		exit(1);
	}
	close(fd);
	free(text);
}

int contract_start(void)
{
	const char *file = contract_file();
	int fd;

	if (!file)
		return 0;
	fd = open(file, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd < 0) {
		fprintf(stderr, "cannot create %s: %s\n", file,
			strerror(errno));
		return -1;
	}
	close(fd);
	return 1;
}

int contract_check(void)
{
	const char *file = contract_file();
	int status;
	pid_t pid;

	fflush(stdout);
	pid = fork();
	if (pid < 0)
		return -1;
	if (pid == 0) {
		execlp("node", "node", "tests/contract/check.mjs",
		       "openapi.yaml", file, (char *)NULL);
		fprintf(stderr, "cannot run node: %s\n", strerror(errno));
		_exit(127);
	}
	if (waitpid(pid, &status, 0) != pid)
		return -1;
	return WIFEXITED(status) && WEXITSTATUS(status) == 0 ? 0 : -1;
}

int http(const struct server *s, const char *method, const char *path,
	 const char *const *headers, const char *body, struct response *r)
{
	struct sink b = { NULL, 0 }, h = { NULL, 0 };
	struct curl_slist *list = NULL;
	char url[8192];
	CURL *c = curl_easy_init();
	CURLcode rc;
	int i;

	memset(r, 0, sizeof(*r));
	snprintf(url, sizeof(url), "http://127.0.0.1:%u%s", s->port, path);
	curl_easy_setopt(c, CURLOPT_URL, url);
	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(c, CURLOPT_TIMEOUT, 30L);
	curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, 5L);
	curl_easy_setopt(c, CURLOPT_PATH_AS_IS, 1L);
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_data);
	curl_easy_setopt(c, CURLOPT_WRITEDATA, &b);
	curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, on_data);
	curl_easy_setopt(c, CURLOPT_HEADERDATA, &h);
	if (strcmp(method, "HEAD") == 0)
		curl_easy_setopt(c, CURLOPT_NOBODY, 1L);
	else if (strcmp(method, "GET") != 0)
		curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, method);
	if (body)
		curl_easy_setopt(c, CURLOPT_POSTFIELDS, body);
	for (i = 0; headers && headers[i]; i++) {
		/* Let libcurl ask for gzip and decode it, as clients do. */
		if (strcasecmp(headers[i], "Accept-Encoding: gzip") == 0)
			curl_easy_setopt(c, CURLOPT_ACCEPT_ENCODING, "gzip");
		else
			list = curl_slist_append(list, headers[i]);
	}
	if (list)
		curl_easy_setopt(c, CURLOPT_HTTPHEADER, list);
	rc = curl_easy_perform(c);
	if (rc == CURLE_OK)
		curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &r->status);
	curl_slist_free_all(list);
	curl_easy_cleanup(c);
	r->headers = h.data ? h.data : strdup("");
	r->body = b.data ? b.data : strdup("");
	r->body_len = b.len;
	r->json = json_loadb(r->body, r->body_len, 0, NULL);
	if (rc == CURLE_OK)
		contract_log(method, path, headers, r);
	return rc == CURLE_OK ? 0 : -1;
}

void get(const struct server *s, const char *path, struct response *r)
{
	if (http(s, "GET", path, NULL, NULL, r) != 0)
		fail_msg("GET %s: no response", path);
}

void response_free(struct response *r)
{
	free(r->headers);
	free(r->body);
	json_decref(r->json);
	memset(r, 0, sizeof(*r));
}

char *response_header(const struct response *r, const char *name)
{
	size_t n = strlen(name);
	const char *p = r->headers;

	while (p && *p) {
		const char *eol = strstr(p, "\r\n");

		if (strncasecmp(p, name, n) == 0 && p[n] == ':') {
			const char *v = p + n + 1;

			while (*v == ' ')
				v++;
			return strndup(v, eol ? (size_t)(eol - v) : strlen(v));
		}
		p = eol ? eol + 2 : NULL;
	}
	return NULL;
}

void assert_problem(const struct response *r, long status, const char *slug)
{
	char *ct = response_header(r, "Content-Type");
	char type[128];
	json_t *j = r->json;

	if (r->status != status)
		fail_msg("status %ld, expected %ld: %s", r->status, status,
			 r->body);
	assert_non_null(ct);
	assert_string_equal(ct, "application/problem+json");
	free(ct);
	assert_non_null(j);
	snprintf(type, sizeof(type), "https://dossier.dev/problems/%s", slug);
	assert_string_equal(json_string_value(json_object_get(j, "type")),
			    type);
	assert_non_null(json_string_value(json_object_get(j, "title")));
	assert_int_equal(json_integer_value(json_object_get(j, "status")),
			 status);
	assert_true(json_string_length(json_object_get(j, "detail")) > 0);
	assert_non_null(json_string_value(json_object_get(j, "instance")));
}

int run_command(const char *cmd, char *out, size_t sz)
{
	FILE *p = popen(cmd, "r");
	size_t n = 0, got;
	int status;

	if (!p)
		return -1;
	/* The end of a long output is kept: where an error is said. */
	while ((got = fread(out + n, 1, sz - 1 - n, p)) > 0) {
		n += got;
		if (n == sz - 1) {
			size_t keep = (sz - 1) / 2;

			memmove(out, out + n - keep, keep);
			n = keep;
		}
	}
	out[n] = '\0';
	status = pclose(p);
	return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

char *url_encode(const char *s)
{
	CURL *c = curl_easy_init();
	char *e = curl_easy_escape(c, s, 0);
	char *out = strdup(e);

	curl_free(e);
	curl_easy_cleanup(c);
	return out;
}

int raw_connect(const struct server *s, const char *src)
{
	struct sockaddr_in a;
	int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);

	if (fd < 0)
		return -1;
	memset(&a, 0, sizeof(a));
	a.sin_family = AF_INET;
	if (src) {
		inet_pton(AF_INET, src, &a.sin_addr);
		if (bind(fd, (struct sockaddr *)&a, sizeof(a)) != 0) {
			close(fd);
			return -1;
		}
	}
	a.sin_port = htons((uint16_t)s->port);
	inet_pton(AF_INET, "127.0.0.1", &a.sin_addr);
	if (connect(fd, (struct sockaddr *)&a, sizeof(a)) != 0) {
		close(fd);
		return -1;
	}
	return fd;
}

long raw_http(const struct server *s, const void *req, size_t len,
	      int timeout_ms, char **out)
{
	struct sink b = { NULL, 0 };
	struct timespec start, now;
	const char *p = req;
	long status = 0;
	int fd = raw_connect(s, NULL);

	if (out)
		*out = NULL;
	if (fd < 0)
		return -1;
	signal(SIGPIPE, SIG_IGN);
	while (len) {
		ssize_t n = send(fd, p, len, MSG_NOSIGNAL);

		if (n <= 0)
			break;	/* the server may answer and close early */
		p += n;
		len -= (size_t)n;
	}
	clock_gettime(CLOCK_MONOTONIC, &start);
	for (;;) {
		struct pollfd pfd = { fd, POLLIN, 0 };
		char chunk[16384];
		long left;
		ssize_t n;

		clock_gettime(CLOCK_MONOTONIC, &now);
		left = timeout_ms - ((now.tv_sec - start.tv_sec) * 1000 +
				     (now.tv_nsec - start.tv_nsec) / 1000000);
		if (left <= 0 || poll(&pfd, 1, (int)left) <= 0)
			break;
		n = recv(fd, chunk, sizeof(chunk), 0);
		if (n <= 0)
			break;
		on_data(chunk, 1, (size_t)n, &b);
	}
	close(fd);
	if (b.data && strncmp(b.data, "HTTP/1.", 7) == 0 && b.len > 12)
		status = strtol(b.data + 9, NULL, 10);
	if (out)
		*out = b.data ? b.data : strdup("");
	else
		free(b.data);
	return status;
}
