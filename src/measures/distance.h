/* The distance between a child's home and placement (docs/measures.md, measure 12): where
 * a location keep keeps is (a postcode district, by its centre in
 * data/postcode-districts.csv; an Ordnance Survey grid square, by its centre), and the
 * great-circle distance between two of them. */
#ifndef KEEP_MEASURES_DISTANCE_H
#define KEEP_MEASURES_DISTANCE_H
#include <stdbool.h>

/* The mean radius of the Earth, in miles (6,371.0088 km). */
#define DISTANCE_EARTH_MILES 3958.7613

/* The latitude and longitude, in degrees, of location as keep keeps it (records.h): a
 * postcode district ("KY1", by the centre data/postcode-districts.csv gives it) or, when
 * grid is true, a grid square ("NT2473", "NT27", by its centre, converted from the
 * British National Grid). With grid true, a location of a grid square's shape is one, as
 * records_location reads it ("SN10" is a grid square then, the district otherwise). False
 * when it is empty or a district keep does not know. */
bool distance_place(const char *location, bool grid, double *lat, double *lon);

/* The great-circle distance in miles between two places (degrees), by the haversine
 * formula on a sphere of DISTANCE_EARTH_MILES. */
double distance_miles(double lat1, double lon1, double lat2, double lon2);

#endif
