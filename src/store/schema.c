/* The schema and its versioned migrations. A database records its schema version in
 * PRAGMA user_version and that it is keep's in PRAGMA application_id. Migration N
 * takes a database from version N-1 to N; a new migration is a new row at the end,
 * never an edit of an old one. */
#include "store/store_int.h"

#include <stdio.h>

static const char *const migration_1[] = {
	"CREATE TABLE council_area ("
	"  code TEXT PRIMARY KEY CHECK (length(code) = 9),"
	"  name TEXT NOT NULL"
	") STRICT;",
	"CREATE TABLE plan ("
	"  id INTEGER PRIMARY KEY,"
	"  slug TEXT NOT NULL UNIQUE,"
	"  title TEXT NOT NULL,"
	"  summary TEXT,"
	"  starts TEXT NOT NULL,"
	"  ends TEXT NOT NULL,"
	"  CHECK (starts <= ends)"
	") STRICT;",
	"CREATE TABLE phase ("
	"  id INTEGER PRIMARY KEY,"
	"  plan_id INTEGER NOT NULL REFERENCES plan(id),"
	"  slug TEXT NOT NULL UNIQUE,"
	"  title TEXT NOT NULL,"
	"  years TEXT,"
	"  summary TEXT,"
	"  starts TEXT NOT NULL,"
	"  ends TEXT NOT NULL,"
	"  CHECK (starts <= ends)"
	") STRICT;",
	"CREATE TABLE foundation ("
	"  id INTEGER PRIMARY KEY,"
	"  slug TEXT NOT NULL UNIQUE,"
	"  position INTEGER NOT NULL,"
	"  title TEXT NOT NULL,"
	"  text TEXT NOT NULL"
	") STRICT;",
	"CREATE TABLE fundamental ("
	"  id INTEGER PRIMARY KEY,"
	"  slug TEXT NOT NULL UNIQUE,"
	"  position INTEGER NOT NULL,"
	"  title TEXT NOT NULL"
	") STRICT;",
	"CREATE TABLE priority ("
	"  id INTEGER PRIMARY KEY,"
	"  plan_id INTEGER NOT NULL REFERENCES plan(id),"
	"  slug TEXT NOT NULL UNIQUE,"
	"  position INTEGER NOT NULL,"
	"  title TEXT NOT NULL,"
	"  text TEXT"
	") STRICT;",
	"CREATE TABLE action ("
	"  id INTEGER PRIMARY KEY,"
	"  priority_id INTEGER NOT NULL REFERENCES priority(id),"
	"  slug TEXT NOT NULL UNIQUE,"
	"  position INTEGER NOT NULL,"
	"  title TEXT NOT NULL,"
	"  required TEXT,"
	"  committed TEXT,"
	"  leads_text TEXT,"
	"  next_steps TEXT,"
	"  due TEXT,"
	"  source TEXT"
	") STRICT;",
	"CREATE INDEX action_priority ON action(priority_id, position);",
	"CREATE TABLE action_foundation ("
	"  action_id INTEGER NOT NULL REFERENCES action(id) ON DELETE CASCADE,"
	"  foundation_id INTEGER NOT NULL REFERENCES foundation(id),"
	"  PRIMARY KEY (action_id, foundation_id)"
	") STRICT, WITHOUT ROWID;",
	"CREATE INDEX action_foundation_f ON action_foundation(foundation_id);",
	"CREATE TABLE milestone ("
	"  id INTEGER PRIMARY KEY,"
	"  action_id INTEGER NOT NULL REFERENCES action(id) ON DELETE CASCADE,"
	"  position INTEGER NOT NULL,"
	"  when_text TEXT,"
	"  due TEXT,"
	"  text TEXT NOT NULL,"
	"  UNIQUE (action_id, position)"
	") STRICT;",
	"CREATE TABLE heard ("
	"  id INTEGER PRIMARY KEY,"
	"  action_id INTEGER NOT NULL REFERENCES action(id) ON DELETE CASCADE,"
	"  position INTEGER NOT NULL,"
	"  at TEXT,"
	"  text TEXT NOT NULL,"
	"  UNIQUE (action_id, position)"
	") STRICT;",
	"CREATE TABLE assessment ("
	"  id INTEGER PRIMARY KEY,"
	"  action_id INTEGER NOT NULL REFERENCES action(id) ON DELETE CASCADE,"
	"  at TEXT,"
	"  rating TEXT CHECK (rating IN ('not_started', 'under_way_not_sufficient',"
	"    'under_way_on_track', 'achieved', 'at_risk')),"
	"  text TEXT,"
	"  next_steps TEXT,"
	"  source TEXT"
	") STRICT;",
	"CREATE INDEX assessment_action ON assessment(action_id, at);",
	"CREATE TABLE organisation ("
	"  id INTEGER PRIMARY KEY,"
	"  slug TEXT NOT NULL UNIQUE,"
	"  name TEXT NOT NULL,"
	"  sector TEXT CHECK (sector IN ('public', 'third', 'private')),"
	"  scale TEXT CHECK (scale IN ('national', 'local')),"
	"  council_area TEXT REFERENCES council_area(code)"
	") STRICT;",
	"CREATE TABLE lead ("
	"  action_id INTEGER NOT NULL REFERENCES action(id) ON DELETE CASCADE,"
	"  organisation_id INTEGER NOT NULL REFERENCES organisation(id) ON DELETE CASCADE,"
	"  role TEXT NOT NULL CHECK (role IN ('lead', 'key')),"
	"  PRIMARY KEY (action_id, organisation_id)"
	") STRICT, WITHOUT ROWID;",
	"CREATE INDEX lead_organisation ON lead(organisation_id);",
	"CREATE TABLE commitment ("
	"  id INTEGER PRIMARY KEY,"
	"  slug TEXT NOT NULL UNIQUE,"
	"  organisation_id INTEGER NOT NULL REFERENCES organisation(id),"
	"  action_id INTEGER REFERENCES action(id),"
	"  text TEXT NOT NULL,"
	"  due TEXT,"
	"  due_text TEXT,"
	"  status TEXT CHECK (status IN ('not_started', 'under_way', 'done', 'dropped')),"
	"  source TEXT,"
	"  created TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),"
	"  updated TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))"
	") STRICT;",
	"CREATE INDEX commitment_organisation ON commitment(organisation_id);",
	"CREATE INDEX commitment_action ON commitment(action_id);",
	"CREATE TABLE commitment_update ("
	"  id INTEGER PRIMARY KEY,"
	"  commitment_id INTEGER NOT NULL REFERENCES commitment(id) ON DELETE CASCADE,"
	"  at TEXT NOT NULL,"
	"  status TEXT CHECK (status IN ('not_started', 'under_way', 'done', 'dropped')),"
	"  text TEXT"
	") STRICT;"
	/* Full-text search. No stemmer: every typed word is matched as a prefix, which
	 * finds plurals, and a stemmer would make a half-typed word ("plann") miss.
	 * The rowid encodes the kind so triggers can find their row:
	 * action id*4, commitment id*4+1, organisation id*4+2, heard note id*4+3. */,
	"CREATE VIRTUAL TABLE search USING fts5(kind UNINDEXED, ref UNINDEXED, title, body,"
	"  tokenize = 'unicode61 remove_diacritics 2');",
	"CREATE TRIGGER action_ai AFTER INSERT ON action BEGIN"
	"  INSERT INTO search(rowid, kind, ref, title, body) VALUES (new.id * 4, 'action', new.slug, new.title,"
	"    coalesce(new.required, '') || ' ' || coalesce(new.committed, '') || ' ' ||"
	"    coalesce(new.leads_text, '') || ' ' || coalesce(new.next_steps, ''));"
	"END;",
	"CREATE TRIGGER action_ad AFTER DELETE ON action BEGIN"
	"  DELETE FROM search WHERE rowid = old.id * 4;"
	"END;",
	"CREATE TRIGGER action_au AFTER UPDATE ON action BEGIN"
	"  DELETE FROM search WHERE rowid = old.id * 4;"
	"  INSERT INTO search(rowid, kind, ref, title, body) VALUES (new.id * 4, 'action', new.slug, new.title,"
	"    coalesce(new.required, '') || ' ' || coalesce(new.committed, '') || ' ' ||"
	"    coalesce(new.leads_text, '') || ' ' || coalesce(new.next_steps, ''));"
	"END;",
	"CREATE TRIGGER commitment_ai AFTER INSERT ON commitment BEGIN"
	"  INSERT INTO search(rowid, kind, ref, title, body) VALUES (new.id * 4 + 1, 'commitment', new.slug,"
	"    (SELECT name FROM organisation WHERE id = new.organisation_id),"
	"    new.text || ' ' || coalesce(new.due_text, ''));"
	"END;",
	"CREATE TRIGGER commitment_ad AFTER DELETE ON commitment BEGIN"
	"  DELETE FROM search WHERE rowid = old.id * 4 + 1;"
	"END;",
	"CREATE TRIGGER commitment_au AFTER UPDATE ON commitment BEGIN"
	"  DELETE FROM search WHERE rowid = old.id * 4 + 1;"
	"  INSERT INTO search(rowid, kind, ref, title, body) VALUES (new.id * 4 + 1, 'commitment', new.slug,"
	"    (SELECT name FROM organisation WHERE id = new.organisation_id),"
	"    new.text || ' ' || coalesce(new.due_text, ''));"
	"END;",
	"CREATE TRIGGER organisation_ai AFTER INSERT ON organisation BEGIN"
	"  INSERT INTO search(rowid, kind, ref, title, body) VALUES (new.id * 4 + 2, 'organisation', new.slug,"
	"    new.name, coalesce((SELECT name FROM council_area WHERE code = new.council_area), ''));"
	"END;",
	"CREATE TRIGGER organisation_ad AFTER DELETE ON organisation BEGIN"
	"  DELETE FROM search WHERE rowid = old.id * 4 + 2;"
	"END;",
	"CREATE TRIGGER organisation_au AFTER UPDATE ON organisation BEGIN"
	"  DELETE FROM search WHERE rowid = old.id * 4 + 2;"
	"  INSERT INTO search(rowid, kind, ref, title, body) VALUES (new.id * 4 + 2, 'organisation', new.slug,"
	"    new.name, coalesce((SELECT name FROM council_area WHERE code = new.council_area), ''));"
	"END;",
	"CREATE TRIGGER heard_ai AFTER INSERT ON heard BEGIN"
	"  INSERT INTO search(rowid, kind, ref, title, body) VALUES (new.id * 4 + 3, 'heard',"
	"    (SELECT slug FROM action WHERE id = new.action_id),"
	"    (SELECT title FROM action WHERE id = new.action_id), new.text);"
	"END;",
	"CREATE TRIGGER heard_ad AFTER DELETE ON heard BEGIN"
	"  DELETE FROM search WHERE rowid = old.id * 4 + 3;"
	"END;",
	"CREATE TRIGGER heard_au AFTER UPDATE ON heard BEGIN"
	"  DELETE FROM search WHERE rowid = old.id * 4 + 3;"
	"  INSERT INTO search(rowid, kind, ref, title, body) VALUES (new.id * 4 + 3, 'heard',"
	"    (SELECT slug FROM action WHERE id = new.action_id),"
	"    (SELECT title FROM action WHERE id = new.action_id), new.text);"
	"END;",
	NULL,
};

