/* The plan in words (docs/places.md "Explanations"): what a plan gives each request, why
 * a request could not be placed, and the next-best alternative with what it gives up.
 * Plain text for any layer to show; no HTML. */
#include <jansson.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/mem.h"
#include "measures/measures.h"
#include "place/model.h"

static const char *const numbers[] = {"none", "one", "two", "three", "four", "five", "six", "seven", "eight"};

static void number(struct buf *out, int n)
{
	if (n >= 0 && n <= 8)
		buf_printf(out, "%s", numbers[n]);
	else
		buf_printf(out, "%d", n);
}

static void council_name(struct buf *out, const char *code)
{
	json_t *j = measures_area_name(code);
	buf_printf(out, "%s", json_string_value(j));
	json_decref(j);
}

static const char *const sector_words[PS_NSECTORS] = {"a council", "a charity or the third sector",
                                                      "a private company"};

/* "with a fostering service in Fife, a council next to home, run by a charity or the
 * third sector" */
static void place_words(struct buf *out, const struct pm *m, size_t q, int v)
{
	const struct place_service *s = &m->in->svc[m->vsvc[v]];
	buf_printf(out, "with a %s ", place_type_labels[s->type]);
	if (!m->vscot[v])
		buf_printf(out, "outside Scotland");
	else {
		buf_printf(out, "in ");
		council_name(out, s->council);
		if (strcmp(s->council, m->in->req[q].home) == 0)
			buf_printf(out, ", the home council");
		else if (pm_near(m, q, (size_t)v))
			buf_printf(out, ", a council next to home");
		else
			buf_printf(out, ", further from home in Scotland");
	}
	buf_printf(out, ", run by %s", sector_words[s->sector]);
}

/* A list of needs: "a learning disability and mental health support". */
static void needs_words(struct buf *out, uint32_t needs)
{
	int n = 0, total = 0;
	for (int k = 0; k < PN_NNEEDS; k++)
		total += (needs >> k) & 1;
	for (int k = 0; k < PN_NNEEDS; k++)
		if (needs & (1u << k)) {
			n++;
			buf_printf(out, "%s%s",
			           n == 1       ? ""
			           : n == total ? " and "
			                        : ", ",
			           place_need_labels[k]);
		}
}

/* Why child c can go to no vacancy at all (it has no eligible pair). */
static void child_reason(struct buf *out, const struct pm *m, size_t c)
{
	const struct place_request *rq = &m->in->req[m->creq[c]];
	const struct place_child *ch = &rq->child[c - m->first[m->creq[c]]];
	bool any = false, band = false, needs = false;
	for (size_t v = 0; v < m->in->nvac; v++) {
		if (!m->vok[v])
			continue;
		any = true;
		band |= ch->band >= m->in->vac[v].band_from && ch->band <= m->in->vac[v].band_to;
		needs |= (ch->needs & ~m->in->svc[m->vsvc[v]].needs_met) == 0;
	}
	if (!any)
		buf_printf(out, "no vacancy has a place to live free");
	else if (!band)
		buf_printf(out, "no vacancy takes a child aged %s", money_band_labels[ch->band]);
	else if (!needs) {
		buf_printf(out, "no vacancy can meet ");
		needs_words(out, ch->needs);
	} else {
		buf_printf(out, "no vacancy both takes a child aged %s and can meet ",
		           money_band_labels[ch->band]);
		needs_words(out, ch->needs);
	}
}

