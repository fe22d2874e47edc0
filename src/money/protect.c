/* Rounding a projection for publication (money.h; docs/money.md "Publishing a
 * projection"): the figures that grow from children's records (children, costs,
 * savings, the backtest's counts) are rounded to a base, so that no page or API answer
 * shows the exact number of children in a small group. */
#include "money/money.h"

#include <math.h>
#include <stdlib.h>

double money_round_to(double v, double base)
{
	if (!(base > 0))
		return v;
	double r = base * floor(v / base + 0.5);
	return r == 0 ? 0 : r; /* never -0 */
}

static void round3(struct money_band3 *b, size_t n, double base)
{
	for (size_t i = 0; b && i < n; i++) {
		b[i].p5 = money_round_to(b[i].p5, base);
		b[i].p50 = money_round_to(b[i].p50, base);
		b[i].p95 = money_round_to(b[i].p95, base);
	}
}

void money_projection_round(struct money_projection *p, double children, double month_pounds, double year_pounds)
{
	size_t m = (size_t)p->months, y = (size_t)p->years;
	round3(p->children, m * MONEY_NTYPES, children);
	round3(p->total, m, children);
	round3(p->cost, m, month_pounds);
	round3(p->year_cost, y, year_pounds);
	round3(p->year_groups, y * (size_t)p->ngroups, children);
	if (!p->with_scenario)
		return;
	round3(p->s_children, m * MONEY_NTYPES, children);
	round3(p->s_total, m, children);
	round3(p->s_cost, m, month_pounds);
	round3(p->gross_saving, m, month_pounds);
	round3(p->net_saving, m, month_pounds);
	round3(p->net_saving_cum, m, month_pounds);
	round3(p->s_year_cost, y, year_pounds);
	round3(p->year_gross_saving, y, year_pounds);
	round3(p->year_net_saving, y, year_pounds);
	/* the investment is the scenario's own money, not worked from children: as it is */
}

void money_backtest_round(struct money_backtest *bt, double base)
{
	for (int h = 0; h < MONEY_BACKTEST_N; h++) {
		if (!bt->known[h])
			continue;
		double sum = 0;
		int n = 0;
		bt->inside_count[h] = 0;
		for (int t = 0; t <= MONEY_NTYPES; t++) {
			double truth = money_round_to(bt->truth[h][t], base);
			struct money_band3 *b = &bt->projected[h][t];
			round3(b, 1, base);
			bt->truth[h][t] = truth;
			bt->error[h][t] = b->p50 - truth;
			bt->error_pct[h][t] = truth != 0 ? 100 * (b->p50 - truth) / truth : 0;
			bt->inside[h][t] = b->p5 <= truth && truth <= b->p95;
			bt->inside_count[h] += bt->inside[h][t];
			if (t < MONEY_NTYPES && truth >= 10) {
				sum += fabs(bt->error_pct[h][t]);
				n++;
			}
		}
		bt->mean_abs_pct[h] = n ? sum / n : 0;
	}
}