static const char *const migration_2[] = {
	"CREATE TABLE user ("
	"  id INTEGER PRIMARY KEY,"
	"  email TEXT NOT NULL UNIQUE COLLATE NOCASE,"
	"  pw_hash TEXT NOT NULL,"
	"  role TEXT NOT NULL CHECK (role IN ('admin', 'staff', 'board', 'editor', 'viewer')),"
	"  organisation_id INTEGER REFERENCES organisation(id),"
	"  disabled INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1)),"
	"  created TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),"
	"  CHECK (role <> 'editor' OR organisation_id IS NOT NULL)"
	") STRICT;",
	"CREATE TABLE session ("
	"  token_hash TEXT PRIMARY KEY,"
	"  user_id INTEGER NOT NULL REFERENCES user(id) ON DELETE CASCADE,"
	"  csrf TEXT NOT NULL,"
	"  created TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),"
	"  expires TEXT NOT NULL"
	") STRICT;",
	"CREATE INDEX session_user ON session(user_id);",
	/* who did what: actor is the signed-in account's email, or "command line (USER)" */
	"CREATE TABLE audit ("
	"  id INTEGER PRIMARY KEY,"
	"  at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),"
	"  actor TEXT NOT NULL,"
	"  entity TEXT NOT NULL,"
	"  entity_id TEXT NOT NULL,"
	"  verb TEXT NOT NULL CHECK (verb IN ('create', 'update', 'delete')),"
	"  before_json TEXT,"
	"  after_json TEXT"
	") STRICT;",
	"CREATE INDEX audit_entity ON audit(entity, entity_id, at);",
	"CREATE INDEX audit_at ON audit(at);",
	NULL,
};

/* Evidence that organisations submit (issue 3). The file's bytes live in a table of
 * their own, so that reading evidence, or listing it, never reads a blob. */
