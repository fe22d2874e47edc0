/* Statistical disclosure control for published counts (docs/measures.md, "Protecting
 * published counts"): a table of count cells tied together by equations (a total and
 * its parts: a row's groups and its total, a column's councils and Scotland), primary
 * suppression of counts from 1 to 4, and secondary suppression until no suppressed cell
 * can be worked back from what is published.
 *
 * "Worked back" is judged by sdc_attack, an attacker who knows every published cell,
 * the equations, and the rules: a primary cell is 1 to 4; a secondary cell is 0 or 5 or
 * more (it was not primary, and zero is published only when not needed for protection).
 * It narrows each suppressed cell to an interval by propagating bounds through the
 * equations (differences of a row, a column, the totals; the 1..4 range of primaries)
 * until nothing changes, then solves the equations as a linear system (iterated
 * elimination) for any cell they fix, and again; a cell left with one value is
 * recovered.
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

/* total = parts[0] + ... + parts[nparts-1] (+ a remainder not published, 0 or more,
 * when slack is true: the parts are some of the total, not all of it). Cell indexes. */
struct sdc_equation {
	uint32_t total;
	uint32_t parts[40]; /* a column: up to 32 councils */
	uint32_t nparts;
	bool slack;
};

struct sdc_table {
	size_t ncells;
	long long *value;      /* the true counts */
	unsigned char *status; /* enum sdc_status; set SDC_MISSING and SDC_PUBLIC before protecting */
	struct sdc_equation *eq;
	size_t neq, capeq;
};

/* A table of n cells, all published (value 0) and no equation. */
void sdc_init(struct sdc_table *t, size_t n);
void sdc_free(struct sdc_table *t);
/* Adds an equation (nparts at most 40); one whose cells are not all available (SDC_MISSING) is left out,
 * since a missing cell is no constraint anyone can use. */
void sdc_equation(struct sdc_table *t, uint32_t total, const uint32_t *parts, uint32_t nparts, bool slack);

/* Primary suppression, then secondary until sdc_attack recovers nothing (or nothing is
 * left to suppress). Secondary cells are chosen among an equation's unsuppressed parts,
 * the smallest of 5 or more first (least information lost), then a zero, then the
 * total. Returns the number of secondary cells. */
size_t sdc_protect(struct sdc_table *t);

/* The attack on the published table: only the published values (t->value of cells
 * whose status is SDC_PUBLISHED or SDC_PUBLIC), the statuses and the equations are used.
 * lo and hi (ncells each) receive each cell's bounds (a published cell: its value; hi
 * SDC_UNBOUNDED when unknown). Returns how many suppressed cells are recovered (lo ==
 * hi). */
#define SDC_UNBOUNDED (1LL << 50)
size_t sdc_attack(const struct sdc_table *t, long long *lo, long long *hi);

#endif
