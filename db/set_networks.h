/* SPDX-License-Identifier: MIT */
/*
 * The network of events chosen by their countries involved alone (any of
 * several, all of several, none of them: country=US,RU,
 * country=GE&country=US, not_country=US, and these together), from the
 * networks kept per set of countries (migration 38): each event is in
 * exactly one set, so the network of the sets that qualify is the sum of
 * theirs, and no event is read. The same sets' actors and events group
 * such events by actor and by country. The walk that finds the top actors
 * of many sets finds those of the points in a box too.
 */
#ifndef DOSSIER_SET_NETWORKS_H
#define DOSSIER_SET_NETWORKS_H

#include "dbs.h"

#include "buf.h"
#include "query.h"

/* Whether c is on the countries involved: country= or not_country=. */
int set_networks_on_countries(const struct condition *c);

/*
 * Whether every condition of q is on the countries involved, and they
 * are not one country= of one value alone (its own network is kept).
 */
int set_networks_answer(const struct query *q);

/*
 * Appends a WITH clause of member, every set (with '', the set of none)
 * and how many of each condition's countries it has, and sets, those
 * that q's conditions on countries qualify: with one of each list
 * (country=A,B), every country= given, and none of each not_country=.
 * Their values are numbered as query_bind() binds them, and bound alone
 * by set_networks_sets_bind().
 */
void set_networks_sets(struct buf *sql, const struct query *q);
void set_networks_sets_bind(dbs *st, const struct query *q);

/* The share of all events in the sets q qualifies. Returns 0 or -1. */
int set_networks_share(const struct query *q, double *share);

/*
 * Appends a WITH clause defining sets (the sets of countries that q's
 * conditions qualify, chosen here into sets as a JSON array of their
 * keys), edges (the `limit` heaviest pairs of actors of their events),
 * their roles, nodes and the nodes' counts. The edges are found here,
 * into edges as JSON, when that is the quicker; else the statement adds
 * them up. Returns 0, or -1 when a statement fails.
 */
int set_networks_sql(struct buf *sql, const struct query *q, unsigned limit,
		     struct buf *edges, struct buf *sets);

/*
 * The `limit` actors of most events among some events, when these are
 * many (events_sql: their number): every actor walked most events first,
 * its number among them the sum of own_sql's rows (key, n of actor ?1,
 * with ?2 0) until no later actor can have more; none_sql the events of
 * no actor. binds (NULL-terminated) are bound from ?3 in all three. Into
 * out as set_networks_groups() writes them. Returns 1 when written, 0
 * when the events are few or the walk read too many (add them up
 * instead), -1.
 */
int set_networks_walk_actors(const char *events_sql, const char *own_sql,
			     const char *none_sql, const char *const *binds,
			     unsigned limit, struct buf *out);

/* Binds q's values, the limit, edges and sets to st (from
 * set_networks_sql()). */
void set_networks_bind(dbs *st, const struct query *q, unsigned limit,
		       const struct buf *edges, const struct buf *sets);

/*
 * The groups of q's events by actor (actors true) or by country involved,
 * the `limit` with most events, from the actors kept per set: into out,
 * as a JSON array of [key, events] (an actor's pk, a country's code, null
 * for none) in the answer's order. Returns 1, or -1 when a statement
 * fails.
 */
int set_networks_groups(const struct query *q, int actors, unsigned limit,
			struct buf *out);

/*
 * The same by actor for the events inside a box (bbox=, alone), when its
 * points hold many of them: every actor read most events first and its
 * events at those points added up (migration 52), until no later actor
 * can have more. Returns 1 when written, 0 when the box's points are
 * better added up whole (few events, or the walk read too many), -1 when
 * a statement fails.
 */
int set_networks_box_actors(const struct condition *box, unsigned limit,
			    struct buf *out);

#endif
