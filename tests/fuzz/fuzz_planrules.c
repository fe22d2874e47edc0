/* libFuzzer target for the rules of the Plan's elements (src/plan/planrules.c) and the
 * reading of a milestone's id (planedit_milestone_id), which take text as people and
 * files give it.
 *
 * The input is split at newlines into the fields of a plan, a phase, a priority area,
 * an action (its lists too) and a milestone, and the plan an element goes under. These
 * must hold (abort() otherwise):
 *   - each check returns how many fields its errors object holds, and every message is a
 *     non-empty string on a field the check knows;
 *   - a slug planrules_slug_valid accepts is 1 to 60 of [a-z0-9-], not "new", with no
 *     hyphen first, last or doubled; an address planrules_address_valid accepts starts
 *     http:// or https:// and holds no byte at or below a space;
 *   - a milestone id read is its action's slug (a prefix of the id), a hyphen and a
 *     position from 1. */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "plan/planedit.h"
#include "plan/planrules.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void die(const char *what)
{
	fprintf(stderr, "fuzz_planrules: %s\n", what);
	abort();
}

#define NFIELDS 24

static void errors_ok(json_t *errors, int n, const char *const *known)
{
	if (n != (int)json_object_size(errors))
		die("a check's count is not the number of fields in errors");
	const char *key;
	json_t *v;
	json_object_foreach(errors, key, v)
	{
		const char *m = json_string_value(v);
		if (!m || !*m)
			die("a message that is not a non-empty string");
		bool listed = false;
		for (const char *const *k = known; *k; k++)
			listed |= strcmp(*k, key) == 0;
		if (!listed)
			die(key);
	}
	json_object_clear(errors);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = malloc(size + 1);
	if (!text)
		return 0;
	memcpy(text, data, size);
	text[size] = '\0';
	const char *f[NFIELDS] = {0};
	size_t n = 0;
	for (char *p = text; n < NFIELDS;) {
		f[n++] = p;
		char *nl = strchr(p, '\n');
		if (!nl)
			break;
		*nl = '\0';
		p = nl + 1;
	}
	static const char *const foundations[] = {"voice", "family", "care", "people", "scaffolding", NULL};
	static const char *const fundamentals[] = {"what-matters", "listening", "poverty", NULL};
	struct planrules_in in = {f[0], f[1], f[2], f[3], f[4]};
	json_t *errors = json_object();

	struct planrules_plan pl = {f[5], f[6], f[7], f[8], f[9], f[10], f[11], f[12], f[13]};
	errors_ok(errors, planrules_plan_check(&pl, errors),
	          (const char *const[]){"slug", "title", "summary", "starts", "ends", "status", "shape",
	                                "source", "source_date", NULL});
	struct planrules_phase ph = {f[5], f[6], f[7], f[8], f[9], f[10]};
	errors_ok(errors, planrules_phase_check(&ph, &in, errors),
	          (const char *const[]){"slug", "title", "years", "summary", "starts", "ends", NULL});
	struct planrules_priority pr = {f[5], f[6], f[7], f[14]};
	errors_ok(errors, planrules_priority_check(&pr, &in, foundations, errors),
	          (const char *const[]){"slug", "title", "text", "foundation", NULL});
	const char *list[] = {f[14] ? f[14] : "", f[15] ? f[15] : "", f[16] ? f[16] : ""};
	struct planrules_action a = {.slug = f[5],
	                             .title = f[6],
	                             .priority = f[15],
	                             .priority_plan = f[16],
	                             .priority_plan_title = f[17],
	                             .required = f[7],
	                             .now = f[8],
	                             .outcomes = f[9],
	                             .due = f[10],
	                             .source = f[12],
	                             .source_date = f[13],
	                             .source_was = f[18],
	                             .foundations = list,
	                             .nfoundations = f[14] ? 3 : 0,
	                             .fundamentals = list,
	                             .nfundamentals = f[15] ? 2 : 0};
	errors_ok(errors, planrules_action_check(&a, &in, foundations, fundamentals, errors),
	          (const char *const[]){"priority", "slug", "title", "required", "now", "outcomes",
	                                "committed", "leads_text", "next_steps", "due", "source",
	                                "source_date", "foundations", "fundamentals", NULL});
	struct planrules_milestone m = {f[19], f[10], f[20], f[12], f[13], f[18]};
	errors_ok(errors, planrules_milestone_check(&m, &in, errors),
	          (const char *const[]){"text", "when", "due", "source", "source_date", NULL});
	json_decref(errors);

	for (size_t i = 0; i < n; i++) {
		const char *s = f[i];
		if (planrules_slug_valid(s)) {
			size_t len = strlen(s);
			if (len < 1 || len > 60 || strcmp(s, "new") == 0 || s[0] == '-' ||
			    s[len - 1] == '-' || strstr(s, "--") ||
			    strspn(s, "abcdefghijklmnopqrstuvwxyz0123456789-") != len)
				die("a slug accepted that breaks the rule");
		}
		if (planrules_address_valid(s)) {
			if (strncmp(s, "http://", 7) != 0 && strncmp(s, "https://", 8) != 0)
				die("an address accepted without http:// or https://");
			for (const unsigned char *p = (const unsigned char *)s; *p; p++)
				if (*p <= ' ')
					die("an address accepted with a space or control byte");
		}
		char action[128];
		int position;
		if (planedit_milestone_id(s, action, &position) == 0) {
			size_t al = strlen(action);
			if (position < 1 || al == 0 || strncmp(s, action, al) != 0 || s[al] != '-')
				die("a milestone id read wrongly");
		}
	}
	free(text);
	return 0;
}
