/* The plan (docs/places.md "The plan"): the model stated there, built over the eligible
 * pairs only, and solved in six stages with CBC, each stage fixing the optima of the
 * stages before it as constraints. */
#include "place/model.h"

#include <coin/Cbc_C_Interface.h>
#include <coin/Clp_C_Interface.h>
#include <float.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/mem.h"

unsigned long pm_branch_and_bound;

double pm_now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

bool pm_eligible(const struct pm *m, size_t c, size_t v)
{
	if (!m->vok[v])
		return false;
	const struct place_vacancy *vac = &m->in->vac[v];
	const struct place_service *s = &m->in->svc[m->vsvc[v]];
	const struct place_request *rq = &m->in->req[m->creq[c]];
	const struct place_child *ch = &rq->child[c - m->first[m->creq[c]]];
	return ch->band >= vac->band_from && ch->band <= vac->band_to && (ch->needs & ~s->needs_met) == 0;
}

bool pm_near(const struct pm *m, size_t r, size_t v)
{
	const struct place_service *s = &m->in->svc[m->vsvc[v]];
	return m->vscot[v] && m->near(m->in->req[r].home, s->council);
}

void pm_add_row(struct pm *m, const char *name, int nz, const int *ind, const double *val, double lo,
                double hi)
{
	if (m->nrow + 1 >= m->caprow) {
		m->caprow = m->caprow ? 2 * m->caprow : 256;
		m->rstart = xrealloc(m->rstart, (size_t)(m->caprow + 1) * sizeof *m->rstart);
		m->rlo = xrealloc(m->rlo, (size_t)m->caprow * sizeof *m->rlo);
		m->rhi = xrealloc(m->rhi, (size_t)m->caprow * sizeof *m->rhi);
		m->rname = xrealloc(m->rname, (size_t)m->caprow * sizeof *m->rname);
	}
	if (m->nnz + nz > m->capnz) {
		while (m->nnz + nz > m->capnz)
			m->capnz = m->capnz ? 2 * m->capnz : 1024;
		m->rind = xrealloc(m->rind, (size_t)m->capnz * sizeof *m->rind);
		m->rval = xrealloc(m->rval, (size_t)m->capnz * sizeof *m->rval);
	}
	m->rstart[m->nrow] = m->nnz;
	memcpy(m->rind + m->nnz, ind, (size_t)nz * sizeof *ind);
	memcpy(m->rval + m->nnz, val, (size_t)nz * sizeof *val);
	m->nnz += nz;
	m->rlo[m->nrow] = lo;
	m->rhi[m->nrow] = hi;
	snprintf(m->rname[m->nrow], sizeof m->rname[0], "%s", name);
	m->nrow++;
	m->rstart[m->nrow] = m->nnz;
}

void pm_free(struct pm *m)
{
	free(m->creq);
	free(m->first);
	free(m->vsvc);
	free(m->vok);
	free(m->vscot);
	free(m->vnfp);
	free(m->vcost);
	free(m->xstart);
	free(m->colc);
	free(m->colr);
	free(m->colv);
	for (int a = 0; a < PA_NAIMS; a++)
		free(m->coef[a]);
	free(m->rstart);
	free(m->rind);
	free(m->rval);
	free(m->rlo);
	free(m->rhi);
	free(m->rname);
	memset(m, 0, sizeof *m);
}

