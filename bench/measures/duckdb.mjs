// bench/measures/duckdb.mjs: DuckDB computing keep's measures with SQL from the same CSV
// files, as docs/measures.md defines them: looked after on 31 July, the placement mix,
// placement moves, and brothers and sisters placed together.
//
//   node bench/measures/duckdb.mjs DIR YEAR ROUNDS
//
// Prints one JSON object: {times: [seconds per round], counts: {key: n}} with keys as
// keep's (looked_after, mix_home, ..., siblings_none). Each round is a fresh in-memory
// database that reads the CSV files and runs the queries; the time is the round's whole.
// The module comes from the repository's node_modules, or from DUCKDB_NODE_MODULES (a
// directory holding node_modules/@duckdb/node-api) when that is set.
import { duckdbInstance, fileIn } from '../duckdb-load.mjs';

const [dir, yearText, roundsText] = process.argv.slice(2);
const year = Number(yearText);
const rounds = Number(roundsText || 5);
if (!dir || !Number.isInteger(year) || !Number.isInteger(rounds) || rounds < 1) {
  console.error('usage: node bench/measures/duckdb.mjs DIR YEAR ROUNDS');
  process.exit(2);
}

const DuckDBInstance = await duckdbInstance();
const file = fileIn(dir);
const Y0 = `DATE '${year - 1}-08-01'`;
const Y1 = `DATE '${year}-07-31'`;
const FOREVER = "DATE '9999-12-31'";

// The files' columns in data-spec order (keep synth writes them so).
const load = [
  `CREATE TABLE ep AS SELECT * FROM read_csv(${file('episodes.csv')}, header = true, ` +
    `columns = {'child': 'VARCHAR', 'start': 'DATE', 'end': 'DATE', 'end_reason': 'VARCHAR'})`,
  `CREATE TABLE pl AS SELECT * FROM read_csv(${file('placements.csv')}, header = true, ` +
    `columns = {'child': 'VARCHAR', 'start': 'DATE', 'end': 'DATE', 'type': 'VARCHAR', 'provider': 'VARCHAR', ` +
    `'council': 'VARCHAR', 'outside_scotland': 'VARCHAR', 'location': 'VARCHAR', 'home': 'VARCHAR'})`,
  `CREATE TABLE sib AS SELECT * FROM read_csv(${file('siblings.csv')}, header = true, ` +
    `columns = {'child': 'VARCHAR', 'sibling': 'VARCHAR', 'relationship': 'VARCHAR'})`,
];

const GROUP = `CASE c.type
  WHEN 'home_parents' THEN 'mix_home' WHEN 'kinship' THEN 'mix_kinship'
  WHEN 'foster_council' THEN 'mix_foster' WHEN 'foster_purchased' THEN 'mix_foster'
  WHEN 'prospective_adopters' THEN 'mix_adopters' WHEN 'other_community' THEN 'mix_community'
  ELSE 'mix_residential' END`;

const query = `
WITH la AS (
  SELECT DISTINCT child FROM ep WHERE start <= ${Y1} AND coalesce("end", ${FOREVER}) >= ${Y1}
), cen AS (
  SELECT p.child, p.type, p.provider FROM pl p JOIN la USING (child)
  WHERE p.start <= ${Y1} AND coalesce(p."end", ${FOREVER}) >= ${Y1}
), cen_all AS (
  SELECT la.child, c.type, c.provider FROM la LEFT JOIN cen c USING (child)
), mix AS (
  SELECT CASE WHEN c.type IS NULL THEN 'mix_not_known' ELSE ${GROUP} END AS k, count(*) AS n
  FROM cen_all c GROUP BY 1
), lay AS (
  SELECT DISTINCT child FROM ep WHERE start <= ${Y1} AND coalesce("end", ${FOREVER}) >= ${Y0}
), pe AS (
  SELECT p.child, p.start, p."end", e.start AS ep_start FROM pl p JOIN ep e
    ON e.child = p.child AND p.start >= e.start AND p.start <= coalesce(e."end", ${FOREVER})
), ranked AS (
  SELECT child, start,
    row_number() OVER (PARTITION BY child, ep_start ORDER BY start, coalesce("end", ${FOREVER})) AS k
  FROM pe
), moves AS (
  SELECT child, count(*) AS n FROM ranked WHERE k > 1 AND start BETWEEN ${Y0} AND ${Y1} GROUP BY child
), pairs AS (
  SELECT child AS a, sibling AS b FROM sib UNION SELECT sibling AS a, child AS b FROM sib
), links AS (
  SELECT x.child, coalesce(x.provider IS NOT NULL AND x.provider <> '' AND x.type = y.type
    AND x.provider = y.provider, false) AS together
  FROM pairs JOIN cen_all x ON x.child = pairs.a JOIN cen_all y ON y.child = pairs.b
), per AS (
  SELECT child, count(*) AS n, count(*) FILTER (WHERE together) AS t FROM links GROUP BY child
)
SELECT 'looked_after' AS k, count(*) AS n FROM la
UNION ALL SELECT k, n FROM mix
UNION ALL SELECT 'looked_after_year', count(*) FROM lay
UNION ALL SELECT 'moves', coalesce(sum(n), 0) FROM moves
UNION ALL SELECT 'moves_3', count(*) FROM moves WHERE n >= 3
UNION ALL SELECT 'siblings', count(*) FROM per
UNION ALL SELECT 'siblings_all', count(*) FROM per WHERE t = n
UNION ALL SELECT 'siblings_some', count(*) FROM per WHERE t > 0 AND t < n
UNION ALL SELECT 'siblings_none', count(*) FROM per WHERE t = 0
`;

const times = [];
let counts = null;
for (let r = 0; r < rounds; r++) {
  const t0 = performance.now();
  const instance = await DuckDBInstance.create(':memory:');
  const con = await instance.connect();
  for (const sql of load) await con.run(sql);
  const reader = await con.runAndReadAll(query);
  const rows = reader.getRowObjects();
  times.push((performance.now() - t0) / 1000);
  counts = {};
  for (const row of rows) counts[row.k] = Number(row.n);
  for (const k of ['mix_home', 'mix_kinship', 'mix_foster', 'mix_adopters', 'mix_community',
    'mix_residential', 'mix_not_known']) counts[k] ??= 0;
  con.closeSync?.();
  instance.closeSync?.();
}
process.stdout.write(JSON.stringify({ times, counts }) + '\n');
