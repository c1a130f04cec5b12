/* SPDX-License-Identifier: MIT */
/*
 * openapi.yaml and the server agree: the operations the spec lists are
 * exactly the routes `dossier routes` prints, the running server serves
 * the same spec byte for byte, and its documentation page renders it with
 * the Redoc script npm installed, under a policy that allows nothing from
 * elsewhere.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <yaml.h>

#include "harness.h"
#include "tests.h"

static yaml_node_t *map_get(yaml_document_t *doc, yaml_node_t *map,
			    const char *key)
{
	yaml_node_pair_t *p;

	if (!map || map->type != YAML_MAPPING_NODE)
		return NULL;
	for (p = map->data.mapping.pairs.start;
	     p < map->data.mapping.pairs.top; p++) {
		yaml_node_t *k = yaml_document_get_node(doc, p->key);

		if (k && k->type == YAML_SCALAR_NODE &&
		    strcmp((char *)k->data.scalar.value, key) == 0)
			return yaml_document_get_node(doc, p->value);
	}
	return NULL;
}

/* Appends "METHOD /path\n" for each operation in the spec to out. */
static void spec_operations(char *out, size_t sz)
{
	static const char *const methods[] = { "get", "put", "post", "delete",
					       "patch", "options", "head",
					       "trace" };
	FILE *f = fopen("openapi.yaml", "rb");
	yaml_parser_t parser;
	yaml_document_t doc;
	yaml_node_t *paths;
	yaml_node_pair_t *p;
	size_t m;

	assert_non_null(f);
	yaml_parser_initialize(&parser);
	yaml_parser_set_input_file(&parser, f);
	assert_true(yaml_parser_load(&parser, &doc));
	paths = map_get(&doc, yaml_document_get_root_node(&doc), "paths");
	assert_non_null(paths);
	out[0] = '\0';
	for (p = paths->data.mapping.pairs.start;
	     p < paths->data.mapping.pairs.top; p++) {
		yaml_node_t *k = yaml_document_get_node(&doc, p->key);
		yaml_node_t *v = yaml_document_get_node(&doc, p->value);

		for (m = 0; m < sizeof(methods) / sizeof(methods[0]); m++) {
			char line[300], up[16];
			size_t i;
			yaml_node_t *op = map_get(&doc, v, methods[m]);

			if (!op)
				continue;
			assert_non_null(map_get(&doc, op, "operationId"));
			assert_non_null(map_get(&doc, op, "responses"));
			for (i = 0; methods[m][i]; i++)
				up[i] = (char)(methods[m][i] - 32);
			up[i] = '\0';
			snprintf(line, sizeof(line), "%s %s\n", up,
				 (char *)k->data.scalar.value);
			strncat(out, line, sz - strlen(out) - 1);
		}
	}
	yaml_document_delete(&doc);
	yaml_parser_delete(&parser);
	fclose(f);
}

static int cmp_lines(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Sorts the lines of text in place (joined again with '\n'). */
static void sort_lines(char *text)
{
	char *lines[256], *copy = strdup(text), *save = NULL, *l;
	size_t n = 0, i;

	for (l = strtok_r(copy, "\n", &save); l && n < 256;
	     l = strtok_r(NULL, "\n", &save))
		lines[n++] = l;
	qsort(lines, n, sizeof(lines[0]), cmp_lines);
	text[0] = '\0';
	for (i = 0; i < n; i++) {
		strcat(text, lines[i]);
		strcat(text, "\n");
	}
	free(copy);
}

static void test_routes_match_spec(void **state)
{
	static char spec[16384], routes[16384];
	const char *bin = getenv("DOSSIER_BIN");
	char cmd[512];
	FILE *p;
	size_t n;

	(void)state;
	spec_operations(spec, sizeof(spec));
	snprintf(cmd, sizeof(cmd), "%s routes",
		 bin ? bin : "build/release/dossier");
	p = popen(cmd, "r");
	assert_non_null(p);
	n = fread(routes, 1, sizeof(routes) - 1, p);
	routes[n] = '\0';
	assert_int_equal(pclose(p), 0);
	sort_lines(spec);
	sort_lines(routes);
	if (strcmp(spec, routes) != 0)
		fail_msg("openapi.yaml lists:\n%s\nthe route table has:\n%s",
			 spec, routes);
}

static void test_served_spec(void **state)
{
	struct response r;
	size_t len;
	char *file = read_file("openapi.yaml", &len);

	(void)state;
	assert_non_null(file);
	get(shared_server(), "/openapi.yaml", &r);
	assert_int_equal(r.status, 200);
	assert_int_equal(r.body_len, len);
	assert_memory_equal(r.body, file, len);
	response_free(&r);
	free(file);
}

static void test_docs_page(void **state)
{
	struct response r;
	size_t len;
	char *file = read_file("node_modules/redoc/bundles/redoc.standalone.js",
			       &len), *csp;

	(void)state;
	assert_non_null(file);
	get(shared_server(), "/docs", &r);
	assert_int_equal(r.status, 200);
	/* Relative: the page holds behind a proxy's path prefix. */
	assert_non_null(strstr(r.body, "<redoc spec-url=\"openapi.yaml\">"));
	assert_non_null(strstr(r.body, "<script src=\"docs/redoc.standalone.js"
			       "\"></script>"));
	csp = response_header(&r, "Content-Security-Policy");
	assert_non_null(csp);
	assert_true(strncmp(csp, "default-src 'self';", 19) == 0);
	free(csp);
	response_free(&r);

	get(shared_server(), "/docs/redoc.standalone.js", &r);
	assert_int_equal(r.status, 200);
	assert_int_equal(r.body_len, len);
	assert_memory_equal(r.body, file, len);
	response_free(&r);
	free(file);
}

int test_spec(int *total)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_routes_match_spec),
		cmocka_unit_test(test_served_spec),
		cmocka_unit_test(test_docs_page),
	};

	*total += (int)(sizeof(tests) / sizeof(tests[0]));
	return cmocka_run_group_tests_name("spec", tests, NULL, NULL);
}