/* The words of request q's outcome in the plan where[] (first: its first child). */
static void outcome(struct buf *out, const struct pm *m, size_t q, const int *where)
{
	const struct place_request *rq = &m->in->req[q];
	size_t c0 = m->first[q];
	int placed = 0;
	bool one = true;
	for (int i = 0; i < rq->n; i++) {
		placed += where[c0 + (size_t)i] >= 0;
		one = one && where[c0 + (size_t)i] == where[c0];
	}
	if (placed == 0) {
		buf_printf(out, "not placed: ");
		/* the reasons of the children who can go nowhere, each once */
		struct buf seen = {0};
		int nr = 0;
		for (int i = 0; i < rq->n; i++) {
			size_t c = c0 + (size_t)i;
			if (m->xstart[c] < m->xstart[c + 1])
				continue;
			struct buf r = {0};
			child_reason(&r, m, c);
			if (!strstr(buf_str(&seen), buf_str(&r))) {
				buf_printf(out, "%s%s", nr++ ? "; " : "", buf_str(&r));
				buf_printf(&seen, "%s|", buf_str(&r));
			}
			buf_free(&r);
		}
		buf_free(&seen);
		if (nr == 0) {
			int nv = 0;
			for (size_t v = 0; v < m->in->nvac; v++) {
				bool any = false;
				for (size_t c = c0; c < m->first[q + 1] && !any; c++)
					any = pm_xcol(m, c, (int)v) >= 0;
				nv += any;
			}
			buf_printf(out, "the ");
			number(out, nv);
			buf_printf(out, " %s that could take %s %s taken by others in this plan",
			           nv == 1 ? "vacancy" : "vacancies", rq->n == 1 ? "the child" : "them",
			           nv == 1 ? "is" : "are");
		}
	} else if (rq->n == 1) {
		buf_printf(out, "placed ");
		place_words(out, m, q, where[c0]);
	} else if (one && placed == rq->n) {
		buf_printf(out, "placed together, the %s of them, ", rq->n <= 8 ? numbers[rq->n] : "all");
		place_words(out, m, q, where[c0]);
	} else {
		buf_printf(out, rq->together ? "split: "
		                             : "placed apart (living together is not safe or not wanted): ");
		bool *done = xcalloc((size_t)rq->n, sizeof *done);
		int parts = 0;
		for (int i = 0; i < rq->n; i++) {
			int v = where[c0 + (size_t)i];
			if (v < 0 || done[i])
				continue;
			int k = 0;
			for (int j = i; j < rq->n; j++)
				if (where[c0 + (size_t)j] == v) {
					done[j] = true;
					k++;
				}
			buf_printf(out, "%s", parts++ ? "; " : "");
			number(out, k);
			buf_printf(out, " ");
			place_words(out, m, q, v);
		}
		if (placed < rq->n) {
			buf_printf(out, "; ");
			number(out, rq->n - placed);
			buf_printf(out, " not placed");
		}
		free(done);
	}
	if (rq->together && rq->n >= 2 && !(one && placed == rq->n)) {
		bool any = false;
		for (int j = m->nx; j < m->ncol && !any; j++)
			any = m->colr[j] == (int)q;
		if (!any) {
			int most = 0;
			for (size_t v = 0; v < m->in->nvac; v++)
				if (m->vok[v] && m->in->vac[v].max_siblings > most &&
				    m->in->vac[v].places >= 1)
					most = m->in->vac[v].max_siblings;
			buf_printf(out, " (no vacancy can take the %s of them together",
			           numbers[rq->n <= 8 ? rq->n : 8]);
			if (most < rq->n)
				buf_printf(out, ": the largest group any vacancy takes together now is %d",
				           most);
			buf_printf(out, ")");
		}
	}
	if (rq->school[0]) {
		buf_printf(out, "; school in ");
		council_name(out, rq->school);
	}
}

void place_explain(const struct place_instance *in, const struct place_result *r, size_t q, struct buf *out)
{
	struct pm m;
	struct kerr e = {0};
	if (q >= in->nreq || pm_build(&m, in, &e) < 0) {
		buf_printf(out, "no explanation: %s", q >= in->nreq ? "no such request" : e.msg);
		return;
	}
	outcome(out, &m, q, r->where);
	pm_free(&m);
}

/* What changes between aims a (the plan) and b (the alternative), in words; "gives up"
 * lists the aims that get worse, "gains" those that get better. */
