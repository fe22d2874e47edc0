/* The register of care services on the web (places_register.c): /places, a service's
 * page and its vacancy returns, the staff's forms, /api/v1/services. */
#ifndef KEEP_WEB_PLACES_REGISTER_H
#define KEEP_WEB_PLACES_REGISTER_H
#include "web/web.h"

void web_page_places(struct web_request *req, struct web_response *res);
void web_page_place_service(struct web_request *req, struct web_response *res);
void web_place_vacancy_post(struct web_request *req, struct web_response *res);
void web_page_place_service_new(struct web_request *req, struct web_response *res);
void web_place_service_new_post(struct web_request *req, struct web_response *res);
void web_page_place_service_edit(struct web_request *req, struct web_response *res);
void web_place_service_edit_post(struct web_request *req, struct web_response *res);
void web_api_services_list(struct web_request *req, struct web_response *res);
void web_api_service_get(struct web_request *req, struct web_response *res);
void web_api_services_post(struct web_request *req, struct web_response *res);
void web_api_service_vacancies_post(struct web_request *req, struct web_response *res);

#endif
