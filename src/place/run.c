/* A plan as JSON, to show and to save (place.h "run.c"; docs/places.md "Runs and
 * decisions"): the requests as given (pseudonymous) and each one's recommendation. */
#include "place/place.h"

#include <jansson.h>
#include <string.h>

#include "base/date.h"

const char *const place_aim_keys[PA_NAIMS] = {"together", "placed", "scotland", "near_home", "not_for_profit",
                                              "weekly_cost"};
const char *const place_aim_labels[PA_NAIMS] = {
    "Sibling groups together", "Children placed", "Children in Scotland", "Near home", "Not for profit",
    "Weekly cost",
};

json_t *place_aims_json(const double aim[PA_NAIMS])
{
	json_t *o = json_object();
	for (int a = 0; a < PA_NAIMS; a++)
		json_object_set_new(o, place_aim_keys[a], json_integer((json_int_t)(aim[a] + (aim[a] < 0 ? -0.5 : 0.5))));
	return o;
}

static const struct place_service *service_of(const struct place_instance *in, const char *regno)
{
	for (size_t i = 0; i < in->nsvc; i++)
		if (strcmp(in->svc[i].regno, regno) == 0)
			return &in->svc[i];
	return NULL;
}

static json_t *needs_json(uint32_t needs)
{
	json_t *a = json_array();
	for (int k = 0; k < PN_NNEEDS; k++)
		if (needs & (1u << k))
			json_array_append_new(a, json_string(place_need_keys[k]));
	return a;
}

json_t *place_run_json(const struct place_instance *in, const struct place_result *r, int32_t day,
                       const char *const *explanation)
{
	char d[11];
	date_format(date_from_days(day), d);
	bool (*near)(const char *, const char *) = in->near ? in->near : place_near_home;
	json_t *requests = json_array();
	for (size_t i = 0; i < in->nreq; i++) {
		const struct place_request *q = &in->req[i];
		json_t *children = json_array(), *placed = json_array();
		int nplaced = 0;
		for (int c = 0; c < q->n; c++) {
			json_array_append_new(children, json_pack("{s:s,s:o}", "band", money_band_keys[q->child[c].band], "needs",
			                                          needs_json(q->child[c].needs)));
			size_t k = r->first[i] + (size_t)c;
			int v = k < r->nchildren ? r->where[k] : -1;
			const struct place_service *s = v >= 0 && (size_t)v < in->nvac ? service_of(in, in->vac[v].regno) : NULL;
			if (!s) {
				json_array_append_new(placed, json_null());
				continue;
			}
			nplaced++;
			json_array_append_new(
			    placed, json_pack("{s:s,s:s,s:s,s:s?,s:b,s:s,s:o,s:b}", "service", s->regno, "name", s->name, "provider",
			                      s->provider, "council", s->outside_scotland ? NULL : s->council, "outside_scotland",
			                      s->outside_scotland, "sector", place_sector_keys[s->sector], "weekly_cost",
			                      s->weekly_cost >= 0 ? json_real(s->weekly_cost) : json_null(), "near_home",
			                      !s->outside_scotland && near(q->home, s->council)));
		}
		json_t *rec = json_pack("{s:i,s:o,s:o,s:s?}", "placed", nplaced, "together",
		                        q->n >= 2 ? json_boolean(r->together[i]) : json_null(), "children", placed,
		                        "explanation", explanation ? explanation[i] : NULL);
		json_array_append_new(requests,
		                      json_pack("{s:s,s:s,s:s?,s:b,s:s,s:o,s:o}", "request", q->ref, "home", q->home, "school",
		                                q->school[0] ? q->school : NULL, "together", q->together, "urgency",
		                                place_urgency_keys[q->urgency], "children", children, "recommendation", rec));
	}
	return json_pack("{s:s,s:s,s:s,s:f,s:o,s:o,s:o}", "day", d, "scope", in->by_council ? "council" : "national",
	                 "status", r->status == PSV_OPTIMAL ? "optimal" : "time_limit", "seconds", r->seconds, "aims",
	                 place_aims_json(r->aim), "bounds", place_aims_json(r->bound), "requests", requests);
}
