/* SPDX-License-Identifier: MIT */
/*
 * Request lifecycle (after libmicrohttpd's simplepost example): the first
 * callback allocates the request state, further calls collect the body up
 * to the configured limit, the last one dispatches; the completion callback
 * writes the access-log line and frees the state.
 */
#include "server.h"

#include <arpa/inet.h>
#include <errno.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif
#include <microhttpd.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <unistd.h>

#include "columns.h"
#include "db.h"
#include "log.h"
#include "metrics.h"
#include "query.h"
#include "workers.h"
#include "request.h"
#include "respond.h"
#include "routes.h"
#include "xalloc.h"

/*
 * Memory libmicrohttpd gives each connection for the request line and
 * headers (and its read buffer): a request whose head does not fit is
 * answered 414 or 431 by libmicrohttpd itself.
 */
#define CONNECTION_MEMORY (32 * 1024)

/*
 * Per-connection state that outlives a request: whether the last string
 * libmicrohttpd unescaped decoded to a NUL. The path is unescaped last,
 * after the query arguments, just before the first request callback.
 */
struct conn_state {
	int last_had_nul;
	/* The request line's URI as libmicrohttpd found it, before any
	 * unescaping: where it starts and how long it is as a C string. */
	const char *uri;
	size_t uri_len;
};

/* How long a drain waits for in-flight requests before giving up. */
#define DRAIN_SECONDS 10

static size_t max_body;
/* The pools that answer requests, off libmicrohttpd's threads. */
static struct workers *readers, *writer;

