/* SPDX-License-Identifier: MIT */
/*
 * Connections, the per-thread statement cache, migrations and the cursor
 * key (see db.h).
 */
#include "db.h"

#include <ctype.h>
#include <pthread.h>
#include <stdlib.h>
#include <stdatomic.h>
#include <sodium.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "assets.h"
#include "columns.h"
#include "fts5_functions.h"
#include "kept_events.h"
#include "log.h"
#include "pg.h"
#include "pg_copy.h"
#include "pg_derived.h"
#include "pg_rows.h"
#include "pg_stmt.h"
#include "set_keys.h"
#include "seed.h"
#include "strmap.h"
#include "xalloc.h"

/* Distinct query shapes kept prepared per thread; least recent goes. */
#define STMT_CACHE_SIZE 128

struct cached_stmt {
	char *sql;
	uint64_t hash;
	uint64_t last_used;
	dbs *st;
};

struct thread_db {
	sqlite3 *db;
	/* Instead of db, with PostgreSQL: connections opened when first
	 * used, again when lost. With one host, reader is pg. */
	PGconn *pg;		/* the primary */
	PGconn *reader;		/* a hot standby when there is one */
	enum pg_role role;	/* which one statements run on now */
	char token[32];		/* the primary's WAL end at the last commit */
	int writing;		/* SQLite: counted in writes_open */
	uint64_t clock;
	struct cached_stmt cache[STMT_CACHE_SIZE];
};

int db_pg;
static char *db_path;
/* PostgreSQL: how many hosts --db names, and the next reader's turn. */
static unsigned pg_nhosts = 1;
static atomic_uint pg_turn;
/* SQLite: the write transactions of db_write_begin() open now, and
 * what is called as each opens. */
static atomic_int writes_open;
static void (*_Atomic write_open_fn)(void);
/* The database budget of one read (db_budget_begin), in milliseconds. */
static unsigned budget_ms = 2000;
/* This thread's deadline, or 0 while no budget runs. */
static _Thread_local uint64_t deadline_ns;
static pthread_key_t thread_key;
static pthread_once_t key_once = PTHREAD_ONCE_INIT;
static unsigned char cursor_key[DB_CURSOR_KEY_BYTES];

/* Migrations in order: migrations[i] brings user_version to i + 1. */
static struct asset migration(unsigned i)
{
	switch (i) {
	case 0:
		return ASSET(migration_001);
	case 1:
		return ASSET(migration_002);
	case 2:
		return ASSET(migration_003);
	case 3:
		return ASSET(migration_004);
	case 4:
		return ASSET(migration_005);
	case 5:
		return ASSET(migration_006);
	case 6:
		return ASSET(migration_007);
	case 7:
		return ASSET(migration_008);
	case 8:
		return ASSET(migration_009);
	case 9:
		return ASSET(migration_010);
	case 10:
		return ASSET(migration_011);
	case 11:
		return ASSET(migration_012);
	case 12:
		return ASSET(migration_013);
	case 13:
		return ASSET(migration_014);
	case 14:
		return ASSET(migration_015);
	case 15:
		return ASSET(migration_016);
	case 16:
		return ASSET(migration_017);
	case 17:
		return ASSET(migration_018);
	case 18:
		return ASSET(migration_019);
	case 19:
		return ASSET(migration_020);
	case 20:
		return ASSET(migration_021);
	case 21:
		return ASSET(migration_022);
	case 22:
		return ASSET(migration_023);
	case 23:
		return ASSET(migration_024);
	case 24:
		return ASSET(migration_025);
	case 25:
		return ASSET(migration_026);
	case 26:
		return ASSET(migration_027);
	case 27:
		return ASSET(migration_028);
	case 28:
		return ASSET(migration_029);
	case 29:
		return ASSET(migration_030);
	case 30:
		return ASSET(migration_031);
	case 31:
		return ASSET(migration_032);
	case 32:
		return ASSET(migration_033);
	case 33:
		return ASSET(migration_034);
	case 34:
		return ASSET(migration_035);
	case 35:
		return ASSET(migration_036);
	case 36:
		return ASSET(migration_037);
	case 37:
		return ASSET(migration_038);
	case 38:
		return ASSET(migration_039);
	case 39:
		return ASSET(migration_040);
	case 40:
		return ASSET(migration_041);
	case 41:
		return ASSET(migration_042);
	case 42:
		return ASSET(migration_043);
	case 43:
		return ASSET(migration_044);
	case 44:
		return ASSET(migration_045);
	case 45:
		return ASSET(migration_046);
	case 46:
		return ASSET(migration_047);
	case 47:
		return ASSET(migration_048);
	case 48:
		return ASSET(migration_049);
	case 49:
		return ASSET(migration_050);
	case 50:
		return ASSET(migration_051);
	case 51:
		return ASSET(migration_052);
	case 52:
		return ASSET(migration_053);
	case 53:
		return ASSET(migration_054);
	case 54:
		return ASSET(migration_055);
	case 55:
		return ASSET(migration_056);
	case 56:
		return ASSET(migration_057);
	case 57:
		return ASSET(migration_058);
	case 58:
		return ASSET(migration_059);
	case 59:
		return ASSET(migration_060);
	case 60:
		return ASSET(migration_061);
	case 61:
		return ASSET(migration_062);
	case 62:
		return ASSET(migration_063);
	case 63:
		return ASSET(migration_064);
	case 64:
		return ASSET(migration_065);
	case 65:
		return ASSET(migration_066);
	case 66:
		return ASSET(migration_067);
	case 67:
		return ASSET(migration_068);
	case 68:
		return ASSET(migration_069);
	default:
		return (struct asset){ NULL, 0 };
	}
}

static void thread_db_free(void *p)
{
	struct thread_db *t = p;
	unsigned i;

	if (!t)
		return;
	for (i = 0; i < STMT_CACHE_SIZE; i++) {
		dbs_finalize(t->cache[i].st);
		free(t->cache[i].sql);
	}
	sqlite3_close(t->db);
	if (t->reader && t->reader != t->pg)
		PQfinish(t->reader);
	if (t->pg)
		PQfinish(t->pg);
	free(t);
}

static void make_key(void)
{
	pthread_key_create(&thread_key, thread_db_free);
}

static struct thread_db *thread_state(int create);

/*
 * This thread's connection for role, opened if it has none or lost the
 * one it had (a failover: the hosts are tried again, and the primary is
 * whichever accepts writes now). NULL when no server answers.
 */
