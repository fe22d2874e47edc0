// bench/money/duckdb.mjs: DuckDB computing the transition counts of docs/money.md
// ("Estimating rates from the records") with SQL from the same CSV files keep reads:
// each child's days in states (age band × placement type), the moves between states in
// the reference period, the days in each state and the children in each state at its end.
//
//   node bench/money/duckdb.mjs DIR FROM TO ROUNDS
//
// FROM and TO are the reference period (YYYY-MM-DD, both days counted). Prints one JSON
// object: {times: [seconds per round], counts: {key: n}} with keys as keep's
// (`keep money project --counts-only --format csv` rows, "kind:from:to"): "move:S:T",
// "exposure:S", "stock:S" and "children", S and T state numbers (band × 13 + type,
// 65 "not looked after"). Each round is a fresh in-memory database that reads the CSV
// files and runs the query; the time is the round's whole. The module comes from the
// repository's node_modules, or from DUCKDB_NODE_MODULES.
import { duckdbInstance, fileIn } from '../duckdb-load.mjs';

const [dir, from, to, roundsText] = process.argv.slice(2);
const rounds = Number(roundsText || 5);
const isDate = (s) => /^\d{4}-\d{2}-\d{2}$/.test(s || '');
if (!dir || !isDate(from) || !isDate(to) || !Number.isInteger(rounds) || rounds < 1) {
  console.error('usage: node bench/money/duckdb.mjs DIR FROM TO ROUNDS');
  process.exit(2);
}

const DuckDBInstance = await duckdbInstance();
const file = fileIn(dir);
const F = `DATE '${from}'`;
const T = `DATE '${to}'`;
const FOREVER = "DATE '9999-12-31'";
const OUTSIDE = 65;
const TYPES = [
  'home_parents', 'kinship', 'foster_council', 'foster_purchased', 'prospective_adopters', 'other_community',
  'residential_council_home', 'residential_voluntary_home', 'residential_school', 'secure', 'crisis_care',
  'young_offender_institution', 'residential_other',
];
const typeIndex = `CASE type ${TYPES.map((t, i) => `WHEN '${t}' THEN ${i}`).join(' ')} END`;

const load = [
  `CREATE TABLE ch AS SELECT child, date_of_birth AS birth FROM read_csv(${file('children.csv')}, header = true, ` +
    `columns = {'child': 'VARCHAR', 'council': 'VARCHAR', 'date_of_birth': 'DATE', 'sex': 'VARCHAR', ` +
    `'ethnic_group': 'VARCHAR', 'disability': 'VARCHAR'})`,
  `CREATE TABLE ep AS SELECT child, start, coalesce("end", ${FOREVER}) AS "end" FROM read_csv(${file('episodes.csv')}, ` +
    `header = true, columns = {'child': 'VARCHAR', 'start': 'DATE', 'end': 'DATE', 'end_reason': 'VARCHAR'})`,
  `CREATE TABLE pl AS SELECT child, start, coalesce("end", ${FOREVER}) AS "end", ${typeIndex} AS type ` +
    `FROM read_csv(${file('placements.csv')}, header = true, ` +
    `columns = {'child': 'VARCHAR', 'start': 'DATE', 'end': 'DATE', 'type': 'VARCHAR', 'provider': 'VARCHAR', ` +
    `'council': 'VARCHAR', 'outside_scotland': 'VARCHAR', 'location': 'VARCHAR', 'home': 'VARCHAR'})`,
];

// The same date n years later; 29 February in a year without it is 1 March.
const yearsAfter = (d, n) => `(make_date(CAST(year(${d}) + ${n} AS BIGINT), month(${d}), 1) + CAST(day(${d}) - 1 AS INTEGER))`;

