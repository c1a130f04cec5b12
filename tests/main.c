/* SPDX-License-Identifier: MIT */
/*
 * Runs every test group and prints the closing "N passed, N failed". With
 * DOSSIER_CONTRACT_LOG set, the contract check of every recorded exchange
 * against openapi.yaml runs last and counts as one more test.
 */
#include <curl/curl.h>
#include <stdio.h>

#include "harness.h"
#include "tests.h"

int main(void)
{
	int (*const groups[])(int *) = {
		test_http_cases, test_lists, test_data, test_spec, test_cli,
		test_writes, test_import,
	};
	int total = 0, failed = 0, contract;
	size_t i;

	contract = contract_start();
	if (contract < 0)
		return 1;
	curl_global_init(CURL_GLOBAL_DEFAULT);
	for (i = 0; i < sizeof(groups) / sizeof(groups[0]); i++)
		failed += groups[i](&total);
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
