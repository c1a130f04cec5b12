/* SPDX-License-Identifier: MIT */
/*
 * What a valid actor, event and source body is: the write schemas
 * (openapi.yaml ActorInput, EventInput, SourceInput) and the rules that
 * span fields.
 */
#include <string.h>

#include "dates.h"
#include "writing.h"

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

static const char *const actor_kinds[] = {
	"person", "organization", "government", "company", "media",
	"alliance", NULL
};
static const char *const roles[] = {
	"initiator", "target", "participant", "supporter", "opponent", NULL
};
static const char *const precisions[] = { "year", "month", "day", NULL };
static const char *const relations[] = {
	"caused", "caused_by", "responds_to", "prompted", "part_of",
	"includes", "follows", "precedes", "reports_on", "reported_in",
	"contradicts", "contradicted_by", NULL
};
/* How the reporting presents the fact (migration 24). */
static const char *const certainties[] = {
	"confirmed", "reported", "claimed", "denied", "planned", NULL
};
static const char *const source_kinds[] = {
	"article", "report", "statement", "dataset", NULL
};

#define TEXT(n, f, lo, hi) { .name = n, .type = VT_STRING, .flags = f, \
	.min = lo, .max = hi }
#define CHECKED(n, f, c) { .name = n, .type = VT_STRING, .flags = f, \
	.check = c }
#define ENUM(n, f, list) { .name = n, .type = VT_STRING, .flags = f, \
	.check = VC_ENUM, .choices = list }
#define READ_ONLY(n) { .name = n, .type = VT_ANY }
/* Set by the server: accepted back as it was given out, else refused. */
#define STAMP(n) { .name = n, .type = VT_STRING, .check = VC_TIMESTAMP }
#define NUMBER(n, l, h) { .name = n, .type = VT_NUMBER, \
	.flags = VF_NULLABLE, .lo = l, .hi = h }
#define COUNT_FIELD(n) { .name = n, .type = VT_INTEGER, \
	.flags = VF_NULLABLE, .lo = 0, .hi = 1e15 }

static const struct vprop citation_props[] = {
	CHECKED("source", VF_REQUIRED, VC_SOURCE),
	/* null: the source backs the fact as a whole (a dataset record). */
	TEXT("quote", VF_REQUIRED | VF_NULLABLE, 1, 2000),
};
static const struct vprop citation = {
	.type = VT_OBJECT, .props = citation_props,
	.nprops = COUNT(citation_props)
};
static const struct vprop country_code = { .type = VT_STRING,
					   .check = VC_COUNTRY };
static const struct vprop alias = { .type = VT_STRING, .min = 1, .max = 200 };

#define SOURCES { .name = "sources", .type = VT_ARRAY, .flags = VF_REQUIRED, \
	.min = 1, .max = 100, .item = &citation }

static const struct vprop affiliation_props[] = {
	CHECKED("actor", VF_REQUIRED, VC_ACTOR),
	TEXT("role", VF_NULLABLE, 1, 200),
};
static const struct vprop affiliation = {
	.type = VT_OBJECT, .props = affiliation_props,
	.nprops = COUNT(affiliation_props)
};

static const struct vprop cameo_type = { .type = VT_STRING, .min = 1,
					 .max = 3 };
static const struct vprop cameo_props[] = {
	TEXT("code", VF_REQUIRED, 1, 30),
	TEXT("country", VF_NULLABLE, 3, 3),
	{ .name = "types", .type = VT_ARRAY, .max = 3, .item = &cameo_type },
	TEXT("known_group", VF_NULLABLE, 1, 3),
	TEXT("ethnic", VF_NULLABLE, 1, 3),
	{ .name = "religions", .type = VT_ARRAY, .max = 2,
	  .item = &cameo_type },
};

static const struct vprop actor_schema[] = {
	CHECKED("id", 0, VC_SLUG),
	TEXT("name", VF_REQUIRED, 1, 200),
	ENUM("kind", VF_REQUIRED, actor_kinds),
	CHECKED("country", VF_NULLABLE, VC_COUNTRY),
	TEXT("title", VF_NULLABLE, 1, 200),
	{ .name = "aliases", .type = VT_ARRAY, .flags = VF_UNIQUE,
	  .max = 50, .item = &alias },
	{ .name = "affiliations", .type = VT_ARRAY, .max = 50,
	  .item = &affiliation },
	{ .name = "members", .type = VT_ARRAY, .flags = VF_UNIQUE,
	  .max = 250, .item = &country_code },
	TEXT("description", VF_NULLABLE, 1, 2000),
	{ .name = "wikidata", .type = VT_STRING, .flags = VF_NULLABLE,
	  .check = VC_QID },
	SOURCES,
	{ .name = "cameo", .type = VT_OBJECT, .flags = VF_NULLABLE,
	  .props = cameo_props, .nprops = COUNT(cameo_props) },
	STAMP("updated_at"),
};

static void actor_check(json_t *a, const char *id, json_t *errors)
{
	const char *kind = json_string_value(json_object_get(a, "kind"));
	json_t *aff;
	size_t i;

	if (json_array_size(json_object_get(a, "members")) && kind &&
	    strcmp(kind, "alliance") != 0)
		problem_add_error(errors, "members", "only alliances have "
				  "member countries");
	json_array_foreach(json_object_get(a, "affiliations"), i, aff) {
		const char *org = json_string_value(json_object_get(aff,
								    "actor"));
		char field[64];

		if (org && id && strcmp(org, id) == 0) {
			snprintf(field, sizeof(field),
				 "affiliations[%zu].actor", i);
			problem_add_error(errors, field, "an actor cannot be "
					  "affiliated with itself");
		}
	}
}

