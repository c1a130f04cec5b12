/* SPDX-License-Identifier: MIT */
/*
 * The seeded knowledge base as served: every actor and event cites at
 * least one source, every source is cited, every quote is a verbatim
 * sentence of its article (when the articles are at $DOSSIER_SEEDS), and
 * the facts the articles report are there.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "tests.h"

static json_t *fetch_all(const char *path)
{
	char url[256];
	struct response r;
	json_t *data;

	snprintf(url, sizeof(url), "%s?limit=1000", path);
	get(shared_server(), url, &r);
	assert_int_equal(r.status, 200);
	assert_true(json_is_null(json_object_get(json_object_get(r.json,
								 "links"),
						 "next")));
	data = json_incref(json_object_get(r.json, "data"));
	response_free(&r);
	return data;
}

/* Source id -> article text, from the shipped seed's file map. */
static json_t *load_articles(void)
{
	const char *dir = getenv("DOSSIER_SEEDS");
	json_t *kb, *out = json_object(), *file;
	const char *id;
	char path[1024];

	if (!dir)
		return out;
	kb = json_load_file("data/seed/knowledge.json", 0, NULL);
	assert_non_null(kb);
	json_object_foreach(json_object_get(kb, "source_files"), id, file) {
		char *text;

		snprintf(path, sizeof(path), "%s/%s", dir,
			 json_string_value(file));
		text = read_file(path, NULL);
		if (!text)
			fail_msg("cannot read %s", path);
		json_object_set_new(out, id, json_string(text));
		free(text);
	}
	json_decref(kb);
	return out;
}

static void check_citations(json_t *items, const char *kind,
			    json_t *articles, json_t *cited)
{
	json_t *item, *c;
	size_t i, j;

	json_array_foreach(items, i, item) {
		const char *id = json_string_value(json_object_get(item,
								   "id"));
		json_t *sources = json_object_get(item, "sources");

		if (json_array_size(sources) == 0)
			fail_msg("%s %s has no citation", kind, id);
		json_array_foreach(sources, j, c) {
			const char *src = json_string_value(
				json_object_get(c, "source"));
			const char *quote = json_string_value(
				json_object_get(c, "quote"));
			json_t *text = json_object_get(articles, src);

			assert_non_null(src);
			assert_true(quote && strlen(quote) > 10);
			json_object_set_new(cited, src, json_true());
			if (json_object_size(articles) &&
			    (!text || !strstr(json_string_value(text), quote)))
				fail_msg("%s %s: quote is not verbatim in %s: "
					 "%s", kind, id, src, quote);
		}
	}
}

static void test_every_fact_cited(void **state)
{
	json_t *articles = load_articles(), *cited = json_object();
	json_t *actors = fetch_all("/actors"), *events = fetch_all("/events");
	json_t *sources = fetch_all("/sources"), *s;
	size_t i;

	(void)state;
	if (getenv("DOSSIER_SEEDS"))
		assert_int_equal(json_object_size(articles), 2);
	assert_true(json_array_size(actors) >= 40);
	assert_true(json_array_size(events) >= 30);
	check_citations(actors, "actor", articles, cited);
	check_citations(events, "event", articles, cited);
	json_array_foreach(sources, i, s) {
		const char *id = json_string_value(json_object_get(s, "id"));

		if (!json_object_get(cited, id))
			fail_msg("source %s is cited by nothing", id);
	}
	json_decref(articles);
	json_decref(cited);
	json_decref(actors);
	json_decref(events);
	json_decref(sources);
}

static json_t *item(const char *path)
{
	struct response r;
	json_t *j;

	get(shared_server(), path, &r);
	if (r.status != 200)
		fail_msg("GET %s: %ld", path, r.status);
	j = json_incref(r.json);
	response_free(&r);
	return j;
}

static int has_participant(json_t *event, const char *actor,
			   const char *role)
{
	json_t *p;
	size_t i;

	json_array_foreach(json_object_get(event, "participants"), i, p) {
		if (strcmp(json_string_value(json_object_get(p, "actor")),
			   actor) == 0 &&
		    strcmp(json_string_value(json_object_get(p, "role")),
			   role) == 0)
			return 1;
	}
	return 0;
}

static const char *str(json_t *o, const char *k)
{
	const char *v = json_string_value(json_object_get(o, k));

	return v ? v : "(null)";
}