static void client_address(struct MHD_Connection *conn, char *out, size_t sz)
{
	const union MHD_ConnectionInfo *info = MHD_get_connection_info(
		conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	const struct sockaddr *sa = info ? info->client_addr : NULL;

	snprintf(out, sz, "-");
	if (sa && sa->sa_family == AF_INET)
		inet_ntop(AF_INET, &((const struct sockaddr_in *)sa)->sin_addr,
			  out, (socklen_t)sz);
	else if (sa && sa->sa_family == AF_INET6)
		inet_ntop(AF_INET6,
			  &((const struct sockaddr_in6 *)sa)->sin6_addr, out,
			  (socklen_t)sz);
}

static void access_log(const struct request *req)
{
	struct buf b = BUF_INIT;
	char addr[64];
	size_t i;

	if (!log_enabled(LOG_INFO))
		return;
	client_address(req->conn, addr, sizeof(addr));
	log_line_begin(&b, LOG_INFO);
	buf_puts(&b, ",\"msg\":\"request\",\"method\":");
	buf_json_string(&b, req->method, strlen(req->method));
	buf_puts(&b, ",\"path\":");
	buf_json_string(&b, req->path, strlen(req->path));
	buf_puts(&b, ",\"query\":\"");
	for (i = 0; i < req->nparams; i++) {
		const struct param *p = &req->params[i];

		if (i)
			buf_putc(&b, '&');
		buf_url_encode(&b, p->key, strlen(p->key));
		if (p->value) {
			buf_putc(&b, '=');
			buf_url_encode(&b, p->value, p->len);
		}
	}
	buf_printf(&b, "\",\"route\":\"%s\",\"status\":%u,\"bytes\":%zu,"
		   "\"ms\":%.3f,\"remote\":\"%s\"",
		   req->route ? req->route : "-", req->status, req->bytes,
		   req_elapsed_ms(req), addr);
	log_line_end(&b);
	buf_free(&b);
}

static struct conn_state *conn_state(struct MHD_Connection *conn)
{
	const union MHD_ConnectionInfo *info = MHD_get_connection_info(
		conn, MHD_CONNECTION_INFO_SOCKET_CONTEXT);

	return info ? info->socket_context : NULL;
}

static int path_had_nul(struct MHD_Connection *conn)
{
	struct conn_state *cs = conn_state(conn);

	return cs ? cs->last_had_nul : 0;
}

/*
 * libmicrohttpd hands on a request line's URI as a C string: a raw NUL
 * byte in it ("GET /a\0b HTTP/1.1") cuts it short unseen. It parses the
 * line in place, so the URI and the version lie in one buffer, the URI's
 * bytes ending one separator before the version: when the URI as a C
 * string is shorter than that, it held a NUL. libmicrohttpd also calls
 * this with no URI at all, for a connection that ends before its request
 * line does.
 */
static void *on_uri(void *cls, const char *uri, struct MHD_Connection *conn)
{
	struct conn_state *cs = conn_state(conn);

	(void)cls;
	if (cs) {
		cs->uri = uri;
		cs->uri_len = uri ? strlen(uri) : 0;
	}
	return NULL;
}

static int line_had_nul(struct MHD_Connection *conn, const char *version)
{
	struct conn_state *cs = conn_state(conn);
	uintptr_t from, to;

	if (!cs || !cs->uri || !version)
		return 0;
	from = (uintptr_t)cs->uri;
	to = (uintptr_t)version;
	cs->uri = NULL;		/* this request's, read once */
	/* Only when both are where this expects them: one line apart. */
	return to > from + cs->uri_len + 1 && to - from < 65536;
}

static void on_connection(void *cls, struct MHD_Connection *conn,
			  void **socket_context,
			  enum MHD_ConnectionNotificationCode code)
{
	(void)cls;
	(void)conn;
	if (code == MHD_CONNECTION_NOTIFY_STARTED) {
		*socket_context = xcalloc(1, sizeof(struct conn_state));
	} else {
		free(*socket_context);
		*socket_context = NULL;
	}
}

static enum MHD_Result count_header(void *cls, enum MHD_ValueKind kind,
				    const char *key, const char *value)
{
	unsigned *n = cls;

	(void)kind;
	(void)value;
	if (strcasecmp(key, MHD_HTTP_HEADER_CONTENT_LENGTH) == 0)
		n[0]++;
	else if (strcasecmp(key, MHD_HTTP_HEADER_TRANSFER_ENCODING) == 0)
		n[1]++;
	return MHD_YES;
}

/*
 * A body framed two ways (Content-Length twice, or with
 * Transfer-Encoding) is how requests are smuggled past proxies that pick
 * the other framing; libmicrohttpd picks one silently, so refuse them.
 */
static int ambiguous_framing(struct MHD_Connection *conn)
{
	unsigned n[2] = { 0, 0 };

	MHD_get_connection_values(conn, MHD_HEADER_KIND, count_header, n);
	return n[0] > 1 || n[1] > 1 || (n[0] && n[1]);
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *conn,
				  const char *url, const char *method,
				  const char *version, const char *upload,
				  size_t *upload_size, void **state)
{
	struct request *req = *state;
	struct reply reply;

	(void)cls;
	if (!req) {
		const char *length = MHD_lookup_connection_value(
			conn, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_LENGTH);

		req = xcalloc(1, sizeof(*req));
		req->conn = conn;
		req->method = method;
		req->path = url;
		req->route_index = -1;
		req->path_index = -1;
		req->path_has_nul = path_had_nul(conn) ||
				    line_had_nul(conn, version);
		clock_gettime(CLOCK_MONOTONIC, &req->start);
		metrics_inflight(1);
		*state = req;
		/*
		 * A body framed ambiguously, or announced too large, is
		 * refused before it is read.
		 */
		req->bad_framing = ambiguous_framing(conn);
		if (req->bad_framing ||
		    (length && strtoull(length, NULL, 10) > max_body)) {
			req->body_too_large = !req->bad_framing;
			routes_dispatch(req, &reply);
			return respond_send(req, &reply);
		}
		return MHD_YES;
	}
	if (*upload_size) {
		if (req->body.len + *upload_size > max_body)
			req->body_too_large = 1;
		else if (!req->body_too_large)
			buf_append(&req->body, upload, *upload_size);
		*upload_size = 0;
		return MHD_YES;
	}
	if (req->answered) {
		struct MHD_Response *resp = req->response;

		req->response = NULL;	/* queued: no longer this request's */
		return respond_queue(req, resp);
	}
	/* Answered by a reader, or the writer; this connection waits,
	 * suspended (not called again until that thread resumes it). */
	MHD_suspend_connection(conn);
	workers_submit(req_is_read(req) || strcmp(req->method, "OPTIONS") == 0
		       ? readers : writer, req);
	return MHD_YES;
}

/*
 * A request, on a reader's or the writer's thread: its answer made, then
 * its connection resumed, which calls on_request again to send it (req
 * is the connection thread's again from then on).
 */
static void answer_queued(struct request *req)
{
	struct reply reply;

	routes_dispatch(req, &reply);
	req->response = respond_make(req, &reply);
	req->answered = 1;
	MHD_resume_connection(req->conn);
}

static void on_completed(void *cls, struct MHD_Connection *conn,
			 void **state, enum MHD_RequestTerminationCode code)
{
	struct request *req = *state;

	(void)cls;
	(void)conn;
	(void)code;
	if (!req)
		return;
	access_log(req);
	metrics_observe(req->route_index, req->path_index, req->method,
			req->status, req_elapsed_ms(req) / 1e3);
	/* A read answered whose connection closed before it was resumed
	 * (the server stopping, say) never queued its response. */
	if (req->response)
		MHD_destroy_response(req->response);
	buf_free(&req->body);
	json_decref(req->json);
	free(req);
	*state = NULL;
	metrics_inflight(-1);
}

/*
 * Query strings from HTML forms and URLSearchParams encode spaces as '+';
 * decode those before the %XX escapes so q=hong+kong means "hong kong".
 */
static size_t unescape(void *cls, struct MHD_Connection *conn, char *s)
{
	struct conn_state *cs = conn_state(conn);
	size_t len;
	char *p;

	(void)cls;
	for (p = s; *p; p++) {
		if (*p == '+')
			*p = ' ';
	}
	len = MHD_http_unescape(s);
	/* A %00 would silently cut the path short: remember it. */
	if (cs)
		cs->last_had_nul = strlen(s) != len;
	return len;
}

static void mhd_log(void *cls, const char *fmt, va_list ap)
{
	struct buf msg = BUF_INIT;

	(void)cls;
	buf_vprintf(&msg, fmt, ap);
	while (msg.len && msg.ptr[msg.len - 1] == '\n')
		msg.ptr[--msg.len] = '\0';
	log_msg(LOG_WARN, "http: %s", buf_str(&msg));
	buf_free(&msg);
}

/*
 * Listens on the address itself (libmicrohttpd's own message would name
 * no address, and a port of 0 when given one as a socket address).
 * Returns the socket, or -1 after logging why not.
 */
static int open_listener(const struct config *c,
			 const struct sockaddr_storage *addr)
{
	socklen_t len = addr->ss_family == AF_INET6 ?
		sizeof(struct sockaddr_in6) : sizeof(struct sockaddr_in);
	int fd = socket(addr->ss_family, SOCK_STREAM | SOCK_CLOEXEC, 0);
	int one = 1, e;

	if (fd < 0) {
		log_msg(LOG_ERROR, "cannot listen on %s port %u: %s", c->bind,
			c->port, strerror(errno));
		return -1;
	}
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	if (addr->ss_family == AF_INET6)
		setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &one, sizeof(one));
	if (bind(fd, (const struct sockaddr *)addr, len) == 0 &&
	    listen(fd, SOMAXCONN) == 0)
		return fd;
	e = errno;
	close(fd);
	log_msg(LOG_ERROR, "cannot listen on %s port %u: %s%s", c->bind,
		c->port, strerror(e), e == EADDRINUSE ? " (another server "
		"has it: --port or DOSSIER_PORT picks another, 0 a free one)"
		: "");
	return -1;
}

