// Where children live now (docs/places.md, docs/measures.md measures 7 and 13): the care
// records' placements carry their service and provider sector, and keep measures counts
// from them, on hand-made files with known answers: children placed with private
// providers, outside Scotland and in another council area. A small count is protected.
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { before, describe, test } from 'node:test';

import { demoDb, keep, tempDir } from './helpers.mjs';

const YEAR = '2024';
const EDINBURGH = 'S12000036';
const GLASGOW = 'S12000049';
const SCOTLAND = 'S92000003';

// One council's files: each child looked after from 2022-01-01 with one placement that
// goes on, as given: [type, sector, council ('' outside Scotland), service].
function councilFiles(dir, council, placed) {
	mkdirSync(dir, { recursive: true });
	const ids = placed.map((_, i) => `${council}-${i + 1}`);
	writeFileSync(path.join(dir, 'children.csv'), 'child,council,date_of_birth,sex,ethnic_group,disability\n' +
		ids.map((id) => `${id},${council},2010-03-15,female,white_scottish,no\n`).join(''));
	writeFileSync(path.join(dir, 'episodes.csv'), 'child,start,end,end_reason\n' + ids.map((id) => `${id},2022-01-01,,\n`).join(''));
	writeFileSync(path.join(dir, 'placements.csv'), 'child,start,end,type,provider,council,outside_scotland,location,service,sector\n' +
		placed.map(([type, sector, where, service], i) => `${ids[i]},2022-01-01,,${type},P${i},${where},${where ? 'no' : 'yes'},,${service},${sector}\n`).join(''));
}

function csvRows(text) {
	const lines = text.trim().split('\n');
	const head = lines[0].split(',');
	// The fields used here (area, key, value, status) hold no commas; the label may, so
	// the row is split from both ends.
	return lines.slice(1).map((l) => {
		const f = l.split(',');
		return { area: f[0], key: f[4], value: f[f.length - 3], status: f[f.length - 1], head };
	});
}

function measures(db) {
	const r = keep(['measures', '--year', YEAR, '--format', 'csv', '--db', db]);
	assert.equal(r.status, 0, r.stderr);
	const rows = csvRows(r.stdout);
	return (area, key) => rows.find((x) => x.area === area && x.key === key);
}

const repeat = (n, row) => Array.from({ length: n }, () => row);

describe('where children live now: the measures from the placements', () => {
	let db;
	let dir;

	before(() => {
		db = demoDb();
		dir = tempDir();
		// Edinburgh, 20 children placed on 31 July 2024: 8 with private foster carers in
		// Edinburgh; 5 in a third-sector residential school outside Scotland; 5 with the
		// council's foster carers in Glasgow; 2 at home (no sector, and none needed).
		councilFiles(path.join(dir, 'edinburgh'), EDINBURGH, [
			...repeat(8, ['foster_purchased', 'private', EDINBURGH, 'CS2003001234']),
			...repeat(5, ['residential_school', 'third', '', 'SC123456']),
			...repeat(5, ['foster_council', 'council', GLASGOW, '']),
			...repeat(2, ['home_parents', '', EDINBURGH, '']),
		]);
		// Glasgow, 7 children: 2 with a private provider (a count to protect), 5 with the
		// council's foster carers, the sector not given for one of them.
		councilFiles(path.join(dir, 'glasgow'), GLASGOW, [
			...repeat(2, ['residential_voluntary_home', 'private', GLASGOW, 'CS2019000001']),
			...repeat(4, ['foster_council', 'council', GLASGOW, '']),
			['foster_council', '', GLASGOW, ''],
		]);
		const r = keep(['import', 'records', path.join(dir, 'edinburgh'), '--council', EDINBURGH, '--year', YEAR, '--db', db]);
		assert.equal(r.status, 0, r.stderr);
	});

	test('known answers: private providers, outside Scotland, in another council area', () => {
		const get = measures(db);
		const want = {
			placed: '20',
			private_provider: '8',
			private_provider_share: '40',
			sector_not_known: '0',
			outside_scotland: '5',
			outside_scotland_share: '25',
			outside_council: '5',
			outside_council_share: '25',
		};
		for (const [key, value] of Object.entries(want)) {
			for (const area of [EDINBURGH, SCOTLAND]) {
				const c = get(area, key);
				assert.ok(c, `${area} ${key}`);
				assert.equal(c.status, 'published', `${area} ${key}`);
				assert.equal(c.value, value, `${area} ${key}`);
			}
		}
	});

	test('a count of 1 to 4 is protected, and cannot be worked back from Scotland\'s', () => {
		const r = keep(['import', 'records', path.join(dir, 'glasgow'), '--council', GLASGOW, '--year', YEAR, '--db', db]);
		assert.equal(r.status, 0, r.stderr);
		const get = measures(db);
		const g = get(GLASGOW, 'private_provider');
		assert.equal(g.status, 'primary');
		assert.equal(g.value, '[c]');
		assert.equal(get(GLASGOW, 'private_provider_share').value, '[c]');
		// Glasgow's is Scotland's less Edinburgh's: one of them is hidden too.
		const e = get(EDINBURGH, 'private_provider');
		const s = get(SCOTLAND, 'private_provider');
		assert.ok(e.status !== 'published' || s.status !== 'published', `Edinburgh ${e.status}, Scotland ${s.status}`);
		// Glasgow's one placement with no sector given (foster care, which a registered
		// service provides) is a count of 1: protected too.
		assert.equal(get(GLASGOW, 'sector_not_known').status, 'primary');
		assert.equal(get(GLASGOW, 'placed').value, '7');
	});
});
