/* Who may replace the register of cross-border placements (crossborder.h). */
#include "plan/crossborder.h"

#include <string.h>

bool crossborder_may_import(json_t *user)
{
	const char *role = json_string_value(json_object_get(user, "role"));
	return role && (strcmp(role, "admin") == 0 || strcmp(role, "staff") == 0);
}