/* Reads the instance: every request, child and vacancy checked; the counted cost. */
static int pm_read(struct pm *m, const struct place_instance *in, struct kerr *e)
{
	memset(m, 0, sizeof *m);
	m->in = in;
	m->near = in->near ? in->near : place_near_home;
	m->first = xcalloc(in->nreq + 1, sizeof *m->first);
	for (size_t r = 0; r < in->nreq; r++) {
		const struct place_request *rq = &in->req[r];
		if (rq->n < 1 || rq->n > PLACE_MAX_GROUP)
			return kerr_set(e, KERR_INVALID, "request %.32s: %d children (1 to %d)", rq->ref,
			                rq->n, PLACE_MAX_GROUP);
		for (int i = 0; i < rq->n; i++)
			if (rq->child[i].band < 0 || rq->child[i].band >= MB_NBANDS)
				return kerr_set(e, KERR_INVALID, "request %.32s: child %d has no age band",
				                rq->ref, i + 1);
		m->first[r] = m->nc;
		m->nc += (size_t)rq->n;
	}
	m->first[in->nreq] = m->nc;
	m->creq = xcalloc(m->nc + 1, sizeof *m->creq);
	for (size_t r = 0; r < in->nreq; r++)
		for (size_t c = m->first[r]; c < m->first[r + 1]; c++)
			m->creq[c] = (int)r;
	size_t nv = in->nvac + 1;
	m->vsvc = xcalloc(nv, sizeof *m->vsvc);
	m->vok = xcalloc(nv, sizeof *m->vok);
	m->vscot = xcalloc(nv, sizeof *m->vscot);
	m->vnfp = xcalloc(nv, sizeof *m->vnfp);
	m->vcost = xcalloc(nv, sizeof *m->vcost);
	double top = 0;
	bool any_unknown = false;
	for (size_t v = 0; v < in->nvac; v++) {
		const struct place_vacancy *vac = &in->vac[v];
		int s = -1;
		for (size_t k = 0; k < in->nsvc && s < 0; k++)
			if (strcmp(in->svc[k].regno, vac->regno) == 0)
				s = (int)k;
		if (s < 0)
			return kerr_set(e, KERR_INVALID, "vacancy %zu names %.16s, which is no service",
			                v + 1, vac->regno);
		const struct place_service *sv = &in->svc[s];
		m->vsvc[v] = s;
		/* a place to live: not short breaks, and not secure care (which only a children's
		 * hearing or a court can order, and a request does not ask for) */
		m->vok[v] = sv->status == PSS_ACTIVE && vac->places >= 1 && vac->max_siblings >= 1 &&
		            sv->type != PT_SHORT_BREAKS && sv->type != PT_SECURE;
		m->vscot[v] = !sv->outside_scotland;
		m->vnfp[v] = !place_sector_for_profit(sv->sector);
		if (sv->weekly_cost >= 0) {
			m->vcost[v] = round(sv->weekly_cost);
			if (m->vcost[v] > top)
				top = m->vcost[v];
		} else {
			m->vcost[v] = -1;
			any_unknown = true;
		}
	}
	if (any_unknown)
		for (size_t v = 0; v < in->nvac; v++)
			if (m->vcost[v] < 0)
				m->vcost[v] = top;
	return 0;
}

static void add_col(struct pm *m, int *cap, int c, int r, int v)
{
	if (m->ncol == *cap) {
		*cap = *cap ? 2 * *cap : 256;
		m->colc = xrealloc(m->colc, (size_t)*cap * sizeof *m->colc);
		m->colr = xrealloc(m->colr, (size_t)*cap * sizeof *m->colr);
		m->colv = xrealloc(m->colv, (size_t)*cap * sizeof *m->colv);
	}
	m->colc[m->ncol] = c;
	m->colr[m->ncol] = r;
	m->colv[m->ncol] = v;
	m->ncol++;
}

/* The column of x[c,v], or -1 when (c, v) is not an eligible pair. */
static int xcol(const struct pm *m, size_t c, int v)
{
	int lo = m->xstart[c], hi = m->xstart[c + 1] - 1;
	while (lo <= hi) {
		int mid = (lo + hi) / 2;
		if (m->colv[mid] == v)
			return mid;
		if (m->colv[mid] < v)
			lo = mid + 1;
		else
			hi = mid - 1;
	}
	return -1;
}

static int cmp_int2(const void *a, const void *b)
{
	const int *x = a, *y = b;
	return x[0] != y[0] ? (x[0] < y[0] ? -1 : 1) : (x[1] < y[1] ? -1 : x[1] > y[1]);
}

