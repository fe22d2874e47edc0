/* Unit tests for the plan (src/place/model.c; docs/places.md "The plan"): hand-worked
 * instances, each answer worked out in its comment. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "place/model.h"
#include "base/buf.h"
#include "testutil.h"
#include "place/place.h"

/* Councils in the tests: A and B are next to each other (here), C is next to neither. */
#define CA "S12000047" /* Fife */
#define CB "S12000042" /* Dundee City */
#define CC "S12000036" /* City of Edinburgh */

static bool test_near(const char *home, const char *council)
{
	if (!*council)
		return false;
	if (strcmp(home, council) == 0)
		return true;
	return (strcmp(home, CA) == 0 && strcmp(council, CB) == 0) ||
	       (strcmp(home, CB) == 0 && strcmp(council, CA) == 0);
}

/* A hand-made instance: services, one vacancy each, requests. */
struct inst {
	struct place_service svc[16];
	struct place_vacancy vac[16];
	struct place_request req[16];
	size_t nsvc, nreq;
	struct place_instance in;
};

/* A service (and its vacancy): type fostering unless set after; ages 0 to 17. */
static struct place_service *service(struct inst *t, const char *council, int sector, int places, int sib,
                                     double cost)
{
	struct place_service *s = &t->svc[t->nsvc];
	memset(s, 0, sizeof *s);
	snprintf(s->regno, sizeof s->regno, "CS%010zu", t->nsvc + 1);
	snprintf(s->name, sizeof s->name, "Service %zu", t->nsvc + 1);
	s->sector = sector;
	s->type = PT_FOSTERING;
	snprintf(s->council, sizeof s->council, "%s", council ? council : "");
	s->outside_scotland = council == NULL;
	s->places = places;
	s->age_from = 0;
	s->age_to = 17;
	place_bands_within(0, 17, &s->band_from, &s->band_to);
	s->max_siblings = sib;
	s->needs_met = 0;
	s->weekly_cost = cost;
	s->status = PSS_ACTIVE;
	struct place_vacancy *v = &t->vac[t->nsvc];
	memset(v, 0, sizeof *v);
	memcpy(v->regno, s->regno, sizeof v->regno);
	v->places = places;
	v->age_from = 0;
	v->age_to = 17;
	place_bands_within(0, 17, &v->band_from, &v->band_to);
	v->max_siblings = sib;
	t->nsvc++;
	return s;
}

static struct place_request *request(struct inst *t, const char *ref, int n, bool together, const char *home)
{
	struct place_request *r = &t->req[t->nreq++];
	memset(r, 0, sizeof *r);
	snprintf(r->ref, sizeof r->ref, "%s", ref);
	r->n = n;
	for (int i = 0; i < n; i++)
		r->child[i].band = MB_5_9;
	r->together = together;
	snprintf(r->home, sizeof r->home, "%s", home);
	r->urgency = PU_WEEK;
	return r;
}

static const struct place_instance *instance(struct inst *t)
{
	t->in = (struct place_instance){.req = t->req,
	                                .nreq = t->nreq,
	                                .svc = t->svc,
	                                .vac = t->vac,
	                                .nsvc = t->nsvc,
	                                .nvac = t->nsvc,
	                                .near = test_near};
	return &t->in;
}

static void plan(const struct place_instance *in, struct place_result *r)
{
	struct kerr e = {0};
	struct place_options o = {.time_limit_s = 60};
	if (place_plan(in, &o, r, &e) < 0)
		fail_msg("place_plan: %s", e.msg);
	assert_int_equal(r->status, PSV_OPTIMAL);
	for (int a = 0; a < PA_NAIMS; a++)
		assert_true(r->bound[a] == r->aim[a]);
}

/* Three brothers and sisters who can live together, and two foster households: one in
 * their home council with two places (cheaper), one in a council next door with three.
 * Together comes first: all three at the second (A1 = 1, A2 = 3, A4 = 3, cost 3 x 900). */
static void test_three_together(void **state)
{
	(void)state;
	struct inst t = {0};
	service(&t, CA, PS_COUNCIL, 2, 2, 500);
	service(&t, CB, PS_THIRD, 3, 3, 900);
	request(&t, "G1", 3, true, CA);
	struct place_result r;
	plan(instance(&t), &r);
	assert_int_equal(r.nchildren, 3);
	for (int i = 0; i < 3; i++)
		assert_int_equal(r.where[i], 1);
	assert_true(r.together[0]);
	assert_true(r.aim[PA_TOGETHER] == 1);
	assert_true(r.aim[PA_PLACED] == 3);
	assert_true(r.aim[PA_SCOTLAND] == 3);
	assert_true(r.aim[PA_NEAR_HOME] == 3);
	assert_true(r.aim[PA_NOT_FOR_PROFIT] == 3);
	assert_true(r.aim[PA_COST] == 2700);
	double a[PA_NAIMS];
	place_aims_of(&t.in, &r, a);
	for (int k = 0; k < PA_NAIMS; k++)
		assert_true(a[k] == r.aim[k]);
	place_result_free(&r);
}

/* The same three when the larger household has room for two of them together only:
 * nobody can be together, so all three are placed (two and one), most near home and
 * then cheapest: the two at the home council's (500 each) and one next door: 1900. */