static const char *const migration_3[] = {
	"CREATE TABLE evidence ("
	"  id INTEGER PRIMARY KEY,"
	"  slug TEXT NOT NULL UNIQUE,"
	"  organisation_id INTEGER NOT NULL REFERENCES organisation(id),"
	"  kind TEXT NOT NULL CHECK (kind IN ('plan', 'report', 'survey-response')),"
	"  title TEXT NOT NULL,"
	"  will_do TEXT,"
	"  support_needed TEXT,"
	"  help_offered TEXT,"
	"  submitted TEXT NOT NULL,"
	"  published INTEGER NOT NULL DEFAULT 0 CHECK (published IN (0, 1)),"
	"  published_at TEXT,"
	"  file_name TEXT,"
	"  file_type TEXT,"
	"  file_size INTEGER,"
	"  created TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),"
	"  updated TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),"
	"  CHECK ((file_name IS NULL) = (file_size IS NULL))"
	") STRICT;",
	"CREATE INDEX evidence_organisation ON evidence(organisation_id);",
	"CREATE TABLE evidence_action ("
	"  evidence_id INTEGER NOT NULL REFERENCES evidence(id) ON DELETE CASCADE,"
	"  action_id INTEGER NOT NULL REFERENCES action(id),"
	"  PRIMARY KEY (evidence_id, action_id)"
	") STRICT, WITHOUT ROWID;",
	"CREATE INDEX evidence_action_action ON evidence_action(action_id);",
	"CREATE TABLE evidence_file ("
	"  evidence_id INTEGER PRIMARY KEY REFERENCES evidence(id) ON DELETE CASCADE,"
	"  data BLOB NOT NULL"
	") STRICT;",
	NULL,
};

/* One row per schema version: the statements that reach it. */
/* The Oversight Board (issue 4): its members over time, and who recorded each
 * assessment (NULL for those loaded from the published progress reports). */
static const char *const migration_4[] = {
	"CREATE TABLE board_member ("
	"  id INTEGER PRIMARY KEY,"
	"  slug TEXT NOT NULL UNIQUE,"
	"  name TEXT NOT NULL,"
	"  role TEXT NOT NULL CHECK (role IN ('chair', 'member')),"
	"  care_experienced INTEGER NOT NULL CHECK (care_experienced IN (0, 1)),"
	"  starts TEXT NOT NULL,"
	"  ends TEXT,"
	"  created TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),"
	"  updated TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),"
	"  CHECK (ends IS NULL OR ends >= starts)"
	") STRICT;",
	"ALTER TABLE assessment ADD COLUMN by_user TEXT;",
	NULL,
};

/* Indicators, targets and observations (issue 4). An area is a GSS code: S92000003 for
 * Scotland or one of the 32 council areas. A period is the date the figure counts to
 * (the census day, or the last day of the year or quarter it covers). A target may
 * name the action it measures, which places it in a priority area for the Board's
 * "good enough and fast enough?" view. */
static const char *const migration_5[] = {
	"CREATE TABLE indicator ("
	"  id INTEGER PRIMARY KEY,"
	"  slug TEXT NOT NULL UNIQUE,"
	"  title TEXT NOT NULL,"
	"  unit TEXT NOT NULL,"
	"  source TEXT NOT NULL,"
	"  frequency TEXT NOT NULL,"
	"  foundation_id INTEGER REFERENCES foundation(id),"
	"  vision TEXT,"
	"  created TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),"
	"  updated TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))"
	") STRICT;",
	"CREATE TABLE target ("
	"  id INTEGER PRIMARY KEY,"
	"  slug TEXT NOT NULL UNIQUE,"
	"  indicator_id INTEGER NOT NULL REFERENCES indicator(id),"
	"  area TEXT NOT NULL,"
	"  action_id INTEGER REFERENCES action(id),"
	"  note TEXT,"
	"  baseline REAL NOT NULL,"
	"  baseline_at TEXT NOT NULL,"
	"  value REAL NOT NULL,"
	"  due TEXT NOT NULL,"
	"  better TEXT NOT NULL CHECK (better IN ('higher', 'lower')),"
	"  created TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),"
	"  updated TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),"
	"  CHECK (due > baseline_at)"
	") STRICT;",
	"CREATE INDEX target_indicator ON target(indicator_id, area);",
	"CREATE TABLE observation ("
	"  id INTEGER PRIMARY KEY,"
	"  indicator_id INTEGER NOT NULL REFERENCES indicator(id),"
	"  area TEXT NOT NULL,"
	"  period TEXT NOT NULL,"
	"  value REAL,"
	"  suppressed INTEGER NOT NULL CHECK (suppressed IN (0, 1)),"
	"  source TEXT NOT NULL,"
	"  created TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),"
	"  updated TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),"
	"  UNIQUE (indicator_id, area, period),"
	"  CHECK ((suppressed = 1 AND value IS NULL) OR (suppressed = 0 AND value IS NOT NULL))"
	") STRICT;",
	NULL,
};

/* Care records (issue 5; docs/data-spec.md): one row in records_import per council and
 * return year, and every row of its files tied to it, so that importing the same
 * council and year again is deleting the import (ON DELETE CASCADE takes its rows) and
 * inserting it anew. A child is a number within its import (1, 2, ...), with the keyed
 * hash of the council's id (never the id); a date of birth is kept as YYYY-MM and a
 * location as a postcode district or a 1 km grid square. A count in records_import is
 * NULL when the file was not given ("we do not collect this"). Each table's index
 * leads with the import, for the cascade and for the measures, then the child. */