static void changes(struct buf *out, const double *a, const double *b)
{
	static const char *const one[PA_NAIMS] = {"group of brothers and sisters placed together",
	                                          "child placed",
	                                          "child placed in Scotland",
	                                          "child placed near home",
	                                          "child placed with a council or a charity",
	                                          NULL};
	static const char *const many[PA_NAIMS] = {"groups of brothers and sisters placed together",
	                                           "children placed",
	                                           "children placed in Scotland",
	                                           "children placed near home",
	                                           "children placed with a council or a charity",
	                                           NULL};
	for (int pass = 0; pass < 2; pass++) {
		int n = 0;
		for (int k = 0; k < PA_NAIMS; k++) {
			double d = b[k] - a[k];
			bool worse = k == PA_COST ? d > 0 : d < 0;
			if (d == 0 || worse != (pass == 0))
				continue;
			buf_printf(out, "%s", n++ ? ", " : pass == 0 ? "; it gives up: " : "; it gains: ");
			if (k == PA_COST)
				buf_printf(out, "£%.0f a week %s", fabs(d), d > 0 ? "more" : "less");
			else
				buf_printf(out, "%.0f %s %s", fabs(d), d > 0 ? "more" : "fewer",
				           fabs(d) == 1 ? one[k] : many[k]);
		}
		if (pass == 0 && n == 0)
			buf_printf(out, "; it gives up nothing (another plan as good)");
	}
}

int place_alternative(const struct place_instance *in, const struct place_options *o,
                      const struct place_result *r, size_t q, struct place_result *alt, struct buf *out,
                      struct kerr *e)
{
	memset(alt, 0, sizeof *alt);
	if (in->by_council)
		return kerr_set(e, KERR_USAGE, "the next-best alternative is of the national plan");
	if (q >= in->nreq)
		return kerr_set(e, KERR_NOTFOUND, "no request %zu", q + 1);
	double t0 = pm_now();
	struct pm m;
	if (pm_build(&m, in, e) < 0)
		return -1;
	const struct place_request *rq = &in->req[q];
	size_t c0 = m.first[q];
	bool placed = false;
	for (int i = 0; i < rq->n; i++)
		placed |= r->where[c0 + (size_t)i] >= 0;
	unsigned char *forbid = xcalloc((size_t)m.ncol + 1, 1);
	double *start = xcalloc((size_t)m.ncol + 1, sizeof *start);
	int rc = 0;
	if (placed) {
		/* each placed child anywhere but where the plan puts them (or not placed) */
		for (int j = 0; j < m.ncol; j++)
			if (m.colr[j] == (int)q &&
			    (m.colc[j] >= 0 ? r->where[m.colc[j]] == m.colv[j] : r->where[c0] == m.colv[j]))
				forbid[j] = 1;
	} else {
		/* at least one of them placed */
		int *ind = xcalloc((size_t)m.ncol + 1, sizeof *ind);
		double *val = xcalloc((size_t)m.ncol + 1, sizeof *val);
		int nz = 0;
		for (int j = 0; j < m.ncol; j++)
			if (m.colr[j] == (int)q) {
				ind[nz] = j;
				val[nz++] = 1;
			}
		if (nz > 0) {
			pm_add_row(&m, "placed_anyway", nz, ind, val, 1, INFINITY);
			start[ind[0]] = 1; /* the first such column alone: a plan that keeps the rows */
			m.start = start;
		}
		free(ind);
		free(val);
		if (nz == 0) {
			buf_printf(out, "There is no other outcome: ");
			outcome(out, &m, q, r->where);
			rc = 1;
		}
	}
	if (rc == 0) {
		double *x = xcalloc((size_t)m.ncol + 1, sizeof *x);
		int status;
		double aim[PA_NAIMS], bound[PA_NAIMS];
		rc = pm_lex(&m, forbid, o, x, &status, aim, bound, e);
		if (rc == 0) {
			pm_result(&m, x, alt);
			alt->status = status;
			place_aims_of(in, alt, alt->aim);
			for (int a = 0; a < PA_NAIMS; a++)
				alt->bound[a] = status == PSV_OPTIMAL ? alt->aim[a] : bound[a];
			alt->seconds = pm_now() - t0;
			buf_printf(out, "Next best: ");
			outcome(out, &m, q, alt->where);
			changes(out, r->aim, alt->aim);
			buf_printf(out, ".");
		}
		free(x);
	}
	free(forbid);
	free(start);
	pm_free(&m);
	return rc;
}
