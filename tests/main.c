/* SPDX-License-Identifier: MIT */
/*
 * Runs every test group and prints the closing "N passed, N failed". With
 * DOSSIER_CONTRACT_LOG set, the contract check of every recorded exchange
 * against openapi.yaml runs last and counts as one more test.
 */
#include <curl/curl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "tests.h"

#define GROUP(name) { #name, name }

int main(void)
{
	const struct {
		const char *name;
		int (*run)(int *);
	} groups[] = {
		GROUP(test_http_cases), GROUP(test_lists), GROUP(test_data),
		GROUP(test_spec), GROUP(test_cli), GROUP(test_writes),
		GROUP(test_import), GROUP(test_analytics), GROUP(test_columns), GROUP(test_web),
		GROUP(test_hostile),
		GROUP(test_crash), GROUP(test_failover),
	};
	/* DOSSIER_TEST_GROUP=test_hostile runs that group alone. */
	const char *only = getenv("DOSSIER_TEST_GROUP");
	int total = 0, failed = 0, contract;
	size_t i;

	contract = contract_start();
	if (contract < 0)
		return 1;
	curl_global_init(CURL_GLOBAL_DEFAULT);
	for (i = 0; i < sizeof(groups) / sizeof(groups[0]); i++)
		if (!only || strcmp(only, groups[i].name) == 0)
			failed += groups[i].run(&total);
	/* A sanitizer report or a crash at shutdown fails the run. */
	total++;
	if (shared_server_stop() != 0)
		failed++;
	if (contract) {
		total++;
		if (contract_check() != 0)
			failed++;
	}
	curl_global_cleanup();
	printf("%d passed, %d failed\n", total - failed, failed);
	return failed ? 1 : 0;
}