static const char *const migration_6[] = {
	"CREATE TABLE records_import ("
	"  id INTEGER PRIMARY KEY,"
	"  council TEXT NOT NULL REFERENCES council_area(code),"
	"  year INTEGER NOT NULL CHECK (year BETWEEN 1900 AND 9999),"
	"  created TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),"
	"  children INTEGER NOT NULL,"
	"  episodes INTEGER NOT NULL,"
	"  placements INTEGER NOT NULL,"
	"  legal INTEGER,"
	"  siblings INTEGER,"
	"  school_changes INTEGER,"
	"  adoption_breakdowns INTEGER,"
	"  restraints INTEGER,"
	"  UNIQUE (council, year)"
	") STRICT;",
	"CREATE TABLE care_child ("
	"  import_id INTEGER NOT NULL REFERENCES records_import(id) ON DELETE CASCADE,"
	"  child INTEGER NOT NULL,"
	"  hash TEXT NOT NULL CHECK (length(hash) = 64),"
	"  birth_month TEXT NOT NULL CHECK (birth_month GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]'),"
	"  sex TEXT NOT NULL,"
	"  ethnic_group TEXT NOT NULL,"
	"  disability TEXT NOT NULL,"
	"  PRIMARY KEY (import_id, child)"
	") STRICT, WITHOUT ROWID;",
	"CREATE TABLE care_episode ("
	"  import_id INTEGER NOT NULL REFERENCES records_import(id) ON DELETE CASCADE,"
	"  child INTEGER NOT NULL,"
	"  seq INTEGER NOT NULL,"
	"  starts TEXT NOT NULL,"
	"  ends TEXT,"
	"  end_reason TEXT,"
	"  CHECK (ends IS NULL OR ends >= starts),"
	"  CHECK ((ends IS NULL) = (end_reason IS NULL)),"
	"  PRIMARY KEY (import_id, child, seq)"
	") STRICT, WITHOUT ROWID;",
	"CREATE TABLE care_placement ("
	"  import_id INTEGER NOT NULL REFERENCES records_import(id) ON DELETE CASCADE,"
	"  child INTEGER NOT NULL,"
	"  seq INTEGER NOT NULL,"
	"  starts TEXT NOT NULL,"
	"  ends TEXT,"
	"  type TEXT NOT NULL,"
	"  provider TEXT,"
	"  council TEXT,"
	"  outside_scotland INTEGER NOT NULL CHECK (outside_scotland IN (0, 1)),"
	"  location TEXT CHECK (length(location) <= 8),"
	"  CHECK (ends IS NULL OR ends >= starts),"
	"  CHECK ((council IS NULL) = (outside_scotland = 1)),"
	"  PRIMARY KEY (import_id, child, seq)"
	") STRICT, WITHOUT ROWID;",
	"CREATE TABLE care_legal ("
	"  import_id INTEGER NOT NULL REFERENCES records_import(id) ON DELETE CASCADE,"
	"  child INTEGER NOT NULL,"
	"  seq INTEGER NOT NULL,"
	"  starts TEXT NOT NULL,"
	"  ends TEXT,"
	"  reason TEXT NOT NULL,"
	"  CHECK (ends IS NULL OR ends >= starts),"
	"  PRIMARY KEY (import_id, child, seq)"
	") STRICT, WITHOUT ROWID;",
	"CREATE TABLE care_sibling ("
	"  import_id INTEGER NOT NULL REFERENCES records_import(id) ON DELETE CASCADE,"
	"  child INTEGER NOT NULL,"
	"  seq INTEGER NOT NULL,"
	"  sibling INTEGER NOT NULL,"
	"  relationship TEXT NOT NULL,"
	"  CHECK (child < sibling),"
	"  PRIMARY KEY (import_id, child, seq)"
	") STRICT, WITHOUT ROWID;",
	"CREATE TABLE care_school_change ("
	"  import_id INTEGER NOT NULL REFERENCES records_import(id) ON DELETE CASCADE,"
	"  child INTEGER NOT NULL,"
	"  seq INTEGER NOT NULL,"
	"  date TEXT NOT NULL,"
	"  from_school TEXT NOT NULL,"
	"  to_school TEXT NOT NULL,"
	"  with_placement_move INTEGER NOT NULL CHECK (with_placement_move IN (0, 1)),"
	"  PRIMARY KEY (import_id, child, seq)"
	") STRICT, WITHOUT ROWID;",
	"CREATE TABLE care_adoption_breakdown ("
	"  import_id INTEGER NOT NULL REFERENCES records_import(id) ON DELETE CASCADE,"
	"  child INTEGER NOT NULL,"
	"  seq INTEGER NOT NULL,"
	"  order_date TEXT NOT NULL,"
	"  disruption_date TEXT NOT NULL,"
	"  CHECK (disruption_date >= order_date),"
	"  PRIMARY KEY (import_id, child, seq)"
	") STRICT, WITHOUT ROWID;",
	"CREATE TABLE care_restraint ("
	"  import_id INTEGER NOT NULL REFERENCES records_import(id) ON DELETE CASCADE,"
	"  child INTEGER NOT NULL,"
	"  seq INTEGER NOT NULL,"
	"  date TEXT NOT NULL,"
	"  setting TEXT NOT NULL,"
	"  PRIMARY KEY (import_id, child, seq)"
	") STRICT, WITHOUT ROWID;",
	NULL,
};

/* England's SSDA903 return may not know the date of an adoption order that broke down
 * (its DATE_PERM may be zz/zz/YYYY or zz/zz/zzzz): order_date may be NULL. SQLite
 * cannot drop a NOT NULL, so the table is made again and its rows copied. And an SSDA903
 * return holds its own year, not each child's whole history as keep's native files do:
 * whole_history says which an import is. */
static const char *const migration_7[] = {
	"ALTER TABLE records_import ADD COLUMN whole_history INTEGER NOT NULL DEFAULT 1 "
	"CHECK (whole_history IN (0, 1));",
	"CREATE TABLE care_adoption_breakdown_7 ("
	"  import_id INTEGER NOT NULL REFERENCES records_import(id) ON DELETE CASCADE,"
	"  child INTEGER NOT NULL,"
	"  seq INTEGER NOT NULL,"
	"  order_date TEXT,"
	"  disruption_date TEXT NOT NULL,"
	"  CHECK (order_date IS NULL OR disruption_date >= order_date),"
	"  PRIMARY KEY (import_id, child, seq)"
	") STRICT, WITHOUT ROWID;",
	"INSERT INTO care_adoption_breakdown_7 SELECT import_id, child, seq, order_date, disruption_date "
	"FROM care_adoption_breakdown;",
	"DROP TABLE care_adoption_breakdown;",
	"ALTER TABLE care_adoption_breakdown_7 RENAME TO care_adoption_breakdown;",
	NULL,
};

/* The audit log's verbs gain "redact": a text removed, with who, when and why. SQLite
 * cannot change a CHECK, so the table is made again with its rows and indexes. */
static const char *const migration_redact[] = {
	"CREATE TABLE audit_redact ("
	"  id INTEGER PRIMARY KEY,"
	"  at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),"
	"  actor TEXT NOT NULL,"
	"  entity TEXT NOT NULL,"
	"  entity_id TEXT NOT NULL,"
	"  verb TEXT NOT NULL CHECK (verb IN ('create', 'update', 'delete', 'redact')),"
	"  before_json TEXT,"
	"  after_json TEXT"
	") STRICT;",
	"INSERT INTO audit_redact SELECT id, at, actor, entity, entity_id, verb, before_json, after_json FROM audit;",
	"DROP TABLE audit;",
	"ALTER TABLE audit_redact RENAME TO audit;",
	"CREATE INDEX audit_entity ON audit(entity, entity_id, at);",
	"CREATE INDEX audit_at ON audit(at);",
	NULL,
};

/* The published measures' table of each year, as measures_table made it (protected
 * whole), stored when care records are imported and when the measures are published, so
 * /measures reads it instead of working it out for every view: a row per
 * area (councils in the table's order, then Scotland), its name and whether it has
 * data apart, so a view reads the list and parses only the two areas it shows. */
static const char *const migration_stored_measures[] = {
	"CREATE TABLE measures_stored ("
	"  year INTEGER NOT NULL,"
	"  seq INTEGER NOT NULL,"
	"  area TEXT NOT NULL,"
	"  name TEXT NOT NULL,"
	"  data INTEGER NOT NULL CHECK (data IN (0, 1)),"
	"  cells TEXT NOT NULL,"
	"  computed TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),"
	"  PRIMARY KEY (year, area)"
	") STRICT;",
	NULL,
};

/* Where a placement is may not be known (an SSDA903 row without PL_POST): outside_scotland
 * may be NULL, and then council is NULL too; and the child's home, as a postcode district,
 * for the distance between home and placement. SQLite cannot change a CHECK,
 * so the table is made again and its rows copied. An episode that began before an SSDA903
 * return's year (its first row's RNE not S) is continued: its start is not a start. */