/* Where this thread keeps its connection for role (one with one host). */
static PGconn **pg_slot(struct thread_db *t, enum pg_role role)
{
	return role == PG_READER && pg_nhosts > 1 ? &t->reader : &t->pg;
}

static PGconn *pg_conn(struct thread_db *t, enum pg_role role)
{
	PGconn **slot = pg_slot(t, role);

	if (*slot && PQstatus(*slot) == CONNECTION_BAD) {
		PQfinish(*slot);
		*slot = NULL;
	}
	if (!*slot)
		*slot = pg_connect(db_path, role, &pg_turn);
	return *slot;
}

/*
 * PostgreSQL's answers that mean "not now" rather than "wrong": a lost
 * connection (class 08), a server shutting down (57P01-57P03), a write
 * on a primary just demoted (25006), a serialization failure (40001).
 */
static int pg_transient(void)
{
	const char *code = pgs_sqlstate();

	return strncmp(code, "08", 2) == 0 || strncmp(code, "57P0", 4) == 0 ||
	       strcmp(code, "25006") == 0 || strcmp(code, "40001") == 0;
}

/* The connection this thread's statements run on now, or NULL. */
static PGconn *active_conn(void)
{
	struct thread_db *t = thread_state(0);

	return t ? pg_conn(t, t->role) : NULL;
}

int db_data_version(void)
{
	/* PostgreSQL: every write transaction counts it up (db_write_begin),
	 * whichever instance of the service wrote. */
	dbs *st = db_stmt(db_pg ? "SELECT n FROM data_version" :
			  "PRAGMA data_version");
	int v = -1;

	if (st && dbs_step(st) == SQLITE_ROW)
		v = dbs_column_int(st, 0);
	db_done(st);
	return v;
}

PGconn *db_pg_primary(void)
{
	struct thread_db *t = thread_state(0);

	return db_pg && t ? pg_conn(t, PG_PRIMARY) : NULL;
}

int db_exec(sqlite3 *db, const char *sql)
{
	char *msg = NULL;

	if (db_pg) {
		PGconn *c = active_conn();

		return c ? pg_exec(c, sql) : -1;
	}

	if (sqlite3_exec(db, sql, NULL, NULL, &msg) != SQLITE_OK) {
		log_msg(LOG_ERROR, "sqlite: %s", msg ? msg : "error");
		sqlite3_free(msg);
		return -1;
	}
	return 0;
}