static void test_three_split(void **state)
{
	(void)state;
	struct inst t = {0};
	service(&t, CA, PS_COUNCIL, 2, 2, 500);
	service(&t, CB, PS_THIRD, 3, 2, 900);
	request(&t, "G1", 3, true, CA);
	struct place_result r;
	plan(instance(&t), &r);
	assert_false(r.together[0]);
	assert_true(r.aim[PA_TOGETHER] == 0);
	assert_true(r.aim[PA_PLACED] == 3);
	assert_true(r.aim[PA_COST] == 1900);
	int at0 = 0;
	for (int i = 0; i < 3; i++)
		at0 += r.where[i] == 0;
	assert_int_equal(at0, 2);
	place_result_free(&r);
}

/* Ties broken by the stated order, one child and two vacancies each time. */
static void test_ties(void **state)
{
	(void)state;
	struct place_result r;
	/* equal, but one outside Scotland (and cheaper): Scotland */
	struct inst t = {0};
	service(&t, NULL, PS_THIRD, 1, 1, 100);
	service(&t, CC, PS_THIRD, 1, 1, 800);
	request(&t, "R", 1, false, CA);
	plan(instance(&t), &r);
	assert_int_equal(r.where[0], 1);
	assert_true(r.aim[PA_SCOTLAND] == 1 && r.aim[PA_COST] == 800);
	place_result_free(&r);
	/* equal, but one private (and cheaper): the charity */
	t = (struct inst){0};
	service(&t, CC, PS_PRIVATE, 1, 1, 100);
	service(&t, CC, PS_THIRD, 1, 1, 800);
	request(&t, "R", 1, false, CA);
	plan(instance(&t), &r);
	assert_int_equal(r.where[0], 1);
	place_result_free(&r);
	/* near home and private before far and a charity */
	t = (struct inst){0};
	service(&t, CC, PS_THIRD, 1, 1, 100);
	service(&t, CB, PS_PRIVATE, 1, 1, 800);
	request(&t, "R", 1, false, CA);
	plan(instance(&t), &r);
	assert_int_equal(r.where[0], 1);
	assert_true(r.aim[PA_NEAR_HOME] == 1 && r.aim[PA_NOT_FOR_PROFIT] == 0);
	place_result_free(&r);
	/* all else equal: the cheaper; a cost not known counts as the dearest known (900),
	 * so the one at 850 is chosen over it */
	t = (struct inst){0};
	service(&t, CA, PS_COUNCIL, 1, 1, -1);
	service(&t, CA, PS_COUNCIL, 1, 1, 850);
	service(&t, CC, PS_COUNCIL, 1, 1, 900);
	request(&t, "R", 1, false, CA);
	plan(instance(&t), &r);
	assert_int_equal(r.where[0], 1);
	assert_true(r.aim[PA_COST] == 850);
	place_result_free(&r);
}

/* A child no vacancy can take (a need no service meets; a band no vacancy takes): not
 * placed, and no error. */
static void test_not_placed(void **state)
{
	(void)state;
	struct inst t = {0};
	service(&t, CA, PS_COUNCIL, 2, 2, 500);
	struct place_service *s = service(&t, CA, PS_COUNCIL, 2, 2, 500);
	s->needs_met = 1u << PN_DISABILITY;
	t.vac[1].age_from = 0;
	t.vac[1].age_to = 9;
	place_bands_within(0, 9, &t.vac[1].band_from, &t.vac[1].band_to);
	struct place_request *q = request(&t, "N", 1, false, CA);
	q->child[0].needs = 1u << PN_MENTAL_HEALTH;
	q = request(&t, "O", 1, false, CA);
	q->child[0].band = MB_16_17;
	q->child[0].needs = 1u << PN_DISABILITY; /* the first takes 16, but not the need */
	q = request(&t, "P", 1, false, CA);
	struct place_result r;
	plan(instance(&t), &r);
	assert_int_equal(r.where[0], -1);
	assert_int_equal(r.where[1], -1);
	assert_true(r.where[2] >= 0);
	assert_true(r.aim[PA_PLACED] == 1);
	place_result_free(&r);
	/* nobody at all: no vacancy */
	t = (struct inst){0};
	request(&t, "Q", 2, true, CA);
	plan(instance(&t), &r);
	assert_int_equal(r.where[0], -1);
	assert_int_equal(r.where[1], -1);
	assert_false(r.together[0]);
	place_result_free(&r);
}

/* Two whose living together is not safe are never placed with one service, even one
 * with room for both, nor at two vacancies of one service: one of them is placed. */
static void test_apart(void **state)
{
	(void)state;
	struct inst t = {0};
	service(&t, CA, PS_COUNCIL, 2, 2, 500);
	request(&t, "A", 2, false, CA);
	struct place_result r;
	plan(instance(&t), &r);
	assert_true(r.aim[PA_PLACED] == 1);
	assert_false(r.together[0]);
	place_result_free(&r);
	/* the same service's two returns (two vacancies of one service) */
	t.vac[1] = t.vac[0];
	t.in.nvac = 2;
	t.in.near = test_near;
	struct kerr e = {0};
	assert_int_equal(place_plan(&t.in, NULL, &r, &e), 0);
	assert_true(r.aim[PA_PLACED] == 1);
	place_result_free(&r);
	/* with a second service they are both placed, apart */
	t = (struct inst){0};
	service(&t, CA, PS_COUNCIL, 2, 2, 500);
	service(&t, CC, PS_COUNCIL, 2, 2, 500);
	request(&t, "A", 2, false, CA);
	plan(instance(&t), &r);
	assert_true(r.aim[PA_PLACED] == 2);
	assert_int_not_equal(r.where[0], r.where[1]);
	place_result_free(&r);
}