static const char *const migration_placement_where_and_home[] = {
	"ALTER TABLE care_episode ADD COLUMN continued INTEGER NOT NULL DEFAULT 0 CHECK (continued IN (0, 1));",
	"CREATE TABLE care_placement_new ("
	"  import_id INTEGER NOT NULL REFERENCES records_import(id) ON DELETE CASCADE,"
	"  child INTEGER NOT NULL,"
	"  seq INTEGER NOT NULL,"
	"  starts TEXT NOT NULL,"
	"  ends TEXT,"
	"  type TEXT NOT NULL,"
	"  provider TEXT,"
	"  council TEXT,"
	"  outside_scotland INTEGER CHECK (outside_scotland IN (0, 1)),"
	"  location TEXT CHECK (length(location) <= 8),"
	"  home TEXT CHECK (length(home) <= 4),"
	"  CHECK (ends IS NULL OR ends >= starts),"
	"  CHECK ((council IS NULL) = (outside_scotland IS NOT 0)),"
	"  PRIMARY KEY (import_id, child, seq)"
	") STRICT, WITHOUT ROWID;",
	"INSERT INTO care_placement_new SELECT import_id, child, seq, starts, ends, type, provider, council, "
	"outside_scotland, location, NULL FROM care_placement;",
	"DROP TABLE care_placement;",
	"ALTER TABLE care_placement_new RENAME TO care_placement;",
	NULL,
};

/* Whether an indicator counts children (its figures then get the measures' disclosure
 * control: a count of 1 to 4 is never published) and whether keep's measures work out
 * its figures (then no figure of it is typed by hand). The measures'
 * indicators published before this are marked: their slugs start "measure-" and their
 * source is "keep measures"; the counts of children among them are those in children or
 * young people, the population aside. */
static const char *const migration_indicator_kinds[] = {
	"ALTER TABLE indicator ADD COLUMN counts_children INTEGER NOT NULL DEFAULT 0 "
	"CHECK (counts_children IN (0, 1));",
	"ALTER TABLE indicator ADD COLUMN computed INTEGER NOT NULL DEFAULT 0 CHECK (computed IN (0, 1));",
	"UPDATE indicator SET computed = 1 WHERE slug LIKE 'measure-%' AND source = 'keep measures';",
	"UPDATE indicator SET counts_children = 1 WHERE computed = 1 AND unit IN ('children', 'young people') "
	"AND slug <> 'measure-population';",
	NULL,
};

/* Accounts: sign-in failures kept in the database (so they survive a restart
 * and are shared by every server on the file), counted by account and address together
 * and by address, each row keyed by a SHA-256 (no email or address in clear); sessions
 * of two kinds, a browser's cookie or a program's bearer token, never one for the other;
 * the server's key for form tokens (an HMAC of the session), made here once; and
 * organisation names unique whatever their case (the domain also ignores the spaces
 * around a name and says which name clashes). Sessions made before are ended: they had
 * no kind. */
static const char *const migration_accounts[] = {
	"CREATE TABLE login_failure ("
	"  key TEXT PRIMARY KEY,"
	"  fails INTEGER NOT NULL CHECK (fails > 0),"
	"  last INTEGER NOT NULL"
	") STRICT, WITHOUT ROWID;",
	"CREATE INDEX login_failure_last ON login_failure(last);",
	"DELETE FROM session;",
	"ALTER TABLE session DROP COLUMN csrf;",
	"ALTER TABLE session ADD COLUMN kind TEXT NOT NULL DEFAULT 'browser' CHECK (kind IN ('browser', 'api'));",
	"CREATE TABLE server_key ("
	"  id INTEGER PRIMARY KEY CHECK (id = 1),"
	"  key BLOB NOT NULL CHECK (length(key) = 32)"
	") STRICT;",
	"INSERT INTO server_key(id, key) VALUES (1, randomblob(32));",
	"CREATE UNIQUE INDEX organisation_name ON organisation(name COLLATE NOCASE);",
	NULL,
};

/* The Plan flexes: a plan is a draft (seen by staff, admins and the Board only),
 * published or ended; a plan's shape says how it groups its work: "priorities" (Plan
 * 21-24: actions under priority areas) or "route_maps" (Plan 24-30: route maps under the
 * five foundations, one priority row per foundation, priority.foundation_id naming it).
 * A route map is an action row, so everything that hangs off an action hangs off it:
 * it gains where Scotland is now (now_text) and the outcomes for 2030 (one per line).
 * Every statement carries its source: a web address (source) and the date it was
 * published or read (source_date), on plans, actions and milestones. carried_by names
 * the later action or route map that carries an earlier action on; action_fundamental
 * which fundamentals of change an action serves. Plans already past their end date are
 * marked ended. Search covers the new texts. */
static const char *const migration_plans_flex[] = {
	"ALTER TABLE plan ADD COLUMN status TEXT NOT NULL DEFAULT 'published' "
	"CHECK (status IN ('draft', 'published', 'ended'));",
	"ALTER TABLE plan ADD COLUMN shape TEXT NOT NULL DEFAULT 'priorities' "
	"CHECK (shape IN ('priorities', 'route_maps'));",
	"ALTER TABLE plan ADD COLUMN source TEXT;",
	"ALTER TABLE plan ADD COLUMN source_date TEXT;",
	"UPDATE plan SET status = 'ended' WHERE ends < date('now');",
	"ALTER TABLE priority ADD COLUMN foundation_id INTEGER REFERENCES foundation(id);",
	"ALTER TABLE action ADD COLUMN now_text TEXT;",
	"ALTER TABLE action ADD COLUMN outcomes TEXT;",
	"ALTER TABLE action ADD COLUMN source_date TEXT;",
	"ALTER TABLE action ADD COLUMN carried_by INTEGER REFERENCES action(id);",
	"CREATE INDEX action_carried_by ON action(carried_by);",
	"ALTER TABLE milestone ADD COLUMN source TEXT;",
	"ALTER TABLE milestone ADD COLUMN source_date TEXT;",
	"CREATE TABLE action_fundamental ("
	"  action_id INTEGER NOT NULL REFERENCES action(id) ON DELETE CASCADE,"
	"  fundamental_id INTEGER NOT NULL REFERENCES fundamental(id),"
	"  PRIMARY KEY (action_id, fundamental_id)"
	") STRICT, WITHOUT ROWID;",
	"CREATE INDEX action_fundamental_f ON action_fundamental(fundamental_id);",
	"DROP TRIGGER action_ai;",
	"DROP TRIGGER action_au;",
	"CREATE TRIGGER action_ai AFTER INSERT ON action BEGIN"
	"  INSERT INTO search(rowid, kind, ref, title, body) VALUES (new.id * 4, 'action', new.slug, new.title,"
	"    coalesce(new.required, '') || ' ' || coalesce(new.committed, '') || ' ' ||"
	"    coalesce(new.leads_text, '') || ' ' || coalesce(new.next_steps, '') || ' ' ||"
	"    coalesce(new.now_text, '') || ' ' || coalesce(new.outcomes, ''));"
	"END;",
	"CREATE TRIGGER action_au AFTER UPDATE ON action BEGIN"
	"  DELETE FROM search WHERE rowid = old.id * 4;"
	"  INSERT INTO search(rowid, kind, ref, title, body) VALUES (new.id * 4, 'action', new.slug, new.title,"
	"    coalesce(new.required, '') || ' ' || coalesce(new.committed, '') || ' ' ||"
	"    coalesce(new.leads_text, '') || ' ' || coalesce(new.next_steps, '') || ' ' ||"
	"    coalesce(new.now_text, '') || ' ' || coalesce(new.outcomes, ''));"
	"END;",
	NULL,
};

