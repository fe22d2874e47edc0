/* The two plans the national plan is compared with (docs/places.md "The greedy
 * baseline", "Council by council"): today's practice, request by request; and each
 * council planning for its own children in turn over what the councils before it left. */
#include <stdlib.h>
#include <string.h>

#include "base/mem.h"
#include "place/model.h"

/* The greedy baseline's order of vacancies for request r: the tier (0 the home council,
 * 1 a council next to it, 2 elsewhere in Scotland, 3 outside Scotland), then the cost,
 * then the registration number. */
static int tier(const struct pm *m, size_t r, size_t v)
{
	const struct place_service *s = &m->in->svc[m->vsvc[v]];
	if (!m->vscot[v])
		return 3;
	if (strcmp(s->council, m->in->req[r].home) == 0)
		return 0;
	return pm_near(m, r, v) ? 1 : 2;
}

/* Whether vacancy a comes before b for request r. */
static bool before(const struct pm *m, size_t r, int a, int b)
{
	if (b < 0)
		return true;
	int ta = tier(m, r, (size_t)a), tb = tier(m, r, (size_t)b);
	if (ta != tb)
		return ta < tb;
	if (m->vcost[a] != m->vcost[b])
		return m->vcost[a] < m->vcost[b];
	return strcmp(m->in->vac[a].regno, m->in->vac[b].regno) < 0;
}

struct order {
	const struct place_request *req;
	size_t i;
};

static int by_urgency(const void *a, const void *b)
{
	const struct order *x = a, *y = b;
	if (x->req->urgency != y->req->urgency)
		return x->req->urgency < y->req->urgency ? -1 : 1;
	int c = strcmp(x->req->ref, y->req->ref);
	return c ? c : (x->i < y->i ? -1 : x->i > y->i);
}

int place_greedy(const struct place_instance *in, struct place_result *out, struct kerr *e)
{
	double t0 = pm_now();
	memset(out, 0, sizeof *out);
	struct pm m;
	if (pm_build(&m, in, e) < 0)
		return -1;
	pm_result_alloc(&m, out);
	int *left = xcalloc(in->nvac + 1, sizeof *left);
	for (size_t v = 0; v < in->nvac; v++)
		left[v] = in->vac[v].places;
	struct order *ord = xcalloc(in->nreq + 1, sizeof *ord);
	for (size_t r = 0; r < in->nreq; r++)
		ord[r] = (struct order){&in->req[r], r};
	qsort(ord, in->nreq, sizeof *ord, by_urgency);
	int *at = xcalloc(in->nvac + 1, sizeof *at);       /* this group's children at each vacancy */
	int *atsvc = xcalloc(in->nsvc + 1, sizeof *atsvc); /* ... and at each service */
	for (size_t i = 0; i < in->nreq; i++) {
		size_t r = ord[i].i;
		const struct place_request *rq = &in->req[r];
		size_t c0 = m.first[r];
		if (rq->together && rq->n >= 2) {
			int best = -1;
			for (size_t v = 0; v < in->nvac; v++) {
				if (left[v] < rq->n || in->vac[v].max_siblings < rq->n)
					continue;
				bool all = true;
				for (int k = 0; k < rq->n && all; k++)
					all = pm_eligible(&m, c0 + (size_t)k, v);
				if (all && before(&m, r, (int)v, best))
					best = (int)v;
			}
			if (best >= 0) {
				for (int k = 0; k < rq->n; k++)
					out->where[c0 + (size_t)k] = best;
				left[best] -= rq->n;
				continue;
			}
		}
		memset(at, 0, in->nvac * sizeof *at);
		memset(atsvc, 0, in->nsvc * sizeof *atsvc);
		for (int k = 0; k < rq->n; k++) {
			int best = -1;
			for (size_t v = 0; v < in->nvac; v++) {
				if (left[v] < 1 || !pm_eligible(&m, c0 + (size_t)k, v))
					continue;
				if (rq->n >= 2 &&
				    (rq->together ? at[v] >= in->vac[v].max_siblings : atsvc[m.vsvc[v]] >= 1))
					continue;
				if (before(&m, r, (int)v, best))
					best = (int)v;
			}
			if (best < 0)
				continue;
			out->where[c0 + (size_t)k] = best;
			left[best]--;
			at[best]++;
			atsvc[m.vsvc[best]]++;
		}
	}
	pm_mark_together(in, out);
	out->status = PSV_OPTIMAL;
	place_aims_of(in, out, out->aim);
	memcpy(out->bound, out->aim, sizeof out->bound);
	out->seconds = pm_now() - t0;
	free(left);
	free(ord);
	free(at);
	free(atsvc);
	pm_free(&m);
	return 0;
}