/* Two groups competing for one household of three places: the group of two together and
 * the child alone elsewhere, rather than the child at the household. And short breaks or
 * secure care are never a place to live; a vacancy of no service is an error. */
static void test_rules(void **state)
{
	(void)state;
	struct inst t = {0};
	service(&t, CA, PS_COUNCIL, 2, 2, 500);
	service(&t, CC, PS_PRIVATE, 1, 1, 2000);
	request(&t, "S", 1, false, CA);
	request(&t, "G", 2, true, CA);
	struct place_result r;
	plan(instance(&t), &r);
	assert_true(r.together[1]);
	assert_int_equal(r.where[0], 1);
	assert_true(r.aim[PA_PLACED] == 3);
	place_result_free(&r);

	t = (struct inst){0};
	service(&t, CA, PS_COUNCIL, 2, 2, 500)->type = PT_SHORT_BREAKS;
	service(&t, CA, PS_COUNCIL, 2, 2, 500)->type = PT_SECURE;
	service(&t, CA, PS_COUNCIL, 2, 2, 500)->status = PSS_PROPOSED;
	request(&t, "S", 1, false, CA);
	plan(instance(&t), &r);
	assert_int_equal(r.where[0], -1);
	place_result_free(&r);

	snprintf(t.vac[0].regno, sizeof t.vac[0].regno, "CS9");
	struct kerr e = {0};
	assert_int_equal(place_plan(&t.in, NULL, &r, &e), -1);
	assert_non_null(strstr(e.msg, "CS9"));
}

/* ---- the greedy baseline and council by council ---- */

/* A child alone, urgent today, from council B, and three brothers and sisters from A
 * (this week). Households: one in A with two places (500), one in B with three (900).
 * Greedy: the child first, at home in B (2 places left there); then no vacancy has room
 * for all three: one by one, two at A's (home) and one at B's. The plan: the three at B's,
 * together, and the child at A's, next to home. */
static void test_greedy(void **state)
{
	(void)state;
	struct inst t = {0};
	service(&t, CA, PS_COUNCIL, 2, 2, 500);
	service(&t, CB, PS_THIRD, 3, 3, 900);
	request(&t, "G", 3, true, CA);
	request(&t, "S", 1, false, CB)->urgency = PU_TODAY;
	struct kerr e = {0};
	struct place_result g, p;
	assert_int_equal(place_greedy(instance(&t), &g, &e), 0);
	assert_int_equal(g.where[3], 1);
	assert_int_equal(g.where[0], 0);
	assert_int_equal(g.where[1], 0);
	assert_int_equal(g.where[2], 1);
	assert_false(g.together[0]);
	assert_true(g.aim[PA_TOGETHER] == 0 && g.aim[PA_PLACED] == 4);
	plan(&t.in, &p);
	assert_true(p.together[0]);
	assert_int_equal(p.where[3], 0);
	assert_true(p.aim[PA_TOGETHER] == 1 && p.aim[PA_PLACED] == 4);
	place_result_free(&g);
	place_result_free(&p);

	/* within a tier the cheapest; a council next door before elsewhere in Scotland,
	 * before outside Scotland; the registration number last */
	t = (struct inst){0};
	service(&t, NULL, PS_COUNCIL, 1, 1, 50);
	service(&t, CC, PS_COUNCIL, 1, 1, 100);
	service(&t, CB, PS_PRIVATE, 1, 1, 900);
	service(&t, CB, PS_PRIVATE, 1, 1, 800);
	service(&t, CB, PS_COUNCIL, 1, 1, 800);
	request(&t, "A", 1, false, CA);
	request(&t, "B", 1, false, CA);
	request(&t, "C", 1, false, CA);
	request(&t, "D", 1, false, CA);
	request(&t, "E", 1, false, CA);
	request(&t, "F", 1, false, CA);
	assert_int_equal(place_greedy(instance(&t), &g, &e), 0);
	assert_int_equal(g.where[0], 3); /* CS..4 before CS..5 at 800 */
	assert_int_equal(g.where[1], 4);
	assert_int_equal(g.where[2], 2);
	assert_int_equal(g.where[3], 1);
	assert_int_equal(g.where[4], 0);
	assert_int_equal(g.where[5], -1);
	place_result_free(&g);

	/* two who are not to live together: at two services, never one */
	t = (struct inst){0};
	service(&t, CA, PS_COUNCIL, 2, 2, 500);
	service(&t, CC, PS_COUNCIL, 2, 2, 500);
	request(&t, "A", 2, false, CA);
	assert_int_equal(place_greedy(instance(&t), &g, &e), 0);
	assert_int_equal(g.where[0], 0);
	assert_int_equal(g.where[1], 1);
	place_result_free(&g);
}

/* Council A has two children to place, council B one who needs a service able to meet
 * a disability. Places: one in A (meets it), one in B, one in C. Council by council, A
 * goes first (more children) and takes A's and B's places (both near home); B's child is
 * left with none. The national plan places all three: B's child at A's (next door). */