/* The Promise Progress Framework (COSLA, the Scottish Government and The Promise
 * Scotland, December 2024; docs/oversight.md): vision statements, each with outcomes,
 * each outcome with indicators. A statement's title is its words, name its short
 * heading (not every source gives one); each statement and outcome keeps the address
 * and date of the public source that states it. An indicator's place in the framework
 * is a row of indicator_framework beside it: the outcome it serves, whether the
 * framework counts it core or contextual (level), and a process (a short-term
 * milestone) or an outcome (a longer-term impact) (kind), each NULL until a source
 * says, and where the framework lists it (source, source_date). A table beside
 * indicator rather than columns on it keeps indicator as it was. The free-text
 * indicator.vision stays as it was: the indicator's own words for the statement it
 * serves, kept readable; the outcome is the link that pages group by. */
static const char *const migration_progress_framework[] = {
	"CREATE TABLE vision_statement ("
	"  id INTEGER PRIMARY KEY,"
	"  slug TEXT NOT NULL UNIQUE,"
	"  position INTEGER NOT NULL UNIQUE CHECK (position > 0),"
	"  name TEXT,"
	"  title TEXT NOT NULL CHECK (title <> ''),"
	"  source TEXT NOT NULL CHECK (source <> ''),"
	"  source_date TEXT NOT NULL CHECK (source_date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]')"
	") STRICT;",
	"CREATE TABLE vision_outcome ("
	"  id INTEGER PRIMARY KEY,"
	"  slug TEXT NOT NULL UNIQUE,"
	"  vision_id INTEGER NOT NULL REFERENCES vision_statement(id),"
	"  position INTEGER NOT NULL CHECK (position > 0),"
	"  text TEXT NOT NULL CHECK (text <> ''),"
	"  source TEXT NOT NULL CHECK (source <> ''),"
	"  source_date TEXT NOT NULL CHECK (source_date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),"
	"  UNIQUE (vision_id, position)"
	") STRICT;",
	"CREATE TABLE indicator_framework ("
	"  indicator_id INTEGER PRIMARY KEY REFERENCES indicator(id),"
	"  outcome_id INTEGER REFERENCES vision_outcome(id),"
	"  level TEXT CHECK (level IN ('core', 'contextual')),"
	"  kind TEXT CHECK (kind IN ('process', 'outcome')),"
	"  source TEXT CHECK (source <> ''),"
	"  source_date TEXT CHECK (source_date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]')"
	") STRICT;",
	"CREATE INDEX indicator_framework_outcome ON indicator_framework(outcome_id);",
	NULL,
};

/* Unit costs (The Money): an area's own weekly cost of a placement type, which takes
 * the place of data/unit-costs.csv's default for that area (docs/money.md, "Unit costs
 * and placement costs from the records"): a council area, a placement type's key, pounds
 * a week, the financial year of those pounds (2024 for 2024-25) and where the figure
 * comes from. One row per area and type; no row: the default. */
static const char *const migration_unit_costs[] = {
	"CREATE TABLE unit_cost ("
	"  area TEXT NOT NULL REFERENCES council_area(code),"
	"  type TEXT NOT NULL CHECK (type IN ('home_parents', 'kinship', 'foster_council', 'foster_purchased',"
	"    'prospective_adopters', 'other_community', 'residential_council_home', 'residential_voluntary_home',"
	"    'residential_school', 'secure', 'crisis_care', 'young_offender_institution', 'residential_other')),"
	"  weekly_cost REAL NOT NULL CHECK (weekly_cost >= 0),"
	"  price_year INTEGER NOT NULL CHECK (price_year BETWEEN 1990 AND 2100),"
	"  source TEXT NOT NULL CHECK (source <> ''),"
	"  updated TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),"
	"  PRIMARY KEY (area, type)"
	") STRICT, WITHOUT ROWID;",
	NULL,
};

/* Scenarios (The Money; docs/money.md "Scenarios"): what investing early might
 * do. A scenario names its area (Scotland or a council area, a GSS code), the
 * organisation whose it is (or none: The Promise Scotland's), says whether its figures
 * are made up, and holds its investments (what, pounds a year, from, to, who pays,
 * pooled and with whom) and its assumed effects (entries into care, leaving care or
 * moves between placement types, each a range of per cent from some months after the
 * money starts), each in its order. */
static const char *const migration_scenarios[] = {
	"CREATE TABLE scenario ("
	"  id INTEGER PRIMARY KEY,"
	"  slug TEXT NOT NULL UNIQUE,"
	"  name TEXT NOT NULL CHECK (name <> ''),"
	"  area TEXT NOT NULL CHECK (length(area) = 9),"
	"  organisation_id INTEGER REFERENCES organisation(id),"
	"  description TEXT,"
	"  made_up INTEGER NOT NULL DEFAULT 0 CHECK (made_up IN (0, 1)),"
	"  created TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),"
	"  updated TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))"
	") STRICT;",
	"CREATE INDEX scenario_organisation ON scenario(organisation_id);",
	"CREATE TABLE scenario_investment ("
	"  scenario_id INTEGER NOT NULL REFERENCES scenario(id) ON DELETE CASCADE,"
	"  position INTEGER NOT NULL CHECK (position > 0),"
	"  what TEXT NOT NULL CHECK (what <> ''),"
	"  per_year REAL NOT NULL CHECK (per_year >= 0),"
	"  starts TEXT NOT NULL,"
	"  ends TEXT CHECK (ends IS NULL OR ends >= starts),"
	"  payer TEXT,"
	"  pooled INTEGER NOT NULL DEFAULT 0 CHECK (pooled IN (0, 1)),"
	"  pooled_with TEXT,"
	"  PRIMARY KEY (scenario_id, position)"
	") STRICT;",
	"CREATE TABLE scenario_effect ("
	"  scenario_id INTEGER NOT NULL REFERENCES scenario(id) ON DELETE CASCADE,"
	"  position INTEGER NOT NULL CHECK (position > 0),"
	"  kind TEXT NOT NULL CHECK (kind IN ('entries', 'leaving', 'move')),"
	"  from_type TEXT,"
	"  to_type TEXT,"
	"  band TEXT,"
	"  low_pct REAL NOT NULL CHECK (low_pct >= -100),"
	"  high_pct REAL NOT NULL CHECK (high_pct >= low_pct),"
	"  starts_after_months INTEGER NOT NULL CHECK (starts_after_months >= 0),"
	"  ramp_months INTEGER NOT NULL CHECK (ramp_months >= 0),"
	"  PRIMARY KEY (scenario_id, position)"
	") STRICT;",
	NULL,
};

