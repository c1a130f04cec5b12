/* SPDX-License-Identifier: MIT */
/*
 * The test harness: starts the real `dossier` binary ($DOSSIER_BIN) on a
 * free port with a temporary database, and talks to it over loopback with
 * libcurl. Written once here; tests only describe requests and checks.
 */
#ifndef DOSSIER_HARNESS_H
#define DOSSIER_HARNESS_H

#include <jansson.h>
#include <stddef.h>
#include <sys/types.h>

struct server {
	pid_t pid;
	unsigned port;
	char dir[256];		/* temporary directory (db, log) */
	char log[300];		/* the server's stderr */
};

struct response {
	long status;
	char *headers;		/* raw header block, owned */
	char *body;		/* NUL-terminated body, owned */
	size_t body_len;
	json_t *json;		/* parsed body, or NULL; owned */
};

/*
 * Starts a server (under the command line in DOSSIER_BIN_WRAPPER, such
 * as "valgrind --error-exitcode=99", when set) with extra arguments
 * (NULL-terminated, may be NULL) and
 * extra environment "NAME=value" strings (NULL-terminated, may be NULL).
 * Returns 0 once /healthz answers, -1 on failure.
 */
int server_start(struct server *s, const char *const *args,
		 const char *const *env);
/* Sends SIGTERM and waits; returns the exit status (-1 on a signal). */
int server_stop(struct server *s);
/* Deletes the server's temporary directory. */
void server_cleanup(struct server *s);

/*
 * Runs `dossier keys SUB NAME --db <the server's db>`; for "create", out
 * receives the printed key. Returns the command's exit status.
 */
int server_keys(const struct server *s, const char *sub, const char *name,
		char *out, size_t sz);

/* The server shared by read-only test groups, started on first use. */
struct server *shared_server(void);
/* Stops it; returns its exit status (0 for a clean drain). */
int shared_server_stop(void);

/*
 * Sends a request; headers is a NULL-terminated list of "Name: value"
 * (may be NULL). Returns 0 when a response arrived.
 */
int http(const struct server *s, const char *method, const char *path,
	 const char *const *headers, const char *body, struct response *r);
/*
 * The contract log: with DOSSIER_CONTRACT_LOG naming a file, http()
 * appends every exchange that got a response to it as one JSON line
 * (method, path with query, the headers the test added, status, response
 * headers, body). contract_start() empties the file; it returns 1 when
 * recording, 0 when the variable is unset, -1 on failure.
 * contract_check() runs tests/contract/check.mjs on the log (node, from
 * the top of the tree) and returns 0 when every exchange matches
 * openapi.yaml, -1 otherwise.
 */
int contract_start(void);
int contract_check(void);

/* GET with no extra headers; aborts the test on transport failure. */
void get(const struct server *s, const char *path, struct response *r);
void response_free(struct response *r);

/* Returns a new copy of the header's value (case-insensitive), or NULL. */
char *response_header(const struct response *r, const char *name);

/* Asserts r is application/problem+json with status and the RFC 9457
 * members, and that detail is non-empty. */
void assert_problem(const struct response *r, long status,
		    const char *slug);

/*
 * Runs cmd through the shell, its standard output into out (NUL-terminated:
 * all of it, or, past sz - 1 bytes, its end, at least half of out);
 * returns the exit status, -1 on a signal.
 */
int run_command(const char *cmd, char *out, size_t sz);

/* Percent-encodes s for a query string; returns a new string. */
char *url_encode(const char *s);

/*
 * Opens a TCP connection to the server over loopback, first binding to
 * the local address src ("127.0.0.2", say) unless src is NULL. Returns
 * the socket, or -1.
 */
int raw_connect(const struct server *s, const char *src);
/*
 * Sends exactly len bytes (for what libcurl refuses to send) and reads
 * until the server closes or timeout_ms pass. Returns the status of the
 * first status line, 0 when none came, -1 when the connection failed;
 * *out (unless out is NULL) receives what was read, NUL-terminated.
 */
long raw_http(const struct server *s, const void *req, size_t len,
	      int timeout_ms, char **out);

/* Reads a whole file; returns a new NUL-terminated buffer or NULL. */
char *read_file(const char *path, size_t *len);

#endif
