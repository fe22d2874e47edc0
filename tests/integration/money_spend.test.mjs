// The Money's spend lines (docs/money.md "Spend"): keep import
// spend with its FILE:LINE:COLUMN messages and nothing written on a problem; the form
// (add, change, delete; an editor only for their own organisation); the API (list with
// filters, create, change, delete; 422, 403); keep money spend; and what /money says,
// made-up figures marked as such.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';

import { demoDb, keep, postForm, request, signIn, startServer, tempDir } from './helpers.mjs';

const PASSWORD = 'correct horse battery staple 7';
const HEADER = 'id,area,year,organisation,heading,level,kind,pooled,share,pooled_with,amount,source';

function exported(db) {
	const r = keep(['export', 'spend', '--db', db, '--format', 'csv']);
	assert.equal(r.status, 0, r.stderr);
	return r.stdout;
}
function audit(db) {
	const r = keep(['audit', '--db', db, '--format', 'json']);
	assert.equal(r.status, 0, r.stderr);
	return JSON.parse(r.stdout);
}
function csvFile(lines) {
	const file = path.join(tempDir(), 'spend.csv');
	writeFileSync(file, lines.join('\n') + '\n');
	return file;
}

describe('keep import spend', () => {
	test('a good file is imported, audited, and importing it again changes nothing', () => {
		const db = demoDb();
		const before = audit(db).length;
		const file = csvFile([HEADER,
			'fife-a,S12000047,2024-25,fife-council,foster_care,services,crisis_acute,no,,,600000,Fife budget',
			'fife-b,S12000047,2024,fife-council,intensive_family_support,families_places,early_help_prevention,yes,60,nhs-fife=30; Fife HSCP=10,300000,Fife budget']);
		let r = keep(['import', 'spend', file, '--db', db]);
		assert.equal(r.status, 0, r.stderr);
		assert.match(r.stdout, /2 rows; 2 new, 0 changed, 0 unchanged/);
		assert.equal(audit(db).length, before + 2);
		const csv = exported(db);
		assert.match(csv, /fife-b,S12000047,Fife,2024,2024-25,fife-council,intensive_family_support,families_places,early_help_prevention,yes,60,nhs-fife=30; Fife HSCP=10,300000,Fife budget,,no,/);
		r = keep(['import', 'spend', file, '--db', db]);
		assert.equal(r.status, 0, r.stderr);
		assert.match(r.stdout, /0 new, 0 changed, 2 unchanged/);
		assert.equal(audit(db).length, before + 2);
		// what keep export writes comes back as it is
		const again = path.join(tempDir(), 'again.csv');
		writeFileSync(again, csv);
		r = keep(['import', 'spend', again, '--db', db]);
		assert.equal(r.status, 0, r.stderr);
		assert.match(r.stdout, /0 new, 0 changed, \d+ unchanged/);
	});

	test('every problem is FILE:LINE:COLUMN and nothing is written', () => {
		const db = demoDb();
		const csv = exported(db), log = audit(db).length;
		const file = csvFile([HEADER,
			'ok-line,S12000047,2024-25,fife-council,foster_care,services,crisis_acute,no,,,600000,Fife budget',
			'bad-1,S12000099,2024-26,nobody,foster,local,crisis_acute,no,,,12a,Fife budget',
			'bad-2,S12000047,2024-25,fife-council,foster_care,services,crisis_acute,yes,60,nhs-fife=30,5,']);
		const r = keep(['import', 'spend', file, '--db', db]);
		assert.equal(r.status, 1);
		const lines = r.stderr.trim().split('\n');
		assert.deepEqual(lines.slice(0, -1).map((l) => l.split(': ')[0].replace(file, 'F')), [
			'F:3:7', 'F:3:17', 'F:3:25', 'F:3:32', 'F:3:39', 'F:3:63', 'F:4:79', 'F:4:93',
		]);
		assert.match(r.stderr, /:3:7: area 'S12000099': There is no council area with that code/);
		assert.match(r.stderr, /:4:79: pooled_with 'nhs-fife=30': The shares add up to 90%/);
		assert.match(r.stderr, /:4:93: source is empty/);
		assert.match(lines.at(-1), /8 problems; nothing was imported/);
		assert.equal(exported(db), csv);
		assert.equal(audit(db).length, log);
	});

	test('a file without a required column says which', () => {
		const db = demoDb();
		const r = keep(['import', 'spend', csvFile(['id,area,year', 'x,S12000047,2024']), '--db', db]);
		assert.equal(r.status, 1);
		assert.match(r.stderr, /:1:1: the column 'organisation' is missing; it is required/);
	});
});

