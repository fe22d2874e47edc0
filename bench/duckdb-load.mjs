// What the benchmarks that race DuckDB share (bench/measures, bench/money): DuckDB's
// instance class, from @duckdb/node-api installed with keep's npm packages (or under
// DUCKDB_NODE_MODULES), and SQL text for a string and for a file of a directory.
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

export async function duckdbInstance() {
  const base = process.env.DUCKDB_NODE_MODULES
    ? path.join(process.env.DUCKDB_NODE_MODULES, 'package.json')
    : new URL('../package.json', import.meta.url).pathname;
  const resolved = createRequire(base).resolve('@duckdb/node-api');
  return (await import(pathToFileURL(resolved).href)).DuckDBInstance;
}

// A string as an SQL literal.
export const q = (s) => `'${s.replaceAll("'", "''")}'`;

// The file name in dir as an SQL literal.
export const fileIn = (dir) => (name) => q(path.join(dir, name));
