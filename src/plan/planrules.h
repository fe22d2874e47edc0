/* The rules of the Plan's elements: what a plan, a phase, a priority area
 * (or a route maps plan's foundation group), an action (or route map) and a milestone
 * must be before keep stores them. The web forms, the JSON API and `keep import plan`
 * all check with these functions, so a person reads the same words wherever they type.
 *
 * Pure: no store, no SQL, no HTML, no HTTP. What a rule needs to know of what is stored
 * (the plan an element goes under, the plan a priority area belongs to, the foundations
 * and fundamentals there are) the caller looks up and passes in.
 *
 * Every form's fields are text as typed: NULL, "" or only white space is "not given"
 * (plan_known). Each check adds its problems to errors (a JSON object) as
 * field: message, the field named as the API and data/plan.json name it ("title",
 * "starts", "now", "foundations", ...), keeps the first message for a field (a field
 * already in errors is left alone), and returns how many fields errors holds. A message
 * is plain words a person can act on and names the value where that helps, for example
 *   "starts": "Enter the date the plan starts as a real date, like 2024-04-01."
 *   "priority": "The priority area 'voice-route-maps' belongs to Plan 24-30, not to
 *                Plan 21-24: choose one of this plan's priority areas."
 *   "due": "The due date 2031-01-01 is outside its plan's dates (Plan 24-30 runs
 *           from 1 April 2024 to 31 March 2030): enter a date between them."
 * An import puts "FILE:LINE:COLUMN: " before the message of the field it read there.
 *
 * Dates are exactly YYYY-MM-DD (date_parse); a web address starts http:// or https://,
 * names a host and holds no spaces. */
#ifndef KEEP_PLAN_PLANRULES_H
#define KEEP_PLAN_PLANRULES_H
#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

/* How long a text may be, in bytes. */
#define PLANRULES_TITLE_MAX 300
#define PLANRULES_TEXT_MAX 20000
#define PLANRULES_SOURCE_MAX 500
#define PLANRULES_SHORT_MAX 200

/* True when slug is a record's id a person may choose: 1 to 60 lowercase ASCII letters,
 * digits and single hyphens between them ("plan-24-30"), and not "new" (the address of
 * the forms that add one). */
bool planrules_slug_valid(const char *slug);
/* True when s is a web address: http:// or https://, a host, no white space, at most
 * PLANRULES_SOURCE_MAX bytes. */
bool planrules_address_valid(const char *s);

/* The plan an element is put under, as stored (or, in an import, as the file gives it
 * once its own checks pass). title names it in messages; shape is "priorities" or
 * "route_maps" (NULL: "priorities"); starts and ends are its dates, YYYY-MM-DD (a
 * date that does not parse is not used for the "inside its plan's dates" rules). */
struct planrules_in {
	const char *slug, *title, *shape, *starts, *ends;
};

/* ---- a plan ---- */
struct planrules_plan {
	const char *slug, *title, *summary, *starts, *ends, *status, *shape, *source, *source_date;
};
/* slug valid when given (a create without one makes it from the title); title
 * required, at most PLANRULES_TITLE_MAX; summary at most PLANRULES_TEXT_MAX; starts
 * and ends required, real dates, starts on or before ends; status, when given, one of
 * plan_plan_statuses (draft, published, ended); shape, when given, priorities or
 * route_maps; source, when given, a web address; source_date, when given, a real date
 * (YYYY-MM-DD) or, when the source names only its month, a month (YYYY-MM). */
int planrules_plan_check(const struct planrules_plan *f, json_t *errors);

/* ---- a phase of a plan ---- */
struct planrules_phase {
	const char *slug, *title, *years, *summary, *starts, *ends;
};
/* slug valid when given; title required; years ("Year One") at most
 * PLANRULES_SHORT_MAX; summary at most PLANRULES_TEXT_MAX; starts and ends required,
 * real dates, starts on or before ends, both inside plan's dates. */
int planrules_phase_check(const struct planrules_phase *f, const struct planrules_in *plan, json_t *errors);

/* ---- a priority area, or a route maps plan's foundation group ---- */
struct planrules_priority {
	const char *slug, *title, *text, *foundation;
};
/* slug valid when given; title required; text at most PLANRULES_TEXT_MAX; foundation
 * (a foundation's slug): in a route_maps plan required and one of foundations (the
 * foundations' slugs there are, NULL-terminated); in a priorities plan not given
 * (its priority areas do not group by foundation). */
int planrules_priority_check(const struct planrules_priority *f, const struct planrules_in *plan,
                             const char *const *foundations, json_t *errors);

/* ---- an action, or a route map ---- */
struct planrules_action {
	const char *slug, *title;
	const char *priority;      /* the slug of the priority area (foundation group) it goes under */
	const char *priority_plan; /* the slug of the plan that priority belongs to; NULL: no such priority */
	const char *priority_plan_title;
	const char *required, *now, *outcomes, *committed, *leads_text, *next_steps;
	const char *due; /* YYYY-MM-DD */
	const char *source, *source_date;
	/* The source as it is stored (a change), or NULL: a source kept as it was is not
	 * checked again (Plan 21-24's actions were loaded naming documents, not addresses). */
	const char *source_was;
	const char *const *foundations; /* the slugs it serves, nfoundations of them */
	size_t nfoundations;
	const char *const *fundamentals;
	size_t nfundamentals;
};
/* The words of plan's shape (plan_shape_words) name things: "priority area" and
 * "action", or "foundation" and "route map".
 * priority required, and one of plan's: priority_plan NULL is "There is no priority
 * area called 'x'.", another plan's is "an action under a priority of another plan",
 * refused naming both plans; slug valid when given; title required, at most
 * PLANRULES_TITLE_MAX; required, now, outcomes, committed, leads_text and next_steps
 * at most PLANRULES_TEXT_MAX each; due, when given, a real date; source, when given
 * (and not source_was), a web address; source_date, when given, a real date or a month
 * (as a plan's);
 * foundations each one of known_foundations, no slug twice, and in a route_maps plan at
 * least one ("a route map with no foundation"); fundamentals each one of
 * known_fundamentals (both lists NULL-terminated), no slug twice. */
int planrules_action_check(const struct planrules_action *f, const struct planrules_in *plan,
                           const char *const *known_foundations, const char *const *known_fundamentals,
                           json_t *errors);

/* ---- a milestone on an action's timeline ---- */
struct planrules_milestone {
	const char *when; /* as the plan words it: "late Summer 2021" */
	const char *due;  /* YYYY-MM-DD */
	const char *text, *source, *source_date;
	const char *source_was; /* as for an action */
};
/* text required, at most PLANRULES_TEXT_MAX; when at most PLANRULES_SHORT_MAX; due, when
 * given, a real date inside plan's dates ("a milestone outside its plan's dates");
 * source, when given (and not source_was), a web address; source_date a real date or a
 * month (as a plan's). */
int planrules_milestone_check(const struct planrules_milestone *f, const struct planrules_in *plan,
                              json_t *errors);

#endif