/*
 * Connections are accepted here and handed to libmicrohttpd's workers,
 * which take turns (MHD_add_connection). libmicrohttpd 0.9.75 (Debian
 * 12) can abort in MHD_quiesce_daemon() with a pool of epoll workers,
 * when a worker removes the listen socket from its epoll set first
 * ("Failed to remove listen FD from epoll set"); with no listen socket
 * of its own it never quiesces, and stopping to accept is closing ours.
 * The workers now wait with poll() (server_run), but stopping stays
 * this simple, whatever their loop.
 */
struct acceptor {
	struct MHD_Daemon *daemon;
	int fd;
	atomic_int stopping;
	pthread_t thread;
};

static void *accept_loop(void *arg)
{
	struct acceptor *a = arg;

	for (;;) {
		struct sockaddr_storage peer;
		socklen_t len = sizeof(peer);
		int fd = accept4(a->fd, (struct sockaddr *)&peer, &len,
				 SOCK_CLOEXEC | SOCK_NONBLOCK);

		if (fd >= 0) {
			/* On failure (a limit reached) it closes fd. */
			MHD_add_connection(a->daemon, fd,
					   (struct sockaddr *)&peer, len);
			continue;
		}
		if (atomic_load(&a->stopping))
			break;
		if (errno == EINTR || errno == ECONNABORTED ||
		    errno == EAGAIN || errno == EPROTO)
			continue;
		/* Out of descriptors or memory: let connections close. */
		log_msg(LOG_WARN, "accept: %s", strerror(errno));
		usleep(10000);
	}
	return NULL;
}

