/* SPDX-License-Identifier: MIT */
/*
 * A copy of the events' columns made from the last one and the events
 * changed since it (migration 66 lists them), instead of reading every
 * event again: at 1M events a copy read anew takes about 3 s, during
 * which, under steady writes, the aggregations only the copy answers
 * quickly read the events instead (past the query budget for the broad
 * ones). The unchanged events' columns and lists are copied from the
 * last copy; the changed ones are read, in the keeper's read
 * transaction, with the same statements as a copy read anew; the orders
 * are merged, the ids of the actors and sources they link to looked up,
 * the postings made again, and the counts and grids the last copy's
 * readers made carried over (columns_sum_carry()). Not kept: the
 * words' counts and lists of the full-text index, which cannot be
 * brought up to date without the words that were removed; a copy
 * without them is exact, a search only reads its postings. The keeper
 * reads the copy anew once the writes pause (columns.c).
 */
#include "columns_make.h"

#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "columns_sum.h"
#include "db.h"
#include "dbs.h"
#include "event_key.h"
#include "log.h"

/* Past this many changed events, reading every event costs about as
 * much as copying the rest. */
#define MOST_CHANGED(n) ((n) / 8 + 1000)

/* The events changed after seq (bound as ?1). */
#define CHANGED "(SELECT event FROM event_changes WHERE seq > ?1)"

/* One statement with seq bound as ?1, or NULL. */
static dbs *changes_stmt(sqlite3 *db, const char *sql, sqlite3_int64 seq)
{
	dbs *st = columns_copy_stmt(db, sql);

	if (st && dbs_bind_int64(st, 1, seq) != SQLITE_OK) {
		columns_copy_done(st);
		return NULL;
	}
	return st;
}

static sqlite3_int64 changes_count(sqlite3 *db, const char *sql,
				   sqlite3_int64 seq)
{
	dbs *st = changes_stmt(db, sql, seq);
	sqlite3_int64 n = -1;

	if (st && dbs_step(st) == SQLITE_ROW)
		n = dbs_column_int64(st, 0);
	if (st)
		columns_copy_done(st);
	return n;
}

/*
 * Whether a copy can be made from old and the changes after old->seq: every
 * change since is listed (none was trimmed, none is an import's
 * unlisted batch) and they are few. Sets *now to the last change. Every
 * write transaction of the server lists one change at least (event 0,
 * db_write_begin()): a commit (version, data_version's) that listed none
 * is another program's, whose changes are unknown.
 */
static int patchable(sqlite3 *db, const struct kept *old, int version,
		     sqlite3_int64 *now)
{
	sqlite3_int64 first, unlisted, events;

	*now = columns_count_of(db, COLUMNS_LAST_CHANGE);
	first = columns_count_of(db, "SELECT ifnull(min(seq), 0) FROM"
				 " event_changes");
	if (*now < 0 || first < 0 || *now < old->seq)
		return 0;
	if (*now == old->seq)
		return version == old->c.data_version;
	unlisted = changes_count(db, "SELECT count(*) FROM event_changes"
				 " WHERE seq > ?1 AND event IS NULL",
				 old->seq);
	events = changes_count(db, "SELECT count(DISTINCT event) FROM"
			       " event_changes WHERE seq > ?1", old->seq);
	return first <= old->seq + 1 && unlisted == 0 && events >= 0 &&
	       (size_t)events <= MOST_CHANGED(old->c.n);
}

/* The length of the run of old events from[i], from[i] + 1, ... that
 * new events i, i + 1, ... are (from[i] >= 0). */
static size_t run_at(const int32_t *from, size_t i, size_t n)
{
	size_t len = 1;

	while (i + len < n && from[i + len] == from[i] + (int32_t)len)
		len++;
	return len;
}

/* The columns of the events copied from old, a run at a time (most
 * changes leave runs of thousands); their pks merge_events() set. */
