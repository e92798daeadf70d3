/*
 * Shared by the cmocka unit tests: TAP output for automake's driver, line
 * buffered so a crash cannot lose the plan.
 */
#ifndef DOCKAUDIT_TEST_TAP_H
#define DOCKAUDIT_TEST_TAP_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <cmocka.h>

#define TAP_RUN(tests) do {						\
	setvbuf(stdout, NULL, _IOLBF, 0);				\
	cmocka_set_message_output(CM_OUTPUT_TAP);			\
	return cmocka_run_group_tests(tests, NULL, NULL) != 0;		\
} while (0)

#endif
