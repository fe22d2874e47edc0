/* Places and distances for measure 12 (see distance.h). The districts' centres are read
 * once from the copy of data/postcode-districts.csv built into keep, into an array sorted
 * by district for bsearch; a grid square's centre is converted from the British National
 * Grid (OSGB36 eastings and northings, Airy 1830 ellipsoid) to latitude and longitude by
 * the Ordnance Survey's transverse Mercator formulae. OSGB36's latitude and longitude are
 * within about 120 metres of WGS84's (the districts'), which does not matter at a scale
 * of miles, so no datum shift is made. */
#include "measures/distance.h"

#include "base/csv.h"
#include "base/embed.h"
#include "base/mem.h"

#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

struct district {
	char name[5];
	double lat, lon;
};

static struct district *districts;
static size_t ndistricts;

static int district_cmp(const void *a, const void *b)
{
	return strcmp(((const struct district *)a)->name, ((const struct district *)b)->name);
}

static void load(void)
{
	const struct embedded_file *ef = embedded_find("data/postcode-districts.csv");
	if (!ef)
		return;
	size_t cap = 4096;
	districts = xmalloc(cap * sizeof *districts);
	struct csv_reader *r = csv_open((const char *)ef->data, ef->len, ef->name);
	struct csv_row row;
	struct kerr e = {0};
	bool header = true;
	while (csv_next(r, &row, &e) == 1) {
		if (header || row.n != 3 || row.f[0].n < 2 || row.f[0].n > 4 || row.f[1].n > 31 || row.f[2].n > 31) {
			header = false;
			continue;
		}
		char lat[32], lon[32];
		memcpy(lat, row.f[1].p, row.f[1].n);
		lat[row.f[1].n] = '\0';
		memcpy(lon, row.f[2].p, row.f[2].n);
		lon[row.f[2].n] = '\0';
		if (ndistricts == cap) {
			cap *= 2;
			districts = xrealloc(districts, cap * sizeof *districts);
		}
		struct district *d = &districts[ndistricts++];
		memcpy(d->name, row.f[0].p, row.f[0].n);
		d->name[row.f[0].n] = '\0';
		d->lat = strtod(lat, NULL);
		d->lon = strtod(lon, NULL);
	}
	csv_close(r);
	qsort(districts, ndistricts, sizeof *districts, district_cmp);
}

static const double PI = 3.14159265358979323846;

static double radians(double deg)
{
	return deg * PI / 180.0;
}

/* The meridional arc from the true origin's latitude to phi (radians) on Airy 1830,
 * scaled by F0 (Ordnance Survey, "A guide to coordinate systems in Great Britain", C1). */
static double meridional(double b, double f0, double n, double phi, double phi0)
{
	double d = phi - phi0, s = phi + phi0;
	return b * f0 *
	       ((1 + n + 1.25 * n * n + 1.25 * n * n * n) * d - (3 * n + 3 * n * n + 21.0 / 8 * n * n * n) * sin(d) * cos(s) +
	        (15.0 / 8 * n * n + 15.0 / 8 * n * n * n) * sin(2 * d) * cos(2 * s) -
	        35.0 / 24 * n * n * n * sin(3 * d) * cos(3 * s));
}

/* Eastings and northings (metres) on the National Grid to OSGB36 latitude and longitude
 * (degrees): the guide's C2. */
