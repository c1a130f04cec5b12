/* SPDX-License-Identifier: MIT */
/*
 * Test groups. Each runs its cmocka group, adds the number of tests it ran
 * to *total and returns how many failed.
 */
#ifndef DOSSIER_TESTS_H
#define DOSSIER_TESTS_H

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

int test_http_cases(int *total);
int test_lists(int *total);
int test_data(int *total);
int test_spec(int *total);
int test_cli(int *total);
int test_writes(int *total);
int test_import(int *total);
int test_hostile(int *total);
int test_crash(int *total);
int test_failover(int *total);
int test_analytics(int *total);
int test_columns(int *total);
int test_web(int *total);

#endif
