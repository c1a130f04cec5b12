/* SPDX-License-Identifier: MIT */
/* A GDELT import's batch onto PostgreSQL, staged by COPY (see pg_import.h). */
#include "pg_import.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "log.h"
#include "pg_copy.h"
#include "xalloc.h"

enum stage_table { ST_EVENTS, ST_PARTICIPANTS, ST_COUNTRIES, ST_ARTICLES,
		   ST__COUNT };

/* Each staging table's COPY, its columns in the order of the enums. */
static const char *const copy_sql[ST__COUNT] = {
	"COPY stage_events FROM STDIN",
	"COPY stage_participants FROM STDIN",
	"COPY stage_countries FROM STDIN",
	"COPY stage_articles FROM STDIN",
};

struct pg_stage {
	struct buf rows[ST__COUNT];	/* COPY text, a line a row */
	size_t events;
};

/*
 * The staging tables, each row tagged with its event's place in the batch
 * (seq), emptied at each commit; stage_new maps the events written to
 * their keys.
 */
static const char tables_sql[] =
	"SET LOCAL client_min_messages = warning;"
	"CREATE TEMP TABLE IF NOT EXISTS stage_events(seq integer, id text,"
	" title text, date text, type_code text, quad_class bigint,"
	" country text, goldstein double precision, num_mentions bigint,"
	" num_sources bigint, num_articles bigint, avg_tone double precision,"
	" location_name text, lat double precision, lon double precision,"
	" location_type bigint, location_adm1 text, location_feature text)"
	" ON COMMIT DELETE ROWS;"
	"CREATE TEMP TABLE IF NOT EXISTS stage_participants(seq integer,"
	" position bigint, role text, id text, name text, kind text,"
	" country text, cameo_code text, cameo_country text, cameo_types text,"
	" cameo_known_group text, cameo_ethnic text, cameo_religions text)"
	" ON COMMIT DELETE ROWS;"
	"CREATE TEMP TABLE IF NOT EXISTS stage_countries(seq integer,"
	" country text) ON COMMIT DELETE ROWS;"
	"CREATE TEMP TABLE IF NOT EXISTS stage_articles(seq integer, id text,"
	" title text, publisher text, published text, url text)"
	" ON COMMIT DELETE ROWS;"
	"CREATE TEMP TABLE IF NOT EXISTS stage_new(seq integer PRIMARY KEY,"
	" pk bigint, date_start text) ON COMMIT DELETE ROWS";

/*
 * The tables whose statistics the later statements of the batch plan by
 * (summaries, search): kept from before the batch, a seeded database's
 * counted the actors' table so small that the search index's statement
 * read all of it for each new event (12 s for 20,000 events).
 */
#define ANALYZED "ANALYZE actors, participants;"

/*
 * The staged rows into the store. %1$s is the time of writing (a
 * literal), %2$lld the dataset's source. Events first, in the order of
 * their rows, those whose id is stored left out; then the actors and
 * sources the new events name and the store lacks, each from the first
 * row naming it, in order of first sight; then the links.
 */
static const char write_sql[] =
	"WITH ins AS (INSERT INTO events(id, title, summary, date,"
	" date_precision, date_start, date_end, type_code, quad_class, country,"
	" goldstein, num_mentions, num_sources, num_articles, avg_tone,"
	" location_name, lat, lon, updated_at, location_type, location_adm1,"
	" location_feature) SELECT id, title, NULL, date, 'day', date, date,"
	" type_code, quad_class, country, goldstein, num_mentions, num_sources,"
	" num_articles, avg_tone, location_name, lat, lon, %1$s, location_type,"
	" location_adm1, location_feature FROM stage_events s WHERE NOT EXISTS"
	" (SELECT 1 FROM events e WHERE e.id = s.id) ORDER BY seq"
	" RETURNING pk, id, date_start)"
	" INSERT INTO stage_new SELECT s.seq, ins.pk, ins.date_start FROM ins"
	" JOIN stage_events s ON s.id = ins.id;"
	"WITH first AS (SELECT DISTINCT ON (p.id) p.*, p.seq * 2 + p.position"
	" AS at FROM stage_participants p JOIN stage_new n ON n.seq = p.seq"
	" ORDER BY p.id, p.seq, p.position), ins AS (INSERT INTO actors(id,"
	" name, kind, country, cameo_code, cameo_country, cameo_types,"
	" updated_at, cameo_known_group, cameo_ethnic, cameo_religions)"
	" SELECT id, name, kind, country, cameo_code, cameo_country,"
	" cameo_types, %1$s, cameo_known_group, cameo_ethnic, cameo_religions"
	" FROM first f WHERE NOT EXISTS (SELECT 1 FROM actors a"
	" WHERE a.id = f.id) ORDER BY at RETURNING pk)"
	" INSERT INTO actor_citations(actor, position, source, quote)"
	" SELECT pk, 0, %2$lld, '' FROM ins;"
	"INSERT INTO participants(event, position, actor, role, date_start)"
	" SELECT n.pk, p.position, a.pk, p.role, n.date_start"
	" FROM stage_participants p JOIN stage_new n ON n.seq = p.seq"
	" JOIN actors a ON a.id = p.id ORDER BY n.pk, p.position;"
	"INSERT INTO event_countries(event, country, date_start)"
	" SELECT DISTINCT n.pk, c.country, n.date_start FROM stage_countries c"
	" JOIN stage_new n ON n.seq = c.seq ON CONFLICT DO NOTHING;"
	"WITH first AS (SELECT DISTINCT ON (a.id) a.* FROM stage_articles a"
	" JOIN stage_new n ON n.seq = a.seq ORDER BY a.id, a.seq)"
	" INSERT INTO sources(id, title, publisher, published, url, kind,"
	" updated_at) SELECT id, substr(title, 1, 500), publisher, published,"
	" url, 'article', %1$s FROM first f WHERE NOT EXISTS (SELECT 1"
	" FROM sources s WHERE s.id = f.id) ORDER BY seq;"
	"INSERT INTO event_citations(event, position, source, quote)"
	" SELECT pk, 0, %2$lld, '' FROM stage_new UNION ALL"
	" SELECT n.pk, 1, s.pk, '' FROM stage_articles a JOIN stage_new n"
	" ON n.seq = a.seq JOIN sources s ON s.id = a.id;"
	ANALYZED
	"SELECT count(*) FROM stage_new";