static void test_by_council(void **state)
{
	(void)state;
	struct inst t = {0};
	service(&t, CA, PS_COUNCIL, 1, 1, 500)->needs_met = 1u << PN_DISABILITY;
	service(&t, CB, PS_COUNCIL, 1, 1, 500);
	service(&t, CC, PS_COUNCIL, 1, 1, 500);
	request(&t, "B1", 1, false, CB)->child[0].needs = 1u << PN_DISABILITY;
	request(&t, "A1", 1, false, CA);
	request(&t, "A2", 1, false, CA);
	struct place_result p, c;
	plan(instance(&t), &p);
	assert_true(p.aim[PA_PLACED] == 3);
	assert_int_equal(p.where[0], 0);
	t.in.by_council = true;
	struct kerr e = {0};
	assert_int_equal(place_plan(&t.in, NULL, &c, &e), 0);
	assert_int_equal(c.status, PSV_OPTIMAL);
	assert_true(c.aim[PA_PLACED] == 2);
	assert_int_equal(c.where[0], -1);
	assert_true(c.aim[PA_NEAR_HOME] == 2);
	place_result_free(&p);
	place_result_free(&c);

	/* councils with as many children: by GSS code, so B's child (Dundee City, S12000042)
	 * takes the one place before A's (Fife, S12000047) */
	t = (struct inst){0};
	service(&t, CC, PS_COUNCIL, 1, 1, 500);
	request(&t, "A1", 1, false, CA);
	request(&t, "B1", 1, false, CB);
	instance(&t);
	t.in.by_council = true;
	assert_int_equal(place_plan(&t.in, NULL, &c, &e), 0);
	assert_int_equal(c.where[0], -1);
	assert_int_equal(c.where[1], 0);
	place_result_free(&c);
}

/* ---- MPS: each stage's model written, and solved again by another solver (GLPK's
 * glpsol) to the same objective ---- */

/* glpsol's optimum of the MPS file path, or NAN. */
static double glpsol(const char *path)
{
	char cmd[8600], out[4200], line[512];
	snprintf(out, sizeof out, "%s.out", path);
	snprintf(cmd, sizeof cmd, "glpsol --freemps '%s' -o '%s' >/dev/null 2>&1", path, out);
	if (system(cmd) != 0)
		return NAN;
	FILE *f = fopen(out, "r");
	if (!f)
		return NAN;
	double v = NAN;
	while (fgets(line, sizeof line, f)) {
		const char *p = strstr(line, "Objective:");
		if (p && (p = strchr(p, '=')))
			v = atof(p + 1);
	}
	fclose(f);
	return v;
}

/* The three brothers and sisters (test_three_together): stage 1 most together (1), 2
 * placed (3), 3 in Scotland (3), 4 near home (3), 5 not for profit (3), 6 the least cost
 * (2700); every file minimises, so a most is written negated. */
static void test_mps(void **state)
{
	(void)state;
	struct inst t = {0};
	service(&t, CA, PS_COUNCIL, 2, 2, 500);
	service(&t, CB, PS_THIRD, 3, 3, 900);
	service(&t, NULL, PS_PRIVATE, 3, 1, 100);
	request(&t, "G1", 3, true, CA);
	request(&t, "S", 1, false, CC);
	char dir[256];
	assert_int_equal(testutil_make_dir(dir, sizeof dir, "mps"), 0);
	struct place_options o = {.mps_dir = dir};
	struct place_result r;
	struct kerr e = {0};
	assert_int_equal(place_plan(instance(&t), &o, &r, &e), 0);
	/* the child from C: at A's (Scotland) rather than outside: 2 x 500 + ...; the three at B's */
	assert_true(r.aim[PA_TOGETHER] == 1 && r.aim[PA_PLACED] == 4 && r.aim[PA_SCOTLAND] == 4);
	for (int k = 0; k < PA_NAIMS; k++) {
		char path[300];
		snprintf(path, sizeof path, "%s/stage%d.mps", dir, k + 1);
		assert_int_equal(access(path, R_OK), 0);
		double v = glpsol(path);
		double want = k == PA_COST ? r.aim[k] : -r.aim[k];
		if (!(fabs(v - want) < 1e-6))
			fail_msg("stage %d: glpsol %g, the plan %g", k + 1, v, want);
	}
	place_result_free(&r);
	testutil_remove_dir(dir);
}

/* ---- the plan in words ---- */

static void explains(const struct place_instance *in, const struct place_result *r, size_t q,
                     const char *want)
{
	struct buf b = {0};
	place_explain(in, r, q, &b);
	if (strcmp(buf_str(&b), want) != 0)
		fail_msg("request %zu:\n  got  %s\n  want %s", q + 1, buf_str(&b), want);
	buf_free(&b);
}

