/* libFuzzer target for the reader of scenario files (src/money/scenario.c,
 * money_scenario_read_file).
 *
 * The input is any bytes. These must hold (abort() otherwise):
 *   - it returns the number of messages it gave, each "fuzz:LINE:COLUMN: ..." with LINE
 *     and COLUMN at least 1;
 *   - on 0, the scenario passes its checks, and written back (money_scenario_to_json)
 *     and read again it is the same scenario with no problem. */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "money/money.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void die(const char *what)
{
	fprintf(stderr, "fuzz_scenario: %s\n", what);
	abort();
}

static struct money_scenario sc, sc2;
static struct money_scenario_about ab, ab2;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	json_t *msgs = json_array();
	int n = money_scenario_read_file("fuzz", (const char *)data, size, &sc, &ab, msgs);
	if (n < 0 || (size_t)n != json_array_size(msgs))
		die("the count is not the number of messages");
	size_t i;
	json_t *m;
	json_array_foreach(msgs, i, m)
	{
		unsigned long line = 0, col = 0;
		if (sscanf(json_string_value(m), "fuzz:%lu:%lu: ", &line, &col) != 2 || line < 1 || col < 1)
			die("a message without its line and column");
	}
	json_decref(msgs);
	if (n == 0) {
		json_t *p = json_object();
		if (money_scenario_check(&sc, &ab, p) != 0)
			die("a scenario read whole fails its checks");
		json_t *out = money_scenario_to_json(&sc, &ab);
		if (money_scenario_from_json(out, &sc2, &ab2, p) != 0)
			die("a scenario written back does not read again");
		if (memcmp(&sc, &sc2, sizeof sc) != 0 || memcmp(&ab, &ab2, sizeof ab) != 0)
			die("a scenario written back reads as another");
		json_decref(out);
		json_decref(p);
	}
	return 0;
}