static void copy_runs(struct columns *c, const struct columns *o,
		      const int32_t *from)
{
	size_t i = 0, len;

#define RUN(a) memcpy(c->a + i, o->a + from[i], len * sizeof(*c->a))
	while (i < c->n) {
		if (from[i] < 0) {
			i++;
			continue;
		}
		len = run_at(from, i, c->n);
		RUN(start);
		RUN(end);
		RUN(day);
		RUN(month);
		RUN(year);
		RUN(type);
		RUN(root);
		RUN(place);
		RUN(certainty);
		RUN(updated);
		RUN(quad);
		RUN(has);
		RUN(goldstein);
		RUN(tone);
		RUN(mentions);
		RUN(lat);
		RUN(lon);
		RUN(tokens);
		i += len;
	}
#undef RUN
}

/* An event's length in tokens from its full-text row (read_tokens() in
 * columns.c), by its key: docsize's statement, bound and reset here. */
static int event_tokens(dbs *docsize, dbs *row, sqlite3_int64 pk,
			uint16_t *out)
{
	const char *date = (const char *)dbs_column_text(row, 1);
	int rc;

	*out = 0;
	dbs_bind_int64(docsize, 1, event_key(date ? date : "", pk));
	rc = dbs_step(docsize);
	if (rc == SQLITE_ROW)
		columns_tokens_of(docsize, 0, out);
	dbs_reset(docsize);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : -1;
}

/*
 * The events of the new copy k (n of them at most): old's, less the
 * changed ones (changed[0..nchanged), ascending), merged by pk with the
 * changed ones' rows as they are now. from[i]: the old event that new
 * event i is, or -1 for one read. 0 or -1.
 */
static int merge_events(struct kept *k, sqlite3 *db, const struct kept *old,
			const sqlite3_int64 *changed, size_t nchanged,
			int32_t *from, size_t n)
{
	const struct columns *o = &old->c;
	struct columns *c = &k->c;
	dbs *st = changes_stmt(db, COLUMNS_EVENT_SQL " WHERE pk IN " CHANGED
			       " ORDER BY pk", old->seq);
	dbs *docsize = NULL;
	size_t i = 0, oi = 0, ci = 0;
	int rc = SQLITE_ERROR;

	if (!st || dbs_prepare_sqlite(db, "SELECT sz FROM events_fts_docsize"
				      " WHERE id = ?", &docsize) != SQLITE_OK)
		goto out;
	rc = dbs_step(st);
	for (;;) {
		sqlite3_int64 rp = rc == SQLITE_ROW ? dbs_column_int64(st, 0)
						    : -1;

		/* The old events changed since are left out. */
		while (oi < o->n) {
			while (ci < nchanged && changed[ci] < o->pk[oi])
				ci++;
			if (ci == nchanged || changed[ci] != o->pk[oi])
				break;
			oi++;
		}
		if (rp < 0 && oi == o->n)
			break;
		if (i == n)
			goto out;
		if (rp >= 0 && (oi == o->n || rp < o->pk[oi])) {
			c->pk[i] = rp;
			if (columns_read_event(k, i, st) != 0 ||
			    event_tokens(docsize, st, rp, &c->tokens[i]) != 0)
				goto out;
			from[i++] = -1;
			rc = dbs_step(st);
		} else {
			/* Its columns copied with its run's, below; its
			 * pk now, for the merge. */
			c->pk[i] = o->pk[oi];
			from[i++] = (int32_t)oi++;
		}
	}
	c->n = i;
	copy_runs(c, o, from);
out:
	dbs_finalize(docsize);
	if (st)
		columns_copy_done(st);
	return rc == SQLITE_DONE ? 0 : -1;
}

/* A changed event's linked row: its pk, value, role, flag. */
struct row {
	sqlite3_int64 event;
	uint32_t value;
	uint16_t role;
	uint8_t flag;
};

/*
 * The lists of a linked column of the new copy: old's lists for the
 * events copied from it, the rows of sql (event, value[, role][, flag],
 * of the changed events, in their order) for those read, as columns.c's
 * read_linked() reads them.
 */
static int merge_linked(struct kept *k, sqlite3 *db, const struct kept *old,
			const int32_t *from, const char *sql, int text,
			const uint16_t *old_roles, uint16_t **roles,
			uint8_t bit, const struct linked *ol,
			struct linked *l)
{
	struct columns *c = &k->c;
	struct row *rows = NULL;
	size_t nrows = 0, cap = 0, m = 0, i, r = 0, j;
	dbs *st = changes_stmt(db, sql, old->seq);
	int rc = SQLITE_ERROR;

