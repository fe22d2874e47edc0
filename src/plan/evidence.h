/* Evidence that organisations submit (issue 3): plans, reports and survey responses
 * saying what they will do, what support they need and what help they can offer, the
 * actions it speaks to, and an optional file. The rules: who may see, change and
 * publish it, what a valid submission is, what a file really is (by its bytes, never
 * by its name or declared type), and each change in one transaction with its audit
 * record. Callable without HTTP (forms, the API, a CSV import). */
#ifndef KEEP_PLAN_EVIDENCE_H
#define KEEP_PLAN_EVIDENCE_H
#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

#include "base/kerr.h"
#include "store/store.h"

#define EVIDENCE_MAX_FILE (20u * 1024 * 1024)

/* The kinds, as stored: "plan", "report", "survey-response". NULL-terminated. */
extern const char *const evidence_kinds[];
/* "Plan", "Report", "Survey response"; "Not yet recorded" for anything else. */
const char *evidence_kind_words(const char *kind);

/* A submission as a form or a program gives it; NULL or "" is "not given". */
struct evidence_form {
	const char *kind, *title, *will_do, *support_needed, *help_offered;
	const char *const *actions; /* action slugs */
	size_t nactions;
	/* A file to attach (has_file), replacing any; or remove_file to drop the one there. */
	bool has_file, remove_file;
	const char *file_name; /* as the person's computer named it: shown, never trusted */
	const char *file_data;
	size_t file_len;
};

/* What the bytes of a file are, by their content alone: "application/pdf" (starts
 * %PDF-), the DOCX type (a ZIP holding [Content_Types].xml and word/...), the ODT type
 * (a ZIP whose first entry is an uncompressed `mimetype` naming
 * application/vnd.oasis.opendocument.text), or "text/csv" (UTF-8 text without NUL that
 * src/base/csv.c reads to the end). NULL for anything else, and for no bytes. */
const char *evidence_sniff(const char *data, size_t len);
/* The file extension (".pdf", ".docx", ".odt", ".csv") for a sniffed type, or "". */
const char *evidence_type_extension(const char *type);
/* A file name safe in a Content-Disposition header and on any disk: name's ASCII
 * letters, digits, '-', '_' and '.' (others become '-'; no leading dot), at most 100
 * characters, ending in the extension of type. "evidence" when nothing is left. */
void evidence_safe_file_name(const char *name, const char *type, char out[128]);

/* Checks f: kind one of the three; title required, at most 300 characters; the three
 * texts at most 10,000; every action must exist; a file at most 20 MiB and one of the
 * four types by content. Problems go into errors as field: message (fields kind,
 * title, will_do, support_needed, help_offered, actions, file). Returns how many. */
int evidence_check(struct store *s, const struct evidence_form *f, json_t *errors);

/* Adds evidence of organisation from f (checked), submitted today, not published,
 * with an id made from the organisation and the title's first words (made unique,
 * copied into slug_out), its file, and its audit record, in one transaction. */
int evidence_add(struct store *s, const char *actor, const char *organisation, const struct evidence_form *f,
                 char slug_out[128], struct kerr *e);
/* Changes evidence slug to f (checked) with its audit record, in one transaction.
 * Saving it unchanged records nothing. */
int evidence_change(struct store *s, const char *actor, const char *slug, const struct evidence_form *f,
                    struct kerr *e);
/* Publishes (dated today) or unpublishes evidence slug, with its audit record. Asking
 * for the state it is already in records nothing. */
int evidence_publish(struct store *s, const char *actor, const char *slug, bool published, struct kerr *e);
/* evidence_change, then (publish 1 or 0; -1 leaves it) evidence_publish, in one
 * transaction: both or neither. */
int evidence_change_publish(struct store *s, const char *actor, const char *slug, const struct evidence_form *f,
                            int publish, struct kerr *e);
/* Deletes evidence slug and its file, with its audit record. */
int evidence_delete(struct store *s, const char *actor, const char *slug, struct kerr *e);

/* Who may see evidence of organisation that is not published: its own editors and
 * viewers, The Promise Scotland's staff, the Oversight Board and admins. Published
 * evidence everyone may see. */
bool evidence_may_see_unpublished(json_t *user, const char *organisation);
/* Whether user may see evidence {published, organisation: {slug}} (as store_evidence
 * gives it, or organisation as a slug). */
bool evidence_may_see(json_t *user, json_t *evidence);
/* Adding and changing: staff and admins any organisation's, editors their own. */
bool evidence_may_edit(json_t *user, const char *organisation);
/* Publishing and unpublishing: staff and admins. */
bool evidence_may_publish(json_t *user);

#endif
