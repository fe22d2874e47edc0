/* Sufficiency as shown (place.h; docs/places.md "Sufficiency to 2030", "Where people see
 * it"): each council's records and the register read through the store (no SQL here),
 * the engine run, and its published figures as JSON for the command line, the page, the
 * API and the reports. Only rounded figures grown from the records are in it, never a
 * child's row. */
#include "place/place.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/date.h"
#include "base/mem.h"

const char *const place_size_keys[PLACE_SIZES] = {"1", "2", "3", "4+"};
const char *const place_size_labels[PLACE_SIZES] = {
    "1 child", "2 brothers and sisters", "3 brothers and sisters", "4 or more brothers and sisters"};

static json_t *band_json(const struct money_band3 *b)
{
	return json_pack("{s:f, s:f, s:f}", "p5", b->p5, "p50", b->p50, "p95", b->p95);
}

static json_t *day_json(int32_t day)
{
	char d[11];
	date_format(date_from_days(day), d);
	return json_string(d);
}

/* A count of today's, published: rounded (count) and whether the true count was 1 to 4. */
static json_t *count_json(uint32_t rounded, uint32_t raw)
{
	return json_pack("{s:I, s:b}", "count", (json_int_t)rounded, "few", raw >= 1 && raw <= 4);
}

json_t *place_sufficiency_json(const struct place_sufficiency *s, const struct place_sibgroups *raw,
                               const char *name)
{
	const struct place_demand *d = &s->demand;
	json_t *today = json_object(), *tg = json_array();
	json_object_set_new(today, "day", day_json(d->today.day));
	json_object_set_new(today, "children", count_json(d->today.children, raw->children));
	json_object_set_new(today, "siblings_given", json_boolean(d->today.siblings_given));
	for (int k = 0; k < PLACE_SIZES; k++) {
		json_t *g =
		    json_pack("{s:s, s:s, s:o}", "size", place_size_keys[k], "label", place_size_labels[k],
		              "groups", count_json(d->today.groups[k], raw->groups[k]));
		if (k > 0)
			json_object_set_new(g, "apart", count_json(d->today.apart[k], raw->apart[k]));
		json_array_append_new(tg, g);
	}
	json_object_set_new(today, "groups", tg);

	json_t *now = json_object(), *nt = json_array(), *nh = json_array();
	json_object_set_new(now, "day", day_json(s->day));
	for (int t = 0; t < PT_NTYPES; t++)
		json_array_append_new(nt,
		                      json_pack("{s:s, s:s, s:i, s:i, s:i, s:i}", "type", place_type_keys[t],
		                                "label", place_type_labels[t], "services", s->now.services[t],
		                                "places", s->now.places[t], "vacancies", s->now.vacancies[t],
		                                "vacancy_services", s->now.vacancy_services[t]));
	for (int k = 1; k < PLACE_SIZES; k++)
		json_array_append_new(
		    nh, json_pack("{s:s, s:i}", "size", place_size_keys[k], "homes", s->now.homes[k]));
	json_object_set_new(now, "types", nt);
	json_object_set_new(now, "homes", nh);

	json_t *years = json_array();
	for (int y = 0; y < d->years; y++) {
		const struct place_supply *sp = &s->supply[y];
		int32_t first, last;
		money_fy_days(d->fy[y], &first, &last);
		char fyw[8];
		money_fy_words(d->fy[y], fyw);
		json_t *types = json_array();
		int all = 0;
		for (int t = 0; t < PT_NTYPES; t++) {
			if (!place_type_provides(t))
				continue;
			all += sp->places[t];
			json_t *bands = json_array();
			for (int b = 0; b < MB_NBANDS; b++)
				json_array_append_new(bands,
				                      json_pack("{s:s, s:s, s:o}", "band", money_band_keys[b],
				                                "label", money_band_labels[b], "children",
				                                band_json(&d->children[y][t][b])));
			json_array_append_new(
			    types, json_pack("{s:s, s:s, s:i, s:o, s:o, s:o}", "type", place_type_keys[t],
			                     "label", place_type_labels[t], "places", sp->places[t],
			                     "children", band_json(&d->type_total[y][t]), "gap",
			                     band_json(&s->gap[y][t]), "bands", bands));
		}
		json_t *groups = json_array(), *homes = json_array(), *add = json_array();
		long places_add[3] = {0, 0, 0};
		for (int k = 0; k < PLACE_SIZES; k++) {
			json_array_append_new(groups, json_pack("{s:s, s:o}", "size", place_size_keys[k],
			                                        "groups", band_json(&d->groups[y][k])));
			if (k == 0)
				continue;
			json_array_append_new(homes, json_pack("{s:s, s:i}", "size", place_size_keys[k],
			                                       "homes", sp->homes[k]));
			json_array_append_new(
			    add, json_pack("{s:s, s:I, s:I, s:I}", "size", place_size_keys[k], "p5",
			                   (json_int_t)s->add[y][0][k], "p50", (json_int_t)s->add[y][1][k],
			                   "p95", (json_int_t)s->add[y][2][k]));
			for (int b = 0; b < 3; b++)
				places_add[b] += s->add[y][b][k] * (k + 1);
		}
		struct money_band3 g3 = {d->groups[y][2].p5 + d->groups[y][3].p5,
		                         d->groups[y][2].p50 + d->groups[y][3].p50,
		                         d->groups[y][2].p95 + d->groups[y][3].p95};
		json_array_append_new(
		    years, json_pack("{s:s, s:i, s:o, s:o, s:{s:i, s:o, s:o}, s:o, s:o, s:{s:i, s:o, s:o}, "
		                     "s:o, s:{s:I, s:I, s:I}}",
		                     "year", fyw, "fy", d->fy[y], "day", day_json(last), "types", types,
		                     "placed", "places", all, "children", band_json(&d->placed[y]), "gap",
		                     band_json(&s->gap_placed[y]), "groups", groups, "homes", homes, "homes3",
		                     "homes", sp->homes[2] + sp->homes[3], "groups", band_json(&g3), "gap",
		                     band_json(&s->homes3_gap[y]), "commission", add, "commission_places",
		                     "p5", (json_int_t)places_add[0], "p50", (json_int_t)places_add[1], "p95",
		                     (json_int_t)places_add[2]));
	}
	return json_pack("{s:s, s:s, s:o, s:o, s:o, s:o}", "council", d->council, "name", name, "start",
	                 day_json(d->start), "today", today, "now", now, "years", years);
}

