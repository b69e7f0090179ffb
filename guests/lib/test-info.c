/* SPDX-License-Identifier: MIT */
/* Compiled once per test with -DTEST_NAME="<directory name>". */
#include <test.h>

const char test_name[] = TEST_NAME;
