/* The plan's model, shared by its files (model.c builds and solves it; greedy.c,
 * explain.c use its eligibility and its aims). Internal to src/place. */
#ifndef KEEP_PLACE_MODEL_H
#define KEEP_PLACE_MODEL_H

#include "place/place.h"

/* The instance read once: children in request order, each vacancy's service and what
 * the aims count of it, and the model's columns and rows (docs/places.md "The model"). */
struct pm {
	const struct place_instance *in;
	bool (*near)(const char *home, const char *council);
	size_t nc;     /* children */
	int *creq;     /* [nc] the request of each child */
	size_t *first; /* [nreq] its first child */
	int *vsvc;     /* [nvac] the service of each vacancy */
	bool *vok;     /* [nvac] active, a place to live, places >= 1 */
	bool *vscot;   /* [nvac] in Scotland */
	bool *vnfp;    /* [nvac] council or third sector */
	double *vcost; /* [nvac] the weekly cost counted (whole pounds) */
	/* columns: x[c,v] first (by child, then vacancy), then y[r,v] (by request, then vacancy) */
	int nx, ncol;
	int *xstart;            /* [nc + 1] child c's columns are xstart[c] .. xstart[c+1]-1 */
	int *colc;              /* [ncol] the child (-1 for y) */
	int *colr;              /* [ncol] the request */
	int *colv;              /* [ncol] the vacancy */
	double *coef[PA_NAIMS]; /* [ncol] each column's part in each aim */
	/* rows, by row: lo <= sum <= hi */
	int nrow, nnz, caprow, capnz;
	int *rstart, *rind;
	double *rval, *rlo, *rhi;
	char (*rname)[48];
	const double *start; /* [ncol] a plan to start from (NULL: nobody placed) */
};

/* Reads the instance (-1 with e set when it breaks a rule) and builds the model. */
int pm_build(struct pm *m, const struct place_instance *in, struct kerr *e);
void pm_free(struct pm *m);
/* Whether child c may go to vacancy v (an eligible pair). */
bool pm_eligible(const struct pm *m, size_t c, size_t v);
/* Whether vacancy v is in the home council of request r or one next to it. */
bool pm_near(const struct pm *m, size_t r, size_t v);

/* Solves the six stages in order. forbid (NULL, or [ncol]): columns held at 0; extra
 * rows beyond the model's may have been added by the caller (pm_add_row). x receives the
 * plan ([ncol], 0 or 1). 0, or -1 with e set (CBC failed). */
int pm_lex(struct pm *m, const unsigned char *forbid, const struct place_options *o, double *x, int *status,
           double aim[PA_NAIMS], double bound[PA_NAIMS], struct kerr *e);
/* The column of x[c,v] (c not as the whole group), or -1 when (c, v) is not an eligible pair. */
int pm_xcol(const struct pm *m, size_t c, int v);
/* Appends a row lo <= sum(val[i] * column ind[i]) <= hi. */
void pm_add_row(struct pm *m, const char *name, int nz, const int *ind, const double *val, double lo,
                double hi);
/* Fills r (allocated here) from the columns' values x. */
void pm_result(const struct pm *m, const double *x, struct place_result *r);
/* Allocates r's arrays for the instance, everyone not placed. */
void pm_result_alloc(const struct pm *m, struct place_result *r);

/* Marks each together group whose children are all at one vacancy (r->together). */
void pm_mark_together(const struct place_instance *in, struct place_result *r);
/* The council-by-council plan (docs/places.md "Council by council"). */
int pm_by_council(const struct place_instance *in, const struct place_options *o, struct place_result *out,
                  struct kerr *e);

double pm_now(void);
/* How many stages needed CBC's branch and bound (the relaxation's optimum was not whole
 * and better than the plan in hand), since the program started: for the tests. */
extern unsigned long pm_branch_and_bound;

#endif