sqlite3_int64 db_int(const char *sql)
{
	dbs *st = db_stmt(sql);
	sqlite3_int64 n = 0;
	int rc;

	if (!st)
		return -1;
	if ((rc = dbs_step(st)) == SQLITE_ROW)
		n = dbs_column_int64(st, 0);
	db_done(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? n : -1;
}

static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

/*
 * Called by SQLite every few thousand virtual machine steps: a non-zero
 * return interrupts the statement (SQLITE_INTERRUPT), which db_fail()
 * turns into 503 query-timeout.
 */
static int over_budget(void *unused)
{
	(void)unused;
	return deadline_ns && now_ns() > deadline_ns;
}

void db_set_query_timeout(unsigned ms)
{
	budget_ms = ms;
}

static unsigned cache_mb = 64;

void db_set_cache_mb(unsigned mb)
{
	cache_mb = mb;
}

void db_budget_begin(void)
{
	deadline_ns = now_ns() + (uint64_t)budget_ms * 1000000u;
}

long db_budget_left_ms(void)
{
	uint64_t now = now_ns();

	if (!deadline_ns)
		return (long)budget_ms;
	return now >= deadline_ns ? 0 : (long)((deadline_ns - now) / 1000000u);
}

void db_budget_end(void)
{
	deadline_ns = 0;
}

void db_read_begin(void)
{
	dbs *st;

	/* Before the transaction: see columns_snapshot(). */
	columns_pin();
	if (db_pg) {
		char sql[160];

		/* One snapshot for the whole answer, as SQLite's read
		 * transaction; the query budget as PostgreSQL's limit on
		 * each of its statements. */
		snprintf(sql, sizeof(sql), "BEGIN ISOLATION LEVEL REPEATABLE"
			 " READ; SET LOCAL statement_timeout = %u",
			 deadline_ns ? budget_ms : 0);
		db_exec(NULL, sql);
		return;
	}
	st = db_stmt("BEGIN");

	if (st)
		dbs_step(st);
	db_done(st);
}

void db_read_end(void)
{
	sqlite3 *db = db_conn();
	dbs *st;

	columns_unpin();
	if (db_pg) {
		PGconn *c = active_conn();

		if (!c || PQtransactionStatus(c) == PQTRANS_IDLE)
			return;
	} else if (!db || sqlite3_get_autocommit(db)) {
		return;
	}
	st = db_stmt("COMMIT");
	if (st)
		dbs_step(st);
	db_done(st);
}

int db_write_begin(void)
{
	struct thread_db *t = thread_state(0);
	void (*fn)(void);
	int rc;

	if (!t)
		return -1;
	t->token[0] = '\0';
	if (db_pg) {
		t->role = PG_PRIMARY;
		/* The row's lock is SQLite's one writer at a time, held to
		 * the end; its new number tells every instance's response
		 * cache that the data changed (SQLite's data_version). */
		return db_exec(NULL, "BEGIN; UPDATE data_version SET n = n + 1")
			== 0 ? 0 : pg_transient() ? DB_BUSY : -1;
	}
	rc = sqlite3_exec(t->db, "BEGIN IMMEDIATE", NULL, NULL, NULL);
	if ((rc & 0xff) == SQLITE_BUSY)
		return DB_BUSY;
	/* The transaction listed as the server's own (event 0): a commit
	 * that lists no change is another program's, and the copy of the
	 * events' columns is then read anew (columns_patch.c). */
	if (rc == SQLITE_OK)
		rc = sqlite3_exec(t->db, "INSERT INTO event_changes(event)"
				  " VALUES (0)", NULL, NULL, NULL);
	if (rc != SQLITE_OK) {
		log_msg(LOG_ERROR, "sqlite: begin: %s", sqlite3_errmsg(t->db));
		if (!sqlite3_get_autocommit(t->db))
			sqlite3_exec(t->db, "ROLLBACK", NULL, NULL, NULL);
		return -1;
	}
	/* Called first: whoever sees the write open sees what fn did. */
	fn = atomic_load(&write_open_fn);
	if (fn)
		fn();
	t->writing = 1;
	atomic_fetch_add(&writes_open, 1);
	return 0;
}

/* t's write transaction no longer counted once it is closed. */
static void write_closed(struct thread_db *t)
{
	if (t->writing && sqlite3_get_autocommit(t->db)) {
		t->writing = 0;
		atomic_fetch_sub(&writes_open, 1);
	}
}

int db_writing(void)
{
	return atomic_load(&writes_open) > 0;
}

void db_on_write_open(void (*fn)(void))
{
	atomic_store(&write_open_fn, fn);
}

int db_write_commit(void)
{
	struct thread_db *t = thread_state(0);
	PGresult *r;

	if (!t)
		return -1;
	if (!db_pg) {
		int rc = db_exec(t->db, "COMMIT");

		write_closed(t);
		return rc;
	}
	if (db_exec(NULL, "COMMIT") != 0)
		return -1;
	/* Where the primary's WAL ends now, at or past the commit: a
	 * standby that has replayed this far shows the write. */
	r = PQexec(t->pg, "SELECT pg_current_wal_insert_lsn()");
	if (PQresultStatus(r) == PGRES_TUPLES_OK && PQntuples(r) == 1)
		snprintf(t->token, sizeof(t->token), "%s", PQgetvalue(r, 0, 0));
	PQclear(r);
	return 0;
}

void db_write_rollback(void)
{
	struct thread_db *t = thread_state(0);

	if (t && db_pg) {
		PGconn *c = pg_conn(t, PG_PRIMARY);

		if (c && PQtransactionStatus(c) != PQTRANS_IDLE)
			pg_exec(c, "ROLLBACK");
	} else if (t && !sqlite3_get_autocommit(t->db)) {
		db_exec(t->db, "ROLLBACK");
	}
	if (t && !db_pg)
		write_closed(t);
}

const char *db_write_token(void)
{
	struct thread_db *t = thread_state(0);

	return db_pg && t ? t->token : "";
}

int db_token_valid(const char *token)
{
	size_t hi = strspn(token, "0123456789ABCDEFabcdef"), lo;

	if (hi < 1 || hi > 8 || token[hi] != '/')
		return 0;
	lo = strspn(token + hi + 1, "0123456789ABCDEFabcdef");
	return lo >= 1 && lo <= 8 && token[hi + 1 + lo] == '\0';
}

/* Whether the reader has replayed the primary's WAL up to token. */
static int reader_has(PGconn *reader, const char *token)
{
	const char *values[1] = { token };
	PGresult *r = PQexecParams(reader, "SELECT NOT pg_is_in_recovery()"
				   " OR pg_last_wal_replay_lsn() >= $1::pg_lsn",
				   1, NULL, values, NULL, NULL, 0);
	int has = PQresultStatus(r) == PGRES_TUPLES_OK && PQntuples(r) == 1 &&
		  PQgetvalue(r, 0, 0)[0] == 't';

	PQclear(r);
	return has;
}

int db_route(int write, const char *token)
{
	struct thread_db *t = thread_state(0);
	PGconn *reader;

	if (!db_pg)
		return 0;
	if (!t)
		return -1;
	t->role = write ? PG_PRIMARY : PG_READER;
	if (write || pg_nhosts == 1)
		return pg_conn(t, PG_PRIMARY) ? 0 : -1;
	reader = pg_conn(t, PG_READER);
	if (reader && (!token || !*token || reader_has(reader, token)))
		return 0;
	/* The standby has not replayed the client's write yet (or is
	 * gone): the primary answers this read. */
	t->role = PG_PRIMARY;
	return pg_conn(t, PG_PRIMARY) ? 0 : -1;
}

/*
 * The triggers keeping the summaries of migrations 8 and 14 to 25, as
 * temporary triggers of this connection (db/summary_triggers.sql), once
 * its schema is the latest: they name tables of every migration, and a
 * migration that renames a table would fail on a trigger naming one a
 * later migration makes. Returns 0 or -1.
 */
static int install_summary_triggers(sqlite3 *db)
{
	struct asset a = ASSET(summary_triggers);
	dbs *st;
	int version = -1;

	if (dbs_prepare_sqlite(db, "PRAGMA user_version", &st) != SQLITE_OK)
		return -1;
	if (dbs_step(st) == SQLITE_ROW)
		version = dbs_column_int(st, 0);
	dbs_finalize(st);
	if (version < 0 || migration((unsigned)version).data)
		return 0;	/* not migrated yet: db_open installs them */
	return db_exec(db, a.data);
}

int db_summaries_by_caller(int on)
{
	sqlite3 *db = db_conn();
	dbs *st;
	struct buf sql = BUF_INIT;
	int rc;

	/*
	 * PostgreSQL's are the schema's own: off in this transaction. A
	 * table a cursor still reads cannot be altered: the streams the
	 * transaction left open (pg_stmt.c) are closed first.
	 */
	if (db_pg)
		return db_exec(NULL, "CLOSE ALL") != 0 ? -1 :
		       db_exec(NULL, pg_derived_triggers_sql(!on));
	if (!db)
		return -1;
	if (!on)
		return install_summary_triggers(db);
	if (dbs_prepare_sqlite(db, "SELECT name FROM sqlite_temp_master"
			       " WHERE type = 'trigger'", &st) != SQLITE_OK)
		return -1;
	while (dbs_step(st) == SQLITE_ROW)
		buf_printf(&sql, "DROP TRIGGER temp.\"%s\";",
			   dbs_column_text(st, 0));
	dbs_finalize(st);
	rc = sql.len ? db_exec(db, buf_str(&sql)) : 0;
	buf_free(&sql);
	return rc;
}

/*
 * At log level debug, every statement that ran longer than this is logged
 * with its bound values and time: where a slow request's time went.
 */
#define SLOW_STATEMENT_NS (20 * 1000000LL)

static int log_slow_statement(unsigned type, void *ctx, void *p, void *x)
{
	dbs *st = p;
	sqlite3_int64 ns = *(sqlite3_int64 *)x;
	char *sql;

	(void)type;
	(void)ctx;
	if (ns < SLOW_STATEMENT_NS)
		return 0;
	sql = dbs_expanded_sql(st);
	log_msg(LOG_DEBUG, "slow statement (%.1f ms): %s", ns / 1e6,
		sql ? sql : dbs_sql(st));
	sqlite3_free(sql);
	return 0;
}

/* Opens a connection with the settings every connection shares. */
static sqlite3 *open_conn(const char *path, int create)
{
	char pragmas[160];
	sqlite3 *db = NULL;
	int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX;

	if (create)
		flags |= SQLITE_OPEN_CREATE;
	if (sqlite3_open_v2(path, &db, flags, NULL) != SQLITE_OK) {
		log_msg(LOG_ERROR, "cannot open database %s: %s", path,
			db ? sqlite3_errmsg(db) : "out of memory");
		sqlite3_close(db);
		return NULL;
	}
	sqlite3_extended_result_codes(db, 1);
	sqlite3_busy_timeout(db, 5000);
	sqlite3_progress_handler(db, 4000, over_budget, NULL);
	if (log_enabled(LOG_DEBUG))
		sqlite3_trace_v2(db, SQLITE_TRACE_PROFILE, log_slow_statement,
				 NULL);
	/*
	 * Reads map the file (up to SQLite's 2 GiB cap) instead of copying
	 * each page in: shared by every connection, paged by the kernel.
	 * Past the cap each page is copied in, and kept in the connection's
	 * cache (db_set_cache_mb): at 1M events the search index lies
	 * there, and a 2 MiB cache read it again for every search.
	 */
	snprintf(pragmas, sizeof(pragmas), "PRAGMA foreign_keys = ON;"
		 "PRAGMA synchronous = FULL;"
		 "PRAGMA mmap_size = 2147418112;"
		 "PRAGMA cache_size = -%u;", cache_mb * 1024u);
	if (db_exec(db, pragmas) != 0 ||
	    fts5_functions_register(db) != 0 || set_keys_register(db) != 0 ||
	    columns_register(db) != 0 || kept_events_register(db) != 0) {
		sqlite3_close(db);
		return NULL;
	}
	return db;
}

/* Returns this thread's connection state, opening it if needed. */
static struct thread_db *thread_state(int create)
{
	struct thread_db *t;

	pthread_once(&key_once, make_key);
	t = pthread_getspecific(thread_key);
	if (t)
		return t;
	if (!db_path)
		return NULL;
	t = xcalloc(1, sizeof(*t));
	if (db_pg) {
		pthread_setspecific(thread_key, t);	/* connects when used */
		return t;
	}
	t->db = open_conn(db_path, create);
	if (t->db && install_summary_triggers(t->db) != 0) {
		log_msg(LOG_ERROR, "cannot create the summary triggers: %s",
			sqlite3_errmsg(t->db));
		sqlite3_close(t->db);
		t->db = NULL;
	}
	if (!t->db) {
		free(t);
		return NULL;
	}
	pthread_setspecific(thread_key, t);
	return t;
}

static sqlite3 *thread_conn(int create)
{
	struct thread_db *t = thread_state(create);

	return t ? t->db : NULL;
}

sqlite3 *db_conn(void)
{
	return thread_conn(0);
}

sqlite3 *db_open_own(void)
{
	return db_path ? open_conn(db_path, 0) : NULL;
}

void db_thread_close(void)
{
	struct thread_db *t;

	pthread_once(&key_once, make_key);
	t = pthread_getspecific(thread_key);
	thread_db_free(t);
	pthread_setspecific(thread_key, NULL);
}

dbs *db_stmt(const char *sql)
{
	struct thread_db *t;
	struct cached_stmt *slot, *oldest = NULL;
	uint64_t h = strmap_hash(sql);
	unsigned i;

	if (!(t = thread_state(0)))
		return NULL;
	for (i = 0; i < STMT_CACHE_SIZE; i++) {
		slot = &t->cache[i];
		if (slot->st && slot->hash == h && strcmp(slot->sql, sql) == 0) {
			slot->last_used = ++t->clock;
			return slot->st;
		}
		if (!oldest || !slot->st ||
		    (oldest->st && slot->last_used < oldest->last_used))
			oldest = slot;
	}
	slot = oldest;
	dbs_finalize(slot->st);
	free(slot->sql);
	slot->st = NULL;
	slot->sql = NULL;
	if (db_pg) {
		if (!(slot->st = pgs_new(active_conn, sql))) {
			log_msg(LOG_ERROR, "postgresql: too many parameters"
				" in: %s", sql);
			return NULL;
		}
	} else if (sqlite3_prepare_v3(t->db, sql, -1,
				      SQLITE_PREPARE_PERSISTENT,
				      (sqlite3_stmt **)&slot->st, NULL) !=
		   SQLITE_OK) {
		log_msg(LOG_ERROR, "sqlite prepare: %s in: %s",
			sqlite3_errmsg(t->db), sql);
		dbs_finalize(slot->st);
		slot->st = NULL;
		return NULL;
	}
	slot->sql = xstrdup(sql);
	slot->hash = h;
	slot->last_used = ++t->clock;
	return slot->st;
}

dbs *db_stmt_own(const char *sql)
{
	struct thread_db *t = thread_state(0);
	dbs *st = NULL;

	if (!t)
		return NULL;
	if (db_pg)
		st = pgs_new(active_conn, sql);
	else if (dbs_prepare_sqlite(t->db, sql, &st) != SQLITE_OK)
		st = NULL;
	if (!st)
		log_msg(LOG_ERROR, "cannot prepare: %s: %s", db_errmsg(), sql);
	return st;
}

void db_done(dbs *st)
{
	if (!st)
		return;
	dbs_reset(st);
	dbs_clear_bindings(st);
}

sqlite3_int64 db_last_insert_rowid(void)
{
	if (db_pg)
		return db_int("SELECT lastval()");
	return sqlite3_last_insert_rowid(db_conn());
}

int db_changes(void)
{
	return db_pg ? pgs_changes() : sqlite3_changes(db_conn());
}

const char *db_errmsg(void)
{
	static _Thread_local char line[256];
	struct thread_db *t = thread_state(0);
	PGconn *c;
	const char *m;

	if (!t)
		return "no connection";
	if (!db_pg)
		return sqlite3_errmsg(t->db);
	if (!(c = *pg_slot(t, t->role)))
		return "no connection";
	/* libpq's "ERROR:  what\nCONTEXT: ...": what, as SQLite says it. */
	m = PQerrorMessage(c);
	if (strncmp(m, "ERROR:  ", 8) == 0)
		m += 8;
	snprintf(line, sizeof(line), "%.*s", (int)strcspn(m, "\n"), m);
	return line;
}

void db_log_error(const char *what)
{
	sqlite3 *db = db_conn();

	if (db_pg) {
		log_msg(LOG_ERROR, "postgresql: %s: %s", what, db_errmsg());
		return;
	}

	log_msg(LOG_ERROR, "sqlite: %s: %s", what,
		db ? sqlite3_errmsg(db) : "no connection");
}

int db_over_budget(void)
{
	sqlite3 *db = db_conn();

	if (db_pg)
		return strcmp(pgs_sqlstate(), "57014") == 0;	/* canceled */
	return db && sqlite3_errcode(db) == SQLITE_INTERRUPT;
}

void db_recover(void)
{
	PGconn *c;

	if (!db_pg || !(c = active_conn()))
		return;
	/* A failed statement leaves PostgreSQL's transaction refusing all
	 * others until it ends. */
	if (PQtransactionStatus(c) == PQTRANS_INERROR)
		pg_exec(c, "ROLLBACK");
}

int db_retry_later(struct problem *err)
{
	if (!db_pg || !pg_transient())
		return 0;
	problem_set(err, PROB_UNAVAILABLE, "the database is not answering "
		    "(a failover?); retry shortly");
	return 1;
}

int db_fail(const char *what, struct problem *err)
{
	if (db_over_budget()) {
		log_msg(LOG_WARN, "sqlite: %s: over the query budget of %u ms",
			what, budget_ms);
		return problem_set(err, PROB_QUERY_TIMEOUT, "the query took "
				   "longer than the server allows (%u ms); "
				   "narrow it: a more specific search, more "
				   "filters or a smaller limit", budget_ms);
	}
	db_log_error(what);
	if (db_retry_later(err))
		return -1;
	return problem_set(err, PROB_INTERNAL,
			   "the request could not be completed");
}

int db_ping(void)
{
	dbs *st = db_stmt("SELECT 1");
	int rc;

	if (!st)
		return -1;
	rc = dbs_step(st);
	db_done(st);
	return rc == SQLITE_ROW ? 0 : -1;
}

const unsigned char *db_cursor_key(void)
{
	return cursor_key;
}

static int user_version(sqlite3 *db, int *out)
{
	dbs *st;
	int rc;

	if (dbs_prepare_sqlite(db, "PRAGMA user_version", &st))
		return -1;
	rc = dbs_step(st);
	*out = rc == SQLITE_ROW ? dbs_column_int(st, 0) : -1;
	dbs_finalize(st);
	return *out < 0 ? -1 : 0;
}

int db_migrate(sqlite3 *db)
{
	struct asset m;
	char sql[64];
	int version;

	if (user_version(db, &version) != 0) {
		log_msg(LOG_ERROR, "cannot read the schema version: %s",
			sqlite3_errmsg(db));
		return -1;
	}
	for (m = migration((unsigned)version); m.data;
	     m = migration((unsigned)version)) {
		/* Each migration and its version bump commit together. */
		if (db_exec(db, "BEGIN IMMEDIATE") != 0)
			return -1;
		snprintf(sql, sizeof(sql), "PRAGMA user_version = %d",
			 version + 1);
		if (db_exec(db, m.data) != 0 || db_exec(db, sql) != 0) {
			db_exec(db, "ROLLBACK");
			log_msg(LOG_ERROR, "migration %d failed", version + 1);
			return -1;
		}
		if (db_exec(db, "COMMIT") != 0)
			return -1;
		version++;
		log_msg(LOG_INFO, "applied migration %d", version);
	}
	return 0;
}

/* Reads the cursor signing key, creating it on first use. */
static int load_cursor_key(sqlite3 *db)
{
	dbs *st;
	int rc, ret = -1;

	randombytes_buf(cursor_key, sizeof(cursor_key));
	if (dbs_prepare_sqlite(db, "INSERT OR IGNORE INTO meta(key, value) "
			       "VALUES ('cursor_key', ?)", &st))
		goto out;
	dbs_bind_blob(st, 1, cursor_key, sizeof(cursor_key),
			  SQLITE_STATIC);
	rc = dbs_step(st);
	dbs_finalize(st);
	if (rc != SQLITE_DONE)
		goto out;
	if (dbs_prepare_sqlite(db, "SELECT value FROM meta "
			       "WHERE key = 'cursor_key'", &st))
		goto out;
	if (dbs_step(st) == SQLITE_ROW &&
	    dbs_column_bytes(st, 0) == (int)sizeof(cursor_key)) {
		memcpy(cursor_key, dbs_column_blob(st, 0),
		       sizeof(cursor_key));
		ret = 0;
	}
	dbs_finalize(st);
out:
	if (ret != 0)
		log_msg(LOG_ERROR, "cannot read the cursor key: %s",
			sqlite3_errmsg(db));
	return ret;
}

int db_restore_indexes(void)
{
	dbs *st;
	struct buf sql = BUF_INIT;
	int rc;

	/* Only a bulk load into SQLite defers them (import_gdelt.c). */
	if (db_pg)
		return 0;
	/* Those a migration since made again (under the same name, in a
	 * newer form) are left as it made them. */
	st = db_stmt("SELECT CASE WHEN value LIKE 'CREATE INDEX %'"
		     " AND value NOT LIKE '% IF NOT EXISTS %' THEN"
		     " 'CREATE INDEX IF NOT EXISTS ' || substr(value, 14)"
		     " WHEN value LIKE 'CREATE UNIQUE INDEX %'"
		     " AND value NOT LIKE '% IF NOT EXISTS %' THEN"
		     " 'CREATE UNIQUE INDEX IF NOT EXISTS ' || substr(value, 21)"
		     " ELSE value END FROM json_each((SELECT value"
		     " FROM meta WHERE key = 'pending_indexes'))");
	if (!st)
		return -1;
	while ((rc = dbs_step(st)) == SQLITE_ROW)
		buf_printf(&sql, "%s;", dbs_column_text(st, 0));
	db_done(st);
	if (rc != SQLITE_DONE) {
		buf_free(&sql);
		return -1;
	}
	if (sql.len)
		log_msg(LOG_INFO, "building the indexes a bulk load deferred");
	buf_puts(&sql, "DELETE FROM meta WHERE key = 'pending_indexes';");
	rc = db_exec(db_conn(), buf_str(&sql));
	buf_free(&sql);
	return rc;
}

int db_compact_search(int always)
{
	/* FTS5's segments; PostgreSQL's GIN indexes merge on their own. */
	if (db_pg)
		return 0;
	static const char *const tables[] = {
		"events_fts", "actors_fts", "sources_fts", "suggest_fts",
	};
	char sql[128];
	size_t i;

	for (i = 0; i < sizeof(tables) / sizeof(tables[0]); i++) {
		/* Each segment has a row at least in the %_idx table. */
		snprintf(sql, sizeof(sql), "SELECT count(DISTINCT segid)"
			 " FROM %s_idx", tables[i]);
		if (!always && db_int(sql) <= SEARCH_SEGMENTS_KEPT)
			continue;
		snprintf(sql, sizeof(sql), "INSERT INTO %s(%s)"
			 " VALUES ('optimize')", tables[i], tables[i]);
		if (db_exec(db_conn(), sql) != 0)
			return -1;
	}
	return 0;
}

/* The full-text indexes writes add to. */
static const char *const search_tables[] = {
	"events_fts", "actors_fts", "sources_fts", "suggest_fts",
};

/*
 * FTS5 writes its pending rows out as a segment each time they pass the
 * table's hashsize, and merges the segments as they pile up: the
 * type-ahead rows of 1M titles (eight prefix indexes) took 12.9-14.9 s
 * in the sqlite3 shell with 1 MiB, 8.5-8.8 s with 64 MiB (peak RSS +87
 * MB); bench/README.md, "Import".
 */
int db_search_bulk(int on)
{
	char sql[160];
	size_t i;

	if (db_pg)
		return 0;
	for (i = 0; i < sizeof(search_tables) / sizeof(search_tables[0]);
	     i++) {
		snprintf(sql, sizeof(sql), "INSERT INTO %s(%s, rank)"
			 " VALUES ('hashsize', %d)", search_tables[i],
			 search_tables[i], on ? 64 << 20 : 1 << 20);
		if (db_exec(db_conn(), sql) != 0)
			return -1;
	}
	return 0;
}

int db_import_session(int on)
{
	char sql[200];
	long cores = sysconf(_SC_NPROCESSORS_ONLN);
	long long triggers;

	if (db_pg)
		return 0;
	if (on)
		snprintf(sql, sizeof(sql), "PRAGMA synchronous = NORMAL;"
			 " PRAGMA cache_size = -262144; PRAGMA temp_store ="
			 " MEMORY; PRAGMA mmap_size = 0; PRAGMA threads = %ld",
			 cores > 1 ? cores - 1 : 0);
	else
		snprintf(sql, sizeof(sql), "PRAGMA synchronous = FULL;"
			 " PRAGMA cache_size = -%u; PRAGMA temp_store = DEFAULT;"
			 " PRAGMA mmap_size = 2147418112; PRAGMA threads = 0",
			 cache_mb * 1024u);
	/*
	 * A change of temp_store drops every temporary table and trigger:
	 * the summary triggers the connection had are written again.
	 */
	triggers = db_int("SELECT count(*) FROM sqlite_temp_master"
			  " WHERE type = 'trigger'");
	if (triggers < 0 || db_exec(db_conn(), sql) != 0)
		return -1;
	return triggers ? install_summary_triggers(db_conn()) : 0;
}

int db_backup(const char *path)
{
	if (db_pg) {
		log_msg(LOG_ERROR, "`dossier backup` copies a SQLite database;"
			" back up PostgreSQL with its own tools (pg_dump,"
			" pg_basebackup)");
		return -1;
	}
	char tmp[4200];
	sqlite3 *dst = NULL;
	sqlite3_backup *b;
	dbs *st;
	int rc, ok = 0;

	snprintf(tmp, sizeof(tmp), "%s.partial", path);
	unlink(tmp);
	if (sqlite3_open_v2(tmp, &dst, SQLITE_OPEN_READWRITE |
			    SQLITE_OPEN_CREATE, NULL) != SQLITE_OK) {
		log_msg(LOG_ERROR, "cannot create %s: %s", tmp,
			dst ? sqlite3_errmsg(dst) : "out of memory");
		goto out;
	}
	b = sqlite3_backup_init(dst, "main", db_conn(), "main");
	if (!b) {
		log_msg(LOG_ERROR, "backup: %s", sqlite3_errmsg(dst));
		goto out;
	}
	/* All pages in one step: one read transaction, one snapshot. */
	do {
		rc = sqlite3_backup_step(b, -1);
		if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED)
			sqlite3_sleep(20);
	} while (rc == SQLITE_OK || rc == SQLITE_BUSY ||
		 rc == SQLITE_LOCKED);
	sqlite3_backup_finish(b);
	if (rc != SQLITE_DONE) {
		log_msg(LOG_ERROR, "backup: %s", sqlite3_errstr(rc));
		goto out;
	}
	if (dbs_prepare_sqlite(dst, "PRAGMA quick_check", &st) ==
	    SQLITE_OK) {
		ok = dbs_step(st) == SQLITE_ROW && strcmp(
			(const char *)dbs_column_text(st, 0), "ok") == 0;
		dbs_finalize(st);
	}
	if (!ok) {
		log_msg(LOG_ERROR, "backup: the copy failed its check");
		goto out;
	}
	ok = db_exec(dst, "PRAGMA journal_mode = DELETE") == 0;
out:
	sqlite3_close(dst);
	if (ok && rename(tmp, path) != 0) {
		log_msg(LOG_ERROR, "backup: cannot rename to %s", path);
		ok = 0;
	}
	if (!ok)
		unlink(tmp);
	return ok ? 0 : -1;
}

