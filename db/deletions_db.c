/* SPDX-License-Identifier: MIT */
/*
 * The deletions resource: tombstones of records deleted through the API,
 * so a mirror can drop them too (see resource.h).
 */
#include "resource.h"

static const char *const kinds[] = { "actor", "event", "source", NULL };

static const struct field fields[] = {
	{ .name = "kind", .sql = "d.kind" },
	{ .name = "id", .sql = "d.id" },
	{ .name = "deleted_at", .sql = "d.deleted_at" },
};

static const struct filter filters[] = {
	{ .param = "kind", .kind = VAL_ENUM, .choices = kinds,
	  .sql = "d.kind = ?" },
	{ .param = "since", .kind = VAL_TIMESTAMP,
	  .sql = "d.deleted_at >= ?" },
};

static const struct sort_key sorts[] = {
	{ "deleted_at", "d.deleted_at" },
};

const struct resource deletions_resource = {
	.name = "deletions",
	.noun = "deletion",
	.from = "deletions d",
	.pk = "d.pk",
	.key_name = "id",
	.key_sql = "d.id = ?",
	.fields = fields, .nfields = COUNT_OF(fields),
	.filters = filters, .nfilters = COUNT_OF(filters),
	.sorts = sorts, .nsorts = COUNT_OF(sorts),
	.default_sort = "deleted_at",
};
