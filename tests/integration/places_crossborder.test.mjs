// The register of cross-border placements into Scottish services (docs/places.md "Where
// children live now"): keep place import crossborder FILE, checked against the register
// of services, all or nothing, audited with counts only.
import assert from 'node:assert/strict';
import path from 'node:path';
import { before, describe, test } from 'node:test';
import { writeFileSync } from 'node:fs';

import { demoDb, keep, tempDir } from './helpers.mjs';

const SERVICES = 'regno,name,provider,sector,type,council,outside_scotland,age_from,age_to,places,max_siblings,needs,' +
	'weekly_cost,status,registered,ended\n' +
	'CS2005113322,Hill House,A Ltd,private,residential_house,S12000047,no,12,17,4,2,,,active,2005-06-01,\n' +
	'CS2003000001,Fife Fostering,Fife Council,council,fostering,S12000047,no,0,17,120,4,,,active,2003-04-01,\n' +
	'SC123456,Over the Border,B Ltd,private,secure,,yes,10,17,6,1,,,active,2010-01-01,\n';
const HEAD = 'regno,placing_authority,date_in,date_out\n';

let dir;
let db;
function file(name, text) {
	const p = path.join(dir, name);
	writeFileSync(p, text);
	return p;
}
function audits(entity) {
	const r = keep(['audit', '--entity', entity, '--format', 'json', '--db', db]);
	assert.equal(r.status, 0, r.stderr);
	return JSON.parse(r.stdout);
}

before(() => {
	dir = tempDir();
	db = demoDb();
	const r = keep(['place', 'import', 'services', file('services.csv', SERVICES), '--db', db]);
	assert.equal(r.status, 0, r.stderr);
});

describe('keep place import crossborder', () => {
	test('imports the register whole, audited with its number of rows only', () => {
		const f = file('crossborder.csv', HEAD + 'CS2005113322,E08000025,2025-06-01,\nCS2003000001,W06000015,2025-01-10,2025-07-31\n');
		const r = keep(['place', 'import', 'crossborder', f, '--db', db]);
		assert.equal(r.status, 0, r.stderr);
		assert.match(r.stdout, /Imported 2 cross-border placements from /);
		const a = audits('crossborder');
		assert.equal(a.length, 1);
		assert.deepEqual(a[0].after, { rows: 2 });
	});

	test('a service not in the register, or outside Scotland, or a Scottish authority: refused, nothing written', () => {
		for (const [row, want] of [
			['CS9999999999,E08000025,2025-06-01,', /bad\.csv:3:1: regno is not a service in the register of care services/],
			['SC123456,E08000025,2025-06-01,', /bad\.csv:3:1: regno is a service outside Scotland/],
			['CS2005113322,S12000036,2025-06-01,', /bad\.csv:3:14: placing_authority is a Scottish code/],
		]) {
			const r = keep(['place', 'import', 'crossborder', file('bad.csv', `${HEAD}CS2003000001,E06000001,2024-01-01,\n${row}\n`), '--db', db]);
			assert.equal(r.status, 1, r.stdout);
			assert.match(r.stderr, want);
			assert.match(r.stderr, /Nothing was imported/);
		}
		assert.equal(audits('crossborder').length, 1);
	});

	test('--format is refused: the file has one format', () => {
		const r = keep(['place', 'import', 'crossborder', file('c.csv', HEAD), '--format', 'csv', '--db', db]);
		assert.equal(r.status, 2);
	});
});
