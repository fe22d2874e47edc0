// The Money's costs (docs/money.md, "Unit costs and placement costs from the records" and
// "The cost of failure"): keep money costs, the page /money/costs, the form that sets a
// council area's own weekly costs, and /api/v1/unit-costs, on a demo database with keep
// synth's records of three councils to 31 July 2025 (so 2024-25 is covered whole).
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { writeFileSync } from 'node:fs';

import { demoDb, keep, postForm, request, signIn, startServer, tempDir } from './helpers.mjs';

const YEAR = '2025';
const EDINBURGH = 'S12000036';
const GLASGOW = 'S12000049';
const FIFE = 'S12000047';
const SCOTLAND = 'S92000003';
const PASSWORD = 'a long enough password for tests';
const SHOWN_DAYS = 5 * 365;

let db;
before(() => {
	db = demoDb();
	const data = path.join(tempDir(), 'synth');
	const s = keep(['synth', '--children', '1500', '--councils', '3', '--seed', '11', '--year', YEAR, '--out', data]);
	assert.equal(s.status, 0, s.stderr);
	for (const c of [EDINBURGH, FIFE, GLASGOW]) {
		const r = keep(['import', 'records', path.join(data, c), '--council', c, '--year', YEAR, '--db', db]);
		assert.equal(r.status, 0, r.stderr);
	}
	// Edinburgh's council, a public body of the area, and an editor of it; a third-sector
	// body of the same area and its editor, who may not set the council's costs.
	const orgs = path.join(tempDir(), 'orgs.csv');
	writeFileSync(orgs, 'id,name,sector,scale,council_area\n' +
		'edinburgh-council,The City of Edinburgh Council,public,local,S12000036\n' +
		'edinburgh-charity,An Edinburgh charity,third,local,S12000036\n');
	assert.equal(keep(['import', 'organisations', orgs, '--db', db]).status, 0);
	for (const [email, role, org] of [['staff@money.test', 'staff'], ['council@money.test', 'editor', 'edinburgh-council'],
		['charity@money.test', 'editor', 'edinburgh-charity']]) {
		const r = keep(['user', 'add', email, '--role', role, ...(org ? ['--organisation', org] : []), '--db', db],
			{ input: `${PASSWORD}\n` });
		assert.equal(r.status, 0, r.stderr);
	}
});

function costsJson(...args) {
	const r = keep(['money', 'costs', '--format', 'json', '--db', db, ...args]);
	assert.equal(r.status, 0, r.stderr);
	return JSON.parse(r.stdout);
}