/* The council areas' names by code (the store's council areas, whose array, in their
 * order, goes to *areas). */
static json_t *council_names(struct store *st, json_t **areas_out, struct kerr *e)
{
	json_t *areas = store_resource_all(st, "council-areas", e);
	if (!areas)
		return NULL;
	json_t *names = json_object();
	size_t i;
	json_t *a;
	json_array_foreach(areas, i, a)
	{
		const char *id = json_string_value(json_object_get(a, "id")),
		           *n = json_string_value(json_object_get(a, "name"));
		if (id)
			json_object_set_new(names, id, json_string(n ? n : id));
	}
	*areas_out = areas;
	return names;
}

static int by_council(const void *a, const void *b)
{
	return strcmp(((const struct records *)a)->council, ((const struct records *)b)->council);
}

/* The register: every service and each one's latest vacancy return up to today.
 * (Until the register's store loaders are merged, store_place_services and
 * store_place_vacancies, the register is empty here: no places.) */
static int register_load(struct store *st, int32_t today, struct place_service **svc, size_t *ns,
                         struct place_vacancy **vac, size_t *nv, struct kerr *e)
{
	(void)st;
	(void)today;
	(void)e;
	*svc = NULL;
	*vac = NULL;
	*ns = *nv = 0;
	return 0;
}

json_t *place_sufficiency_report(struct store *st, const char *council, int32_t today, int draws,
                                 struct kerr *e)
{
	json_t *areas = NULL, *names = council_names(st, &areas, e);
	if (!names)
		return NULL;
	if (council && !json_object_get(names, council)) {
		json_decref(names);
		json_decref(areas);
		kerr_set(e, KERR_USAGE, "'%.40s' is not a council area's code", council);
		return NULL;
	}
	struct records *b = NULL;
	size_t nb = 0;
	if (money_area_load(st, council ? council : "scotland", &b, &nb, e) < 0) {
		if (e->code != KERR_NOTFOUND) {
			json_decref(names);
			json_decref(areas);
			return NULL;
		}
		*e = (struct kerr){0};
	}
	struct place_service *svc = NULL;
	struct place_vacancy *vac = NULL;
	size_t ns = 0, nv = 0;
	json_t *out = NULL;
	if (register_load(st, today, &svc, &ns, &vac, &nv, e) < 0)
		goto done;
	if (nb > 1)
		qsort(b, nb, sizeof *b, by_council);
	json_t *councils = json_array(), *without = json_array();
	struct place_sufficiency *s = xmalloc(sizeof *s);
	for (size_t i = 0; i < nb; i++) {
		struct place_demand d;
		if (place_demand_project(&b[i], draws, &d, e) < 0) {
			free(s);
			json_decref(councils);
			json_decref(without);
			goto done;
		}
		struct place_sibgroups raw = d.today;
		place_demand_round(&d);
		place_sufficiency_make(&d, svc, ns, vac, nv, today, s);
		json_array_append_new(
		    councils,
		    place_sufficiency_json(s, &raw, json_string_value(json_object_get(names, d.council))));
	}
	free(s);
	size_t k;
	json_t *a;
	json_array_foreach(areas, k, a)
	{
		const char *code = json_string_value(json_object_get(a, "id"));
		json_t *name = json_object_get(names, code ? code : "");
		if (!name || (council && strcmp(code, council) != 0))
			continue;
		bool has = false;
		for (size_t i = 0; i < nb; i++)
			has |= strcmp(b[i].council, code) == 0;
		if (!has)
			json_array_append_new(without,
			                      json_pack("{s:s, s:O}", "council", code, "name", name));
	}
	out = json_pack("{s:o, s:i, s:i, s:o, s:o}", "day", day_json(today), "draws",
	                draws > 0 ? draws : PLACE_DRAWS, "rounded_to", (int)MONEY_PUBLISH_CHILDREN,
	                "councils", councils, "without_records", without);
done:
	free(svc);
	free(vac);
	money_area_free(b, nb);
	json_decref(names);
	json_decref(areas);
	return out;
}