static void test_explain(void **state)
{
	(void)state;
	struct place_result r, alt;
	struct kerr e = {0};
	struct buf b = {0};
	/* the three together at the household next door; school in Edinburgh */
	struct inst t = {0};
	service(&t, CA, PS_COUNCIL, 2, 2, 500);
	service(&t, CB, PS_THIRD, 3, 3, 900);
	snprintf(request(&t, "G1", 3, true, CA)->school, sizeof t.req[0].school, "%s", CC);
	plan(instance(&t), &r);
	explains(&t.in, &r, 0,
	         "placed together, the three of them, with a fostering service in Dundee City, a council "
	         "next to home, "
	         "run by a charity or the third sector; school in City of Edinburgh");
	/* the next best: not together, two at Fife's (the third has nowhere) */
	assert_int_equal(place_alternative(&t.in, NULL, &r, 0, &alt, &b, &e), 0);
	assert_string_equal(
	    buf_str(&b),
	    "Next best: split: two with a fostering service in Fife, the home council, run by a council; "
	    "one not placed; school in City of Edinburgh; it gives up: 1 fewer group of brothers and "
	    "sisters placed together, 1 fewer child placed, 1 fewer child placed in Scotland, 1 fewer "
	    "child placed near home, 1 fewer child placed with a council or a charity; it gains: £1700 a "
	    "week less.");
	assert_true(alt.aim[PA_TOGETHER] == 0 && alt.aim[PA_PLACED] == 2);
	place_result_free(&alt);
	place_result_free(&r);
	buf_free(&b);

	/* split, since no household takes three together */
	t = (struct inst){0};
	service(&t, CA, PS_COUNCIL, 2, 2, 500);
	service(&t, CB, PS_PRIVATE, 3, 2, 900);
	request(&t, "G1", 3, true, CA);
	plan(instance(&t), &r);
	place_explain(&t.in, &r, 0, &b);
	assert_true(strncmp(buf_str(&b), "split: ", 7) == 0);
	assert_non_null(
	    strstr(buf_str(&b), "two with a fostering service in Fife, the home council, run by a council"));
	assert_non_null(strstr(
	    buf_str(&b), "one with a fostering service in Dundee City, a council next to home, run by a "
	                 "private company"));
	assert_non_null(strstr(buf_str(&b),
	                       " (no vacancy can take the three of them together: the largest group any "
	                       "vacancy takes together now is 2)"));
	buf_free(&b);
	place_result_free(&r);

	/* not placed, and what was missing */
	t = (struct inst){0};
	service(&t, CA, PS_COUNCIL, 1, 1, 500);
	struct place_service *s = service(&t, CA, PS_COUNCIL, 1, 1, 500);
	s->needs_met = 1u << PN_DISABILITY;
	t.vac[1].age_to = 9;
	place_bands_within(0, 9, &t.vac[1].band_from, &t.vac[1].band_to);
	request(&t, "N", 1, false, CA)->child[0].needs = 1u << PN_MENTAL_HEALTH;
	struct place_request *q = request(&t, "O", 1, false, CA);
	q->child[0].band = MB_16_17;
	q->child[0].needs = 1u << PN_DISABILITY;
	request(&t, "P", 1, false, CA);
	request(&t, "Q", 1, false, CA);
	plan(instance(&t), &r);
	explains(&t.in, &r, 0, "not placed: no vacancy can meet mental health support");
	explains(&t.in, &r, 1,
	         "not placed: no vacancy both takes a child aged 16 and 17 and can meet a physical or "
	         "sensory disability");
	assert_true(r.where[2] >= 0 && r.where[3] >= 0); /* P and Q: one at each vacancy */
	/* no other outcome for N */
	assert_int_equal(place_alternative(&t.in, NULL, &r, 0, &alt, &b, &e), 1);
	assert_string_equal(
	    buf_str(&b), "There is no other outcome: not placed: no vacancy can meet mental health support");
	buf_free(&b);
	place_result_free(&r);

	/* one place, two children: one is placed; the other's next best takes that place */
	t = (struct inst){0};
	service(&t, CA, PS_COUNCIL, 1, 1, 500);
	request(&t, "X", 1, false, CA);
	request(&t, "Y", 1, false, CA);
	plan(instance(&t), &r);
	size_t out = r.where[0] < 0 ? 0 : 1;
	explains(&t.in, &r, out,
	         "not placed: the one vacancy that could take the child is taken by others in this plan");
	assert_int_equal(place_alternative(&t.in, NULL, &r, out, &alt, &b, &e), 0);
	assert_string_equal(buf_str(&b),
	                    "Next best: placed with a fostering service in Fife, the home council, run by a "
	                    "council; it gives up nothing (another plan as good).");
	assert_int_equal(alt.where[out], 0);
	assert_int_equal(alt.where[1 - out], -1);
	buf_free(&b);
	place_result_free(&alt);
	place_result_free(&r);

	/* two not to live together */
	t = (struct inst){0};
	service(&t, CA, PS_COUNCIL, 2, 2, 500);
	service(&t, CB, PS_PRIVATE, 2, 2, 500);
	request(&t, "A", 2, false, CA);
	plan(instance(&t), &r);
	place_explain(&t.in, &r, 0, &b);
	const char *apart = "placed apart (living together is not safe or not wanted): one with a ";
	assert_true(strncmp(buf_str(&b), apart, strlen(apart)) == 0);
	assert_non_null(
	    strstr(buf_str(&b), "one with a fostering service in Fife, the home council, run by a council"));
	assert_non_null(strstr(buf_str(&b),
	                       "one with a fostering service in Dundee City, a council next to home, run by "
	                       "a private company"));
	buf_free(&b);
	place_result_free(&r);
}

/* ---- commissioning ---- */

/* Groups to live together: three (A), two (A), two (B), each of the twos with a child
 * under 5; one household in C takes three together, aged 5 and over. The plan keeps one
 * group together, the three; so two more households: one in A for two, one in B for two.
 * And no fewer: each new household takes one group, and no plan keeps two of the three
 * groups together now. */