describe('the form, the API and /money', () => {
	let server, db, staff, editor, other, tokens = {};
	const api = async (method, p, token, body) => {
		const r = await request(server.url + p, {
			method, body: body === undefined ? undefined : JSON.stringify(body),
			headers: { ...(body === undefined ? {} : { 'Content-Type': 'application/json' }), ...(token ? { Authorization: `Bearer ${token}` } : {}) },
		});
		return { ...r, json: r.body ? JSON.parse(r.body) : null };
	};
	before(async () => {
		db = demoDb();
		for (const [email, role, org] of [['staff@m.test', 'staff'], ['editor@fife.test', 'editor', 'fife-council'], ['editor@cosla.test', 'editor', 'cosla'], ['viewer@m.test', 'viewer']]) {
			const r = keep(['user', 'add', email, '--role', role, ...(org ? ['--organisation', org] : []), '--db', db], { input: `${PASSWORD}\n` });
			assert.equal(r.status, 0, r.stderr);
		}
		// the published count of children looked after on 31 July 2025 for Clackmannanshire
		// and Scotland, as /measures stores it (the demo's care records are not made here)
		const cells = (area, name, n) => JSON.stringify({ area, name, data: true, cells: [{ key: 'looked_after', label: 'Looked after on 31 July', measure: 1, unit: 'children', value: String(n), status: 'published', suppressed: false, primary: false, missing: false }] });
		const sql = `INSERT INTO measures_stored(year, seq, area, name, data, cells) VALUES (2025, 1, 'S12000005', 'Clackmannanshire', 1, '${cells('S12000005', 'Clackmannanshire', 134)}'), (2025, 2, 'S92000003', 'Scotland', 1, '${cells('S92000003', 'Scotland', 12073)}');`;
		const q = spawnSync('sqlite3', [db, sql], { encoding: 'utf8' });
		assert.equal(q.status, 0, q.stderr);
		server = await startServer(db);
		staff = await signIn(server.url, 'staff@m.test', PASSWORD);
		editor = await signIn(server.url, 'editor@fife.test', PASSWORD);
		other = await signIn(server.url, 'editor@cosla.test', PASSWORD);
		for (const [k, email] of [['staff', 'staff@m.test'], ['editor', 'editor@fife.test'], ['viewer', 'viewer@m.test']]) {
			const r = await api('POST', '/api/v1/session', null, { email, password: PASSWORD });
			assert.equal(r.status, 201, r.body);
			tokens[k] = r.json.data.token;
		}
	});
	after(async () => { await server?.stop(); });

	const line = { area: 'S12000047', year: '2024-25', organisation: 'fife-council', heading: 'mental_health', level: 'services', kind: 'early_help_prevention', amount: '250000', source: 'Fife Council budget' };

	test('/money shows Scotland, says the made-up figures are made up, and works per child', async () => {
		const r = await request(`${server.url}/money?year=2025-26`);
		assert.equal(r.status, 200);
		assert.match(r.body, /Some of these figures are made up for the demonstration/);
		assert.match(r.body, /What is spent: Scotland/);
		// the Whole Family Wellbeing Fund's published £50m in 2022-23, not marked made up
		const y = await request(`${server.url}/money?year=2022-23`);
		assert.match(y.body, /Scottish Government: Whole Family Wellbeing Fund, £50,000,000 \(Early help and prevention; National services and systems\)\. Source: Scottish Government, Keeping the Promise implementation plan[^<]*\.<\/li>/);
		// Clackmannanshire 2025-26: the demo's £4,690,000 over the 134 children: £35,000
		const c = await request(`${server.url}/money?area=S12000005&year=2025-26`);
		assert.match(c.body, /<tr><th scope="row">Clackmannanshire<\/th><td class="num">£4,690,000<\/td><td class="num">134<\/td><td class="num">£35,000<\/td><\/tr>/);
		assert.match(c.body, /7 of the 7 lines of this year are made up for the demonstration/);
		assert.equal((await request(`${server.url}/money?area=S12000099`)).status, 404);
		assert.equal((await request(`${server.url}/money?year=twenty`)).status, 400);
	});

	test('the form: an editor adds, changes and deletes their own organisation\'s line; wrong input is shown again', async () => {
		let r = await postForm(`${server.url}/money/spend/new`, { csrf: editor.csrf, ...line, amount: '£250k' }, editor.cookie);
		assert.equal(r.status, 400);
		assert.match(r.body, /Give the amount in whole pounds as digits only/);
		assert.match(r.body, /value="£250k"/);
		r = await postForm(`${server.url}/money/spend/new`, { csrf: editor.csrf, ...line, organisation: 'cosla' }, editor.cookie);
		assert.equal(r.status, 400);
		assert.match(r.body, /Choose your own organisation/);
		r = await postForm(`${server.url}/money/spend/new`, { csrf: editor.csrf, ...line }, editor.cookie);
		assert.equal(r.status, 303, r.body);
		assert.equal(r.headers.location, '/money?area=S12000047');
		const id = 'fife-council-2024-mental-health';
		const got = await api('GET', `/api/v1/spend/${id}`);
		assert.equal(got.status, 200, got.body);
		assert.equal(got.json.data.amount, 250000);
		assert.equal(got.json.data.made_up, 'no');
		r = await postForm(`${server.url}/money/spend/${id}/edit`, { csrf: editor.csrf, ...line, amount: '260000', pooled: 'yes', share: '50', pooled_with: 'NHS Fife=50' }, editor.cookie);
		assert.equal(r.status, 303, r.body);
		const changed = await api('GET', `/api/v1/spend/${id}`);
		assert.equal(changed.json.data.amount, 260000);
		assert.equal(changed.json.data.pooled_with, 'NHS Fife=50');
		// another organisation's editor may not touch it
		assert.equal((await request(`${server.url}/money/spend/${id}/edit`, { headers: { Cookie: other.cookie } })).status, 403);
		const log = audit(db).filter((a) => a.entity === 'spend' && a.entity_id === id).map((a) => a.verb);
		assert.deepEqual(log, ['create', 'update']);
		r = await postForm(`${server.url}/money/spend/${id}/delete`, { csrf: editor.csrf }, editor.cookie);
		assert.equal(r.status, 303);
		assert.equal((await api('GET', `/api/v1/spend/${id}`)).status, 404);
	});

	test('the API: list with filters, create, change, delete; 422 and 403', async () => {
		let r = await api('GET', '/api/v1/spend?area=S12000005&year=2025-26');
		assert.equal(r.status, 200);
		assert.equal(r.json.data.length, 7);
		assert.ok(r.json.data.every((x) => x.area === 'S12000005' && x.year === 2025 && x.made_up === 'yes'));
		assert.equal((await api('GET', '/api/v1/spend?year=2024-26')).status, 400);
		assert.equal((await api('GET', '/api/v1/spend?area=S12000099')).status, 404);
		r = await api('POST', '/api/v1/spend', tokens.editor, { ...line, organisation: 'cosla' });
		assert.equal(r.status, 403);
		// a viewer may enter no line, named payer or not
		r = await api('POST', '/api/v1/spend', tokens.viewer, { ...line, organisation: undefined });
		assert.equal(r.status, 403, r.body);
		r = await api('POST', '/api/v1/spend', tokens.editor, { ...line, amount: 0, kind: 'x' });
		assert.equal(r.status, 422);
		assert.deepEqual(Object.keys(r.json.error.fields).sort(), ['amount', 'kind']);
		r = await api('POST', '/api/v1/spend', tokens.editor, { ...line, year: 2023, amount: 99 });
		assert.equal(r.status, 201, r.body);
		const id = r.json.data.id;
		assert.equal(r.headers.location, `/api/v1/spend/${id}`);
		assert.equal(r.json.data.financial_year, '2023-24');
		r = await api('PATCH', `/api/v1/spend/${id}`, tokens.editor, { amount: '100' });
		assert.equal(r.status, 200, r.body);
		assert.equal(r.json.data.amount, 100);
		r = await api('PATCH', `/api/v1/spend/${id}`, tokens.editor, { pooled: 'yes' });
		assert.equal(r.status, 422);
		assert.ok(r.json.error.fields.share && r.json.error.fields.pooled_with);
		r = await api('DELETE', `/api/v1/spend/${id}`, tokens.staff);
		assert.equal(r.status, 204);
	});

	test('keep money spend summarises as the page does', () => {
		const r = keep(['money', 'spend', '--db', db, '--area', 'S12000005', '--year', '2025-26', '--format', 'json']);
		assert.equal(r.status, 0, r.stderr);
		const v = JSON.parse(r.stdout);
		assert.equal(v.years.length, 1);
		assert.equal(v.years[0].total, 4690000);
		assert.equal(v.years[0].children, 134);
		assert.equal(v.years[0].per_child, 35000);
		const t = keep(['money', 'spend', '--db', db, '--area', 'S12000005']);
		assert.match(t.stdout, /made up for the demonstration/);
		assert.equal(keep(['money', 'spend', '--db', db, '--format', 'xml']).status, 2);
		assert.equal(keep(['money', 'nothing', '--db', db]).status, 2);
		assert.match(keep(['money', 'spend', '--help']).stdout, /whole_family_wellbeing_fund/);
	});
});