struct pg_stage *pg_stage_new(void)
{
	return xcalloc(1, sizeof(struct pg_stage));
}

void pg_stage_free(struct pg_stage *s)
{
	size_t t;

	if (!s)
		return;
	for (t = 0; t < ST__COUNT; t++)
		buf_free(&s->rows[t]);
	free(s);
}

/* A line of table t: the last event's seq, then n values. */
static void stage(struct pg_stage *s, enum stage_table t,
		  const char *const *v, size_t n)
{
	struct buf *b = &s->rows[t];
	size_t i;

	buf_put_int(b, (long long)s->events);
	for (i = 0; i < n; i++) {
		buf_putc(b, '\t');
		if (v[i])
			pg_copy_text(b, v[i], strlen(v[i]));
		else
			buf_append(b, "\\N", 2);
	}
	buf_putc(b, '\n');
}

void pg_stage_event(struct pg_stage *s, const char *const *v)
{
	s->events++;
	stage(s, ST_EVENTS, v, SE__COUNT);
}

void pg_stage_participant(struct pg_stage *s, const char *const *v)
{
	stage(s, ST_PARTICIPANTS, v, SP__COUNT);
}

void pg_stage_country(struct pg_stage *s, const char *code)
{
	stage(s, ST_COUNTRIES, &code, 1);
}

void pg_stage_article(struct pg_stage *s, const char *const *v)
{
	stage(s, ST_ARTICLES, v, SA__COUNT);
}

size_t pg_stage_events(const struct pg_stage *s)
{
	return s->events;
}

/* Logs r's error (and clears it); -1. */
static int failed(PGresult *r, const char *what)
{
	const char *m = PQresultErrorMessage(r);

	log_msg(LOG_ERROR, "postgresql: %s: %.*s", what,
		(int)strcspn(m, "\n"), m);
	PQclear(r);
	return -1;
}

/* Runs sql, of results that are not rows but for the last. */
static PGresult *run(PGconn *pg, const char *sql)
{
	PGresult *r = PQexec(pg, sql);

	if (PQresultStatus(r) != PGRES_COMMAND_OK &&
	    PQresultStatus(r) != PGRES_TUPLES_OK) {
		failed(r, "import");
		return NULL;
	}
	return r;
}

int pg_stage_write(struct pg_stage *s, PGconn *pg, const char *now,
		   long long dataset_pk, size_t *written)
{
	struct buf sql = BUF_INIT;
	char *when;
	PGresult *r;
	size_t t;
	int rc = -1;

	*written = 0;
	if (!(r = run(pg, tables_sql)))
		goto out;
	PQclear(r);
	for (t = 0; t < ST__COUNT; t++) {
		if ((r = pg_copy_begin(pg, copy_sql[t])) ||
		    (r = pg_copy_end(pg, pg_copy_put(pg, &s->rows[t]) == 0))) {
			failed(r, copy_sql[t]);
			goto out;
		}
	}
	if (!(when = PQescapeLiteral(pg, now, strlen(now))))
		goto out;
	buf_printf(&sql, write_sql, when, dataset_pk);
	PQfreemem(when);
	if (!(r = run(pg, buf_str(&sql))))
		goto out;
	*written = (size_t)strtoull(PQgetvalue(r, 0, 0), NULL, 10);
	PQclear(r);
	rc = 0;
out:
	for (t = 0; t < ST__COUNT; t++)
		s->rows[t].len = 0;
	s->events = 0;
	buf_free(&sql);
	return rc;
}