static void test_commission(void **state)
{
	(void)state;
	struct inst t = {0};
	service(&t, CC, PS_COUNCIL, 3, 3, 600);
	t.vac[0].age_from = 5; /* for children of 5 and over */
	place_bands_within(5, 17, &t.vac[0].band_from, &t.vac[0].band_to);
	request(&t, "A3", 3, true, CA);
	request(&t, "A2", 2, true, CA)->child[1].band = MB_1_4;
	request(&t, "B2", 2, true, CB)->child[0].band = MB_1_4;
	struct place_households *c;
	size_t n;
	int total;
	struct kerr e = {0};
	assert_int_equal(place_commission_plan(instance(&t), NULL, &c, &n, &total, &e), 0);
	assert_int_equal(total, 2);
	assert_int_equal(n, 2);
	assert_string_equal(c[0].council, CB); /* S12000042 before S12000047 */
	assert_int_equal(c[0].size, 2);
	assert_int_equal(c[0].households, 1);
	assert_string_equal(c[1].council, CA);
	assert_int_equal(c[1].size, 2);
	assert_int_equal(c[1].households, 1);
	free(c);
	/* with those two households added, every group lives together; a child alone, or
	 * two not to live together, need no household for a group (placed or not) */
	service(&t, CA, PS_COUNCIL, 2, 2, 600);
	service(&t, CB, PS_COUNCIL, 2, 2, 600);
	request(&t, "S", 1, false, CB);
	request(&t, "P", 2, false, CB);
	assert_int_equal(place_commission_plan(instance(&t), NULL, &c, &n, &total, &e), 0);
	assert_int_equal(total, 0);
	assert_int_equal(n, 0);
	free(c);
}

/* ---- the exhaustive check: small random instances, every plan tried ---- */

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static uint64_t rnd_state;
static unsigned rnd(unsigned n)
{
	rnd_state = rnd_state * 6364136223846793005ULL + 1442695040888963407ULL;
	return (unsigned)((rnd_state >> 33) % n);
}

/* Whether the plan where[] keeps every rule of the model; its aims into aim. */
static bool brute_feasible(const struct place_instance *in, const int *where, double aim[PA_NAIMS])
{
	double top = 0;
	for (size_t v = 0; v < in->nvac; v++)
		for (size_t s = 0; s < in->nsvc; s++)
			if (strcmp(in->svc[s].regno, in->vac[v].regno) == 0 && in->svc[s].weekly_cost > top)
				top = in->svc[s].weekly_cost;
	int used[16] = {0};
	for (int a = 0; a < PA_NAIMS; a++)
		aim[a] = 0;
	size_t c = 0;
	for (size_t q = 0; q < in->nreq; q++) {
		const struct place_request *rq = &in->req[q];
		int at[16] = {0}, atsvc[16] = {0};
		bool all = rq->together && rq->n >= 2 && where[c] >= 0;
		for (int i = 0; i < rq->n; i++, c++) {
			int v = where[c];
			if (v != where[c - (size_t)i])
				all = false;
			if (v < 0)
				continue;
			const struct place_vacancy *vac = &in->vac[v];
			const struct place_service *s = NULL;
			int si = 0;
			for (size_t k = 0; k < in->nsvc; k++)
				if (strcmp(in->svc[k].regno, vac->regno) == 0) {
					s = &in->svc[k];
					si = (int)k;
				}
			if (s->status != PSS_ACTIVE || s->type == PT_SHORT_BREAKS || s->type == PT_SECURE ||
			    vac->places < 1 || vac->max_siblings < 1)
				return false;
			if (rq->child[i].band < vac->band_from || rq->child[i].band > vac->band_to ||
			    (rq->child[i].needs & ~s->needs_met))
				return false;
			used[v]++;
			at[v]++;
			atsvc[si]++;
			if (used[v] > vac->places)
				return false;
			if (rq->together ? at[v] > vac->max_siblings : atsvc[si] > 1)
				return false;
			aim[PA_PLACED]++;
			aim[PA_SCOTLAND] += !s->outside_scotland;
			aim[PA_NEAR_HOME] += !s->outside_scotland && test_near(rq->home, s->council);
			aim[PA_NOT_FOR_PROFIT] += s->sector != PS_PRIVATE;
			aim[PA_COST] += s->weekly_cost >= 0 ? s->weekly_cost : top;
		}
		aim[PA_TOGETHER] += all;
	}
	return true;
}

/* a better than b in the strict order */
static int lex_cmp(const double *a, const double *b)
{
	for (int k = 0; k < PA_NAIMS; k++)
		if (a[k] != b[k])
			return (k == PA_COST ? a[k] < b[k] : a[k] > b[k]) ? 1 : -1;
	return 0;
}