int pm_build(struct pm *m, const struct place_instance *in, struct kerr *e)
{
	if (pm_read(m, in, e) < 0) {
		pm_free(m);
		return -1;
	}
	int cap = 0;
	m->xstart = xcalloc(m->nc + 1, sizeof *m->xstart);
	for (size_t c = 0; c < m->nc; c++) {
		m->xstart[c] = m->ncol;
		for (size_t v = 0; v < in->nvac; v++)
			if (pm_eligible(m, c, v))
				add_col(m, &cap, (int)c, m->creq[c], (int)v);
	}
	m->xstart[m->nc] = m->ncol;
	m->nx = m->ncol;
	/* y[r,v]: a together group, a vacancy every child may go to, room for all of them */
	for (size_t r = 0; r < in->nreq; r++) {
		const struct place_request *rq = &in->req[r];
		if (!rq->together || rq->n < 2)
			continue;
		size_t c0 = m->first[r];
		for (int k = m->xstart[c0]; k < m->xstart[c0 + 1]; k++) {
			int v = m->colv[k];
			if (rq->n > in->vac[v].max_siblings || rq->n > in->vac[v].places)
				continue;
			bool all = true;
			for (size_t c = c0 + 1; c < m->first[r + 1] && all; c++)
				all = xcol(m, c, v) >= 0;
			if (all)
				add_col(m, &cap, -1, (int)r, v);
		}
	}
	for (int a = 0; a < PA_NAIMS; a++)
		m->coef[a] = xcalloc((size_t)m->ncol + 1, sizeof *m->coef[a]);
	for (int j = 0; j < m->ncol; j++) {
		int v = m->colv[j];
		if (m->colc[j] < 0) {
			m->coef[PA_TOGETHER][j] = 1;
			continue;
		}
		m->coef[PA_PLACED][j] = 1;
		m->coef[PA_SCOTLAND][j] = m->vscot[v];
		m->coef[PA_NEAR_HOME][j] = pm_near(m, (size_t)m->colr[j], (size_t)v);
		m->coef[PA_NOT_FOR_PROFIT][j] = m->vnfp[v];
		m->coef[PA_COST][j] = m->vcost[v];
	}

	int *ind = xcalloc((size_t)m->ncol + 1, sizeof *ind);
	double *val = xcalloc((size_t)m->ncol + 1, sizeof *val);
	char name[64];
	/* 1. each child at most once */
	for (size_t c = 0; c < m->nc; c++) {
		int nz = 0;
		for (int k = m->xstart[c]; k < m->xstart[c + 1]; k++, nz++) {
			ind[nz] = k;
			val[nz] = 1;
		}
		snprintf(name, sizeof name, "once_%zu", c + 1);
		if (nz >= 2)
			pm_add_row(m, name, nz, ind, val, -INFINITY, 1);
	}
	/* 2. places: the columns by vacancy */
	int *byv = xcalloc((size_t)m->nx + 1, 2 * sizeof *byv);
	for (int k = 0; k < m->nx; k++) {
		byv[2 * k] = m->colv[k];
		byv[2 * k + 1] = k;
	}
	qsort(byv, (size_t)m->nx, 2 * sizeof *byv, cmp_int2);
	for (int i = 0; i < m->nx;) {
		int j = i, nz = 0;
		for (; j < m->nx && byv[2 * j] == byv[2 * i]; j++, nz++) {
			ind[nz] = byv[2 * j + 1];
			val[nz] = 1;
		}
		int v = byv[2 * i];
		snprintf(name, sizeof name, "places_%d", v + 1);
		if (nz > in->vac[v].places)
			pm_add_row(m, name, nz, ind, val, -INFINITY, in->vac[v].places);
		i = j;
	}
	free(byv);
	/* 3. brothers and sisters at one vacancy (together: at most sib_v; not together:
	 * at most one at any vacancy of one service) */
	int *grp = xcalloc((size_t)m->nx + 1, 2 * sizeof *grp);
	for (size_t r = 0; r < in->nreq; r++) {
		const struct place_request *rq = &in->req[r];
		if (rq->n < 2)
			continue;
		bool tog = rq->together;
		int ng = 0;
		for (int k = m->xstart[m->first[r]]; k < m->xstart[m->first[r + 1]]; k++, ng++) {
			grp[2 * ng] = tog ? m->colv[k] : m->vsvc[m->colv[k]];
			grp[2 * ng + 1] = k;
		}
		qsort(grp, (size_t)ng, 2 * sizeof *grp, cmp_int2);
		for (int i = 0; i < ng;) {
			int j = i, nz = 0;
			for (; j < ng && grp[2 * j] == grp[2 * i]; j++, nz++) {
				ind[nz] = grp[2 * j + 1];
				val[nz] = 1;
			}
			int lim = tog ? in->vac[grp[2 * i]].max_siblings : 1;
			/* count the children (a child at two vacancies of one service counts once, by
			 * constraint 1, but the row is then still right) */
			snprintf(name, sizeof name, "%s_%zu_%d", tog ? "sib" : "apart", r + 1,
			         grp[2 * i] + 1);
			if (nz > lim)
				pm_add_row(m, name, nz, ind, val, -INFINITY, lim);
			i = j;
		}
	}
	free(grp);
	/* 4. together means all of them there; 5. one home */
	for (size_t r = 0; r < in->nreq; r++) {
		int ny = 0;
		for (int j = m->nx; j < m->ncol; j++)
			if (m->colr[j] == (int)r)
				ny++;
		if (ny == 0)
			continue;
		int nz = 0;
		for (int j = m->nx; j < m->ncol; j++) {
			if (m->colr[j] != (int)r)
				continue;
			for (size_t c = m->first[r]; c < m->first[r + 1]; c++) {
				int two[2] = {j, xcol(m, c, m->colv[j])};
				double co[2] = {1, -1};
				snprintf(name, sizeof name, "all_%zu_%d", c + 1, m->colv[j] + 1);
				pm_add_row(m, name, 2, two, co, -INFINITY, 0);
			}
			ind[nz] = j;
			val[nz] = 1;
			nz++;
		}
		snprintf(name, sizeof name, "home_%zu", r + 1);
		if (nz >= 2)
			pm_add_row(m, name, nz, ind, val, -INFINITY, 1);
	}
	free(ind);
	free(val);
	return 0;
}

