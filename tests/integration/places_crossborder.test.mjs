// The register of cross-border placements into Scottish services (docs/places.md "Where
// children live now"): keep place import crossborder FILE, checked against the register
// of services, all or nothing, audited with counts only.
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { writeFileSync } from 'node:fs';

import { demoDb, keep, request, startServer, tempDir } from './helpers.mjs';

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

describe('GET /api/v1/crossborder: counts only, protected', () => {
	let server;
	before(async () => {
		// 6 stays in Fife's residential house from 2025-01-01, 2 with Fife's fostering
		// service from 2025-07-01, all going on.
		const rows = [...Array(6)].map(() => 'CS2005113322,E08000025,2025-01-01,').concat(
			[...Array(2)].map(() => 'CS2003000001,W06000015,2025-07-01,'));
		const r = keep(['place', 'import', 'crossborder', file('api.csv', HEAD + rows.join('\n') + '\n'), '--db', db]);
		assert.equal(r.status, 0, r.stderr);
		server = await startServer(db);
	});
	after(async () => {
		const r = await server?.stop();
		if (r) assert.equal(r.code, 0, r.stderr);
	});
	const get = async (day) => {
		const r = await request(`${server.url}/api/v1/crossborder?day=${day}`);
		assert.equal(r.status, 200, r.body);
		return JSON.parse(r.body);
	};

	test('known answers on a day with no small count', async () => {
		const j = await get('2025-06-30');
		assert.equal(j.day, '2025-06-30');
		assert.deepEqual(j.data.scotland, { children: 6, status: 'published' });
		const fife = j.data.councils.find((c) => c.area === 'S12000047');
		assert.equal(fife.children, 6);
		assert.deepEqual(fife.types.find((t) => t.type === 'residential_house'), { type: 'residential_house', children: 6, status: 'published' });
		assert.equal(fife.types.find((t) => t.type === 'fostering').children, 0);
		// No row of the register is ever given: no registration number, authority or date.
		const body = JSON.stringify(j);
		assert.doesNotMatch(body, /CS2005113322|E08000025|2025-01-01/);
	});

	test('a count of 1 to 4 is hidden, and cannot be worked back', async () => {
		const j = await get('2025-07-31');
		const fife = j.data.councils.find((c) => c.area === 'S12000047');
		const fost = fife.types.find((t) => t.type === 'fostering');
		assert.deepEqual(fost, { type: 'fostering', children: null, status: 'primary' });
		const res = fife.types.find((t) => t.type === 'residential_house');
		assert.ok(fife.children === null || res.children === null, 'Fife less its residential house would give it');
		const typeRes = j.data.types.find((t) => t.type === 'residential_house');
		assert.ok(j.data.scotland.children === null || typeRes.children === null, 'Scotland less the residential houses would give it');
		assert.equal(j.data.types.find((t) => t.type === 'fostering').children, null);
	});

	test('POST replaces the register for staff, all or nothing', async () => {
		const PASSWORD = 'a long enough pass phrase 7';
		for (const [email, role] of [['staff@cb.test', 'staff'], ['viewer@cb.test', 'viewer']]) {
			const u = keep(['user', 'add', email, '--role', role, '--db', db], { input: `${PASSWORD}\n${PASSWORD}\n` });
			assert.equal(u.status, 0, u.stderr);
		}
		const token = async (email) => {
			const r = await request(`${server.url}/api/v1/session`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ email, password: PASSWORD }) });
			assert.equal(r.status, 201, r.body);
			return JSON.parse(r.body).data.token;
		};
		const post = (tok, body) => request(`${server.url}/api/v1/crossborder`, {
			method: 'POST', headers: { 'Content-Type': 'application/json', ...(tok ? { Authorization: `Bearer ${tok}` } : {}) }, body: JSON.stringify(body),
		});
		assert.equal((await post(null, { csv: HEAD })).status, 401);
		assert.equal((await post(await token('viewer@cb.test'), { csv: HEAD })).status, 403);
		const staff = await token('staff@cb.test');
		const bad = await post(staff, { csv: `${HEAD}CS2005113322,S12000036,2025-06-01,\n` });
		assert.equal(bad.status, 422);
		assert.match(JSON.parse(bad.body).error.fields.csv, /^crossborder\.csv:2:14: placing_authority is a Scottish code/);
		assert.equal((await get('2025-07-31')).data.councils.find((c) => c.area === 'S12000047').types.find((t) => t.type === 'fostering').status, 'primary');
		const ok = await post(staff, { csv: `${HEAD}CS2005113322,E08000025,2025-06-01,\n` });
		assert.equal(ok.status, 200, ok.body);
		assert.deepEqual(JSON.parse(ok.body), { data: { rows: 1 } });
		const j = await get('2025-07-31');
		assert.equal(j.data.scotland.status, 'primary'); /* 1 child: never shown */
		assert.equal(j.data.scotland.children, null);
	});

	test('a day that is not a date, or another parameter: 400', async () => {
		assert.equal((await request(`${server.url}/api/v1/crossborder?day=31/07/2025`)).status, 400);
		assert.equal((await request(`${server.url}/api/v1/crossborder?council=S12000047`)).status, 400);
	});
});
