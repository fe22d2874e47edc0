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
int pm_xcol(const struct pm *m, size_t c, int v)
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
				all = pm_xcol(m, c, v) >= 0;
			if (all)
				add_col(m, &cap, -1, (int)r, v);
		}
	}
	for (int a = 0; a < PA_NAIMS; a++)
		m->coef[a] = xcalloc((size_t)m->ncol + 1, sizeof *m->coef[a]);
	/* In the form solved, a child at v counts in x[c,v] only when not there as the whole
	 * group: the doc's x[c,v] is this x[c,v] + y[r,v] (docs/places.md "As solved"). So y
	 * counts its n_r children in every aim after the first. */
	for (int j = 0; j < m->ncol; j++) {
		int v = m->colv[j];
		double n = 1;
		if (m->colc[j] < 0) {
			m->coef[PA_TOGETHER][j] = 1;
			n = in->req[m->colr[j]].n;
		}
		m->coef[PA_PLACED][j] = n;
		m->coef[PA_SCOTLAND][j] = n * m->vscot[v];
		m->coef[PA_NEAR_HOME][j] = n * pm_near(m, (size_t)m->colr[j], (size_t)v);
		m->coef[PA_NOT_FOR_PROFIT][j] = n * m->vnfp[v];
		m->coef[PA_COST][j] = n * m->vcost[v];
	}
	/* each request's y columns: ystart[r] .. ystart[r+1]-1 */
	int *ystart = xcalloc(in->nreq + 1, sizeof *ystart);
	{
		int j = m->nx;
		for (size_t r = 0; r < in->nreq; r++) {
			ystart[r] = j;
			while (j < m->ncol && m->colr[j] == (int)r)
				j++;
		}
		ystart[in->nreq] = m->ncol;
	}

	int *ind = xcalloc((size_t)m->ncol + 1, sizeof *ind);
	double *val = xcalloc((size_t)m->ncol + 1, sizeof *val);
	char name[48];
	/* 1 and 5. each child at most once, alone or with the whole group */
	for (size_t c = 0; c < m->nc; c++) {
		int nz = 0, r = m->creq[c];
		for (int k = m->xstart[c]; k < m->xstart[c + 1]; k++, nz++) {
			ind[nz] = k;
			val[nz] = 1;
		}
		for (int j = ystart[r]; j < ystart[r + 1]; j++, nz++) {
			ind[nz] = j;
			val[nz] = 1;
		}
		snprintf(name, sizeof name, "once_%zu", c + 1);
		if (nz >= 2)
			pm_add_row(m, name, nz, ind, val, -INFINITY, 1);
	}
	/* 2. places: the columns by vacancy (a group's y takes n_r places) */
	int *byv = xcalloc((size_t)m->ncol + 1, 2 * sizeof *byv);
	for (int k = 0; k < m->ncol; k++) {
		byv[2 * k] = m->colv[k];
		byv[2 * k + 1] = k;
	}
	qsort(byv, (size_t)m->ncol, 2 * sizeof *byv, cmp_int2);
	for (int i = 0; i < m->ncol;) {
		int j = i, nz = 0;
		double most = 0;
		for (; j < m->ncol && byv[2 * j] == byv[2 * i]; j++, nz++) {
			ind[nz] = byv[2 * j + 1];
			val[nz] = m->coef[PA_PLACED][ind[nz]];
			most += val[nz];
		}
		int v = byv[2 * i];
		snprintf(name, sizeof name, "places_%d", v + 1);
		if (most > in->vac[v].places)
			pm_add_row(m, name, nz, ind, val, -INFINITY, in->vac[v].places);
		i = j;
	}
	free(byv);
	/* 3. brothers and sisters at one vacancy, not as the whole group (together: at most
	 * sib_v; when the whole group is there, none is there alone, by row 1); not together:
	 * at most one at any vacancy of one service */
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
			snprintf(name, sizeof name, "%s_%zu_%d", tog ? "sib" : "apart", r + 1,
			         grp[2 * i] + 1);
			if (nz > lim)
				pm_add_row(m, name, nz, ind, val, -INFINITY, lim);
			i = j;
		}
	}
	free(grp);
	free(ystart);
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
	bool *yes = xcalloc(m->in->nreq + 1, sizeof *yes); /* a group's y counts for it */
	for (int j = m->nx; j < m->ncol; j++)
		if ((!forbid || !forbid[j]) && m->coef[a][j] > 0)
			yes[m->colr[j]] = true;
	for (size_t c = 0; c < m->nc; c++) {
		bool any = yes[m->creq[c]];
		for (int k = m->xstart[c]; k < m->xstart[c + 1] && !any; k++)
			any = (!forbid || !forbid[k]) && m->coef[a][k] > 0;
		n += any;
	}
	free(yes);
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