/* Stops accepting: the blocked accept4() returns once shut down. */
static void accept_stop(struct acceptor *a)
{
	atomic_store(&a->stopping, 1);
	shutdown(a->fd, SHUT_RDWR);
	pthread_join(a->thread, NULL);
	close(a->fd);
}

/*
 * poll(), not epoll: libmicrohttpd 0.9.75's epoll loop reads ready
 * sockets 128 at a time and, after a full batch, waits again with the
 * whole timeout before it looks at what its wake-up signal brought (a
 * connection handed over, a read's connection resumed). If that signal
 * was in the full batch and nothing else arrives, the request waits
 * until some connection times out: seconds (tests/test_hostile.c,
 * test_answered_after_a_burst). Its poll loop waits once per turn, the
 * signal included; measured no slower up to 512 connections.
 */
/*
 * Scans of the copy of the events' columns take scratch arrays of
 * megabytes (25 MB for the network of 879,000 events at 1M). glibc
 * would map each afresh and give it back when freed, so every request
 * paid for its pages' faults again: 13% of that network's time. Kept
 * in the heap instead, up to 64 MB free per arena before it is trimmed.
 */
static void keep_scratch_memory(void)
{
#ifdef __GLIBC__
	mallopt(M_MMAP_THRESHOLD, 32 << 20);
	mallopt(M_TRIM_THRESHOLD, 64 << 20);
#endif
}

/*
 * Stops the worker pools, then d (when started), then frees the pools.
 * Every queued request is answered and its connection resumed first:
 * libmicrohttpd must not stop with a connection suspended. Its threads
 * may still hand a request on a kept-alive connection to the pools,
 * which answer it on that thread now: they are freed after.
 */
static void pools_end(struct MHD_Daemon *d)
{
	workers_stop(readers);
	workers_stop(writer);
	if (d)
		MHD_stop_daemon(d);
	workers_free(readers);
	workers_free(writer);
	readers = writer = NULL;
}