/*
 * What the summaries on PostgreSQL are made from: the number of SQLite's
 * migrations, a hash of its summary triggers and the revision of their
 * translation, as text (a new string).
 */
static char *summaries_version(void)
{
	struct asset t = ASSET(summary_triggers);
	unsigned char h[16];
	char hex[2 * sizeof(h) + 1], *v;
	unsigned n = 0;

	while (migration(n).data)
		n++;
	crypto_generichash(h, sizeof(h), (const unsigned char *)t.data,
			   t.len, NULL, 0);
	sodium_bin2hex(hex, sizeof(hex), h, sizeof(h));
	v = xmalloc(32 + sizeof(hex));
	snprintf(v, 32 + sizeof(hex), "%u:%s:%d", n, hex,
		 PG_DERIVED_REVISION);
	return v;
}

/* The first value of sql's first row, a new string, or NULL. */
static char *pg_text(PGconn *pg, const char *sql)
{
	PGresult *r = PQexec(pg, sql);
	char *v = NULL;

	if (PQresultStatus(r) == PGRES_TUPLES_OK && PQntuples(r) > 0 &&
	    !PQgetisnull(r, 0, 0))
		v = xstrdup(PQgetvalue(r, 0, 0));
	PQclear(r);
	return v;
}

/*
 * The statements of migration text sql, each from its first word (past
 * blanks and comments), into out[], NULL-terminated (a new array of new
 * strings).
 */