/* The value of aim a for the columns' values x. */
static double aim_of(const struct pm *m, int a, const double *x)
{
	double s = 0;
	for (int j = 0; j < m->ncol; j++)
		if (x[j] > 0.5)
			s += m->coef[a][j];
	return s;
}

/* The simplest bound on aim a (a maximum) given the optima before it: no more than the
 * children (or groups) with a column counting for it, nor than the children placed. */
static double trivial_bound(const struct pm *m, int a, const unsigned char *forbid, const double *opt)
{
	if (a == PA_COST)
		return 0;
	double n = 0;
	if (a == PA_TOGETHER) {
		int last = -1;
		for (int j = m->nx; j < m->ncol; j++)
			if ((!forbid || !forbid[j]) && m->colr[j] != last) {
				last = m->colr[j];
				n++;
			}
		return n;
	}
	for (size_t c = 0; c < m->nc; c++)
		for (int k = m->xstart[c]; k < m->xstart[c + 1]; k++)
			if ((!forbid || !forbid[k]) && m->coef[a][k] > 0) {
				n++;
				break;
			}
	if (a > PA_PLACED && n > opt[PA_PLACED])
		n = opt[PA_PLACED];
	if (a == PA_NEAR_HOME && n > opt[PA_SCOTLAND])
		n = opt[PA_SCOTLAND];
	return n;
}

static void silence(Cbc_Model *cm)
{
	Cbc_setLogLevel(cm, 0);
	Cbc_setParameter(cm, "log", "0");
	Cbc_setParameter(cm, "slog", "0");
	Cbc_setParameter(cm, "threads", "1");
}

/* A stage's model by column (compressed sparse columns): the model's rows, then the
 * earlier aims fixed at the values in opt (at least; the cost at most). */
struct csc {
	int ncol, nrow;
	int *start, *idx;
	double *val, *rlo, *rhi, *lb, *ub, *obj;
};

static void csc_free(struct csc *a)
{
	free(a->start);
	free(a->idx);
	free(a->val);
	free(a->rlo);
	free(a->rhi);
	free(a->lb);
	free(a->ub);
	free(a->obj);
}