static void random_instance(struct inst *t)
{
	*t = (struct inst){0};
	static const char *const councils[] = {CA, CB, CC, NULL};
	static const double costs[] = {100, 200, 300, -1};
	size_t nsvc = 1 + rnd(3);
	for (size_t k = 0; k < nsvc; k++) {
		struct place_service *s =
		    service(t, councils[rnd(4)], (int)rnd(PS_NSECTORS), 1, 1, costs[rnd(4)]);
		s->needs_met = rnd(4);
		if (rnd(12) == 0)
			s->type = PT_SHORT_BREAKS;
		if (rnd(12) == 0)
			s->status = PSS_PROPOSED;
	}
	/* the vacancies: one per service, and sometimes a second return of one of them */
	size_t nvac = nsvc + (nsvc < 3 && rnd(3) == 0);
	for (size_t v = 0; v < nvac; v++) {
		struct place_vacancy *vac = &t->vac[v];
		snprintf(vac->regno, sizeof vac->regno, "%s",
		         t->svc[v < nsvc ? v : rnd((unsigned)nsvc)].regno);
		vac->places = rnd(6) == 0 ? 0 : 1 + (int)rnd(3);
		vac->max_siblings = 1 + (int)rnd(3);
		vac->band_from = (int)rnd(2) + MB_1_4;
		vac->band_to = vac->band_from + (int)rnd(3);
	}
	int children = 0;
	size_t nreq = 1 + rnd(4);
	for (size_t q = 0; q < nreq && children < 6; q++) {
		int n = 1 + (int)rnd(3);
		if (children + n > 6)
			n = 6 - children;
		children += n;
		struct place_request *r = request(t, "R", n, n >= 2 && rnd(3) != 0, councils[rnd(3)]);
		int band = MB_1_4 + (int)rnd(3); /* brothers and sisters often of one band */
		for (int i = 0; i < n; i++) {
			r->child[i].band = rnd(3) == 0 ? MB_1_4 + (int)rnd(3) : band;
			r->child[i].needs = rnd(4) == 0 ? 1u << rnd(2) : 0;
		}
	}
	instance(t);
	t->in.nvac = nvac;
}

/* 400 instances: place_plan's aims are the best of every plan there is, and its plan
 * keeps the rules. */
static void test_exhaustive(void **state)
{
	(void)state;
	rnd_state = 20240731;
	int nonzero = 0;
	double tplan = 0;
	for (int it = 0; it < 400; it++) {
		struct inst t;
		random_instance(&t);
		size_t nc = 0;
		for (size_t q = 0; q < t.nreq; q++)
			nc += (size_t)t.req[q].n;
		int where[8] = {0};
		for (size_t c = 0; c < nc; c++)
			where[c] = -1;
		double best[PA_NAIMS], aim[PA_NAIMS];
		brute_feasible(&t.in, where, best);
		for (;;) {
			size_t c = 0; /* the next plan: count in base nvac + 1 */
			while (c < nc && where[c] == (int)t.in.nvac - 1)
				where[c++] = -1;
			if (c == nc)
				break;
			where[c]++;
			if (brute_feasible(&t.in, where, aim) && lex_cmp(aim, best) > 0)
				memcpy(best, aim, sizeof best);
		}
		struct place_result r;
		double t0 = now();
		plan(&t.in, &r);
		tplan += now() - t0;
		assert_true(brute_feasible(&t.in, r.where, aim));
		for (int k = 0; k < PA_NAIMS; k++)
			if (aim[k] != best[k] || r.aim[k] != best[k])
				fail_msg("instance %d, aim %d: the plan %g (reported %g), the best %g", it,
				         k + 1, aim[k], r.aim[k], best[k]);
		nonzero += best[PA_TOGETHER] > 0;
		place_result_free(&r);
		/* the greedy baseline and council by council make plans that keep the rules, no
		 * better than the best */
		struct kerr e = {0};
		assert_int_equal(place_greedy(&t.in, &r, &e), 0);
		assert_true(brute_feasible(&t.in, r.where, aim));
		assert_true(lex_cmp(aim, best) <= 0);
		place_result_free(&r);
		t.in.by_council = true;
		assert_int_equal(place_plan(&t.in, NULL, &r, &e), 0);
		assert_true(brute_feasible(&t.in, r.where, aim));
		assert_true(lex_cmp(aim, best) <= 0);
		place_result_free(&r);
	}
	print_message("%d with groups together; %.2f s in place_plan, %lu stages by branch and bound\n",
	              nonzero, tplan, pm_branch_and_bound);
	assert_true(pm_branch_and_bound > 0); /* both ways of solving a stage are checked */
	assert_true(nonzero > 40);            /* the instances do test keeping groups together */
}

/* ---- a large instance like a year's requests in Scotland (made up): 400 requests, 150
 * of them brothers and sisters, and 900 vacancies ---- */

static bool ring_near(const char *home, const char *council)
{
	if (!*council)
		return false;
	int a = atoi(home + 3), b = atoi(council + 3);
	return a == b || a == b + 1 || b == a + 1 || (a == 1 && b == 32) || (a == 32 && b == 1);
}

struct large {
	struct place_service *svc;
	struct place_vacancy *vac;
	struct place_request *req;
	struct place_instance in;
};