static char **statements(const char *sql)
{
	size_t n = 0, cap = 16;
	char **out = xmalloc(cap * sizeof(*out));
	const char *p = sql, *q;

	/* To each `;` that completes one. */
	for (q = p; *q; q++) {
		const char *s;	/* past blanks and comments */
		char *stmt;

		if (*q != ';')
			continue;
		stmt = xstrndup(p, (size_t)(q - p + 1));
		if (!sqlite3_complete(stmt)) {
			free(stmt);
			continue;
		}
		for (s = stmt; *s;) {
			if (isspace((unsigned char)*s))
				s++;
			else if (s[0] == '-' && s[1] == '-')
				s += strcspn(s, "\n");
			else
				break;
		}
		if (n + 2 > cap)
			out = xrealloc(out, (cap *= 2) * sizeof(*out));
		out[n++] = xstrdup(s);
		free(stmt);
		p = q + 1;	/* the next one's start */
	}
	out[n] = NULL;
	return out;
}

/* Whether stmt is an INSERT INTO a table of missing. */
static int fills(const char *stmt, const struct strmap *missing)
{
	char name[128];
	int64_t yes;

	return sscanf(stmt, "INSERT INTO %127[a-z_0-9]", name) == 1 &&
	       strmap_get(missing, name, &yes);
}