/* The objective of stage k, as a minimum (a most is the least of its negative). */
static void stage_obj(const struct pm *m, int k, double *obj)
{
	for (int c = 0; c < m->ncol; c++)
		obj[c] = k == PA_COST ? m->coef[k][c] : -m->coef[k][c];
}

static void csc_make(const struct pm *m, int k, const unsigned char *forbid, const double *opt, struct csc *a)
{
	a->ncol = m->ncol;
	a->nrow = m->nrow + k;
	int *cnt = xcalloc((size_t)m->ncol + 1, sizeof *cnt);
	for (int i = 0; i < m->nnz; i++)
		cnt[m->rind[i]]++;
	for (int j = 0; j < k; j++)
		for (int c = 0; c < m->ncol; c++)
			if (m->coef[j][c] != 0)
				cnt[c]++;
	a->start = xcalloc((size_t)m->ncol + 1, sizeof *a->start);
	for (int c = 0; c < m->ncol; c++)
		a->start[c + 1] = a->start[c] + cnt[c];
	int nnz = a->start[m->ncol];
	a->idx = xcalloc((size_t)nnz + 1, sizeof *a->idx);
	a->val = xcalloc((size_t)nnz + 1, sizeof *a->val);
	int *pos = cnt;
	memcpy(pos, a->start, (size_t)m->ncol * sizeof *pos);
	for (int r = 0; r < m->nrow; r++)
		for (int i = m->rstart[r]; i < m->rstart[r + 1]; i++) {
			int c = m->rind[i];
			a->idx[pos[c]] = r;
			a->val[pos[c]++] = m->rval[i];
		}
	a->rlo = xcalloc((size_t)a->nrow + 1, sizeof *a->rlo);
	a->rhi = xcalloc((size_t)a->nrow + 1, sizeof *a->rhi);
	for (int r = 0; r < m->nrow; r++) {
		a->rlo[r] = m->rlo[r] == -INFINITY ? -DBL_MAX : m->rlo[r];
		a->rhi[r] = m->rhi[r] == INFINITY ? DBL_MAX : m->rhi[r];
	}
	for (int j = 0; j < k; j++) {
		for (int c = 0; c < m->ncol; c++)
			if (m->coef[j][c] != 0) {
				a->idx[pos[c]] = m->nrow + j;
				a->val[pos[c]++] = m->coef[j][c];
			}
		a->rlo[m->nrow + j] = j == PA_COST ? -DBL_MAX : opt[j];
		a->rhi[m->nrow + j] = j == PA_COST ? opt[j] : DBL_MAX;
	}
	free(cnt);
	a->lb = xcalloc((size_t)m->ncol + 1, sizeof *a->lb);
	a->ub = xcalloc((size_t)m->ncol + 1, sizeof *a->ub);
	a->obj = xcalloc((size_t)m->ncol + 1, sizeof *a->obj);
	for (int c = 0; c < m->ncol; c++)
		a->ub[c] = forbid && forbid[c] ? 0 : 1;
	stage_obj(m, k, a->obj);
}

static const char *const aim_names[PA_NAIMS] = {"together",  "placed",         "scotland",
                                                "near_home", "not_for_profit", "cost"};

/* Stage k's whole model for CBC (with the names of its columns and rows when names). */
static Cbc_Model *stage_model(const struct pm *m, int k, const unsigned char *forbid, const double *opt,
                              bool names)
{
	struct csc a;
	csc_make(m, k, forbid, opt, &a);
	Cbc_Model *cm = Cbc_newModel();
	silence(cm);
	Cbc_loadProblem(cm, a.ncol, a.nrow, a.start, a.idx, a.val, a.lb, a.ub, a.obj, a.rlo, a.rhi);
	for (int c = 0; c < m->ncol; c++)
		Cbc_setInteger(cm, c);
	if (names) {
		char nm[32];
		for (int c = 0; c < m->ncol; c++) {
			if (m->colc[c] >= 0)
				snprintf(nm, sizeof nm, "x_%d_%d", m->colc[c] + 1, m->colv[c] + 1);
			else
				snprintf(nm, sizeof nm, "y_%d_%d", m->colr[c] + 1, m->colv[c] + 1);
			Cbc_setColName(cm, c, nm);
		}
		for (int r = 0; r < m->nrow; r++)
			Cbc_setRowName(cm, r, m->rname[r]);
		for (int j = 0; j < k; j++) {
			snprintf(nm, sizeof nm, "aim_%s", aim_names[j]);
			Cbc_setRowName(cm, m->nrow + j, nm);
		}
	}
	csc_free(&a);
	return cm;
}