/* The model of stage k by column. Columns in off (NULL: none) are held at 0; when compact,
 * they are left out altogether, and map[i] names the model's column of the stage's
 * column i (map: [ncol]). */
static void csc_make(const struct pm *m, int k, const unsigned char *off, const double *opt, bool compact,
                     int *map, struct csc *a)
{
	int *inv = xcalloc((size_t)m->ncol + 1, sizeof *inv);
	a->ncol = 0;
	for (int c = 0; c < m->ncol; c++) {
		if (compact && off && off[c]) {
			inv[c] = -1;
			continue;
		}
		if (map)
			map[a->ncol] = c;
		inv[c] = a->ncol++;
	}
	a->nrow = m->nrow + k;
	int *cnt = xcalloc((size_t)a->ncol + 1, sizeof *cnt);
	for (int i = 0; i < m->nnz; i++)
		if (inv[m->rind[i]] >= 0)
			cnt[inv[m->rind[i]]]++;
	for (int j = 0; j < k; j++)
		for (int c = 0; c < m->ncol; c++)
			if (m->coef[j][c] != 0 && inv[c] >= 0)
				cnt[inv[c]]++;
	a->start = xcalloc((size_t)a->ncol + 1, sizeof *a->start);
	for (int c = 0; c < a->ncol; c++)
		a->start[c + 1] = a->start[c] + cnt[c];
	int nnz = a->start[a->ncol];
	a->idx = xcalloc((size_t)nnz + 1, sizeof *a->idx);
	a->val = xcalloc((size_t)nnz + 1, sizeof *a->val);
	int *pos = cnt;
	memcpy(pos, a->start, (size_t)a->ncol * sizeof *pos);
	for (int r = 0; r < m->nrow; r++)
		for (int i = m->rstart[r]; i < m->rstart[r + 1]; i++) {
			int c = inv[m->rind[i]];
			if (c < 0)
				continue;
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
			if (m->coef[j][c] != 0 && inv[c] >= 0) {
				a->idx[pos[inv[c]]] = m->nrow + j;
				a->val[pos[inv[c]]++] = m->coef[j][c];
			}
		a->rlo[m->nrow + j] = j == PA_COST ? -DBL_MAX : opt[j];
		a->rhi[m->nrow + j] = j == PA_COST ? opt[j] : DBL_MAX;
	}
	free(cnt);
	a->lb = xcalloc((size_t)a->ncol + 1, sizeof *a->lb);
	a->ub = xcalloc((size_t)a->ncol + 1, sizeof *a->ub);
	a->obj = xcalloc((size_t)a->ncol + 1, sizeof *a->obj);
	double *full = xcalloc((size_t)m->ncol + 1, sizeof *full);
	stage_obj(m, k, full);
	for (int c = 0; c < m->ncol; c++)
		if (inv[c] >= 0) {
			a->ub[inv[c]] = off && off[c] ? 0 : 1;
			a->obj[inv[c]] = full[c];
		}
	free(full);
	free(inv);
}

static const char *const aim_names[PA_NAIMS] = {"together",  "placed",         "scotland",
                                                "near_home", "not_for_profit", "cost"};

/* Writes stage k's whole model to path as free MPS (minimising; a most negated), with the
 * earlier aims fixed at opt: x_C_V (child C at vacancy V, not as the whole group), y_R_V
 * (request R's whole group at V), rows named by what they keep. -1 when it cannot. */