/*
 * Fills the summary tables missing names (created empty on a database an
 * earlier build made) by the statements of the migrations that made
 * them, in order: each INSERT INTO one of them, translated, with the
 * temporary tables their migration reads them from. 0, or -1.
 */
static int pg_fill_summaries(PGconn *pg, const struct strmap *missing)
{
	struct asset m;
	unsigned i;
	int rc = 0;

	for (i = 0; rc == 0 && (m = migration(i)).data; i++) {
		char **stmt = statements(m.data);
		size_t k;
		int any = 0;

		for (k = 0; stmt[k]; k++)
			any |= fills(stmt[k], missing);
		for (k = 0; stmt[k]; k++) {
			int temp = strncmp(stmt[k], "CREATE TEMP ", 12) == 0 ||
				   strncmp(stmt[k], "DROP TABLE temp.", 16) == 0;
			char *sql;

			if (rc == 0 && any && (temp || fills(stmt[k], missing))) {
				sql = pgs_translate_sql(stmt[k]);
				rc = sql ? pg_exec(pg, sql) : -1;
				free(sql);
				if (rc != 0)
					log_msg(LOG_ERROR, "postgresql: cannot"
						" fill the summaries (migration"
						" %u): %.60s", i + 1, stmt[k]);
			}
			free(stmt[k]);
		}
		free(stmt);
		if (rc == 0 && any)
			log_msg(LOG_INFO, "filled the summaries of migration"
				" %u", i + 1);
	}
	/* Their statistics for the planner, as an import leaves them. */
	for (i = 0; rc == 0 && i < missing->cap; i++) {
		char sql[160];

		if (!missing->keys[i])
			continue;
		snprintf(sql, sizeof(sql), "ANALYZE %s", missing->keys[i]);
		rc = pg_exec(pg, sql);
	}
	return rc;
}