/* ---- council by council */

struct council_order {
	const char *home;
	int children;
};

static int by_children(const void *a, const void *b)
{
	const struct council_order *x = a, *y = b;
	if (x->children != y->children)
		return x->children > y->children ? -1 : 1;
	return strcmp(x->home, y->home);
}

int pm_by_council(const struct place_instance *in, const struct place_options *o, struct place_result *out,
                  struct kerr *e)
{
	double t0 = pm_now();
	memset(out, 0, sizeof *out);
	struct pm m;
	if (pm_build(&m, in, e) < 0) /* checks the instance once, whole */
		return -1;
	pm_result_alloc(&m, out);
	struct council_order *co = xcalloc(in->nreq + 1, sizeof *co);
	size_t nco = 0;
	for (size_t r = 0; r < in->nreq; r++) {
		size_t i = 0;
		while (i < nco && strcmp(co[i].home, in->req[r].home) != 0)
			i++;
		if (i == nco)
			co[nco++] = (struct council_order){in->req[r].home, 0};
		co[i].children += in->req[r].n;
	}
	qsort(co, nco, sizeof *co, by_children);
	struct place_vacancy *vac = xcalloc(in->nvac + 1, sizeof *vac);
	memcpy(vac, in->vac, in->nvac * sizeof *vac);
	struct place_request *req = xcalloc(in->nreq + 1, sizeof *req);
	size_t *orig = xcalloc(in->nreq + 1, sizeof *orig);
	int status = PSV_OPTIMAL, rc = 0;
	for (size_t i = 0; i < nco && rc == 0; i++) {
		size_t n = 0;
		for (size_t r = 0; r < in->nreq; r++)
			if (strcmp(in->req[r].home, co[i].home) == 0) {
				orig[n] = r;
				req[n++] = in->req[r];
			}
		struct place_instance sub = *in;
		sub.req = req;
		sub.nreq = n;
		sub.vac = vac;
		sub.by_council = false;
		struct place_options so = {0};
		if (o && o->time_limit_s > 0) {
			so.time_limit_s = (o->time_limit_s - (pm_now() - t0)) / (double)(nco - i);
			if (so.time_limit_s <= 0.001)
				so.time_limit_s = 0.001;
		}
		struct place_result sr;
		if (place_plan(&sub, &so, &sr, e) < 0) {
			rc = -1;
			break;
		}
		if (sr.status != PSV_OPTIMAL)
			status = PSV_TIME_LIMIT;
		for (size_t q = 0; q < n; q++)
			for (int k = 0; k < req[q].n; k++) {
				int v = sr.where[sr.first[q] + (size_t)k];
				out->where[out->first[orig[q]] + (size_t)k] = v;
				if (v >= 0)
					vac[v].places--;
			}
		place_result_free(&sr);
	}
	if (rc == 0) {
		pm_mark_together(in, out);
		out->status = status;
		place_aims_of(in, out, out->aim);
		memcpy(out->bound, out->aim, sizeof out->bound);
		out->seconds = pm_now() - t0;
	} else
		place_result_free(out);
	free(co);
	free(vac);
	free(req);
	free(orig);
	pm_free(&m);
	return rc;
}

/* ---- commissioning */

static int by_council_size(const void *a, const void *b)
{
	const struct place_households *x = a, *y = b;
	int c = strcmp(x->council, y->council);
	return c ? c : (x->size > y->size) - (x->size < y->size);
}

int place_commission_plan(const struct place_instance *in, const struct place_options *o,
                          struct place_households **out, size_t *n, int *total, struct kerr *e)
{
	*out = NULL;
	*n = 0;
	*total = 0;
	struct place_result r;
	if (place_plan(in, o, &r, e) < 0)
		return -1;
	struct place_households *rows = xcalloc(in->nreq + 1, sizeof *rows);
	size_t nr = 0;
	for (size_t q = 0; q < in->nreq; q++) {
		const struct place_request *rq = &in->req[q];
		if (!rq->together || rq->n < 2 || r.together[q])
			continue;
		size_t i = 0;
		while (i < nr && !(strcmp(rows[i].council, rq->home) == 0 && rows[i].size == rq->n))
			i++;
		if (i == nr) {
			memcpy(rows[nr].council, rq->home, sizeof rows[nr].council);
			rows[nr].council[sizeof rows[nr].council - 1] = 0;
			rows[nr++].size = rq->n;
		}
		rows[i].households++;
		(*total)++;
	}
	qsort(rows, nr, sizeof *rows, by_council_size);
	*out = rows;
	*n = nr;
	place_result_free(&r);
	return 0;
}
