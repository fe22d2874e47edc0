/* Plans for where children live: who may see them and decide, saving a run and recording
 * decisions, each one transaction with its audit record (docs/places.md "The plan",
 * "Runs and decisions"). keep recommends; people decide. */
#ifndef KEEP_PLAN_PLACEPLAN_H
#define KEEP_PLAN_PLACEPLAN_H
#include <jansson.h>
#include <stdbool.h>

#include "base/kerr.h"
#include "store/store.h"

/* Who is asking, and what they may do. Administrators and The Promise Scotland's staff
 * see every run and every request, run plans for any council and decide on any request.
 * An organisation editor or viewer whose organisation is a council area's (its
 * council_area is set) sees the runs that hold a request of that council, and only those
 * requests; an editor may also run a plan of their council's own requests and decide on
 * them. Everyone else (board members, other organisations' people, anyone not signed in)
 * sees nothing of plans. */
struct placeplan_who {
	char actor[256];   /* for the audit: the email, or the command line's user */
	bool all;          /* sees and decides everything */
	char council[10];  /* when !all: the council whose requests they see; "" none */
	bool may_decide;   /* all, or an editor of council */
};

/* From a signed-in account ({email, role, organisation}, as account_session gives it);
 * account NULL: nobody. -1 only when the store fails. */
int placeplan_who_of(struct store *s, json_t *account, struct placeplan_who *w, struct kerr *e);
/* The command line's user: everything. */
void placeplan_who_everything(struct placeplan_who *w, const char *actor);
/* Whether w may see anything of plans at all. */
bool placeplan_may_see(const struct placeplan_who *w);
/* Whether w may run a plan of these requests' home councils (homes: n GSS codes). */
bool placeplan_may_run(const struct placeplan_who *w, const char *const *homes, size_t n);

/* Saves a run (place_run_json's shape), audited ("place-plan" ID create): *id its number. */
int placeplan_save(struct store *s, const struct placeplan_who *w, json_t *run, long long *id, struct kerr *e);
/* The runs w may see (store_place_runs), or the one run (store_place_run) with only the
 * requests w may see; KERR_NOTFOUND when there is none w may see. */
json_t *placeplan_list(struct store *s, const struct placeplan_who *w, struct kerr *e);
json_t *placeplan_get(struct store *s, const struct placeplan_who *w, long long id, struct kerr *e);
/* Records that the recommendation for request ref of run id is accepted or rejected
 * (decision "accepted" or "rejected"; reason optional, at most 1,000 characters),
 * audited ("place-plan-decision" ID/REF create). KERR_INVALID for a bad decision or
 * reason (the message names the field), KERR_NOTFOUND for a run or request w may not see,
 * KERR_USAGE when w may see but not decide. */
int placeplan_decide(struct store *s, const struct placeplan_who *w, long long id, const char *ref,
                     const char *decision, const char *reason, struct kerr *e);

/* ---- making a plan (placeplan_make.c) ----
 * The requests (place_requests_read's), and the register's services and their
 * vacancies on day (store_place_services, store_place_vacancies), solved (place_plan):
 * nationally, or council by council when by_council. With compare, the other way too,
 * each one's aims under "comparison": {national, council: {status, aims}}. *out: the run in
 * place_run_json's shape (with "comparison" when asked), not saved. -1 with e when the
 * store or the solver fails. */
struct place_options;
struct place_request;
int placeplan_make(struct store *s, const struct place_request *req, size_t nreq, int32_t day, bool by_council,
                   bool compare, const struct place_options *o, json_t **out, struct kerr *e);

#endif
