// Where children live, the register (docs/places.md "The register of services",
// "Vacancies", "The Care Inspectorate's published list"): keep place import services and
// vacancies, keep place services, on a demo database.
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { writeFileSync } from 'node:fs';

import { demoDb, keep, postForm, request, signIn, startServer, tempDir } from './helpers.mjs';

const HEAD = 'regno,name,provider,sector,type,council,outside_scotland,age_from,age_to,places,max_siblings,needs,' +
	'weekly_cost,status,registered,ended';
const SERVICES = `${HEAD},organisation\n` +
	'CS2003000001,Fife Fostering,Fife Council,council,fostering,S12000047,no,0,17,120,4,disability;learning,,active,2003-04-01,,fife-council\n' +
	'CS2005113322,"Hill House, Fife",A Charity,third,residential_house,S12000047,no,12,17,4,2,emotional,4200.50,active,2005-06-01,,\n' +
	'SC123456,Over the Border,B Ltd,private,secure,,yes,10,17,6,1,,6500,active,2010-01-01,,\n' +
	'CS2010000009,Glen House,C Ltd,private,residential_house,S12000036,no,8,17,3,3,,,cancelled,2010-01-01,2020-03-31,\n';

let dir;
function file(name, text) {
	const p = path.join(dir, name);
	writeFileSync(p, text);
	return p;
}
function servicesJson(db, ...args) {
	const r = keep(['place', 'services', '--format', 'json', '--db', db, ...args]);
	assert.equal(r.status, 0, r.stderr);
	return JSON.parse(r.stdout);
}
function audits(db, entity) {
	const r = keep(['audit', '--entity', entity, '--format', 'json', '--db', db]);
	assert.equal(r.status, 0, r.stderr);
	return JSON.parse(r.stdout);
}

before(() => {
	dir = tempDir();
});