/*
 * What the summaries of pg were made from ("none": it has none; "": an
 * earlier build's, which kept no version), a new string, or NULL.
 * PostgreSQL finds a statement's tables before it runs it: the version
 * is read once its table is known to be there.
 */
static char *summaries_made(PGconn *pg)
{
	char *have = pg_text(pg, "SELECT CASE WHEN to_regclass('stats_months')"
			     " IS NULL THEN 'none' WHEN to_regclass("
			     "'summaries_version') IS NULL THEN '' ELSE"
			     " 'kept' END");

	if (have && strcmp(have, "kept") == 0) {
		free(have);
		have = pg_text(pg, "SELECT max(v) FROM summaries_version");
	}
	return have;
}

/*
 * The summaries on PostgreSQL, made from SQLite's migrations and summary
 * triggers applied to an empty database in memory, what they made copied
 * over (pg_derived.h): whole on a new database; on one an earlier build
 * made (its summaries' version differs), the triggers written again and
 * the summary tables it lacks created and filled, all in one
 * transaction. Runs before any thread but this one.
 */
static int pg_summaries(PGconn *pg)
{
	char *want = summaries_version(), *have = summaries_made(pg);
	char version[256];
	struct strmap missing = STRMAP_INIT;
	int fresh = 0, rc, later;
	sqlite3 *mem;

	/* Made by a later build (more migrations): left as they are, its
	 * triggers keeping what this build does not know. */
	later = have && atoi(have) > atoi(want);
	if (later)
		log_msg(LOG_WARN, "postgresql: the summaries are a later"
			" build's (%s); left as they are", have);
	if (later || (have && strcmp(have, want) == 0)) {
		free(have);
		free(want);
		return pgs_load_primary_keys(pg) == 0 && pg_rows_load(pg) == 0 ?
			0 : -1;
	}
	free(have);
	db_pg = 0;	/* the memory database's statements are SQLite's */
	mem = open_conn(":memory:", 1);
	rc = mem && db_migrate(mem) == 0 &&
	     install_summary_triggers(mem) == 0 ? 0 : -1;
	db_pg = 1;
	if (rc != 0)
		log_msg(LOG_ERROR, "cannot make the summaries' schema");
	snprintf(version, sizeof(version), "CREATE TABLE IF NOT EXISTS"
		 " summaries_version (v text NOT NULL);"
		 " DELETE FROM summaries_version;"
		 " INSERT INTO summaries_version VALUES ('%s')", want);
	/*
	 * Under pg_migrate()'s lock: a server started beside this one finds
	 * the work done once it has it. On an earlier build's database,
	 * writes wait while the tables it lacks are filled (reads go on),
	 * and the triggers are written again last, which takes the tables
	 * they watch alone for a moment.
	 */
	if (rc == 0 && (rc = pg_exec(pg, "BEGIN")) == 0) {
		rc = pg_exec(pg, "SELECT pg_advisory_xact_lock(7370734)");
		have = rc == 0 ? summaries_made(pg) : NULL;
		fresh = have && strcmp(have, "none") == 0;
		if (rc == 0 && have && strcmp(have, want) == 0)
			fresh = -1;	/* made meanwhile */
		else if (rc == 0 && fresh)
			rc = pg_derived_schema(mem, pg);
		else if (rc == 0)
			rc = pg_derived_lock_writes(mem, pg) == 0 &&
			     pg_derived_missing(mem, pg, &missing) == 0 &&
			     pg_derived_tables(mem, pg) == 0 &&
			     pg_fill_summaries(pg, &missing) == 0 &&
			     pg_derived_triggers(mem, pg) == 0 ? 0 : -1;
		if (rc == 0 && fresh >= 0)
			rc = pg_exec(pg, version);
		free(have);
		if (rc == 0)
			rc = pg_exec(pg, "COMMIT");
		if (rc != 0)
			pg_exec(pg, "ROLLBACK");
	}
	sqlite3_close(mem);
	strmap_free(&missing);
	free(want);
	if (rc == 0 && fresh >= 0)
		log_msg(LOG_INFO, fresh ? "created the summaries" :
			"brought the summaries up to date");
	if (rc != 0)
		return -1;
	return (fresh < 0 ? pgs_load_primary_keys(pg) : 0) == 0 ?
		pg_rows_load(pg) : -1;
}

