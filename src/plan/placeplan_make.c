/* Making a plan: the requests, the register's services and vacancies, the solver, and
 * the comparison (placeplan.h "making a plan"; docs/places.md "The plan"). */
#include "plan/placeplan.h"

#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "place/place.h"

static json_t *aims_of(const char *status, const struct place_instance *in, const struct place_result *r)
{
	double aim[PA_NAIMS];
	place_aims_of(in, r, aim);
	return json_pack("{s:s,s:o}", "status", status, "aims", place_aims_json(aim));
}

/* Marks each recommended service of run made_up (true or false) as the register holds it:
 * the demonstration's services are made up, and every page that names one says so. */
static int mark_made_up(struct store *s, json_t *run, struct kerr *e)
{
	json_t *seen = json_object(); /* regno: made_up */
	size_t i, c;
	json_t *q, *x;
	int rc = 0;
	json_array_foreach(json_object_get(run, "requests"), i, q)
	{
		json_array_foreach(json_object_get(json_object_get(q, "recommendation"), "children"), c, x)
		{
			const char *regno = json_string_value(json_object_get(x, "service"));
			if (!regno || rc < 0)
				continue;
			json_t *m = json_object_get(seen, regno);
			if (!m) {
				json_t *svc = store_place_service(s, regno, e);
				if (!svc) {
					rc = -1;
					continue;
				}
				m = json_boolean(json_is_true(json_object_get(svc, "made_up")));
				json_object_set_new(seen, regno, m);
				json_decref(svc);
			}
			json_object_set(x, "made_up", m);
		}
	}
	json_decref(seen);
	return rc;
}

int placeplan_make(struct store *s, const struct place_request *req, size_t nreq, int32_t day, bool by_council,
                   bool compare, const struct place_options *o, json_t **out, struct kerr *e)
{
	*out = NULL;
	struct place_service *svc = NULL;
	struct place_vacancy *vac = NULL;
	size_t nsvc = 0, nvac = 0;
	if (store_place_services(s, &svc, &nsvc, e) < 0)
		return -1;
	if (store_place_vacancies(s, day, &vac, &nvac, e) < 0) {
		free(svc);
		return -1;
	}
	/* An empty register gives empty lists, never NULL (the solver copies them). */
	static const struct place_service no_services[1];
	static const struct place_vacancy no_vacancies[1];
	struct place_instance in = {.req = req, .nreq = nreq, .svc = svc ? svc : no_services,
	                            .vac = vac ? vac : no_vacancies, .nsvc = nsvc, .nvac = nvac,
	                            .by_council = by_council};
	struct place_result r = {0};
	int rc = place_plan(&in, o, &r, e);
	if (rc == 0) {
		/* each request's outcome in words (the solver's place_explain) */
		char **why = calloc(nreq ? nreq : 1, sizeof *why);
		for (size_t q = 0; q < nreq; q++) {
			struct buf b = {0};
			place_explain(&in, &r, q, &b);
			why[q] = strdup(buf_str(&b));
			buf_free(&b);
		}
		*out = place_run_json(&in, &r, day, (const char *const *)why);
		for (size_t q = 0; q < nreq; q++)
			free(why[q]);
		free(why);
		/* each request's next-best alternative, and what it gives up, when asked */
		json_t *reqs = json_object_get(*out, "requests");
		for (size_t q = 0; o->alternatives && !by_council && rc == 0 && q < nreq; q++) {
			struct place_options o2 = *o;
			o2.mps_dir = NULL;
			struct place_result alt = {0};
			struct buf b = {0};
			int a = place_alternative(&in, &o2, &r, q, &alt, &b, e);
			if (a < 0)
				rc = -1;
			else
				json_object_set_new(json_object_get(json_array_get(reqs, q), "recommendation"), "alternative",
				                    json_string(buf_str(&b)));
			if (a == 0)
				place_result_free(&alt);
			buf_free(&b);
		}
		if (rc == 0)
			rc = mark_made_up(s, *out, e);
		if (rc == 0 && compare) {
			json_t *cmp = json_object();
			const char *mine = by_council ? "council" : "national", *other = by_council ? "national" : "council";
			json_object_set_new(cmp, mine, aims_of(r.status == PSV_OPTIMAL ? "optimal" : "time_limit", &in, &r));
			struct place_instance in2 = in;
			in2.by_council = !by_council;
			struct place_result r2 = {0};
			struct place_options o2 = *o;
			o2.mps_dir = NULL; /* the MPS files are the plan's own */
			if ((rc = place_plan(&in2, &o2, &r2, e)) == 0)
				json_object_set_new(cmp, other,
				                    aims_of(r2.status == PSV_OPTIMAL ? "optimal" : "time_limit", &in2, &r2));
			place_result_free(&r2);
			struct place_result g = {0};
			if (rc == 0 && (rc = place_greedy(&in, &g, e)) == 0)
				json_object_set_new(cmp, "greedy", aims_of("greedy", &in, &g));
			place_result_free(&g);
			json_object_set_new(*out, "comparison", cmp);
		}
	}
	if (rc < 0) {
		json_decref(*out);
		*out = NULL;
	}
	place_result_free(&r);
	free(svc);
	free(vac);
	return rc;
}