/* The Money's spend lines (docs/money.md "Spend"; HECM step 1): what an organisation
 * spends in an area (a council area's code, or Scotland's S92000003) in a financial
 * year (the year it starts), under one heading of src/money/spend.c's list, at one HECM
 * level, on crisis or on early help, in whole pounds, with its source. A pooled line
 * (diagonal budgeting) gives the payer's share and its partners' (spend_partner: an
 * organisation of keep, or a name), which the domain makes sum to 100. made_up marks
 * the demonstration's lines. */
static const char *const migration_spend[] = {
	"CREATE TABLE spend_line ("
	"  id INTEGER PRIMARY KEY,"
	"  slug TEXT NOT NULL UNIQUE,"
	"  area TEXT NOT NULL CHECK (area GLOB 'S[0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9]'),"
	"  year INTEGER NOT NULL CHECK (year BETWEEN 1990 AND 2100),"
	"  organisation_id INTEGER NOT NULL REFERENCES organisation(id),"
	"  heading TEXT NOT NULL CHECK (heading <> ''),"
	"  level TEXT NOT NULL CHECK (level IN ('families_places', 'services', 'national_system')),"
	"  kind TEXT NOT NULL CHECK (kind IN ('crisis_acute', 'early_help_prevention')),"
	"  pooled INTEGER NOT NULL CHECK (pooled IN (0, 1)),"
	"  share INTEGER CHECK (share BETWEEN 1 AND 99),"
	"  amount INTEGER NOT NULL CHECK (amount > 0),"
	"  source TEXT NOT NULL CHECK (source <> ''),"
	"  source_date TEXT,"
	"  made_up INTEGER NOT NULL DEFAULT 0 CHECK (made_up IN (0, 1)),"
	"  created TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),"
	"  changed TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),"
	"  CHECK ((pooled = 1) = (share IS NOT NULL))"
	") STRICT;",
	"CREATE INDEX spend_line_area_year ON spend_line(area, year);",
	"CREATE INDEX spend_line_organisation ON spend_line(organisation_id);",
	"CREATE TABLE spend_partner ("
	"  line_id INTEGER NOT NULL REFERENCES spend_line(id) ON DELETE CASCADE,"
	"  position INTEGER NOT NULL CHECK (position > 0),"
	"  organisation_id INTEGER REFERENCES organisation(id),"
	"  name TEXT CHECK (name <> ''),"
	"  share INTEGER NOT NULL CHECK (share BETWEEN 1 AND 99),"
	"  CHECK ((organisation_id IS NULL) <> (name IS NULL)),"
	"  PRIMARY KEY (line_id, position)"
	") STRICT, WITHOUT ROWID;",
	"CREATE INDEX spend_partner_organisation ON spend_partner(organisation_id);",
	NULL,
};

/* Where children live (docs/places.md "The register of services", "Vacancies"): the
 * register of care services, keyed by the Care Inspectorate's registration number, each
 * naming, when it is known, the keep organisation of its provider (whose editors may then
 * keep its vacancy returns); and the vacancy returns, one per service and day. council is
 * NULL exactly when the service is outside Scotland; needs are need keys separated by
 * ';'; weekly_cost NULL when not known; ended NULL while it goes on; made_up marks the
 * demonstration's services. */
static const char *const migration_place_register[] = {
	"CREATE TABLE place_service ("
	"  regno TEXT PRIMARY KEY CHECK (length(regno) BETWEEN 1 AND 16),"
	"  name TEXT NOT NULL CHECK (name <> ''),"
	"  provider TEXT NOT NULL CHECK (provider <> ''),"
	"  sector TEXT NOT NULL CHECK (sector IN ('council', 'third', 'private')),"
	"  type TEXT NOT NULL CHECK (type IN ('fostering', 'adoption', 'residential_house', 'residential_school',"
	"    'secure', 'short_breaks', 'supported_lodgings')),"
	"  council TEXT REFERENCES council_area(code),"
	"  outside_scotland INTEGER NOT NULL CHECK (outside_scotland IN (0, 1)),"
	"  age_from INTEGER NOT NULL CHECK (age_from BETWEEN 0 AND 17),"
	"  age_to INTEGER NOT NULL CHECK (age_to BETWEEN age_from AND 17),"
	"  places INTEGER NOT NULL CHECK (places >= 0),"
	"  max_siblings INTEGER NOT NULL CHECK (max_siblings >= 1 AND (places = 0 OR max_siblings <= places)),"
	"  needs TEXT NOT NULL DEFAULT '',"
	"  weekly_cost REAL CHECK (weekly_cost >= 0),"
	"  status TEXT NOT NULL CHECK (status IN ('active', 'proposed', 'cancelled')),"
	"  registered TEXT NOT NULL CHECK (registered GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),"
	"  ended TEXT CHECK (ended IS NULL OR ended >= registered),"
	"  organisation_id INTEGER REFERENCES organisation(id),"
	"  made_up INTEGER NOT NULL DEFAULT 0 CHECK (made_up IN (0, 1)),"
	"  created TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),"
	"  changed TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),"
	"  CHECK ((council IS NULL) = (outside_scotland = 1))"
	") STRICT;",
	"CREATE INDEX place_service_council_type ON place_service(council, type);",
	"CREATE INDEX place_service_organisation ON place_service(organisation_id);",
	"CREATE TABLE place_vacancy ("
	"  regno TEXT NOT NULL REFERENCES place_service(regno) ON DELETE CASCADE,"
	"  at TEXT NOT NULL CHECK (at GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),"
	"  places INTEGER NOT NULL CHECK (places >= 0),"
	"  age_from INTEGER NOT NULL CHECK (age_from BETWEEN 0 AND 17),"
	"  age_to INTEGER NOT NULL CHECK (age_to BETWEEN age_from AND 17),"
	"  max_siblings INTEGER NOT NULL CHECK (max_siblings >= 1 AND (places = 0 OR max_siblings <= places)),"
	"  created TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),"
	"  PRIMARY KEY (regno, at)"
	") STRICT, WITHOUT ROWID;",
	"CREATE INDEX place_vacancy_at ON place_vacancy(at);",
	NULL,
};

/* A placement's care service (its registration number) and provider sector
 * (docs/data-spec.md "placements.csv"), both optional. */
static const char *const migration_placement_service_sector[] = {
	"ALTER TABLE care_placement ADD COLUMN service TEXT CHECK (length(service) BETWEEN 1 AND 16);",
	"ALTER TABLE care_placement ADD COLUMN sector TEXT CHECK (sector IN ('council', 'third', 'private'));",
	NULL,
};

/* The register of cross-border placements into Scottish services (docs/places.md "Where
 * children live now"): the service (its registration number), the placing authority
 * outside Scotland (a GSS code), the day in and the day out (NULL while it goes on).
 * Names no child. */
static const char *const migration_crossborder[] = {
	"CREATE TABLE place_crossborder ("
	"  id INTEGER PRIMARY KEY,"
	"  regno TEXT NOT NULL CHECK (length(regno) BETWEEN 1 AND 16),"
	"  placing_authority TEXT NOT NULL CHECK (length(placing_authority) = 9 AND "
	"    substr(placing_authority, 1, 3) IN ('E06', 'E07', 'E08', 'E09', 'E10', 'W06', 'N09')),"
	"  date_in TEXT NOT NULL,"
	"  date_out TEXT,"
	"  CHECK (date_out IS NULL OR date_out >= date_in)"
	") STRICT;",
	NULL,
};