	if (!st)
		return -1;
	while ((rc = dbs_step(st)) == SQLITE_ROW) {
		sqlite3_int64 v = text ? columns_text_at(k, st, 1) :
				  dbs_column_int64(st, 1);
		long role = roles ? columns_text_at(k, st, 2) : 0;

		if (v < 0 || v >= UINT32_MAX || role < 0) {
			rc = SQLITE_ERROR;
			break;
		}
		if (nrows == cap) {
			struct row *more;

			cap = cap ? 2 * cap : 64;
			more = realloc(rows, cap * sizeof(*rows));
			if (!more) {
				rc = SQLITE_NOMEM;
				break;
			}
			rows = more;
		}
		rows[nrows].event = dbs_column_int64(st, 0);
		rows[nrows].value = (uint32_t)v;
		rows[nrows].role = (uint16_t)role;
		rows[nrows++].flag = bit && dbs_column_int(st, roles ? 3 : 2);
	}
	columns_copy_done(st);
	if (rc != SQLITE_DONE)
		goto fail;
	for (i = 0; i < c->n; i++) {
		if (from[i] >= 0)
			m += ol->at[from[i] + 1] - ol->at[from[i]];
	}
	m += nrows;
	l->at = malloc((c->n + 1) * sizeof(*l->at));
	l->value = malloc((m ? m : 1) * sizeof(*l->value));
	if (roles)
		*roles = malloc((m ? m : 1) * sizeof(**roles));
	if (!l->at || !l->value || (roles && !*roles))
		goto fail;
	l->at[0] = 0;
	m = 0;
	for (i = 0; i < c->n; i++) {
		if (from[i] >= 0) {
			/* A run of old events: their lists in one piece. */
			size_t len = run_at(from, i, c->n), t;
			uint32_t a = ol->at[from[i]], b = ol->at[from[i] + len];

			memcpy(l->value + m, ol->value + a,
			       (b - a) * sizeof(*l->value));
			if (roles)
				memcpy(*roles + m, old_roles + a,
				       (b - a) * sizeof(**roles));
			for (t = 0; t < len; t++)
				l->at[i + t + 1] = (uint32_t)m +
						   ol->at[from[i] + t + 1] - a;
			m += b - a;
			i += len - 1;
			continue;
		}
		/* A read event's has[] lost the flag bits: set again from
		 * its rows. */
		for (; r < nrows && rows[r].event == c->pk[i]; r++) {
			if (rows[r].flag)
				c->has[i] |= bit;
			if (roles)
				(*roles)[m] = rows[r].role;
			l->value[m++] = rows[r].value;
		}
		l->at[i + 1] = (uint32_t)m;
	}
	/* Every row is of an event read (a snapshot's rows are). */
	if (r != nrows)
		goto fail;
	for (i = 0; i < c->n; i++) {
		if (l->at[i + 1] - l->at[i] > l->most)
			l->most = l->at[i + 1] - l->at[i];
	}
	for (j = 0; j < m; j++) {
		if (l->value[j] > l->top)
			l->top = l->value[j];
	}
	free(rows);
	return 0;
fail:
	free(rows);
	return -1;
}

/*
 * The ids of the actors or sources (sql: the id of pk ?) that the new
 * copy's lists l link to: old's, and those linked to by the events read,
 * looked up again (a pk deleted and then given again is linked only by
 * events changed since; ids themselves never change). An id the old
 * copy holds already keeps its text there: appended again, the text grew
 * with every write. The texts of ids no longer linked stay until the
 * copy is read anew.
 */