/*
 * db_setup() on PostgreSQL: the schema created if the database has none,
 * the cursor key read (made on first use), the shipped data loaded into
 * an empty knowledge base with DB_SEED.
 */
static int pg_setup(unsigned flags)
{
	struct thread_db *t = thread_state(0);
	dbs *st;
	int ok = 0;

	pg_nhosts = pg_hosts(db_path);
	if (!t || !pg_conn(t, PG_PRIMARY) || pg_migrate(t->pg) != 0 ||
	    pg_summaries(t->pg) != 0)
		return -1;
	randombytes_buf(cursor_key, sizeof(cursor_key));
	st = db_stmt("INSERT INTO meta(key, value) VALUES ('cursor_key', ?)"
		     " ON CONFLICT DO NOTHING");
	if (st) {
		dbs_bind_blob(st, 1, cursor_key, sizeof(cursor_key),
			      SQLITE_STATIC);
		ok = dbs_step(st) == SQLITE_DONE;
	}
	db_done(st);
	st = ok ? db_stmt("SELECT value FROM meta WHERE key = 'cursor_key'") :
		NULL;
	ok = st && dbs_step(st) == SQLITE_ROW &&
	     dbs_column_bytes(st, 0) == (int)sizeof(cursor_key);
	if (ok)
		memcpy(cursor_key, dbs_column_blob(st, 0), sizeof(cursor_key));
	db_done(st);
	if (!ok) {
		db_log_error("cannot read the cursor key");
		return -1;
	}
	return flags & DB_SEED ? seed_if_empty() : 0;
}

int db_import_sqlite(const char *path, long long *rows)
{
	struct thread_db *t = thread_state(0);
	sqlite3 *from = NULL;
	sqlite3_stmt *st;
	int version = -1, latest = 0, rc;

	/* The caller checked --db is PostgreSQL's; pg_connect() logs why
	 * it could not connect. */
	if (!db_pg || !t || !pg_conn(t, PG_PRIMARY))
		return -1;
	while (migration((unsigned)latest).data)
		latest++;
	/* SQLite's calls, not dbs_*(): those are PostgreSQL's now. */
	if (sqlite3_open_v2(path, &from, SQLITE_OPEN_READONLY, NULL) !=
	    SQLITE_OK || sqlite3_prepare_v2(from, "PRAGMA user_version", -1,
					    &st, NULL) != SQLITE_OK) {
		fprintf(stderr, "import sqlite: %s: %s\n", path,
			from ? sqlite3_errmsg(from) : "cannot open");
		sqlite3_close(from);
		return -1;
	}
	if (sqlite3_step(st) == SQLITE_ROW)
		version = sqlite3_column_int(st, 0);
	else
		fprintf(stderr, "import sqlite: %s: %s\n", path,
			sqlite3_errmsg(from));
	sqlite3_finalize(st);
	if (version < 0) {
		sqlite3_close(from);
		return -1;
	}
	if (version != latest) {
		fprintf(stderr, "import sqlite: %s is %s (schema %d, this "
			"dossier's is %d)%s\n", path, version == 0 ?
			"not a dossier database" : "of another version",
			version, latest, version > 0 && version < latest ?
			"; `dossier migrate --db FILE` brings it up to date" :
			"");
		sqlite3_close(from);
		return -1;
	}
	rc = pg_copy_from_sqlite(from, t->pg, rows);
	sqlite3_close(from);
	return rc;
}

int db_setup(const char *path, unsigned flags)
{
	sqlite3 *db;

	if (sodium_init() < 0) {
		log_msg(LOG_ERROR, "libsodium failed to initialise");
		return -1;
	}
	/*
	 * No global count of SQLite's memory: it takes a mutex shared by
	 * every connection on each allocation. Only possible before SQLite
	 * starts (the first call); later calls change nothing.
	 */
	sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
	db_thread_close();
	db_pg = pg_is_uri(path);
	if (!db_pg && !(flags & DB_CREATE) && access(path, F_OK) != 0) {
		log_msg(LOG_ERROR, "no database at %s (a mistyped --db? `dossier "
			"serve`, `migrate` or `seed` creates one)", path);
		return -1;
	}
	free(db_path);
	db_path = xstrdup(path);
	if (db_pg)
		return pg_setup(flags);
	db = thread_conn(!!(flags & DB_CREATE));
	if (!db)
		return -1;
	if (db_exec(db, "PRAGMA journal_mode = WAL") != 0 ||
	    db_migrate(db) != 0 || install_summary_triggers(db) != 0 ||
	    load_cursor_key(db) != 0 ||
	    db_restore_indexes() != 0)
		return -1;
	return flags & DB_SEED ? seed_if_empty() : 0;
}