/* Plans for where children live (docs/places.md "The plan"): each saved run (when, who,
 * national or council by council, how it ended, the aims reached), the requests as given
 * (pseudonymous: a reference, bands and needs) with each one's recommendation, and the
 * decisions on them (accepted or rejected, by whom, when, why), the latest counting. */
static const char *const migration_place_plans[] = {
	"CREATE TABLE place_plan_run ("
	"  id INTEGER PRIMARY KEY,"
	"  at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),"
	"  actor TEXT NOT NULL CHECK (actor <> ''),"
	"  day TEXT NOT NULL CHECK (day GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),"
	"  scope TEXT NOT NULL CHECK (scope IN ('national', 'council')),"
	"  status TEXT NOT NULL CHECK (status IN ('optimal', 'time_limit')),"
	"  seconds REAL NOT NULL CHECK (seconds >= 0),"
	"  aims_json TEXT NOT NULL CHECK (json_valid(aims_json))"
	") STRICT;",
	"CREATE TABLE place_plan_request ("
	"  run_id INTEGER NOT NULL REFERENCES place_plan_run(id) ON DELETE CASCADE,"
	"  position INTEGER NOT NULL CHECK (position > 0),"
	"  ref TEXT NOT NULL CHECK (length(ref) BETWEEN 1 AND 32),"
	"  home TEXT NOT NULL REFERENCES council_area(code),"
	"  school TEXT REFERENCES council_area(code),"
	"  together INTEGER NOT NULL CHECK (together IN (0, 1)),"
	"  urgency TEXT NOT NULL CHECK (urgency IN ('today', 'week', 'month')),"
	"  children_json TEXT NOT NULL CHECK (json_valid(children_json)),"
	"  recommendation_json TEXT NOT NULL CHECK (json_valid(recommendation_json)),"
	"  PRIMARY KEY (run_id, position),"
	"  UNIQUE (run_id, ref)"
	") STRICT, WITHOUT ROWID;",
	"CREATE INDEX place_plan_request_home ON place_plan_request(home, run_id);",
	"CREATE TABLE place_plan_decision ("
	"  id INTEGER PRIMARY KEY,"
	"  run_id INTEGER NOT NULL,"
	"  position INTEGER NOT NULL,"
	"  decision TEXT NOT NULL CHECK (decision IN ('accepted', 'rejected')),"
	"  reason TEXT CHECK (reason <> ''),"
	"  actor TEXT NOT NULL CHECK (actor <> ''),"
	"  at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),"
	"  FOREIGN KEY (run_id, position) REFERENCES place_plan_request(run_id, position) ON DELETE CASCADE"
	") STRICT;",
	"CREATE INDEX place_plan_decision_request ON place_plan_decision(run_id, position, id);",
	NULL,
};

static const char *const *const migrations[] = {
	migration_1, /* the Plan register (issue 2) */
	migration_2, /* accounts, sessions and the audit log (issue 3) */
	migration_3, /* evidence submissions (issue 3) */
	migration_4, /* the Oversight Board's members; who recorded an assessment (issue 4) */
	migration_5, /* indicators, targets and observations (issue 4) */
	migration_6, /* care records (issue 5) */
	migration_7, /* an adoption breakdown's order date may not be known (issue 5) */
	migration_redact, /* the audit verb "redact" */
	migration_stored_measures, /* the measures' protected tables, stored */
	migration_indicator_kinds, /* whether an indicator counts children, and is computed */
	migration_accounts, /* accounts: sign-in failures, session kinds, the form-token key, unique organisation names */
	migration_placement_where_and_home, /* where a placement is may not be known; the home */
	migration_plans_flex, /* plans: status, shape, sources; route maps; carried on; fundamentals */
	migration_progress_framework, /* the Promise Progress Framework: vision statements, outcomes; an indicator's outcome, level and kind */
	migration_unit_costs, /* unit costs (The Money): an area's own weekly cost of a placement type */
	migration_scenarios, /* scenarios (The Money) */
	migration_spend, /* spend lines (The Money) */
	migration_place_register, /* where children live: the register of care services and their vacancy returns */
	migration_placement_service_sector, /* a placement's care service and provider sector */
	migration_crossborder, /* the register of cross-border placements into Scottish services */
	migration_place_plans, /* plans for where children live: runs, their requests and recommendations, decisions */
};

int store_schema_version(void)
{
	return (int)(sizeof migrations / sizeof migrations[0]);
}

int store_schema_apply(struct store *s, int from, struct kerr *e)
{
	for (int v = from; v < store_schema_version(); v++) {
		for (const char *const *sql = migrations[v]; *sql; sql++) {
			char *err = NULL;
			if (sqlite3_exec(s->db, *sql, NULL, NULL, &err) != SQLITE_OK) {
				kerr_set(e, KERR_FAIL, "%s: migration to schema version %d failed: %s", s->path, v + 1,
				         err ? err : "unknown error");
				sqlite3_free(err);
				return -1;
			}
		}
		char pragma[64];
		snprintf(pragma, sizeof pragma, "PRAGMA user_version = %d", v + 1);
		if (sqlite3_exec(s->db, pragma, NULL, NULL, NULL) != SQLITE_OK)
			return store_fail(s, e, "recording the schema version");
	}
	return 0;
}

int store_schema_build(const char *path, int version, struct kerr *e)
{
	if (version < 1 || version > store_schema_version())
		return kerr_set(e, KERR_INVALID, "schema version %d is not one this keep knows (1 to %d)", version,
		                store_schema_version());
	struct store s = {.path = (char *)path};
	if (sqlite3_open_v2(path, &s.db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL) != SQLITE_OK) {
		kerr_set(e, KERR_FAIL, "%s: cannot open: %s", path, s.db ? sqlite3_errmsg(s.db) : "out of memory");
		sqlite3_close(s.db);
		return -1;
	}
	int rc = 0;
	for (int v = 0; v < version && rc == 0; v++) {
		for (const char *const *sql = migrations[v]; *sql && rc == 0; sql++) {
			if (sqlite3_exec(s.db, *sql, NULL, NULL, NULL) != SQLITE_OK)
				rc = kerr_set(e, KERR_FAIL, "%s: migration %d: %s", path, v + 1, sqlite3_errmsg(s.db));
		}
	}
	char pragma[96];
	snprintf(pragma, sizeof pragma, "PRAGMA application_id = %d; PRAGMA user_version = %d;", STORE_APPLICATION_ID,
	         version);
	if (rc == 0 && sqlite3_exec(s.db, pragma, NULL, NULL, NULL) != SQLITE_OK)
		rc = kerr_set(e, KERR_FAIL, "%s: %s", path, sqlite3_errmsg(s.db));
	sqlite3_close(s.db);
	return rc;
}
