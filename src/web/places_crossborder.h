/* The register of cross-border placements on the web (places_crossborder.c): only its
 * counts, protected (docs/places.md "Where children live now"). */
#ifndef KEEP_WEB_PLACES_CROSSBORDER_H
#define KEEP_WEB_PLACES_CROSSBORDER_H
#include "web/web.h"

void web_api_crossborder_get(struct web_request *req, struct web_response *res);
/* POST /api/v1/crossborder {"csv": "..."}: replaces the register (staff and admins). */
void web_api_crossborder_post(struct web_request *req, struct web_response *res);

#endif