static int write_mps(const struct pm *m, int k, const unsigned char *forbid, const double *opt,
                     const char *path)
{
	FILE *f = fopen(path, "w");
	if (!f)
		return -1;
	struct csc a;
	csc_make(m, k, forbid, opt, false, NULL, &a);
	char(*rn)[48] = xcalloc((size_t)a.nrow + 1, sizeof *rn);
	for (int r = 0; r < a.nrow; r++) {
		if (r < m->nrow)
			memcpy(rn[r], m->rname[r], sizeof rn[r]);
		else
			snprintf(rn[r], sizeof rn[r], "aim_%s", aim_names[r - m->nrow]);
	}
	fprintf(f, "NAME place_stage%d\nROWS\n N obj\n", k + 1);
	for (int r = 0; r < a.nrow; r++)
		fprintf(f, " %c %s\n", a.rhi[r] < DBL_MAX ? 'L' : 'G', rn[r]);
	fprintf(f, "COLUMNS\n    MARKER 'MARKER' 'INTORG'\n");
	for (int c = 0; c < a.ncol; c++) {
		char cn[48];
		if (m->colc[c] >= 0)
			snprintf(cn, sizeof cn, "x_%d_%d", m->colc[c] + 1, m->colv[c] + 1);
		else
			snprintf(cn, sizeof cn, "y_%d_%d", m->colr[c] + 1, m->colv[c] + 1);
		fprintf(f, "    %s obj %.17g\n", cn, a.obj[c]);
		for (int i = a.start[c]; i < a.start[c + 1]; i++)
			fprintf(f, "    %s %s %.17g\n", cn, rn[a.idx[i]], a.val[i]);
	}
	fprintf(f, "    MARKER 'MARKER' 'INTEND'\nRHS\n");
	for (int r = 0; r < a.nrow; r++)
		fprintf(f, "    rhs %s %.17g\n", rn[r], a.rhi[r] < DBL_MAX ? a.rhi[r] : a.rlo[r]);
	fprintf(f, "BOUNDS\n");
	for (int c = 0; c < a.ncol; c++) {
		char cn[48];
		if (m->colc[c] >= 0)
			snprintf(cn, sizeof cn, "x_%d_%d", m->colc[c] + 1, m->colv[c] + 1);
		else
			snprintf(cn, sizeof cn, "y_%d_%d", m->colr[c] + 1, m->colv[c] + 1);
		fprintf(f, " UP bnd %s %g\n", cn, a.ub[c]);
	}
	fprintf(f, "ENDATA\n");
	free(rn);
	csc_free(&a);
	return fclose(f) == 0 ? 0 : -1;
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

struct rank {
	double key;
	int col;
};

static int by_rank(const void *a, const void *b)
{
	const struct rank *x = a, *y = b;
	return x->key != y->key ? (x->key > y->key ? -1 : 1) : (x->col > y->col) - (x->col < y->col);
}

/* Rounds the relaxation's optimum sol to a whole plan: the columns by their value in it
 * (then by their part in stage k's aim), each taken when every row still holds. Into xr;
 * true when the plan keeps every row (the earlier aims too). */
static bool round_plan(const struct pm *m, const unsigned char *off, const double *sol, int k,
                       const double *opt, double *xr)
{
	/* the rows of each column */
	int *cnt = xcalloc((size_t)m->ncol + 1, sizeof *cnt);
	for (int i = 0; i < m->nnz; i++)
		cnt[m->rind[i] + 1]++;
	for (int c = 0; c < m->ncol; c++)
		cnt[c + 1] += cnt[c];
	int *rows = xcalloc((size_t)m->nnz + 1, sizeof *rows);
	double *vals = xcalloc((size_t)m->nnz + 1, sizeof *vals);
	int *pos = xcalloc((size_t)m->ncol + 1, sizeof *pos);
	memcpy(pos, cnt, (size_t)m->ncol * sizeof *pos);
	for (int r = 0; r < m->nrow; r++)
		for (int i = m->rstart[r]; i < m->rstart[r + 1]; i++) {
			rows[pos[m->rind[i]]] = r;
			vals[pos[m->rind[i]]++] = m->rval[i];
		}
	struct rank *rk = xcalloc((size_t)m->ncol + 1, sizeof *rk);
	int n = 0;
	for (int c = 0; c < m->ncol; c++)
		if (!off[c]) {
			double part = k == PA_COST ? -m->coef[k][c] : m->coef[k][c];
			rk[n++] = (struct rank){floor(sol[c] * 1e6) + part * 1e-9, c};
		}
	qsort(rk, (size_t)n, sizeof *rk, by_rank);
	double *act = xcalloc((size_t)m->nrow + 1, sizeof *act);
	memset(xr, 0, (size_t)m->ncol * sizeof *xr);
	for (int i = 0; i < n; i++) {
		int c = rk[i].col;
		bool ok = true;
		for (int j = cnt[c]; j < cnt[c + 1] && ok; j++)
			ok = act[rows[j]] + vals[j] <= m->rhi[rows[j]];
		if (!ok)
			continue;
		xr[c] = 1;
		for (int j = cnt[c]; j < cnt[c + 1]; j++)
			act[rows[j]] += vals[j];
	}
	free(cnt);
	free(rows);
	free(vals);
	free(pos);
	free(rk);
	free(act);
	return keeps_rows(m, xr, off, k, opt);
}

/* Looks for a whole plan near the relaxation's optimum by diving: the columns at 1 (and
 * the largest fraction) are held at 1 and the relaxation solved again, until its optimum
 * is whole. Into xr when found (true). The relaxation's lower bounds are 0 again after. */
static bool dive(Clp_Simplex *lp, const struct pm *m, const unsigned char *off, int k, const double *opt,
                 double *xr)
{
	double *lo = xcalloc((size_t)m->ncol + 1, sizeof *lo);
	bool found = false;
	for (int step = 0; step < 400 && Clp_isProvenOptimal(lp); step++) {
		const double *sol = Clp_primalColumnSolution(lp);
		int best = -1;
		bool whole = true;
		for (int c = 0; c < m->ncol; c++) {
			xr[c] = round(sol[c]);
			if (fabs(sol[c] - xr[c]) >= 1e-7) {
				whole = false;
				if (best < 0 || sol[c] > sol[best])
					best = c;
			}
			if (sol[c] > 1 - 1e-7)
				lo[c] = 1;
		}
		if (whole) {
			found = keeps_rows(m, xr, off, k, opt);
			break;
		}
		lo[best] = 1;
		Clp_chgColumnLower(lp, lo);
		Clp_dual(lp, 0);
	}
	memset(lo, 0, (size_t)m->ncol * sizeof *lo);
	Clp_chgColumnLower(lp, lo);
	free(lo);
	return found;
}

/* Each stage: first its linear relaxation (Clp, warm from the stage before); when that
 * relaxation's optimum is a whole plan, or a whole plan found near it (diving) reaches its
 * bound, or the plan in hand does, that plan is the stage's optimum; only otherwise CBC's
 * branch and bound, started from the best plan in hand. After each stage, a column whose
 * reduced cost shows it could only be in a plan worse at this stage's aim is held at 0
 * from then on (reduced-cost fixing). Exact throughout: a relaxation bounds every plan. */
int pm_lex(struct pm *m, const unsigned char *forbid, const struct place_options *o, double *x, int *status,
           double aim[PA_NAIMS], double bound[PA_NAIMS], struct kerr *e)
{
	double t0 = pm_now();
	double limit = o ? o->time_limit_s : 0;
	const char *dir = o ? o->mps_dir : NULL;
	memset(x, 0, (size_t)m->ncol * sizeof *x); /* nobody placed: a plan, unless rows were added */
	if (m->start)
		memcpy(x, m->start, (size_t)m->ncol * sizeof *x);
	*status = PSV_OPTIMAL;
	for (int k = 0; k < PA_NAIMS; k++)
		aim[k] = bound[k] = 0;
	bool stopped = false;
	size_t n1 = (size_t)m->ncol + 1;
	unsigned char *off = xcalloc(n1, 1); /* held at 0: forbidden, or fixed by reduced cost */
	if (forbid)
		memcpy(off, forbid, (size_t)m->ncol);
	int *map = xcalloc(n1, sizeof *map), *idx = xcalloc(n1, sizeof *idx);
	double *obj = xcalloc(n1, sizeof *obj), *xr = xcalloc(n1, sizeof *xr), *dj = xcalloc(n1, sizeof *dj);
	double *ub = xcalloc(n1, sizeof *ub), *start = xcalloc(n1, sizeof *start),
	       *lps = xcalloc(n1, sizeof *lps);
	unsigned char *off2 = xcalloc(n1, 1);
	Clp_Simplex *lp = NULL;
	if (m->ncol > 0) {
		struct csc a;
		csc_make(m, 0, off, aim, false, NULL, &a);
		lp = Clp_newModel();
		Clp_setLogLevel(lp, 0);
		Clp_loadProblem(lp, a.ncol, a.nrow, a.start, a.idx, a.val, a.lb, a.ub, a.obj, a.rlo, a.rhi);
		csc_free(&a);
	}
	int rc = 0;
	for (int k = 0; k < PA_NAIMS && rc == 0; k++) {
		double tb = trivial_bound(m, k, off, aim);
		aim[k] = aim_of(m, k, x);
		bound[k] = tb;
		if (dir) {
			char path[4096];
			snprintf(path, sizeof path, "%s/stage%d.mps", dir, k + 1);
			if (write_mps(m, k, forbid, aim, path) < 0) {
				rc = kerr_set(e, KERR_FAIL, "cannot write %s", path);
				break;
			}
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
		for (int c = 0; c < m->ncol; c++)
			ub[c] = off[c] ? 0 : 1;
		Clp_chgColumnUpper(lp, ub);
		if (k == 0)
			Clp_initialSolve(lp);
		else
			Clp_primal(lp, 0); /* the plan before is still feasible: the primal simplex */
		if (!Clp_isProvenOptimal(lp)) {
			stopped = true; /* out of time in the relaxation */
			*status = PSV_TIME_LIMIT;
			continue;
		}
		double zlp = Clp_objectiveValue(lp);
		memcpy(dj, Clp_dualColumnSolution(lp), (size_t)m->ncol * sizeof *dj);
		memcpy(lps, Clp_primalColumnSolution(lp), (size_t)m->ncol * sizeof *lps);
		double lpb = k == PA_COST ? ceil(zlp - 1e-6) : floor(-zlp + 1e-6);
		if (k == PA_COST || lpb < bound[k])
			bound[k] = lpb;
		bool done = false;
		if (round_plan(m, off, lps, k, aim, xr) &&
		    (k == PA_COST ? aim_of(m, k, xr) < aim[k] : aim_of(m, k, xr) > aim[k])) {
			memcpy(x, xr, (size_t)m->ncol * sizeof *x);
			aim[k] = aim_of(m, k, x);
		}
		if (aim[k] != bound[k] && dive(lp, m, off, k, aim, xr) && aim_of(m, k, xr) != aim[k] &&
		    (k == PA_COST ? aim_of(m, k, xr) < aim[k] : aim_of(m, k, xr) > aim[k])) {
			memcpy(x, xr, (size_t)m->ncol * sizeof *x);
			aim[k] = aim_of(m, k, x);
		}
		done = aim[k] == bound[k];
		/* branch and bound: first over the relaxation's support and the plan in hand only (a
		 * smaller problem whose plans are plans of the whole: one reaching the bound is the
		 * optimum), then, when need be, over every column */
		for (int pass = 0; pass < 2 && !done && rc == 0 && !stopped; pass++) {
			const unsigned char *use = off;
			if (pass == 0) {
				int fewer = 0;
				for (int c = 0; c < m->ncol; c++) {
					off2[c] = off[c] || (lps[c] < 1e-9 && x[c] < 0.5);
					fewer += off2[c] && !off[c];
				}
				if (fewer == 0)
					continue;
				use = off2;
			} else {
				/* a plan better than the one in hand by 1 or more uses no column whose
				 * reduced cost is more than that gap */
				double inc = k == PA_COST ? aim[k] : -aim[k];
				for (int c = 0; c < m->ncol; c++)
					off2[c] = off[c] || (x[c] < 0.5 && dj[c] > inc - 1 - zlp + 1e-6);
				use = off2;
			}
			if (limit > 0) {
				left = limit - (pm_now() - t0);
				if (left <= 0) {
					stopped = true;
					*status = PSV_TIME_LIMIT;
					continue;
				}
			}
			struct csc a;
			csc_make(m, k, use, aim, true, map, &a);
			Cbc_Model *cm = Cbc_newModel();
			silence(cm);
			Cbc_loadProblem(cm, a.ncol, a.nrow, a.start, a.idx, a.val, a.lb, a.ub, a.obj, a.rlo,
			                a.rhi);
			for (int c = 0; c < a.ncol; c++) {
				Cbc_setInteger(cm, c);
				idx[c] = c;
				start[c] = x[map[c]];
			}
			if (left > 0)
				Cbc_setMaximumSeconds(cm, left);
			Cbc_setAllowableGap(cm, 0.5); /* every aim is a whole number */
			Cbc_setMIPStartI(cm, a.ncol, idx, start);
			pm_branch_and_bound++;
			Cbc_solve(cm);
			const double *sol = Cbc_isProvenOptimal(cm)            ? Cbc_getColSolution(cm)
			                    : Cbc_numberSavedSolutions(cm) > 0 ? Cbc_bestSolution(cm)
			                                                       : NULL;
			if (sol) {
				memset(xr, 0, (size_t)m->ncol * sizeof *xr);
				for (int c = 0; c < a.ncol; c++)
					xr[map[c]] = sol[c] > 0.5 ? 1 : 0;
				double v = aim_of(m, k, xr);
				if (!keeps_rows(m, xr, off, k, aim)) {
					if (Cbc_isProvenOptimal(cm))
						rc = kerr_set(
						    e, KERR_FAIL,
						    "the solver gave a plan that breaks a rule at aim %d",
						    k + 1);
				} else if (k == PA_COST ? v <= aim[k] : v >= aim[k]) {
					memcpy(x, xr, (size_t)m->ncol * sizeof *x);
					aim[k] = v;
				}
			}
			if (rc == 0 && Cbc_isProvenOptimal(cm)) {
				if (pass == 1)
					bound[k] = aim[k];
				done = aim[k] == bound[k];
			} else if (rc == 0 && Cbc_isSecondsLimitReached(cm)) {
				if (pass == 1) { /* the bound of the whole problem */
					double b = Cbc_getBestPossibleObjValue(cm);
					double cb = k == PA_COST ? ceil(b - 1e-6) : floor(-b + 1e-6);
					if (k == PA_COST ? cb > bound[k] : cb < bound[k])
						bound[k] = cb;
				}
				*status = PSV_TIME_LIMIT;
				stopped = true;
			} else if (rc == 0)
				rc = kerr_set(e, KERR_FAIL, "the solver stopped without a plan at aim %d",
				              k + 1);
			Cbc_deleteModel(cm);
			csc_free(&a);
		}
		if (rc || stopped)
			continue;
		/* reduced-cost fixing: with this aim held at its optimum, a column whose reduced
		 * cost exceeds the relaxation's gap is 0 in every plan the later stages may choose */
		double opt = k == PA_COST ? aim[k] : -aim[k];
		for (int c = 0; c < m->ncol; c++)
			if (!off[c] && x[c] < 0.5 && dj[c] > opt - zlp + 1e-6) {
				off[c] = 1;
			}
	}
	if (rc == 0)
		for (int k = 0; k < PA_NAIMS; k++)
			aim[k] = aim_of(m, k, x);
	if (lp)
		Clp_deleteModel(lp);
	free(off);
	free(map);
	free(idx);
	free(obj);
	free(xr);
	free(dj);
	free(ub);
	free(start);
	free(lps);
	free(off2);
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
void pm_mark_together(const struct place_instance *in, struct place_result *r)
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
	for (int j = 0; j < m->ncol; j++) {
		if (x[j] < 0.5)
			continue;
		if (m->colc[j] >= 0)
			r->where[m->colc[j]] = m->colv[j];
		else
			for (size_t c = m->first[m->colr[j]]; c < m->first[m->colr[j] + 1]; c++)
				r->where[c] = m->colv[j];
	}
	pm_mark_together(m->in, r);
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
	if (in->by_council)
		return pm_by_council(in, o, out, e);
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