const struct writable actors_writable = {
	.res = &actors_resource,
	.kind = STORE_ACTOR,
	.table = LOOKUP_ACTORS,
	.label = "name",
	.schema = actor_schema,
	.nschema = COUNT(actor_schema),
	.check = actor_check,
	.store = store_actor,
	.store_links = store_actor_links,
};

static const struct vprop participant_props[] = {
	CHECKED("actor", VF_REQUIRED, VC_ACTOR),
	ENUM("role", VF_REQUIRED, roles),
	TEXT("note", VF_NULLABLE, 1, 500),
};
static const struct vprop participant = {
	.type = VT_OBJECT, .props = participant_props,
	.nprops = COUNT(participant_props)
};
static const struct vprop relation_props[] = {
	CHECKED("event", VF_REQUIRED, VC_EVENT),
	ENUM("relation", VF_REQUIRED, relations),
};
static const struct vprop relation = {
	.type = VT_OBJECT, .props = relation_props,
	.nprops = COUNT(relation_props)
};

static const struct vprop location_props[] = {
	TEXT("name", VF_NULLABLE, 1, 300),
	NUMBER("lat", -90, 90),
	NUMBER("lon", -180, 180),
	/* GDELT's geographic resolution: 1 country to 5 world state. */
	{ .name = "type", .type = VT_INTEGER, .flags = VF_NULLABLE, .lo = 1,
	  .hi = 5 },
	TEXT("adm1", VF_NULLABLE, 1, 10),
	TEXT("feature_id", VF_NULLABLE, 1, 20),
};

static const struct vprop event_schema[] = {
	CHECKED("id", 0, VC_SLUG),
	TEXT("title", VF_REQUIRED, 1, 300),
	TEXT("summary", VF_NULLABLE, 1, 5000),
	CHECKED("date", VF_NULLABLE, VC_DATE),
	ENUM("date_precision", VF_NULLABLE, precisions),
	ENUM("certainty", VF_NULLABLE, certainties),
	{ .name = "type", .type = VT_TYPE_REF, .flags = VF_NULLABLE },
	CHECKED("country", VF_NULLABLE, VC_COUNTRY),
	{ .name = "countries", .type = VT_ARRAY, .flags = VF_UNIQUE,
	  .max = 50, .item = &country_code },
	{ .name = "participants", .type = VT_ARRAY, .max = 200,
	  .item = &participant },
	SOURCES,
	{ .name = "related", .type = VT_ARRAY, .max = 100,
	  .item = &relation },
	NUMBER("goldstein", -10, 10),
	COUNT_FIELD("num_mentions"),
	COUNT_FIELD("num_sources"),
	COUNT_FIELD("num_articles"),
	NUMBER("avg_tone", -100, 100),
	{ .name = "location", .type = VT_OBJECT, .flags = VF_NULLABLE,
	  .props = location_props, .nprops = COUNT(location_props) },
	STAMP("updated_at"),
};

static void event_check(json_t *e, const char *id, json_t *errors)
{
	const char *date = json_string_value(json_object_get(e, "date"));
	const char *prec = json_string_value(json_object_get(e,
							     "date_precision"));
	struct date_range range;
	json_t *r;
	size_t i, j;

	if (prec && !date)
		problem_add_error(errors, "date_precision", "needs a date");
	else if (prec && date_parse(date, &range) == 0 &&
		 strcmp(prec, date_precision_name(range.precision)) != 0)
		problem_add_error(errors, "date_precision", "is %s but the "
				  "date has %s precision", prec,
				  date_precision_name(range.precision));
	json_array_foreach(json_object_get(e, "related"), i, r) {
		const char *other = json_string_value(json_object_get(r,
								      "event"));
		char field[64];

		if (!other)
			continue;
		snprintf(field, sizeof(field), "related[%zu].event", i);
		if (id && strcmp(other, id) == 0)
			problem_add_error(errors, field, "an event cannot be "
					  "related to itself");
		for (j = 0; j < i; j++) {
			const char *prev = json_string_value(json_object_get(
				json_array_get(json_object_get(e, "related"),
					       j), "event"));

			if (prev && strcmp(prev, other) == 0) {
				problem_add_error(errors, field, "repeats "
						  "related[%zu]", j);
				break;
			}
		}
	}
}

const struct writable events_writable = {
	.res = &events_resource,
	.kind = STORE_EVENT,
	.table = LOOKUP_EVENTS,
	.label = "title",
	.schema = event_schema,
	.nschema = COUNT(event_schema),
	.check = event_check,
	.store = store_event,
	.store_links = store_event_links,
};

static const struct vprop source_schema[] = {
	CHECKED("id", 0, VC_SLUG),
	TEXT("title", VF_REQUIRED, 1, 500),
	TEXT("publisher", VF_NULLABLE, 1, 200),
	TEXT("author", VF_NULLABLE, 1, 200),
	CHECKED("published", VF_NULLABLE, VC_DATE),
	{ .name = "url", .type = VT_STRING, .flags = VF_NULLABLE,
	  .max = 2000, .check = VC_URL },
	ENUM("kind", VF_REQUIRED, source_kinds),
	STAMP("updated_at"),
};

static void source_check(json_t *s, const char *id, json_t *errors)
{
	(void)s;
	(void)id;
	(void)errors;
}

const struct writable sources_writable = {
	.res = &sources_resource,
	.kind = STORE_SOURCE,
	.table = LOOKUP_SOURCES,
	.label = "title",
	.schema = source_schema,
	.nschema = COUNT(source_schema),
	.check = source_check,
	.store = store_source,
	.store_links = NULL,
};
