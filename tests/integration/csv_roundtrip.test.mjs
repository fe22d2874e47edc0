// keep export then keep import gives back exactly what was exported, for every table
// that can be imported, with the texts a spreadsheet would run as formulas (which the
// export guards with one ') and a negative figure (a number, never guarded).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';

import { demoDb, keep, tempDir } from './helpers.mjs';

function sqlite(db, sql) {
	const r = spawnSync('sqlite3', [db, sql], { encoding: 'utf8' });
	if (r.error) throw new Error(`sqlite3: ${r.error.message} (scripts/setup test installs it)`);
	assert.equal(r.status, 0, `sqlite3 ${db} "${sql}": ${r.stderr}`);
	return r.stdout;
}

function exported(db, table, format, extra = []) {
	const r = keep(['export', table, '--format', format, ...extra, '--db', db]);
	assert.equal(r.status, 0, r.stderr);
	return r.stdout;
}

// Texts a spreadsheet would read as a formula, texts that look like a guard already,
// and plain texts; each must come back as it was.
const TEXTS = ['=1+2', "'=1+2", "''=1+2", '@SUM(A1)', '+44 131 496 0000', '-dash first', "'quoted'", "'", '=HYPERLINK("http://x","y")', 'a\tb'];

describe('CSV: export then import changes nothing', () => {
	const db = demoDb();
	const dir = tempDir();
	const q = (s) => `'${s.replace(/'/g, "''")}'`;

	// Hostile texts in each importable table, as a careless or hostile editor might
	// have typed them; a figure of -5 on an indicator whose figures may be negative.
	const orgs = sqlite(db, 'SELECT slug FROM organisation ORDER BY id LIMIT 10;').trim().split('\n');
	const commitments = sqlite(db, 'SELECT slug FROM commitment ORDER BY id LIMIT 10;').trim().split('\n');
	TEXTS.forEach((t, i) => {
		sqlite(db, `UPDATE organisation SET name = ${q(`${t} ${i}`)} WHERE slug = ${q(orgs[i])};`);
		sqlite(db, `UPDATE commitment SET text = ${q(t)}, due_text = ${q(t)} WHERE slug = ${q(commitments[i])};`);
		sqlite(
			db,
			`INSERT INTO evidence (slug, organisation_id, kind, title, will_do, support_needed, help_offered, submitted, published) ` +
				`SELECT ${q(`evidence-${i}`)}, id, 'plan', ${q(`${t} ${i}`)}, ${q(t)}, ${q(t)}, ${q(t)}, '2024-01-01', 1 FROM organisation WHERE slug = ${q(orgs[0])};`,
		);
	});
	sqlite(
		db,
		"INSERT INTO indicator (slug, title, unit, source, frequency) VALUES ('net-change', 'Change in the number of foster carers', 'change', '=source', 'annual');" +
			"INSERT INTO observation (indicator_id, area, period, value, suppressed, source) SELECT id, 'S92000003', '2024-07-31', -5, 0, '-5' FROM indicator WHERE slug = 'net-change';" +
			"INSERT INTO observation (indicator_id, area, period, value, suppressed, source) SELECT id, 'S12000036', '2024-07-31', -12.5, 0, '=2+3' FROM indicator WHERE slug = 'net-change';",
	);

	for (const [table, extra] of [
		['organisations', []],
		['commitments', []],
		['evidence', ['--all']],
		['observations', []],
	]) {
		test(`${table}: the export, imported, gives back the same records and the same export`, () => {
			const csv = exported(db, table, 'csv', extra);
			const json = exported(db, table, 'json', extra);
			if (table === 'observations') {
				assert.match(csv, /,S92000003,2024-07-31,-5,false,-5\r\n/, 'a negative figure is a number, not a formula: no guard');
				assert.match(csv, /,-12\.5,false,"'=2\+3"\r\n/);
			}
			if (table === 'commitments') assert.match(csv, /,"'=1\+2",[0-9-]*,"'=1\+2",/, 'a formula gets one guard');
			const file = path.join(dir, `${table}.csv`);
			writeFileSync(file, csv);
			const r = keep(['import', table, file, '--db', db]);
			assert.equal(r.status, 0, `keep import ${table}:\n${r.stderr}`);
			// Nothing differed, so nothing was changed: the same records, the same export.
			const drop = (rows) => JSON.parse(rows).map(({ updated, ...rest }) => rest);
			assert.deepEqual(drop(exported(db, table, 'json', extra)), drop(json), `${table}: a record changed on import`);
			assert.equal(exported(db, table, 'csv', extra).replace(/,[0-9T:-]+Z\r\n/g, '\r\n'), csv.replace(/,[0-9T:-]+Z\r\n/g, '\r\n'));
			for (const t of TEXTS.filter((x) => !x.includes('\t')))
				if (table !== 'observations') assert.ok(exported(db, table, 'json', extra).includes(JSON.stringify(t).slice(1, -1)), `${table}: ${t} is no longer there`);
		});
	}
});