static int patch_ids(struct kept *k, sqlite3 *db, const char *sql,
		     const struct ids *old, const struct linked *l,
		     const int32_t *from, struct ids *ids)
{
	const struct columns *c = &k->c;
	struct buf text = BUF_INIT;
	dbs *st = NULL;
	uint8_t *looked;
	size_t i, p;
	uint32_t j;
	int rc = SQLITE_DONE;

	ids->top = l->top;
	ids->at = malloc((ids->top + 1) * sizeof(*ids->at));
	looked = calloc(ids->top + 1, 1);
	if (!ids->at || !looked ||
	    dbs_prepare_sqlite(db, sql, &st) != SQLITE_OK) {
		dbs_finalize(st);
		free(looked);
		return -1;
	}
	for (p = 0; p <= ids->top; p++)
		ids->at[p] = p <= old->top ? old->at[p] : UINT32_MAX;
	buf_append(&text, old->text, old->len);
	for (i = 0; i < c->n && rc == SQLITE_DONE; i++) {
		for (j = l->at[i]; from[i] < 0 && j < l->at[i + 1]; j++) {
			uint32_t v = l->value[j];

			if (looked[v])
				continue;
			looked[v] = 1;
			dbs_bind_int64(st, 1, v);
			rc = dbs_step(st);
			if (rc == SQLITE_ROW && v <= old->top &&
			    old->at[v] != UINT32_MAX &&
			    strcmp(old->text + old->at[v],
				   (const char *)dbs_column_text(st, 0)) == 0) {
				ids->at[v] = old->at[v];
			} else if (rc == SQLITE_ROW &&
				   text.len < UINT32_MAX - 4096) {
				ids->at[v] = (uint32_t)text.len;
				buf_append(&text, dbs_column_text(st, 0),
					   (size_t)dbs_column_bytes(st, 0) + 1);
			} else {
				ids->at[v] = UINT32_MAX;
			}
			if (rc == SQLITE_ROW)
				rc = SQLITE_DONE;
			dbs_reset(st);
		}
	}
	dbs_finalize(st);
	free(looked);
	ids->text = buf_detach(&text, &ids->len);
	return rc == SQLITE_DONE ? 0 : -1;
}

/* The events read that are in a relation, either way, marked. */
static int mark_related(struct kept *k, sqlite3 *db, sqlite3_int64 seq)
{
	dbs *st = changes_stmt(db, "SELECT event FROM event_relations WHERE"
			       " event IN " CHANGED " UNION SELECT related"
			       " FROM event_relations WHERE related IN "
			       CHANGED, seq);
	int rc;

	if (!st)
		return -1;
	while ((rc = dbs_step(st)) == SQLITE_ROW) {
		long e = columns_event_of(&k->c, dbs_column_int64(st, 0));

		if (e >= 0)
			k->c.has[e] |= COLUMNS_HAS_RELATED;
	}
	columns_copy_done(st);
	return rc == SQLITE_DONE ? 0 : -1;
}

/* The changed events, ascending, into *out (*n of them). 0 or -1. */
static int changed_events(sqlite3 *db, sqlite3_int64 seq,
			  sqlite3_int64 **out, size_t *n)
{
	dbs *st = changes_stmt(db, "SELECT DISTINCT event FROM event_changes"
			       " WHERE seq > ?1 ORDER BY event", seq);
	size_t cap = 64;
	int rc = SQLITE_ERROR;

	*n = 0;
	*out = malloc(cap * sizeof(**out));
	if (!st || !*out)
		goto out;
	while ((rc = dbs_step(st)) == SQLITE_ROW) {
		if (*n == cap) {
			sqlite3_int64 *more;

			cap *= 2;
			more = realloc(*out, cap * sizeof(**out));
			if (!more) {
				rc = SQLITE_NOMEM;
				break;
			}
			*out = more;
		}
		(*out)[(*n)++] = dbs_column_int64(st, 0);
	}
out:
	if (st)
		columns_copy_done(st);
	return rc == SQLITE_DONE ? 0 : -1;
}

/*
 * The counts and grids over all events that the last copy's readers made
 * (columns_sum.c), brought to k, so that the first aggregations of the
 * new copy do not make them again (35-230 ms each at 1M).
 */
static void carry(struct kept *k, const struct kept *old,
		  const int32_t *from, const int32_t *to)
{
	uint32_t *gone = malloc((old->c.n ? old->c.n : 1) * sizeof(*gone));
	uint32_t *read = malloc((k->c.n ? k->c.n : 1) * sizeof(*read));
	size_t ngone = 0, nread = 0, e;

	if (gone && read) {
		for (e = 0; e < old->c.n; e++) {
			if (to[e] < 0)
				gone[ngone++] = (uint32_t)e;
		}
		for (e = 0; e < k->c.n; e++) {
			if (from[e] < 0)
				read[nread++] = (uint32_t)e;
		}
		columns_sum_carry(&k->c, &old->c, gone, ngone, read, nread);
	}
	free(gone);
	free(read);
}