describe('keep money costs', () => {
	test('Scotland is the councils\' sum; a priced type costs days ÷ 7 × its weekly cost; unpriced types are counted, not costed', () => {
		const j = costsJson('--year', '2024-25');
		assert.equal(j.year, '2024-25');
		const scot = j.areas.find((a) => a.area === SCOTLAND);
		assert.deepEqual(j.areas.map((a) => a.area).sort(), [EDINBURGH, FIFE, GLASGOW, SCOTLAND].sort());
		const foster = scot.types.find((t) => t.type === 'foster_council');
		assert.equal(foster.weekly_cost, 646);
		assert.equal(foster.price_year, '2016-17');
		assert.ok(foster.days > 0);
		assert.ok(Math.abs(foster.cost - foster.days / 7 * 646) < 0.01, `${foster.cost} = ${foster.days} / 7 × 646`);
		const kinship = scot.types.find((t) => t.type === 'kinship');
		assert.equal(kinship.priced, false);
		assert.equal(kinship.cost, null);
		assert.ok(kinship.days > 0);
		// Every type's Scotland days are the councils' sum where all are shown.
		for (let k = 0; k < 13; k++) {
			const parts = j.areas.filter((a) => a.area !== SCOTLAND).map((a) => a.types[k].days);
			if (parts.every((d) => d !== null) && scot.types[k].days !== null)
				assert.equal(scot.types[k].days, parts.reduce((a, b) => a + b, 0), scot.types[k].type);
		}
		assert.equal(scot.days, j.areas.filter((a) => a.area !== SCOTLAND).reduce((n, a) => n + a.days, 0));
	});

	test('--price-year moves every cost into one year\'s pounds', () => {
		const j = costsJson('--year', '2024-25', '--price-year', '2024-25', '--inflation', '2');
		const foster = j.areas.find((a) => a.area === SCOTLAND).types.find((t) => t.type === 'foster_council');
		assert.equal(foster.price_year, '2024-25');
		assert.ok(Math.abs(foster.weekly_cost - 756.89) < 0.005, `${foster.weekly_cost}`);
		assert.ok(Math.abs(foster.cost - foster.days / 7 * 646 * 1.02 ** 8) < 0.02);
		const prison = j.failure.outcomes.find((o) => o.key === 'custody');
		assert.equal(prison.price_year, '2024-25');
		assert.ok(Math.abs(prison.cost_per_case - 47140 * 1.02) < 0.005);
	});

	test('no figure shows fewer than five child-years, and none hidden can be worked out from Scotland\'s', () => {
		const j = costsJson();
		const councils = j.areas.filter((a) => a.area !== SCOTLAND);
		const scot = j.areas.find((a) => a.area === SCOTLAND);
		let hiddenSeen = 0;
		for (const a of j.areas) {
			for (const t of a.types) {
				if (t.days !== null) assert.ok(t.days === 0 || t.days >= SHOWN_DAYS, `${a.area} ${t.type}: ${t.days} days shown`);
				else hiddenSeen++;
			}
		}
		assert.ok(hiddenSeen > 0, 'three small councils have some types with few children');
		for (let k = 0; k < 13; k++) {
			if (scot.types[k].days === null) continue;
			const hidden = councils.filter((a) => a.types[k].days === null).length;
			assert.notEqual(hidden, 1, `${scot.types[k].type}: one council's hidden figure would be Scotland's less the others'`);
		}
		if (scot.total !== null) assert.notEqual(councils.filter((a) => a.total === null).length, 1, 'council totals');
	});

	test('the cost of failure: keep\'s own figure beside The Money\'s, never tuned to it', () => {
		const j = costsJson('--adults', '1000');
		const f = j.failure;
		assert.equal(f.the_money_needs, 875000000);
		assert.equal(f.the_money_lost, 732000000);
		const home = f.outcomes.find((o) => o.key === 'homelessness');
		const prison = f.outcomes.find((o) => o.key === 'custody');
		// docs/money.md's worked example
		assert.equal(Math.round(home.cost), 16707499);
		assert.equal(prison.cost, 83367090);
		assert.equal(f.outcomes.find((o) => o.key === 'mental_health').priced, false);
		assert.ok(Math.abs(f.needs_total - (home.cost + prison.cost)) < 0.02);
		assert.ok(Math.abs(f.lost_per_adult - 3223.43) < 0.01);
		assert.ok(Math.abs(f.lost_total - 3223434) < 10);
		for (const p of f.parameters) assert.ok(p.source.length > 0, `${p.key} has its source`);
		const t = keep(['money', 'costs', '--db', db]);
		assert.equal(t.status, 0, t.stderr);
		assert.match(t.stdout, /The Money \(2020\) £875,000,000/);
		assert.match(t.stdout, /no source counts them: give --adults N/);
	});

	test('csv and bad usage', () => {
		const r = keep(['money', 'costs', '--format', 'csv', '--area', EDINBURGH, '--db', db]);
		assert.equal(r.status, 0, r.stderr);
		const lines = r.stdout.trim().split('\n');
		assert.equal(lines[0], 'area,area_name,year,type,child_days,weekly_cost,price_year,cost,own');
		assert.equal(lines.length, 1 + 2 * 13, 'Edinburgh and Scotland');
		assert.match(lines[3], /^S12000036,City of Edinburgh,2024-25,foster_council,\d*,646\.00,2016-17,/);
		for (const [args, code, msg] of [
			[['--year', '2024-26'], 2, /--year '2024-26' is not a financial year/],
			[['--area', 'S99'], 2, /--area 'S99' is not a council area's code/],
			[['--format', 'xml'], 2, /--format 'xml': expected table, csv or json/],
			[['--adults', '-1'], 2, /--adults '-1'/],
			[['--year', '2031-32'], 1, /no council's care records cover 2031-32/],
			[['--year', '1990-91'], 1, /no council's care records cover 1990-91/],
		]) {
			const x = keep(['money', 'costs', '--db', db, ...args]);
			assert.equal(x.status, code, `${args}: ${x.stderr}`);
			assert.match(x.stderr, msg);
			assert.equal(x.stdout, '');
		}
		const h = keep(['money', 'costs', '--help']);
		assert.equal(h.status, 0);
		assert.match(h.stdout, /^usage: keep money costs/);
		const u = keep(['money', 'nope']);
		assert.equal(u.status, 2);
	});
});

describe('/money/costs, the form and /api/v1/unit-costs', () => {
	let server;
	before(async () => { server = await startServer(db); });
	after(async () => { await server?.stop(); });

	test('the page: a council beside Scotland, the weekly costs with their sources, the cost of failure', async () => {
		const r = await request(`${server.url}/money/costs?area=${EDINBURGH}&year=2024-25`);
		assert.equal(r.status, 200);
		assert.match(r.body, /<caption>Child-days and their cost by kind of place, 2024-25: City of Edinburgh and Scotland<\/caption>/);
		assert.match(r.body, /Unit Costs of Health and Social Care 2017/);
		assert.match(r.body, /not priced/);
		assert.match(r.body, /The Money \(Independent Care Review, 2020\): £875,000,000 a year/);
		assert.match(r.body, /keep: about £100,074,589 a year/);
		assert.doesNotMatch(r.body, /Set City of Edinburgh's own weekly costs/, 'the public cannot set costs');
		const scot = await request(`${server.url}/money/costs`);
		assert.equal(scot.status, 200);
		assert.match(scot.body, /2024-25: Scotland<\/caption>/);
		assert.equal((await request(`${server.url}/money/costs?area=S99`)).status, 404);
		assert.equal((await request(`${server.url}/money/costs?year=twenty`)).status, 400);
		const none = await request(`${server.url}/money/costs?year=1990-91`);
		assert.equal(none.status, 200);
		assert.match(none.body, /No council's care records cover 1990-91/);
	});

	test('staff set a council\'s own cost by the form; it is audited, shown, used, and removed again', async () => {
		const s = await signIn(server.url, 'staff@money.test', PASSWORD);
		const form = await request(`${server.url}/money/costs/${EDINBURGH}/edit`, { headers: { Cookie: s.cookie } });
		assert.equal(form.status, 200);
		assert.match(form.body, /with kinship carers: now not priced/);
		const auditBefore = keep(['audit', '--db', db]).stdout;
		// Bad input: each field named, nothing written.
		const bad = await postForm(`${server.url}/money/costs/${EDINBURGH}/edit`,
			{ csrf: s.csrf, type: 'kinship', weekly_cost: 'lots', price_year: '2024', source: '' }, s.cookie);
		assert.equal(bad.status, 400);
		assert.match(bad.body, /Enter the cost a week in pounds/);
		assert.match(bad.body, /Say where the figure comes from/);
		assert.equal(keep(['audit', '--db', db]).stdout, auditBefore, 'nothing written');
		const ok = await postForm(`${server.url}/money/costs/${EDINBURGH}/edit`,
			{ csrf: s.csrf, type: 'kinship', weekly_cost: '250', price_year: '2024-25', source: 'Edinburgh budget book 2024-25' },
			s.cookie);
		assert.equal(ok.status, 303, ok.body);
		assert.equal(ok.headers.location, `/money/costs?area=${EDINBURGH}`);
		assert.match(keep(['audit', '--db', db]).stdout, /staff@money\.test created unit-cost S12000036\/kinship/);
		const page = await request(`${server.url}/money/costs?area=${EDINBURGH}`, { headers: { Cookie: s.cookie } });
		assert.match(page.body, /The council's own figure: Edinburgh budget book 2024-25/);
		assert.match(page.body, /Set City of Edinburgh's own weekly costs/);
		const j = costsJson('--area', EDINBURGH);
		const k = j.areas.find((a) => a.area === EDINBURGH).types.find((t) => t.type === 'kinship');
		assert.equal(k.weekly_cost, 250);
		assert.equal(k.own, true);
		if (k.days !== null) assert.ok(Math.abs(k.cost - k.days / 7 * 250) < 0.01);
		// Glasgow keeps keep's average: kinship not priced there.
		const g = costsJson('--area', GLASGOW).areas.find((a) => a.area === GLASGOW).types.find((t) => t.type === 'kinship');
		assert.equal(g.priced, false);
		const gone = await postForm(`${server.url}/money/costs/${EDINBURGH}/edit`, { csrf: s.csrf, type: 'kinship', remove: '1' },
			s.cookie);
		assert.equal(gone.status, 303, gone.body);
		assert.match(keep(['audit', '--db', db]).stdout, /deleted unit-cost S12000036\/kinship/);
		const again = await postForm(`${server.url}/money/costs/${EDINBURGH}/edit`, { csrf: s.csrf, type: 'kinship', remove: '1' },
			s.cookie);
		assert.equal(again.status, 400);
		assert.match(again.body, /This council has no own cost for that type to remove/);
	});

	test('a council\'s editors may set their own area\'s costs; other editors may not', async () => {
		const council = await signIn(server.url, 'council@money.test', PASSWORD);
		assert.equal((await request(`${server.url}/money/costs/${EDINBURGH}/edit`, { headers: { Cookie: council.cookie } })).status, 200);
		assert.equal((await request(`${server.url}/money/costs/${GLASGOW}/edit`, { headers: { Cookie: council.cookie } })).status, 403);
		const charity = await signIn(server.url, 'charity@money.test', PASSWORD);
		assert.equal((await request(`${server.url}/money/costs/${EDINBURGH}/edit`, { headers: { Cookie: charity.cookie } })).status, 403);
		const refused = await postForm(`${server.url}/money/costs/${GLASGOW}/edit`,
			{ csrf: council.csrf, type: 'secure', weekly_cost: '6000', price_year: '2024-25', source: 'x' }, council.cookie);
		assert.equal(refused.status, 403);
	});

	test('the API: read the costs in force; set and remove an area\'s own, with the same checks', async () => {
		const token = async (email) => {
			const r = await request(`${server.url}/api/v1/session`, { method: 'POST', headers: { 'Content-Type': 'application/json' },
				body: JSON.stringify({ email, password: PASSWORD }) });
			assert.equal(r.status, 201, r.body);
			return JSON.parse(r.body).data.token;
		};
		const post = (tok, body) => request(`${server.url}/api/v1/unit-costs`, { method: 'POST',
			headers: { 'Content-Type': 'application/json', ...(tok ? { Authorization: `Bearer ${tok}` } : {}) }, body: JSON.stringify(body) });
		const t = await token('council@money.test');
		const body = { area: EDINBURGH, type: 'secure', weekly_cost: 6000, price_year: '2024-25', source: 'Our secure care contract' };
		assert.equal((await post(null, body)).status, 401);
		assert.equal((await post(t, { ...body, area: GLASGOW })).status, 403);
		const bad = await post(t, { ...body, weekly_cost: -1 });
		assert.equal(bad.status, 422);
		assert.deepEqual(JSON.parse(bad.body).error.fields, { weekly_cost: 'a cost a week is from 0 to 100,000 pounds' });
		assert.equal((await post(t, { ...body, colour: 'red' })).status, 400);
		const ok = await post(t, body);
		assert.equal(ok.status, 200, ok.body);
		const secure = JSON.parse(ok.body).data.find((c) => c.type === 'secure');
		assert.deepEqual(secure, { type: 'secure', label: 'secure care', weekly_cost: 6000, price_year: '2024-25',
			source: 'Our secure care contract', stands_for: null, own: true });
		const read = JSON.parse((await request(`${server.url}/api/v1/unit-costs?area=${EDINBURGH}`)).body);
		assert.equal(read.data.find((c) => c.type === 'secure').weekly_cost, 6000);
		assert.match(keep(['audit', '--db', db]).stdout, /council@money\.test created unit-cost S12000036\/secure/);
		const removed = await post(t, { area: EDINBURGH, type: 'secure', weekly_cost: null });
		assert.equal(removed.status, 200, removed.body);
		assert.equal(JSON.parse(removed.body).data.find((c) => c.type === 'secure').weekly_cost, null);
		assert.equal((await post(t, { area: EDINBURGH, type: 'secure', weekly_cost: null })).status, 404);
	});
});