static void grid_to_latlon(double east, double north, double *lat, double *lon)
{
	const double a = 6377563.396, b = 6356256.909, f0 = 0.9996012717;
	const double phi0 = radians(49), lambda0 = radians(-2), n0 = -100000, e0 = 400000;
	const double e2 = (a * a - b * b) / (a * a), n = (a - b) / (a + b);
	double phi = (north - n0) / (a * f0) + phi0;
	double m = meridional(b, f0, n, phi, phi0);
	for (int i = 0; i < 20 && fabs(north - n0 - m) >= 0.00001; i++) {
		phi += (north - n0 - m) / (a * f0);
		m = meridional(b, f0, n, phi, phi0);
	}
	double s = sin(phi), c = cos(phi), t = tan(phi);
	double nu = a * f0 / sqrt(1 - e2 * s * s);
	double rho = a * f0 * (1 - e2) / pow(1 - e2 * s * s, 1.5);
	double eta2 = nu / rho - 1;
	double vii = t / (2 * rho * nu);
	double viii = t / (24 * rho * nu * nu * nu) * (5 + 3 * t * t + eta2 - 9 * t * t * eta2);
	double ix = t / (720 * rho * pow(nu, 5)) * (61 + 90 * t * t + 45 * pow(t, 4));
	double x = 1 / (c * nu);
	double xi = 1 / (c * 6 * nu * nu * nu) * (nu / rho + 2 * t * t);
	double xii = 1 / (c * 120 * pow(nu, 5)) * (5 + 28 * t * t + 24 * pow(t, 4));
	double xiia = 1 / (c * 5040 * pow(nu, 7)) * (61 + 662 * t * t + 1320 * pow(t, 4) + 720 * pow(t, 6));
	double de = east - e0;
	*lat = (phi - vii * de * de + viii * pow(de, 4) - ix * pow(de, 6)) * 180.0 / PI;
	*lon = (lambda0 + x * de - xi * pow(de, 3) + xii * pow(de, 5) - xiia * pow(de, 7)) * 180.0 / PI;
}

/* A grid square as keep keeps it ("NT2473": 1 km; "NT27": 10 km) to its centre's eastings
 * and northings in metres; false when it is not one. */
static bool grid_square(const char *g, double *east, double *north)
{
	size_t len = strlen(g);
	if (len != 4 && len != 6)
		return false;
	/* The first letter, a 500 km square; the second, a 100 km square of the 5 × 5 within
	 * it, lettered A to Z without I from the top left. */
	static const char first[] = "SNHTOJ"; /* S(0,0) N(0,1) H(0,2) T(1,0) O(1,1) J(1,2) */
	const char *p = strchr(first, g[0]);
	if (!p || g[0] == '\0' || g[1] < 'A' || g[1] > 'Z' || g[1] == 'I')
		return false;
	int k = (int)(p - first);
	int i = g[1] - 'A' - (g[1] > 'I');
	double e = (k / 3) * 500000.0 + (i % 5) * 100000.0;
	double n = (k % 3) * 500000.0 + (4 - i / 5) * 100000.0;
	for (size_t j = 2; j < len; j++)
		if (g[j] < '0' || g[j] > '9')
			return false;
	double unit = len == 4 ? 10000.0 : 1000.0;
	size_t half = (len - 2) / 2;
	double de = 0, dn = 0;
	for (size_t j = 0; j < half; j++) {
		de = de * 10 + (g[2 + j] - '0');
		dn = dn * 10 + (g[2 + half + j] - '0');
	}
	*east = e + de * unit + unit / 2;
	*north = n + dn * unit + unit / 2;
	return true;
}

bool distance_place(const char *location, bool grid, double *lat, double *lon)
{
	static pthread_once_t once = PTHREAD_ONCE_INIT;
	pthread_once(&once, load);
	if (!location || !location[0])
		return false;
	double east, north;
	if (grid && grid_square(location, &east, &north)) {
		grid_to_latlon(east, north, lat, lon);
		return true;
	}
	struct district key = {{0}, 0, 0};
	if (strlen(location) >= sizeof key.name)
		return false;
	strcpy(key.name, location);
	const struct district *d = ndistricts ? bsearch(&key, districts, ndistricts, sizeof *districts, district_cmp) : NULL;
	if (!d)
		return false;
	*lat = d->lat;
	*lon = d->lon;
	return true;
}

double distance_miles(double lat1, double lon1, double lat2, double lon2)
{
	double p1 = radians(lat1), p2 = radians(lat2);
	double dp = p2 - p1, dl = radians(lon2 - lon1);
	double h = sin(dp / 2) * sin(dp / 2) + cos(p1) * cos(p2) * sin(dl / 2) * sin(dl / 2);
	return 2 * DISTANCE_EARTH_MILES * asin(sqrt(h < 1 ? h : 1));
}
