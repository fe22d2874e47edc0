/* Synthetic care services, vacancies, cross-border placements and requests for a place
 * (keep synth --places; docs/places.md "Synthetic services, vacancies and requests").
 * Internal to keep synth: synth.c makes the care records and, for each placement that a
 * registered service provides, asks this part which service it is in, so that the
 * records' `service` and `sector` name services of services.csv, of the type that
 * provides the placement, in the placement's council, with room for the children there
 * on 31 July. It has its own pseudo-random generator (seeded from the records' seed), so
 * the records' other values are the same with --places as without. */
#ifndef KEEP_MEASURES_SYNTH_PLACES_H
#define KEEP_MEASURES_SYNTH_PLACES_H
#include <stddef.h>
#include <stdint.h>

#include "base/kerr.h"
#include "measures/synth.h"

struct synth_places;

/* code[i] and weight[i] for the 32 council areas (synth.c's PROFILES order); chosen[0..k)
 * the indices of the councils the children are in; end the day of 31 July of the year;
 * vacancy_day the day of the latest vacancy returns. */
struct synth_places *synth_places_new(uint64_t seed, long children, const char *const *code,
                                      const int *weight, int ncodes, const int *chosen, int nchosen, long end,
                                      long vacancy_day);
void synth_places_free(struct synth_places *sp);

/* Starts a new family (brothers and sisters placed together share a provider number). */
void synth_places_family(struct synth_places *sp);

/* Starts a new child of the family. */
void synth_places_child(struct synth_places *sp);

/* The service of a placement: money_type its records' type (a MONEY_NTYPES index),
 * council the index of the council area it is in (-1 outside Scotland), home the index of
 * the child's council, age the child's age in days at its start, open whether it goes on
 * on 31 July, provider the records' provider number (the same for brothers and sisters
 * placed together), group how many children share that provider. -1 when no registered
 * service provides the type; otherwise an index for synth_places_regno and _sector. */
int synth_places_service(struct synth_places *sp, int money_type, int council, int home, long start, long end,
                         int open, unsigned long provider, int group);
const char *synth_places_regno(const struct synth_places *sp, int svc);
const char *synth_places_sector(const struct synth_places *sp, int svc);

/* Writes services.csv, vacancies.csv, crossborder.csv and requests.csv into dir (after
 * every placement is known) and adds their rows to counts. */
int synth_places_write(struct synth_places *sp, const char *dir, struct synth_counts *counts, struct kerr *e);

#endif
