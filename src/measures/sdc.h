/* Statistical disclosure control for published counts (docs/measures.md, "Protecting
 * published counts"): a table of count cells tied together by linear relations,
 * equalities and inequalities (a total and its parts; a part at most its whole; a
 * column's councils and Scotland; relations between a year and the one before), primary
 * suppression of counts from 1 to 4, and secondary suppression until no suppressed cell
 * can be worked back from what is published.
 *
 * "Worked back" is judged by sdc_attack, an attacker who knows every published cell,
 * the relations, and the rules: a primary cell is 1 to 4; a secondary cell is 0 or 5 or
 * more (it was not primary, and zero is published only when not needed for protection).
 * It narrows each suppressed cell to an interval by propagating bounds through every
 * relation (iterated interval tightening) until nothing changes, then solves the exact
 * relations as a linear system (elimination) for any cell they fix, and again; a cell
 * left with one value is recovered.
 * sdc_protect suppresses more until the attack recovers nothing. */
#ifndef KEEP_MEASURES_SDC_H
#define KEEP_MEASURES_SDC_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum sdc_status {
	SDC_PUBLISHED,
	SDC_PRIMARY,   /* a count from 1 to 4 */
	SDC_SECONDARY, /* suppressed so that a primary cannot be worked back */
	SDC_MISSING,   /* not available: in no equation, never published */
	SDC_PUBLIC,    /* published whatever its size (not a count of people: a population) */
};

/* A relation the attacker knows: sum of coef[k] x cell[k] is 0 (exact) or at most 0
 * (an inequality). Coefficients are small whole numbers; a cell appears once. */
#define SDC_MAX_TERMS 48
struct sdc_relation {
	uint32_t n;
	bool exact;
	uint32_t cell[SDC_MAX_TERMS];
	int coef[SDC_MAX_TERMS];
};

struct sdc_table {
	size_t ncells;
	long long *value;      /* the true counts */
	unsigned char *status; /* enum sdc_status; set SDC_MISSING and SDC_PUBLIC before protecting */
	/* A fixed cell's status is given (an earlier year's table, already published): the
	 * protection never changes it, and it is only protected by hiding cells that are not
	 * fixed. lo0 and hi0 are the bounds the attacker starts from (what the earlier years'
	 * tables already tell of a hidden cell); 0 and SDC_UNBOUNDED unless set. */
	unsigned char *fixed;
	long long *lo0, *hi0;
	/* A cell that is not 0 is at least least[c] (1 unless set: 2 for the children with a
	 * brother or sister looked after, who come in pairs). */
	unsigned char *least;
	struct sdc_relation *rel;
	size_t nrel, caprel;
};

/* A table of n cells, all published (value 0), none fixed, and no relation. */
void sdc_init(struct sdc_table *t, size_t n);
void sdc_free(struct sdc_table *t);
/* Adds the relation sum coef[k] x cells[k] = 0 (exact) or <= 0 (n at most SDC_MAX_TERMS;
 * a cell given twice has its coefficients added). One with a cell not available
 * (SDC_MISSING) is left out, since a missing cell is no constraint anyone can use; so is
 * one the true values break (two years' tables from different imports), since it is no
 * fact about these figures. */
void sdc_relation(struct sdc_table *t, bool exact, const uint32_t *cells, const int *coefs, uint32_t n);
/* total = parts[0] + ... + parts[nparts-1] (+ a remainder not published, 0 or more,
 * when slack is true: the parts are some of the total, not all of it): the relation
 * parts - total = 0 (or <= 0). */
void sdc_equation(struct sdc_table *t, uint32_t total, const uint32_t *parts, uint32_t nparts, bool slack);

/* Primary suppression, then secondary until sdc_attack recovers nothing (or nothing is
 * left to suppress). Secondary cells are chosen among an equation's unsuppressed parts,
 * the smallest of 5 or more first (least information lost), then a zero, then the
 * total; never a fixed cell. Returns the number of secondary cells that are not fixed. */
size_t sdc_protect(struct sdc_table *t);

/* The attack on the published table: only the published values (t->value of cells
 * whose status is SDC_PUBLISHED or SDC_PUBLIC), the statuses, lo0 and hi0 and the
 * relations are used. lo and hi (ncells each) receive each cell's bounds (a published
 * cell: its value; hi SDC_UNBOUNDED when unknown). Returns how many protected cells are
 * recovered (lo == hi): every primary cell, and the secondary cells that are not fixed
 * (a fixed secondary cell worked out hides nothing more than it did). */
#define SDC_UNBOUNDED (1LL << 50)
size_t sdc_attack(const struct sdc_table *t, long long *lo, long long *hi);

#endif