/* Whether the columns' values x (each 0 or 1) keep every row of the model, the forbidden
 * columns and the earlier aims at opt (whole numbers throughout: exact). */
static bool keeps_rows(const struct pm *m, const double *x, const unsigned char *forbid, int k,
                       const double *opt)
{
	for (int c = 0; c < m->ncol; c++)
		if (forbid && forbid[c] && x[c] > 0.5)
			return false;
	for (int r = 0; r < m->nrow; r++) {
		double s = 0;
		for (int i = m->rstart[r]; i < m->rstart[r + 1]; i++)
			s += m->rval[i] * x[m->rind[i]];
		if (s < m->rlo[r] || s > m->rhi[r])
			return false;
	}
	for (int j = 0; j < k; j++) {
		double v = aim_of(m, j, x);
		if (j == PA_COST ? v > opt[j] : v < opt[j])
			return false;
	}
	return true;
}

/* Adds the row that fixes aim j at (at least, for the cost at most) value to the LP. */
static void lp_fix(Clp_Simplex *lp, const struct pm *m, int j, double value)
{
	int *ind = xcalloc((size_t)m->ncol + 1, sizeof *ind);
	double *val = xcalloc((size_t)m->ncol + 1, sizeof *val);
	int nz = 0;
	for (int c = 0; c < m->ncol; c++)
		if (m->coef[j][c] != 0) {
			ind[nz] = c;
			val[nz++] = m->coef[j][c];
		}
	double lo = j == PA_COST ? -DBL_MAX : value, hi = j == PA_COST ? value : DBL_MAX;
	CoinBigIndex st[2] = {0, nz};
	Clp_addRows(lp, 1, &lo, &hi, st, ind, val);
	free(ind);
	free(val);
}

/* Each stage: first its linear relaxation (Clp, warm from the stage before); when that
 * relaxation's optimum is a whole plan, or no better than the plan in hand, that plan is
 * the stage's optimum; only otherwise CBC's branch and bound, started from the plan in
 * hand. Exact either way: a relaxation's optimum bounds every plan. */
