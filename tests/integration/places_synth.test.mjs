// keep synth --places (docs/places.md "Synthetic services, vacancies and requests"): what
// it writes is read whole by keep's own importers, all marked made up; keep synth's
// options for it.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { before, describe, test } from 'node:test';

import { demoDb, keep, tempDir } from './helpers.mjs';

let out;
let db;
before(() => {
	out = path.join(tempDir(), 'synth');
	const r = keep(['synth', '--children', '3000', '--councils', '4', '--seed', '5', '--year', '2025', '--places',
		'--vacancy-date', '2025-07-31', '--out', out]);
	assert.equal(r.status, 0, r.stderr);
	assert.match(r.stdout, /\d+ services \(5 fostering services in Scotland, with \d+ approved households\),/);
	assert.match(r.stdout, /\d+ vacancy returns, \d+ cross-border placements, 20 requests \(\d+ sibling groups,/);
	assert.match(r.stdout, /All made up\./);
	db = demoDb();
});

const rows = (name) => readFileSync(path.join(out, name), 'utf8').trim().split('\n').length - 1;

describe('keep synth --places', () => {
	test('its services and vacancy returns are imported whole by keep place import, made up', () => {
		const s = keep(['place', 'import', 'services', path.join(out, 'services.csv'), '--db', db]);
		assert.equal(s.status, 0, s.stderr);
		const n = rows('services.csv');
		assert.match(s.stdout, new RegExp(`Imported ${n} services from .*: ${n} added, 0 changed, 0 as before\\.`));
		const v = keep(['place', 'import', 'vacancies', path.join(out, 'vacancies.csv'), '--db', db]);
		assert.equal(v.status, 0, v.stderr);
		assert.match(v.stdout, new RegExp(`Imported ${rows('vacancies.csv')} vacancy returns`));
		const list = keep(['place', 'services', '--format', 'json', '--db', db]);
		assert.equal(list.status, 0, list.stderr);
		const all = JSON.parse(list.stdout);
		assert.equal(all.length, n);
		for (const x of all) {
			assert.equal(x.made_up, true, x.regno);
			assert.match(x.name, /\(made up\)$/);
		}
		assert.equal(all.filter((x) => x.type === 'fostering' && !x.outside_scotland).length, 5); // 4 councils' own, 1 independent
	});

	test('--vacancy-date needs --places, and a date', () => {
		const a = keep(['synth', '--children', '10', '--councils', '1', '--seed', '1', '--vacancy-date', '2025-07-31',
			'--out', path.join(tempDir(), 'x')]);
		assert.equal(a.status, 2);
		assert.match(a.stderr, /--vacancy-date goes with --places/);
		const b = keep(['synth', '--children', '10', '--councils', '1', '--seed', '1', '--places', '--vacancy-date',
			'31/07/2025', '--out', path.join(tempDir(), 'y')]);
		assert.equal(b.status, 2);
		assert.match(b.stderr, /--vacancy-date must be a date YYYY-MM-DD, not '31\/07\/2025'/);
	});
});