describe('keep place import services', () => {
	test('imports every service, audited; the same file again changes nothing', () => {
		const db = demoDb();
		const f = file('services.csv', SERVICES);
		const r = keep(['place', 'import', 'services', f, '--db', db]);
		assert.equal(r.status, 0, r.stderr);
		assert.match(r.stdout, /Imported 4 services from .*: 4 added, 0 changed, 0 as before\./);
		const all = servicesJson(db);
		assert.equal(all.length, 4);
		const hill = all.find((s) => s.regno === 'CS2005113322');
		assert.equal(hill.name, 'Hill House, Fife');
		assert.equal(hill.weekly_cost, 4200.5);
		assert.equal(hill.council_name, 'Fife');
		const fost = all.find((s) => s.regno === 'CS2003000001');
		assert.equal(fost.organisation.slug, 'fife-council');
		assert.equal(fost.needs, 'disability;learning');
		assert.equal(all.find((s) => s.regno === 'SC123456').outside_scotland, true);
		assert.equal(audits(db, 'service').length, 4);
		const again = keep(['place', 'import', 'services', f, '--db', db]);
		assert.equal(again.status, 0, again.stderr);
		assert.match(again.stdout, /0 added, 0 changed, 4 as before/);
		assert.equal(audits(db, 'service').length, 4);
	});

	test('the csv listing is services.csv: exported and imported again, it is the same', () => {
		const db = demoDb();
		assert.equal(keep(['place', 'import', 'services', file('s2.csv', SERVICES), '--db', db]).status, 0);
		const out = keep(['place', 'services', '--format', 'csv', '--db', db]);
		assert.equal(out.status, 0, out.stderr);
		assert.equal(out.stdout.split('\n')[0], `${HEAD},organisation,made_up`);
		const db2 = demoDb();
		const r = keep(['place', 'import', 'services', file('exported.csv', out.stdout), '--db', db2]);
		assert.equal(r.status, 0, r.stderr);
		assert.deepEqual(servicesJson(db2), servicesJson(db));
	});

	test('filters: council, outside Scotland, type, sector, status', () => {
		const db = demoDb();
		assert.equal(keep(['place', 'import', 'services', file('s3.csv', SERVICES), '--db', db]).status, 0);
		assert.deepEqual(servicesJson(db, '--council', 'S12000047').map((s) => s.regno), ['CS2003000001', 'CS2005113322']);
		assert.deepEqual(servicesJson(db, '--council', 'outside').map((s) => s.regno), ['SC123456']);
		assert.deepEqual(servicesJson(db, '--type', 'residential_house', '--sector', 'private').map((s) => s.regno), ['CS2010000009']);
		assert.deepEqual(servicesJson(db, '--status', 'cancelled').map((s) => s.regno), ['CS2010000009']);
		const table = keep(['place', 'services', '--db', db]);
		assert.equal(table.status, 0);
		assert.match(table.stdout, /Hill House, Fife .*residential children's house/);
		assert.match(table.stdout, /4 services/);
		const bad = keep(['place', 'services', '--council', 'S99999999', '--db', db]);
		assert.equal(bad.status, 2);
		assert.match(bad.stderr, /not a council area's GSS code/);
	});

	test('any problem: each told as FILE:LINE:COLUMN, exit 1, nothing written', () => {
		const db = demoDb();
		const f = file('bad.csv', `${HEAD},organisation\n` +
			'CS2003000001,Fife Fostering,Fife Council,council,fostering,S12000047,no,0,17,120,4,,,active,2003-04-01,,fife-council\n' +
			'CS2003000002,Other,Fife Council,council,fostering,S12000047,no,0,17,2,3,,,active,2003-04-01,,\n' +
			'CS2003000003,Other,Fife Council,council,fostering,S12000047,no,0,17,2,1,,,active,2003-04-01,,no-such-body\n' +
			'CS2003000004,Other,Fife Council,council,fostering,S99000047,no,0,18,2,1,,,active,2003-04-01,,\n');
		const r = keep(['place', 'import', 'services', f, '--db', db]);
		assert.equal(r.status, 1);
		const lines = r.stderr.trim().split('\n');
		assert.deepEqual(lines, [
			`${f}:3:71: the largest group of brothers and sisters (3) is more than the places (2)`,
			`${f}:4:94: there is no organisation called 'no-such-body' in keep`,
			`${f}:5:51: 'S99000047' is not a Scottish council area's GSS code (such as S12000047)`,
			`${f}:5:66: the oldest age taken must be a whole number of years from 0 to 17`,
			'keep place: nothing was imported',
		]);
		assert.equal(servicesJson(db).length, 0);
		assert.equal(audits(db, 'service').length, 0);
		const missing = keep(['place', 'import', 'services', path.join(dir, 'none.csv'), '--db', db]);
		assert.equal(missing.status, 1);
		assert.match(missing.stderr, /none\.csv: No such file or directory/);
	});

	test('usage: an unknown kind, a missing file, --format for vacancies', () => {
		const db = demoDb();
		let r = keep(['place', 'import', 'widgets', 'x.csv', '--db', db]);
		assert.equal(r.status, 2);
		assert.match(r.stderr, /'widgets' is not a kind of file/);
		r = keep(['place', 'import', 'services', '--db', db]);
		assert.equal(r.status, 2);
		assert.match(r.stderr, /usage: keep place import KIND FILE/);
		r = keep(['place', 'import', 'vacancies', 'v.csv', '--format', 'x', '--db', db]);
		assert.equal(r.status, 2);
		r = keep(['place', 'import', 'services', 'v.csv', '--format', 'excel', '--db', db]);
		assert.equal(r.status, 2);
		r = keep(['place', 'import', '--help']);
		assert.equal(r.status, 0);
		assert.match(r.stdout, /services .*\n.*\n\s+vacancies/);
	});
});

describe('keep place import vacancies', () => {
	test('imports returns of services in the register, audited; a service not in it refuses the whole file', () => {
		const db = demoDb();
		assert.equal(keep(['place', 'import', 'services', file('s4.csv', SERVICES), '--db', db]).status, 0);
		const ok = file('vacancies.csv', 'regno,date,places,age_from,age_to,max_siblings\n' +
			'CS2003000001,2025-01-31,3,0,17,3\nCS2005113322,2025-01-31,1,12,17,1\n');
		const r = keep(['place', 'import', 'vacancies', ok, '--db', db]);
		assert.equal(r.status, 0, r.stderr);
		assert.match(r.stdout, /Imported 2 vacancy returns from .*: 2 added, 0 changed, 0 as before\./);
		assert.equal(audits(db, 'vacancy-return').length, 2);
		const bad = file('vacancies-bad.csv', 'regno,date,places,age_from,age_to,max_siblings\n' +
			'CS2003000001,2025-02-07,2,0,17,2\nCS2999999999,2025-02-07,1,0,17,1\nCS2005113322,2025-02-30,1,12,17,1\n');
		const b = keep(['place', 'import', 'vacancies', bad, '--db', db]);
		assert.equal(b.status, 1);
		assert.deepEqual(b.stderr.trim().split('\n'), [
			`${bad}:3:1: the service CS2999999999 is not in the register (add it first)`,
			`${bad}:4:14: the date of the return must be a real date written YYYY-MM-DD`,
			'keep place: nothing was imported',
		]);
		assert.equal(audits(db, 'vacancy-return').length, 2);
	});
});

describe('keep place import services --format care-inspectorate', () => {
	// A few rows written here in the published list's shape (docs/places.md "The Care
	// Inspectorate's published list"): its columns, more than keep reads, in Windows-1252.
	const CI_HEAD = 'CSNumber,CareService,Subtype,ServiceType,ServiceName,Address_line_1,Service_town,ServiceProvider,' +
		'ServiceStatus,DateReg,Council_Area_Name,Registered_Places,MinGrade';
	const CI = `${CI_HEAD}\r\n` +
		'CS2005113322,Care Home Service,Children & Young People,Voluntary or Not for Profit,Hill House,1 High St,Kirkcaldy,A Charity,Active,01/06/2005,Fife,4,5\r\n' +
		'CS2003000001,Fostering Service,,Local Authority,Fife Council Fostering Service,Fife House,Glenrothes,Fife Council,Active,01/04/2003,Fife,,4\r\n' +
		'CS2004000777,Care Home Service,Older People,Private,Rest Home,2 Low St,Perth,D Ltd,Active,01/01/2004,Perth & Kinross,40,3\r\n' +
		'CS2006000123,Secure Accommodation Service,,Voluntary or Not for Profit,Caf\xe9 Secure,3 Road,Glasgow,E Trust,Cancelled,15-Mar-06,Glasgow City,18,4\r\n';
	test('reads the children\'s services, maps them, leaves the others out', () => {
		const db = demoDb();
		const f = path.join(dir, 'datastore.csv');
		writeFileSync(f, Buffer.from(CI, 'latin1'));
		const r = keep(['place', 'import', 'services', f, '--format', 'care-inspectorate', '--db', db]);
		assert.equal(r.status, 0, r.stderr);
		assert.match(r.stdout, /Imported 3 services .*: 3 added.*; 1 row left out/);
		const all = servicesJson(db);
		const byReg = Object.fromEntries(all.map((s) => [s.regno, s]));
		assert.deepEqual(Object.keys(byReg).sort(), ['CS2003000001', 'CS2005113322', 'CS2006000123']);
		assert.equal(byReg.CS2005113322.type, 'residential_house');
		assert.equal(byReg.CS2005113322.sector, 'third');
		assert.equal(byReg.CS2005113322.council, 'S12000047');
		assert.equal(byReg.CS2005113322.places, 4);
		assert.equal(byReg.CS2005113322.registered, '2005-06-01');
		assert.equal(byReg.CS2005113322.age_from, 0);
		assert.equal(byReg.CS2005113322.age_to, 17);
		assert.equal(byReg.CS2005113322.max_siblings, 1);
		assert.equal(byReg.CS2003000001.type, 'fostering');
		assert.equal(byReg.CS2003000001.sector, 'council');
		assert.equal(byReg.CS2003000001.places, 0);
		assert.equal(byReg.CS2006000123.type, 'secure');
		assert.equal(byReg.CS2006000123.name, 'Café Secure');
		assert.equal(byReg.CS2006000123.status, 'cancelled');
		assert.equal(byReg.CS2006000123.registered, '2006-03-15');
		assert.equal(byReg.CS2006000123.council, 'S12000049');
	});
	test('an unknown value or a missing column: FILE:LINE:COLUMN, nothing written', () => {
		const db = demoDb();
		const f = file('datastore-bad.csv', `${CI_HEAD}\n` +
			'CS2005113322,Care Home Service,Children & Young People,Co-operative,Hill House,1 High St,Kirkcaldy,A Charity,Active,01/06/2005,Fife,4,5\n' +
			'CS2005113323,Fostering Service,,Private,Hill,1 High St,Kirkcaldy,A Charity,Active,01/06/2005,Fyfe,4,5\n');
		const r = keep(['place', 'import', 'services', f, '--format', 'care-inspectorate', '--db', db]);
		assert.equal(r.status, 1);
		assert.deepEqual(r.stderr.trim().split('\n'), [
			`${f}:2:56: ServiceType 'Co-operative' is not one keep knows (Local Authority, Health Board, Voluntary or Not for Profit, Private)`,
			`${f}:3:94: 'Fyfe' is not the name of a Scottish council area`,
			'keep place: nothing was imported',
		]);
		assert.equal(servicesJson(db).length, 0);
		const g = file('datastore-cols.csv', 'CSNumber,ServiceName\nCS2005113322,Hill\n');
		const m = keep(['place', 'import', 'services', g, '--format', 'care-inspectorate', '--db', db]);
		assert.equal(m.status, 1);
		assert.match(m.stderr, /datastore-cols\.csv:1: the column 'CareService' of the Care Inspectorate's list is missing/);
	});
});

// ---- the web and the API

describe('on the web and the API', () => {
	const PASSWORD = 'a long enough password for tests';
	let server;
	let db;
	const as = {};
	before(async () => {
		db = demoDb();
		assert.equal(keep(['place', 'import', 'services', file('web.csv', SERVICES), '--db', db]).status, 0);
		assert.equal(keep(['place', 'import', 'vacancies', file('web-v.csv', 'regno,date,places,age_from,age_to,max_siblings\n' +
			'CS2003000001,2025-01-31,3,0,17,3\n'), '--db', db]).status, 0);
		for (const [email, role, org] of [['staff@places.test', 'staff'], ['fife@places.test', 'editor', 'fife-council'],
			['cosla@places.test', 'editor', 'cosla'], ['viewer@places.test', 'viewer']]) {
			const r = keep(['user', 'add', email, '--role', role, ...(org ? ['--organisation', org] : []), '--db', db],
				{ input: `${PASSWORD}\n` });
			assert.equal(r.status, 0, r.stderr);
		}
		server = await startServer(db);
		for (const who of ['staff', 'fife', 'cosla', 'viewer']) as[who] = await signIn(server.url, `${who}@places.test`, PASSWORD);
	});
	after(async () => { await server?.stop(); });
	const page = (p, who) => request(`${server.url}${p}`, who ? { headers: { Cookie: as[who].cookie } } : {});

	test('/places: the services, filtered, with counts of active services and places by type and sector', async () => {
		const r = await page('/places');
		assert.equal(r.status, 200);
		assert.match(r.body, /Leave this site quickly/);
		assert.match(r.body, /<li><a href="\/places" aria-current="page">Where children live<\/a><\/li>/, 'the menu says where you are');
		assert.match(r.body, /<a href="\/places\/services\/CS2005113322">Hill House, Fife<\/a>/);
		// fostering: one council service of 120 places; the cancelled Glen House is not counted
		assert.match(r.body, /<th scope="row">Fostering service<\/th><td class="num">1 \(120 places\)<\/td><td class="num">0 \(0 places\)<\/td><td class="num">0 \(0 places\)<\/td><td class="num">1 \(120 places\)<\/td>/);
		assert.match(r.body, /<th scope="row">Residential children&#39;s house<\/th><td class="num">0 \(0 places\)<\/td><td class="num">1 \(4 places\)<\/td><td class="num">0 \(0 places\)<\/td><td class="num">1 \(4 places\)<\/td>/);
		assert.match(r.body, /<th scope="row">All types<\/th>.*<td class="num">3 \(130 places\)<\/td><\/tr>/);
		assert.match(r.body, /4 services match/);
		const fife = await page('/places?council=S12000047&sector=third');
		assert.match(fife.body, /Hill House, Fife/);
		assert.doesNotMatch(fife.body, /Fife Fostering|Over the Border|Glen House/);
		const outside = await page('/places?council=outside');
		assert.match(outside.body, /Over the Border/);
		assert.match(outside.body, /<option value="outside" selected>/);
		assert.doesNotMatch(outside.body, /Made up for the demonstration/);
	});

	test('a service\'s page: public details; vacancy returns only for those signed in; the form for who may', async () => {
		const anon = await page('/places/services/CS2003000001');
		assert.equal(anon.status, 200);
		assert.match(anon.body, /Fife Fostering/);
		assert.match(anon.body, /<dt>Registered places<\/dt><dd>120<\/dd>/);
		assert.match(anon.body, /shown to people who are signed in/);
		assert.doesNotMatch(anon.body, /31 January 2025|Add a vacancy return/);
		const viewer = await page('/places/services/CS2003000001', 'viewer');
		assert.match(viewer.body, /<th scope="row">31 January 2025<\/th><td class="num">3<\/td>/);
		assert.doesNotMatch(viewer.body, /Add a vacancy return/);
		assert.match((await page('/places/services/CS2003000001', 'fife')).body, /Add a vacancy return/);
		assert.doesNotMatch((await page('/places/services/CS2003000001', 'cosla')).body, /Add a vacancy return/);
		assert.match((await page('/places/services/CS2005113322', 'staff')).body, /Add a vacancy return/);
		assert.equal((await page('/places/services/CS0000000000')).status, 404);
	});

	test('the return form: kept input and an error summary; a good return is kept and audited', async () => {
		const url = `${server.url}/places/services/CS2003000001/vacancies`;
		const bad = await postForm(url, { csrf: as.fife.csrf, date: '2025-02-30', places: '2', age_from: '5', age_to: '15', max_siblings: '3' }, as.fife.cookie);
		assert.equal(bad.status, 400);
		assert.match(bad.body, /<title>Error: /);
		assert.match(bad.body, /There is a problem/);
		assert.match(bad.body, /<a href="#date">the date of the return must be a real date written YYYY-MM-DD<\/a>/);
		assert.match(bad.body, /<a href="#max_siblings">the largest group of brothers and sisters \(3\) is more than the places \(2\)<\/a>/);
		assert.match(bad.body, /id="date" name="date" type="text" value="2025-02-30"/);
		assert.match(bad.body, /id="age_to" name="age_to" type="text" inputmode="numeric" value="15"/);
		const before = audits(db, 'vacancy-return').length;
		const refused = await postForm(url, { csrf: as.cosla.csrf, date: '2025-02-07', places: '2', age_from: '5', age_to: '15', max_siblings: '2' }, as.cosla.cookie);
		assert.equal(refused.status, 403);
		const ok = await postForm(url, { csrf: as.fife.csrf, date: '2025-02-07', places: '2', age_from: '5', age_to: '15', max_siblings: '2' }, as.fife.cookie);
		assert.equal(ok.status, 303, ok.body);
		assert.equal(ok.headers.location, '/places/services/CS2003000001');
		const a = audits(db, 'vacancy-return');
		assert.equal(a.length, before + 1);
		assert.equal(a.at(-1).actor, 'fife@places.test');
		assert.equal(a.at(-1).entity_id, 'CS2003000001/2025-02-07');
		assert.match((await page('/places/services/CS2003000001', 'viewer')).body, /<th scope="row">7 February 2025<\/th><td class="num">2<\/td><td>5 to 15<\/td><td class="num">2<\/td>/);
	});

	test('the staff\'s forms: add a service (problems told by field, input kept), then change it', async () => {
		const form = { csrf: as.staff.csrf, regno: 'CS2020000001', name: 'New House', provider: 'A Trust', sector: 'third', type: 'residential_house',
			outside_scotland: 'no', council: 'S12000036', places: '3', age_from: '8', age_to: '17', max_siblings: '4', need: 'emotional',
			weekly_cost: '', status: 'active', registered: '2020-05-01', ended: '', organisation: '' };
		assert.equal((await page('/places/services/new', 'fife')).status, 403);
		const bad = await postForm(`${server.url}/places/services/new`, form, as.staff.cookie);
		assert.equal(bad.status, 400);
		assert.match(bad.body, /<a href="#max_siblings">the largest group of brothers and sisters \(4\) is more than the places \(3\)<\/a>/);
		assert.match(bad.body, /id="name" name="name" type="text" value="New House"/);
		assert.match(bad.body, /id="need-emotional" name="need" type="checkbox" value="emotional" checked/);
		const taken = await postForm(`${server.url}/places/services/new`, { ...form, regno: 'CS2003000001', max_siblings: '2' }, as.staff.cookie);
		assert.equal(taken.status, 400);
		assert.match(taken.body, /in the register already/);
		const ok = await postForm(`${server.url}/places/services/new`, { ...form, max_siblings: '2', need: 'emotional' }, as.staff.cookie);
		assert.equal(ok.status, 303, ok.body);
		assert.equal(ok.headers.location, '/places/services/CS2020000001');
		const made = servicesJson(db).find((x) => x.regno === 'CS2020000001');
		assert.equal(made.needs, 'emotional');
		assert.equal(made.max_siblings, 2);
		const edit = await page('/places/services/CS2020000001/edit', 'staff');
		assert.match(edit.body, /id="places" name="places" type="text" inputmode="numeric" value="3"/);
		const changed = await postForm(`${server.url}/places/services/CS2020000001/edit`, { ...form, regno: 'ignored', places: '5', max_siblings: '2', organisation: 'fife-council' }, as.staff.cookie);
		assert.equal(changed.status, 303, changed.body);
		const after2 = servicesJson(db).find((x) => x.regno === 'CS2020000001');
		assert.equal(after2.places, 5);
		assert.equal(after2.organisation.slug, 'fife-council');
		assert.equal(servicesJson(db).some((x) => x.regno === 'ignored'), false);
		const noorg = await postForm(`${server.url}/places/services/CS2020000001/edit`, { ...form, max_siblings: '2', organisation: 'nobody-at-all' }, as.staff.cookie);
		assert.equal(noorg.status, 400);
		assert.match(noorg.body, /<a href="#organisation">There is no organisation with that short name in keep<\/a>/);
	});

	test('the API: the list and one service (returns only for those signed in); add a service; add a return', async () => {
		const token = async (email) => {
			const r = await request(`${server.url}/api/v1/session`, { method: 'POST', headers: { 'Content-Type': 'application/json' },
				body: JSON.stringify({ email, password: PASSWORD }) });
			assert.equal(r.status, 201, r.body);
			return JSON.parse(r.body).data.token;
		};
		const call = (method, p, tok, body) => request(`${server.url}${p}`, { method,
			headers: { 'Content-Type': 'application/json', ...(tok ? { Authorization: `Bearer ${tok}` } : {}) }, body: body && JSON.stringify(body) });
		const list = JSON.parse((await call('GET', '/api/v1/services?type=fostering&limit=1')).body);
		assert.deepEqual(list.data.map((x) => x.id), ['CS2003000001']);
		const two = JSON.parse((await call('GET', '/api/v1/services?limit=2')).body);
		assert.equal(two.data.length, 2);
		assert.equal(two.next, two.data[1].id);
		assert.equal(two.links.next, `/api/v1/services?limit=2&after=${two.data[1].id}`);
		const anon = JSON.parse((await call('GET', '/api/v1/services/CS2003000001')).body);
		assert.equal(anon.data.returns, undefined);
		const viewer = await token('viewer@places.test');
		const seen = JSON.parse((await call('GET', '/api/v1/services/CS2003000001', viewer)).body);
		assert.ok(seen.data.returns.length >= 1);
		assert.equal(seen.data.returns.at(-1).date, '2025-01-31');
		const staff = await token('staff@places.test');
		const svc = { regno: 'CS2021000002', name: 'By the API', provider: 'P', sector: 'private', type: 'secure', council: 'S12000049',
			outside_scotland: false, age_from: 12, age_to: 17, places: 6, max_siblings: 1, needs: 'exploitation', weekly_cost: 7000,
			status: 'active', registered: '2021-01-01', ended: null, organisation: null };
		assert.equal((await call('POST', '/api/v1/services', null, svc)).status, 401);
		assert.equal((await call('POST', '/api/v1/services', viewer, svc)).status, 403);
		const bad = await call('POST', '/api/v1/services', staff, { ...svc, age_to: 18, sector: 'charity' });
		assert.equal(bad.status, 422);
		assert.deepEqual(JSON.parse(bad.body).error.fields, {
			sector: "'charity' is not a provider sector (council, third or private)",
			age_to: 'the oldest age taken must be a whole number of years from 0 to 17',
		});
		const made = await call('POST', '/api/v1/services', staff, svc);
		assert.equal(made.status, 201, made.body);
		assert.equal(JSON.parse(made.body).data.weekly_cost, 7000);
		assert.equal((await call('POST', '/api/v1/services', staff, { ...svc, places: 7 })).status, 200);
		const fife = await token('fife@places.test');
		assert.equal((await call('POST', '/api/v1/services/CS2021000002/vacancies', fife, { date: '2025-03-01', places: 1, age_from: 12, age_to: 17, max_siblings: 1 })).status, 403);
		const ret = await call('POST', '/api/v1/services/CS2003000001/vacancies', fife, { date: '2025-03-01', places: 1, age_from: 0, age_to: 4, max_siblings: 1 });
		assert.equal(ret.status, 201, ret.body);
		assert.equal(JSON.parse(ret.body).data.date, '2025-03-01');
		const badret = await call('POST', '/api/v1/services/CS2003000001/vacancies', fife, { date: '2025-03-01', places: -1, age_from: 0, age_to: 4, max_siblings: 1 });
		assert.equal(badret.status, 422);
		assert.deepEqual(Object.keys(JSON.parse(badret.body).error.fields), ['places']);
		assert.equal((await call('POST', '/api/v1/services/CS9999999999/vacancies', fife, { date: '2025-03-01' })).status, 404);
	});
});