struct kept *columns_patch(sqlite3 *db, const struct kept *old, int version,
			   size_t max_bytes)
{
	const struct columns *o = &old->c;
	sqlite3_int64 now, *changed = NULL;
	struct kept *k = NULL;
	int32_t *from = NULL, *to = NULL;
	size_t nchanged, n, t;

	if (db_pg || old->seq < 0 || !patchable(db, old, version, &now) ||
	    changed_events(db, old->seq, &changed, &nchanged) != 0)
		goto fail;
	/* At most: every old event kept, every changed one read. */
	n = o->n + nchanged;
	if (!(k = columns_kept_new(n, version)) ||
	    !(k->c.pk = malloc((n ? n : 1) * sizeof(*k->c.pk))) ||
	    !(from = malloc((n ? n : 1) * sizeof(*from))))
		goto fail;
	k->seq = now;
	k->patched = 1;
	k->c.updated_ok = o->updated_ok;
	/* The same dictionary first: the old columns' numbers hold. */
	for (t = 1; t < o->ntexts; t++) {
		if (columns_text_number(k, o->text[t], strlen(o->text[t])) !=
		    (long)t)
			goto fail;
	}
	if (merge_events(k, db, old, changed, nchanged, from, n) != 0 ||
	    merge_linked(k, db, old, from, "SELECT event, country FROM"
			 " event_countries WHERE event IN " CHANGED
			 " ORDER BY event, country", 1, NULL, NULL, 0,
			 &o->involved, &k->c.involved) != 0 ||
	    merge_linked(k, db, old, from, "SELECT event, actor, role, CASE"
			 " WHEN note IS NULL THEN 0 ELSE 1 END FROM"
			 " participants WHERE event IN " CHANGED
			 " ORDER BY event, position", 0, o->role, &k->c.role,
			 COLUMNS_HAS_NOTE, &o->actors, &k->c.actors) != 0 ||
	    merge_linked(k, db, old, from, "SELECT event, source, CASE WHEN"
			 " quote = '' THEN 0 ELSE 1 END FROM event_citations"
			 " WHERE event IN " CHANGED " ORDER BY event, position",
			 0, NULL, NULL, COLUMNS_HAS_QUOTE, &o->sources,
			 &k->c.sources) != 0 ||
	    mark_related(k, db, old->seq) != 0 ||
	    patch_ids(k, db, "SELECT id FROM actors WHERE pk = ?",
		      &o->actor_ids, &k->c.actors, from,
		      &k->c.actor_ids) != 0 ||
	    patch_ids(k, db, "SELECT id FROM sources WHERE pk = ?",
		      &o->source_ids, &k->c.sources, from,
		      &k->c.source_ids) != 0)
		goto fail;
	/* The orders merged from the last copy's: a pass, not a sort. */
	if (!(to = malloc((o->n ? o->n : 1) * sizeof(*to))))
		goto fail;
	for (t = 0; t < o->n; t++)
		to[t] = -1;
	for (t = 0; t < k->c.n; t++) {
		if (from[t] >= 0)
			to[from[t]] = (int32_t)t;
	}
	if (columns_make_orders(&k->c, o, to, from) != 0 ||
	    columns_id_order(&k->c, db, o, to, from) != 0)
		goto fail;
	k->bytes = k->c.n * EVENT_BYTES +
		   (k->c.involved.at[k->c.n] + k->c.actors.at[k->c.n] +
		    k->c.sources.at[k->c.n]) * LINKED_BYTES;
	if (columns_derive(k, db) != 0)
		goto fail;
	if (k->bytes > max_bytes) {
		/* Not kept: the copy read anew fits, or is told too
		 * large. */
		columns_kept_free(k);
		k = NULL;
		goto fail;
	}
	carry(k, old, from, to);
	free(changed);
	free(from);
	free(to);
	return k;
fail:
	if (k)
		log_msg(LOG_INFO, "columns: not made from the last copy (a"
			" value it cannot hold, or %s); read anew",
			sqlite3_errmsg(db));
	free(changed);
	free(from);
	free(to);
	columns_kept_free(k);
	return NULL;
}