int pm_lex(struct pm *m, const unsigned char *forbid, const struct place_options *o, double *x, int *status,
           double aim[PA_NAIMS], double bound[PA_NAIMS], struct kerr *e)
{
	double t0 = pm_now();
	double limit = o ? o->time_limit_s : 0;
	const char *dir = o ? o->mps_dir : NULL;
	memset(x, 0, (size_t)m->ncol * sizeof *x); /* nobody placed: always a plan */
	*status = PSV_OPTIMAL;
	for (int k = 0; k < PA_NAIMS; k++)
		aim[k] = bound[k] = 0;
	bool stopped = false;
	int *all = xcalloc((size_t)m->ncol + 1, sizeof *all);
	for (int c = 0; c < m->ncol; c++)
		all[c] = c;
	double *obj = xcalloc((size_t)m->ncol + 1, sizeof *obj);
	double *xr = xcalloc((size_t)m->ncol + 1, sizeof *xr);
	Clp_Simplex *lp = NULL;
	if (m->ncol > 0) {
		struct csc a;
		csc_make(m, 0, forbid, aim, &a);
		lp = Clp_newModel();
		Clp_setLogLevel(lp, 0);
		Clp_loadProblem(lp, a.ncol, a.nrow, a.start, a.idx, a.val, a.lb, a.ub, a.obj, a.rlo, a.rhi);
		csc_free(&a);
	}
	int rc = 0;
	for (int k = 0; k < PA_NAIMS && rc == 0; k++) {
		double tb = trivial_bound(m, k, forbid, aim);
		aim[k] = aim_of(m, k, x);
		bound[k] = tb;
		if (dir) {
			Cbc_Model *cm = stage_model(m, k, forbid, aim, true);
			char path[4096];
			snprintf(path, sizeof path, "%s/stage%d", dir, k + 1);
			Cbc_writeMps(cm, path);
			Cbc_deleteModel(cm);
		}
		if (stopped || m->ncol == 0)
			continue;
		if (k > 0)
			lp_fix(lp, m, k - 1, aim[k - 1]);
		/* the plan so far reaches the simplest bound: it is this stage's optimum */
		if (k != PA_COST && aim[k] >= tb)
			continue;
		double left = 0;
		if (limit > 0) {
			left = limit - (pm_now() - t0);
			if (left <= 0) {
				stopped = true;
				*status = PSV_TIME_LIMIT;
				continue;
			}
			Clp_setMaximumSeconds(lp, left);
		}
		stage_obj(m, k, obj);
		Clp_chgObjCoefficients(lp, obj);
		if (k == 0)
			Clp_initialSolve(lp);
		else
			Clp_primal(lp, 0); /* the plan before is still feasible: the primal simplex */
		if (Clp_isProvenOptimal(lp)) {
			const double *sol = Clp_primalColumnSolution(lp);
			bool whole = true;
			for (int c = 0; c < m->ncol && whole; c++) {
				xr[c] = round(sol[c]);
				whole = fabs(sol[c] - xr[c]) < 1e-7;
			}
			double lpv = Clp_objectiveValue(lp);
			double lpb = k == PA_COST ? ceil(lpv - 1e-6) : floor(-lpv + 1e-6);
			if (lpb < bound[k] || k == PA_COST)
				bound[k] = lpb;
			if (whole && keeps_rows(m, xr, forbid, k, aim) && aim_of(m, k, xr) == lpb) {
				memcpy(x, xr, (size_t)m->ncol * sizeof *x);
				aim[k] = bound[k] = lpb;
				continue;
			}
			if (aim[k] == lpb)
				continue; /* the plan in hand reaches the relaxation's bound */
		}
		/* branch and bound */
		if (limit > 0) {
			left = limit - (pm_now() - t0);
			if (left <= 0) {
				stopped = true;
				*status = PSV_TIME_LIMIT;
				continue;
			}
		}
		Cbc_Model *cm = stage_model(m, k, forbid, aim, false);
		if (left > 0)
			Cbc_setMaximumSeconds(cm, left);
		Cbc_setAllowableGap(cm, 0.5); /* every aim is a whole number */
		Cbc_setMIPStartI(cm, m->ncol, all, x);
		pm_branch_and_bound++;
		Cbc_solve(cm);
		const double *sol = Cbc_getColSolution(cm);
		if (Cbc_isProvenOptimal(cm) && sol) {
			for (int c = 0; c < m->ncol; c++)
				xr[c] = sol[c] > 0.5 ? 1 : 0;
			if (!keeps_rows(m, xr, forbid, k, aim)) {
				rc = kerr_set(e, KERR_FAIL,
				              "the solver gave a plan that breaks a rule at aim %d", k + 1);
			} else {
				memcpy(x, xr, (size_t)m->ncol * sizeof *x);
				aim[k] = bound[k] = aim_of(m, k, x);
			}
		} else if (Cbc_isSecondsLimitReached(cm)) {
			const double *best = Cbc_numberSavedSolutions(cm) > 0 ? Cbc_bestSolution(cm) : NULL;
			if (best) {
				for (int c = 0; c < m->ncol; c++)
					xr[c] = best[c] > 0.5 ? 1 : 0;
				if (keeps_rows(m, xr, forbid, k, aim))
					memcpy(x, xr, (size_t)m->ncol * sizeof *x);
			}
			aim[k] = aim_of(m, k, x);
			double b = Cbc_getBestPossibleObjValue(cm);
			double cb = k == PA_COST ? ceil(b - 1e-6) : floor(-b + 1e-6);
			if (k == PA_COST ? cb > bound[k] : cb < bound[k])
				bound[k] = cb;
			*status = PSV_TIME_LIMIT;
			stopped = true;
		} else {
			rc = kerr_set(e, KERR_FAIL, "the solver stopped without a plan at aim %d", k + 1);
		}
		Cbc_deleteModel(cm);
	}
	if (rc == 0)
		for (int k = 0; k < PA_NAIMS; k++)
			aim[k] = aim_of(m, k, x);
	if (lp)
		Clp_deleteModel(lp);
	free(all);
	free(obj);
	free(xr);
	return rc;
}