int server_run(const struct config *c)
{
	struct sockaddr_storage addr;
	unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_POLL |
		MHD_USE_ITC | MHD_USE_NO_LISTEN_SOCKET | MHD_USE_ERROR_LOG |
		MHD_ALLOW_SUSPEND_RESUME;
	unsigned threads = c->threads;
	struct MHD_Daemon *d;
	struct acceptor acceptor = { .fd = -1 };
	struct sockaddr_storage bound;
	socklen_t bound_len = sizeof(bound);
	unsigned port = c->port;
	sigset_t set;
	int sig, waited;

	memset(&addr, 0, sizeof(addr));
	if (strchr(c->bind, ':')) {
		struct sockaddr_in6 *a6 = (struct sockaddr_in6 *)&addr;

		a6->sin6_family = AF_INET6;
		a6->sin6_port = htons((uint16_t)c->port);
		inet_pton(AF_INET6, c->bind, &a6->sin6_addr);
	} else {
		struct sockaddr_in *a4 = (struct sockaddr_in *)&addr;

		a4->sin_family = AF_INET;
		a4->sin_port = htons((uint16_t)c->port);
		inet_pton(AF_INET, c->bind, &a4->sin_addr);
	}
	if (threads == 0) {
		long n = sysconf(_SC_NPROCESSORS_ONLN);

		threads = n > 0 ? (unsigned)n : 1;
	}
	max_body = c->max_body;
	keep_scratch_memory();
	db_set_query_timeout(c->query_timeout_ms);
	respond_init(c);
	metrics_init();
	query_set_selective_rows(c->selective_rows);
	query_set_relevance_window(c->relevance_window);
	cache_set_budget((size_t)c->response_cache_mb << 20);
	if (columns_start(c->columns_mb) != 0)
		return -1;
	acceptor.fd = open_listener(c, &addr);
	if (acceptor.fd < 0)
		return -1;
	if (getsockname(acceptor.fd, (struct sockaddr *)&bound,
			&bound_len) == 0)
		port = ntohs(bound.ss_family == AF_INET6 ?
			     ((struct sockaddr_in6 *)&bound)->sin6_port :
			     ((struct sockaddr_in *)&bound)->sin_port);
	readers = workers_start(threads, answer_queued);
	writer = readers ? workers_start(1, answer_queued) : NULL;
	if (!writer) {
		log_msg(LOG_ERROR, "cannot start the reader and writer threads");
		pools_end(NULL);
		close(acceptor.fd);
		return -1;
	}
	d = MHD_start_daemon(flags, 0, NULL, NULL, on_request, NULL,
			     MHD_OPTION_EXTERNAL_LOGGER, mhd_log, NULL,
			     MHD_OPTION_THREAD_POOL_SIZE, threads,
			     MHD_OPTION_CONNECTION_LIMIT, c->max_connections,
			     MHD_OPTION_PER_IP_CONNECTION_LIMIT,
			     c->max_connections_per_ip,
			     MHD_OPTION_CONNECTION_MEMORY_LIMIT,
			     (size_t)CONNECTION_MEMORY,
			     MHD_OPTION_NOTIFY_CONNECTION, on_connection, NULL,
			     MHD_OPTION_CONNECTION_TIMEOUT, c->timeout,
			     MHD_OPTION_NOTIFY_COMPLETED, on_completed, NULL,
			     MHD_OPTION_UNESCAPE_CALLBACK, unescape, NULL,
			     MHD_OPTION_URI_LOG_CALLBACK, on_uri, NULL,
			     MHD_OPTION_END);
	if (!d) {
		log_msg(LOG_ERROR, "cannot start the HTTP server on %s port %u",
			c->bind, port);
		pools_end(NULL);
		close(acceptor.fd);
		return -1;
	}
	acceptor.daemon = d;
	atomic_init(&acceptor.stopping, 0);
	if (pthread_create(&acceptor.thread, NULL, accept_loop,
			   &acceptor) != 0) {
		log_msg(LOG_ERROR, "cannot start accepting connections");
		pools_end(d);
		close(acceptor.fd);
		return -1;
	}
	{
		struct buf b = BUF_INIT;

		log_line_begin(&b, LOG_INFO);
		buf_printf(&b, ",\"msg\":\"listening\",\"bind\":\"%s\","
			   "\"port\":%u,\"threads\":%u,"
			   "\"max_connections\":%u,"
			   "\"max_connections_per_ip\":%u,\"db\":", c->bind,
			   port, threads,
			   c->max_connections, c->max_connections_per_ip);
		buf_json_string(&b, c->db_path, strlen(c->db_path));
		log_line_end(&b);
		buf_free(&b);
	}

	sigemptyset(&set);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGINT);
	sigwait(&set, &sig);
	log_msg(LOG_INFO, "received %s; draining %ld in-flight requests",
		sig == SIGTERM ? "SIGTERM" : "SIGINT", metrics_inflight_now());
	accept_stop(&acceptor);
	for (waited = 0; metrics_inflight_now() > 0 &&
	     waited < DRAIN_SECONDS * 100; waited++)
		usleep(10000);
	pools_end(d);
	columns_stop();
	log_msg(LOG_INFO, "stopped");
	return 0;
}
