/* The Money's costs on the web (money_costs.c): the sections /money holds, the page
 * /money/costs, the form for a council area's own unit costs, and /api/v1/unit-costs. */
#ifndef KEEP_WEB_MONEY_COSTS_H
#define KEEP_WEB_MONEY_COSTS_H
#include "web/web.h"

/* Renders the sections "Placement costs from the records" and "The cost of failure" for
 * area (a council area's code; NULL or Scotland's code: Scotland) and financial year fy
 * (2024 for 2024-25) into out, as HTML for a page's main column (headings h2 and h3).
 * -1 with e on a failed read or render. */
int web_money_costs_sections(struct web_request *req, const char *area, int fy, struct buf *out, struct kerr *e);

void web_page_money_costs(struct web_request *req, struct web_response *res);
void web_page_money_costs_edit(struct web_request *req, struct web_response *res);
void web_money_costs_edit_post(struct web_request *req, struct web_response *res);
void web_api_unit_costs_get(struct web_request *req, struct web_response *res);
void web_api_unit_costs_post(struct web_request *req, struct web_response *res);

#endif
