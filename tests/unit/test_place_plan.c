/* Unit tests for the plan (src/place/model.c; docs/places.md "The plan"): hand-worked
 * instances, each answer worked out in its comment. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "place/model.h"
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
	}
	print_message("%d with groups together; %.2f s in place_plan, %lu stages by branch and bound\n",
	              nonzero, tplan, pm_branch_and_bound);
	assert_true(pm_branch_and_bound > 0); /* both ways of solving a stage are checked */
	assert_true(nonzero > 40);            /* the instances do test keeping groups together */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_three_together), cmocka_unit_test(test_three_split),
	    cmocka_unit_test(test_ties),           cmocka_unit_test(test_not_placed),
	    cmocka_unit_test(test_apart),          cmocka_unit_test(test_rules),
	    cmocka_unit_test(test_exhaustive),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
