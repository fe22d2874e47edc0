#include "plan/plan.h"

#include "base/embed.h"

#include <stdio.h>

/* Parses an embedded JSON file; the build guarantees it is there. */
static json_t *embedded_json(const char *name, struct kerr *e)
{
	const struct embedded_file *f = embedded_find(name);
	if (!f) {
		kerr_set(e, KERR_FAIL, "%s is missing from this build of keep", name);
		return NULL;
	}
	json_error_t je;
	json_t *v = json_loadb((const char *)f->data, f->len, 0, &je);
	if (!v)
		kerr_set(e, KERR_FAIL, "%s:%d:%d: %s", name, je.line, je.column, je.text);
	return v;
}

/* Loads one embedded JSON file with loader, prefixing any error with the file name. */
static int load_file(struct store *s, const char *name, int (*loader)(struct store *, json_t *, struct kerr *),
                     struct kerr *e)
{
	json_t *v = embedded_json(name, e);
	if (!v)
		return -1;
	int rc = loader(s, v, e);
	json_decref(v);
	if (rc < 0 && e) {
		char msg[sizeof e->msg];
		snprintf(msg, sizeof msg, "%s: %.900s", name, e->msg);
		kerr_set(e, e->code, "%s", msg);
	}
	return rc;
}

int plan_content_load(struct store *s, bool demo, struct kerr *e)
{
	const struct embedded_file *areas = embedded_find("data/council-areas.csv");
	if (!areas)
		return kerr_set(e, KERR_FAIL, "data/council-areas.csv is missing from this build of keep");
	if (store_begin(s, e) < 0)
		return -1;
	if (store_load_council_areas(s, (const char *)areas->data, areas->len, e) < 0 ||
	    load_file(s, "data/plan.json", store_load_plan, e) < 0 ||
	    load_file(s, "data/progress-framework.json", store_load_framework, e) < 0 ||
	    (demo && load_file(s, "data/demo.json", store_load_demo, e) < 0) ||
	    (demo && load_file(s, "data/demo-scenarios.json", store_load_scenarios, e) < 0)) {
		store_rollback(s);
		return -1;
	}
	return store_commit(s, e);
}

int plan_framework_load(struct store *s, const char *actor, size_t *statements, size_t *outcomes,
                        size_t *indicators, struct kerr *e)
{
	if (store_begin(s, e) < 0)
		return -1;
	json_t *held = store_resource_all(s, "vision-statements", e);
	if (!held) {
		store_rollback(s);
		return -1;
	}
	size_t n = json_array_size(held);
	json_decref(held);
	if (n) {
		store_rollback(s);
		return kerr_set(e, KERR_CONFLICT,
		                "keep already holds the Promise Progress Framework (%zu vision statements): nothing "
		                "was loaded",
		                n);
	}
	json_t *fw = embedded_json("data/progress-framework.json", e);
	*statements = *outcomes = *indicators = 0;
	size_t i, j;
	json_t *v, *o;
	json_array_foreach(json_object_get(fw, "vision_statements"), i, v)
	{
		(*statements)++;
		json_array_foreach(json_object_get(v, "outcomes"), j, o)
		{
			(*outcomes)++;
			*indicators += json_array_size(json_object_get(o, "indicators"));
		}
	}
	json_t *after = json_pack("{s:s, s:I, s:I, s:I}", "file", "data/progress-framework.json", "vision_statements",
	                          (json_int_t)*statements, "outcomes", (json_int_t)*outcomes, "indicators",
	                          (json_int_t)*indicators);
	bool ok = fw && load_file(s, "data/progress-framework.json", store_load_framework, e) == 0 &&
	          store_audit_add(s, actor, "framework", "progress-framework", "create", NULL, after, e) == 0;
	json_decref(after);
	json_decref(fw);
	return store_end(s, ok, e);
}