static void large_instance(struct large *L, size_t nreq, size_t ngroups, size_t nvac)
{
	L->svc = calloc(nvac, sizeof *L->svc);
	L->vac = calloc(nvac, sizeof *L->vac);
	L->req = calloc(nreq, sizeof *L->req);
	static const double band_ages[][2] = {{0, 17}, {0, 11}, {5, 17}, {10, 17}, {0, 4}, {12, 17}};
	for (size_t v = 0; v < nvac; v++) {
		struct place_service *s = &L->svc[v];
		snprintf(s->regno, sizeof s->regno, "CS%010zu", v + 1);
		unsigned k = rnd(100);
		s->sector = k < 40 ? PS_COUNCIL : k < 65 ? PS_THIRD : PS_PRIVATE;
		s->outside_scotland = rnd(100) < 5;
		if (!s->outside_scotland)
			snprintf(s->council, sizeof s->council, "S120%05u", 1 + rnd(32));
		s->type = rnd(100) < 75 ? PT_FOSTERING : PT_RESIDENTIAL_HOUSE;
		s->status = PSS_ACTIVE;
		s->needs_met = 0;
		for (int n = 0; n < PN_NNEEDS; n++)
			if (rnd(100) < 35)
				s->needs_met |= 1u << n;
		s->weekly_cost = s->type == PT_FOSTERING ? 400 + 50 * rnd(20) : 3000 + 100 * rnd(40);
		if (rnd(100) < 5)
			s->weekly_cost = -1;
		struct place_vacancy *vac = &L->vac[v];
		memcpy(vac->regno, s->regno, sizeof vac->regno);
		vac->places = 1 + (int)rnd(s->type == PT_FOSTERING ? 3 : 4);
		vac->max_siblings =
		    s->type == PT_FOSTERING ? 1 + (int)rnd((unsigned)vac->places) : 1 + (int)rnd(2);
		const double *ages = band_ages[rnd(6)];
		vac->age_from = (int)ages[0];
		vac->age_to = (int)ages[1];
		place_bands_within(vac->age_from, vac->age_to, &vac->band_from, &vac->band_to);
	}
	for (size_t q = 0; q < nreq; q++) {
		struct place_request *r = &L->req[q];
		snprintf(r->ref, sizeof r->ref, "R%zu", q + 1);
		r->n = q < ngroups ? 2 + (rnd(3) == 0) + (rnd(8) == 0) : 1;
		r->together = r->n >= 2 && rnd(100) < 80;
		int band = (int)rnd(MB_NBANDS);
		for (int i = 0; i < r->n; i++) {
			int b = band + (int)rnd(3) - 1;
			r->child[i].band = b < 0 ? 0 : b >= MB_NBANDS ? MB_NBANDS - 1 : b;
			r->child[i].needs = rnd(100) < 25 ? 1u << rnd(PN_NNEEDS) : 0;
		}
		snprintf(r->home, sizeof r->home, "S120%05u", 1 + rnd(32));
		r->urgency = (int)rnd(PU_NURGENCY);
	}
	L->in = (struct place_instance){.req = L->req,
	                                .nreq = nreq,
	                                .svc = L->svc,
	                                .vac = L->vac,
	                                .nsvc = nvac,
	                                .nvac = nvac,
	                                .near = ring_near};
}

static void large_free(struct large *L)
{
	free(L->svc);
	free(L->vac);
	free(L->req);
}

/* Solved to proven optimality, and each aim at least what the plan found by a simpler
 * way could reach (here: the plan is a plan, and nobody is placed twice over). */
static void test_large(void **state)
{
	(void)state;
	rnd_state = 14;
	struct large L;
	/* a seventeenth of it in the tests; PLACE_BENCH=1 for the whole (docs/places.md "Time") */
	bool whole = getenv("PLACE_BENCH") != NULL;
	large_instance(&L, whole ? 400 : 24, whole ? 150 : 9, whole ? 900 : 54);
	struct place_result r;
	struct kerr e = {0};
	struct place_options o = {.time_limit_s = whole ? 600 : 120};
	unsigned long bb = pm_branch_and_bound;
	if (place_plan(&L.in, &o, &r, &e) < 0)
		fail_msg("%s", e.msg);
	print_message(
	    "%zu requests, %zu vacancies: %.2f s, %lu stages by branch and bound; aims %g %g %g %g %g %g\n",
	    L.in.nreq, L.in.nvac, r.seconds, pm_branch_and_bound - bb, r.aim[0], r.aim[1], r.aim[2], r.aim[3],
	    r.aim[4], r.aim[5]);
	for (int k = 0; k < PA_NAIMS; k++)
		print_message("aim %d: %g, bound %g\n", k + 1, r.aim[k], r.bound[k]);
	if (!whole)
		assert_int_equal(r.status, PSV_OPTIMAL);
	double a[PA_NAIMS];
	place_aims_of(&L.in, &r, a);
	for (int k = 0; k < PA_NAIMS; k++)
		assert_true(a[k] == r.aim[k] && (r.status != PSV_OPTIMAL || r.bound[k] == r.aim[k]));
	place_result_free(&r);
	large_free(&L);
}

int main(void)
{
	if (getenv("PLACE_BENCH")) {
		const struct CMUnitTest bench[] = {cmocka_unit_test(test_large)};
		return cmocka_run_group_tests(bench, NULL, NULL);
	}
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_three_together),
	    cmocka_unit_test(test_three_split),
	    cmocka_unit_test(test_ties),
	    cmocka_unit_test(test_not_placed),
	    cmocka_unit_test(test_apart),
	    cmocka_unit_test(test_rules),
	    cmocka_unit_test(test_greedy),
	    cmocka_unit_test(test_by_council),
	    cmocka_unit_test(test_mps),
	    cmocka_unit_test(test_explain),
	    cmocka_unit_test(test_commission),
	    cmocka_unit_test(test_exhaustive),
	    cmocka_unit_test(test_large),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