void pm_result_alloc(const struct pm *m, struct place_result *r)
{
	memset(r, 0, sizeof *r);
	size_t nreq = m->in->nreq;
	r->nchildren = m->nc;
	r->where = xcalloc(m->nc + 1, sizeof *r->where);
	r->first = xcalloc(nreq + 1, sizeof *r->first);
	r->together = xcalloc(nreq + 1, sizeof *r->together);
	for (size_t c = 0; c < m->nc; c++)
		r->where[c] = -1;
	for (size_t q = 0; q < nreq; q++)
		r->first[q] = m->first[q];
}

/* Marks each together group whose children are all at one vacancy. */
static void mark_together(const struct place_instance *in, struct place_result *r)
{
	for (size_t q = 0; q < in->nreq; q++) {
		const struct place_request *rq = &in->req[q];
		int v = r->where[r->first[q]];
		bool t = rq->together && rq->n >= 2 && v >= 0;
		for (int i = 1; i < rq->n && t; i++)
			t = r->where[r->first[q] + (size_t)i] == v;
		r->together[q] = t;
	}
}

void pm_result(const struct pm *m, const double *x, struct place_result *r)
{
	pm_result_alloc(m, r);
	for (int j = 0; j < m->nx; j++)
		if (x[j] > 0.5)
			r->where[m->colc[j]] = m->colv[j];
	mark_together(m->in, r);
}

void place_aims_of(const struct place_instance *in, const struct place_result *r, double aim[PA_NAIMS])
{
	struct pm m;
	struct kerr e;
	for (int a = 0; a < PA_NAIMS; a++)
		aim[a] = 0;
	if (pm_read(&m, in, &e) < 0) {
		pm_free(&m);
		return;
	}
	for (size_t q = 0; q < in->nreq; q++) {
		const struct place_request *rq = &in->req[q];
		int v0 = r->where[r->first[q]];
		bool t = rq->together && rq->n >= 2 && v0 >= 0;
		for (int i = 0; i < rq->n; i++) {
			int v = r->where[r->first[q] + (size_t)i];
			if (v != v0)
				t = false;
			if (v < 0)
				continue;
			aim[PA_PLACED]++;
			aim[PA_SCOTLAND] += m.vscot[v];
			aim[PA_NEAR_HOME] += pm_near(&m, q, (size_t)v);
			aim[PA_NOT_FOR_PROFIT] += m.vnfp[v];
			aim[PA_COST] += m.vcost[v];
		}
		aim[PA_TOGETHER] += t;
	}
	pm_free(&m);
}

int place_plan(const struct place_instance *in, const struct place_options *o, struct place_result *out,
               struct kerr *e)
{
	double t0 = pm_now();
	memset(out, 0, sizeof *out);
	struct pm m;
	if (pm_build(&m, in, e) < 0)
		return -1;
	double *x = xcalloc((size_t)m.ncol + 1, sizeof *x);
	int status;
	double aim[PA_NAIMS], bound[PA_NAIMS];
	int rc = pm_lex(&m, NULL, o, x, &status, aim, bound, e);
	if (rc == 0) {
		pm_result(&m, x, out);
		out->status = status;
		place_aims_of(in, out, out->aim);
		for (int a = 0; a < PA_NAIMS; a++)
			out->bound[a] = status == PSV_OPTIMAL ? out->aim[a] : bound[a];
		out->seconds = pm_now() - t0;
	}
	free(x);
	pm_free(&m);
	return rc;
}

void place_result_free(struct place_result *r)
{
	if (!r)
		return;
	free(r->where);
	free(r->first);
	free(r->together);
	memset(r, 0, sizeof *r);
}
