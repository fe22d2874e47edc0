/* Unit tests for the plan (src/place/model.c; docs/places.md "The plan"): hand-worked
 * instances, each answer worked out in its comment. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "place/place.h"

/* Councils in the tests: A and B are next to each other, C is next to neither. */
#define CA "S12000001"
#define CB "S12000002"
#define CC "S12000003"

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
	snprintf(v->regno, sizeof v->regno, "%s", s->regno);
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

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_three_together), cmocka_unit_test(test_three_split),
	    cmocka_unit_test(test_ties),           cmocka_unit_test(test_not_placed),
	    cmocka_unit_test(test_apart),          cmocka_unit_test(test_rules),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
