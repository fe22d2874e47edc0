/* Importing records from CSV files (issue 3): everything is checked before anything is
 * written, then all of it is written in one transaction, each change audited. Rows are
 * matched on their id, so importing the same file again changes nothing. */
#ifndef KEEP_PLAN_IMPORT_H
#define KEEP_PLAN_IMPORT_H
#include <jansson.h>
#include <stddef.h>

#include "base/kerr.h"
#include "store/store.h"

#define IMPORT_MAX_ERRORS 100

struct import_result {
	size_t rows, created, changed, unchanged;
};

/* Called now and then with how far the import is: done of total (bytes of the file
 * while "checking", rows while "writing"). */
typedef void (*import_progress)(const char *pass, size_t done, size_t total, void *arg);

/* What keep imports, NULL-terminated: "commitments", "organisations", "evidence",
 * "observations", "spend". */
extern const char *const import_kinds[];

/* Imports records of kind (one of import_kinds) from the CSV text data[0..len), named
 * name in messages, as actor (for the audit log). The header row names the columns:
 *   commitments    id, organisation and text required; action, due, due_text, status
 *                  and source optional; created and updated (as `keep export` writes
 *                  them) ignored
 *   organisations  id and name required; sector, scale and council_area optional,
 *                  checked by organisation_check (plan/commitment.h)
 *   evidence       id, organisation, kind and title required; will_do, support_needed,
 *                  help_offered and actions (slugs separated by ';') optional, checked
 *                  by evidence_check (plan/evidence.h); what `keep export evidence`
 *                  writes besides (submitted, published, the file's details, created,
 *                  updated) ignored: staff publish, files come by the form or the API
 *   spend          The Money's spend lines (docs/money.md "Spend"): id, area, year,
 *                  organisation, heading, level, kind, amount and source required;
 *                  pooled, share, pooled_with, source_date and made_up optional, checked
 *                  by spend_form_check (plan/spend.h); area_name, financial_year,
 *                  created and changed (as `keep export spend` writes them) ignored
 * A column left out leaves what is stored as it is. Rows are matched on id: a new id
 * adds a record, a known one changes it when a value differs, and an unchanged row
 * writes nothing. Every row is checked before anything is written; on problems, returns
 * -1 having written nothing, with errors (an array, appended to) holding
 * "NAME:LINE:COLUMN: what is wrong" for each, at most IMPORT_MAX_ERRORS, then one line
 * saying how many more, and e saying how many problems. Otherwise everything is written
 * in one transaction, each record created or changed with its audit record, and out
 * holds the counts. progress (or NULL) is called with arg now and then. Prints nothing.
 * KERR_USAGE for an unknown kind. */
int import_run(struct store *s, const char *kind, const char *name, const char *data, size_t len,
               const char *actor, import_progress progress, void *arg, struct import_result *out, json_t *errors,
               struct kerr *e);

#endif