/* Facts the articles state, checked against what the API serves. */
static void test_article_facts(void **state)
{
	json_t *j;
	const char *opponents[] = { "sajid-javid", "jeremy-hunt",
				    "gavin-williamson", "penny-mordaunt",
				    "liam-fox" };
	size_t i;

	(void)state;
	j = item("/events/nsc-approves-huawei-non-core-5g");
	assert_string_equal(str(j, "date"), "2019-04-23");
	assert_string_equal(str(j, "date_precision"), "day");
	assert_string_equal(str(j, "country"), "GB");
	assert_true(has_participant(j, "huawei", "target"));
	for (i = 0; i < 5; i++)
		if (!has_participant(j, opponents[i], "opponent"))
			fail_msg("%s does not oppose the decision",
				 opponents[i]);
	json_decref(j);

	j = item("/events/huawei-employee-arrested-in-poland");
	assert_string_equal(str(j, "date"), "2019-01");
	assert_string_equal(str(j, "date_precision"), "month");
	assert_string_equal(str(j, "country"), "PL");
	assert_true(has_participant(j, "wang-weijing", "target"));
	assert_string_equal(str(json_object_get(j, "type"), "code"), "173");
	json_decref(j);

	j = item("/actors/five-eyes");
	assert_string_equal(str(j, "kind"), "alliance");
	assert_int_equal(json_array_size(json_object_get(j, "members")), 5);
	json_decref(j);

	j = item("/actors/sajid-javid");
	assert_string_equal(str(j, "title"), "Home Secretary");
	assert_string_equal(str(j, "country"), "GB");
	json_decref(j);

	j = item("/actors/liu-xiaoming");
	assert_string_equal(str(j, "kind"), "person");
	json_decref(j);

	j = item("/sources/itv-2019-04-24-huawei-5g");
	assert_string_equal(str(j, "publisher"), "ITV News");
	assert_string_equal(str(j, "kind"), "article");
	json_decref(j);

	/* Every relation is visible from both ends. */
	j = item("/events/telegraph-reports-nsc-huawei-decision");
	assert_true(json_array_size(json_object_get(j, "related")) > 0);
	json_decref(j);
}

static const char *relation_to(json_t *event, const char *other)
{
	json_t *r;
	size_t i;

	json_array_foreach(json_object_get(event, "related"), i, r) {
		if (strcmp(str(r, "event"), other) == 0)
			return str(r, "relation");
	}
	return "(none)";
}

/*
 * What the articles say of their facts: hedged reports stay reports, what
 * is announced is planned, a denial contradicts the report it denies,
 * roles follow CAMEO (the party defended, praised or investigated is the
 * target) and codes their sense.
 */
static void test_article_certainty(void **state)
{
	static const struct {
		const char *event, *certainty;
	} says[] = {
		/* "reportedly given the go-ahead", "according to the Telegraph" */
		{ "nsc-approves-huawei-non-core-5g", "reported" },
		{ "ministers-object-to-huawei-decision", "reported" },
		/* "will meet at ... CYBERUK in Glasgow on Wednesday" */
		{ "cyberuk-2019-conference", "planned" },
		/* the investment rests on Liu's word alone */
		{ "huawei-invests-in-cyber-security-evaluation-centre",
		  "claimed" },
		/* on the record */
		{ "margot-james-tweet-decision-not-final", "confirmed" },
		{ "ministers-deny-leaking", "confirmed" },
	};
	json_t *events = fetch_all("/events"), *e, *j;
	size_t i;

	(void)state;
	json_array_foreach(events, i, e) {
		if (!json_is_string(json_object_get(e, "certainty")))
			fail_msg("event %s has no certainty", str(e, "id"));
	}
	json_decref(events);
	for (i = 0; i < sizeof(says) / sizeof(says[0]); i++) {
		char path[200];

		snprintf(path, sizeof(path), "/events/%s", says[i].event);
		j = item(path);
		if (strcmp(str(j, "certainty"), says[i].certainty) != 0)
			fail_msg("%s: %s, the article says %s", says[i].event,
				 str(j, "certainty"), says[i].certainty);
		json_decref(j);
	}
	/* Her tweet against the decision, seen from both ends. */
	j = item("/events/margot-james-tweet-decision-not-final");
	assert_string_equal(relation_to(j, "nsc-approves-huawei-non-core-5g"),
			    "contradicts");
	json_decref(j);
	j = item("/events/nsc-approves-huawei-non-core-5g");
	assert_string_equal(relation_to(j,
			    "margot-james-tweet-decision-not-final"),
			    "contradicted_by");
	assert_non_null(strstr(str(j, "title"), "reportedly"));
	/* An in-principle decision: intent, not cooperation carried out. */
	assert_string_equal(str(json_object_get(j, "type"), "code"), "0311");
	json_decref(j);
	/* Glasgow, below the country. */
	j = item("/events/cyberuk-2019-conference");
	assert_string_equal(str(json_object_get(j, "location"), "name"),
			    "Glasgow");
	json_decref(j);
	/* The party defended is the target; the one a leak reaches is not. */
	j = item("/events/liu-sunday-telegraph-article");
	assert_true(has_participant(j, "huawei", "target"));
	json_decref(j);
	j = item("/events/nsc-discussion-leaked");
	assert_false(has_participant(j, "daily-telegraph", "target"));
	json_decref(j);
	/* Curbs on a foreign firm are not domestic sanctions (172); a
	 * company sacking its employee is not an expulsion (166). */
	j = item("/events/australia-japan-taiwan-curb-huawei");
	assert_string_equal(str(json_object_get(j, "type"), "code"), "163");
	json_decref(j);
	j = item("/events/huawei-sacks-wang-weijing");
	assert_string_not_equal(str(json_object_get(j, "type"), "code"),
				"166");
	json_decref(j);
	j = item("/events?certainty=planned&fields=id&limit=100");
	assert_int_equal(json_array_size(json_object_get(j, "data")), 3);
	json_decref(j);
}

int test_data(int *total)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_fact_cited),
		cmocka_unit_test(test_article_facts),
		cmocka_unit_test(test_article_certainty),
	};

	*total += (int)(sizeof(tests) / sizeof(tests[0]));
	return cmocka_run_group_tests_name("seed data", tests, NULL, NULL);
}