const query = `
WITH e AS (  -- an episode ends the day before the child's next one starts
  SELECT child, start AS es,
    least("end", coalesce(lead(start) OVER (PARTITION BY child ORDER BY start) - 1, ${FOREVER})) AS ee
  FROM ep
), p AS (    -- a placement ends the day before the child's next one starts
  SELECT child, start AS ps, type,
    least("end", coalesce(lead(start) OVER (PARTITION BY child ORDER BY start) - 1, ${FOREVER})) AS pe
  FROM pl
), acc AS (  -- placements inside each episode
  SELECT e.child, e.es, e.ee, greatest(p.ps, e.es) AS a, p.type
  FROM e JOIN p ON p.child = e.child
  WHERE greatest(p.ps, e.es) <= least(p.pe, e.ee)
), tr AS (   -- runs of types: from a placement's start to the next one's, or the episode's end
  SELECT child, a, coalesce(lead(a) OVER (PARTITION BY child, es ORDER BY a) - 1, ee) AS b, type FROM acc
), th AS (   -- the birthdays that change the age band
  SELECT child, birth AS t0, ${yearsAfter('birth', 1)} AS t1, ${yearsAfter('birth', 5)} AS t2,
    ${yearsAfter('birth', 10)} AS t3, ${yearsAfter('birth', 16)} AS t4, ${yearsAfter('birth', 18)} AS t5
  FROM ch
), bands AS (
  SELECT child, 0 AS band, t0 AS lo, t1 - 1 AS hi FROM th UNION ALL
  SELECT child, 1, t1, t2 - 1 FROM th UNION ALL
  SELECT child, 2, t2, t3 - 1 FROM th UNION ALL
  SELECT child, 3, t3, t4 - 1 FROM th UNION ALL
  SELECT child, 4, t4, t5 - 1 FROM th
), sr AS (   -- runs of states
  SELECT tr.child, greatest(tr.a, bands.lo) AS a, least(tr.b, bands.hi) AS b, bands.band * 13 + tr.type AS s
  FROM tr JOIN bands ON bands.child = tr.child
  WHERE greatest(tr.a, bands.lo) <= least(tr.b, bands.hi)
), seq AS (
  SELECT child, a, b, s, lag(b) OVER w AS pb, lag(s) OVER w AS ps FROM sr WINDOW w AS (PARTITION BY child ORDER BY a)
), mv AS (   -- every change of state and the day it happens
  SELECT ps AS f, s AS t, a AS d FROM seq WHERE pb IS NOT NULL AND pb = a - 1 AND ps <> s
  UNION ALL SELECT ${OUTSIDE}, s, a FROM seq WHERE pb IS NULL OR pb < a - 1
  UNION ALL SELECT ps, ${OUTSIDE}, pb + 1 FROM seq WHERE pb IS NOT NULL AND pb < a - 1
  UNION ALL SELECT s, ${OUTSIDE}, b + 1 FROM (
    SELECT s, b, row_number() OVER (PARTITION BY child ORDER BY a DESC) AS k FROM sr) WHERE k = 1 AND b < ${FOREVER}
)
SELECT 'move:' || f || ':' || t AS key, count(*)::DOUBLE AS n FROM mv
  WHERE d >= ${F} + 1 AND d <= ${T} + 1 GROUP BY f, t
UNION ALL
SELECT 'exposure:' || s, sum(least(b, ${T}) - greatest(a, ${F}) + 1)::DOUBLE FROM sr
  WHERE greatest(a, ${F}) <= least(b, ${T}) GROUP BY s
UNION ALL
SELECT 'stock:' || s, count(*)::DOUBLE FROM sr WHERE a <= ${T} + 1 AND b >= ${T} + 1 GROUP BY s
UNION ALL
SELECT 'children', count(DISTINCT child)::DOUBLE FROM sr WHERE a <= ${T} + 1 AND b >= ${F}
`;

const times = [];
let counts = null;
for (let r = 0; r < rounds; r++) {
  const t0 = process.hrtime.bigint();
  const db = await DuckDBInstance.create(':memory:');
  const con = await db.connect();
  for (const s of load) await con.run(s);
  const reader = await con.runAndReadAll(query);
  const rows = reader.getRows();
  const t1 = process.hrtime.bigint();
  times.push(Number(t1 - t0) / 1e9);
  counts = {};
  for (const [k, n] of rows) counts[k] = Number(n);
  con.closeSync?.();
  db.closeSync?.();
}
process.stdout.write(JSON.stringify({ times, counts }) + '\n');
