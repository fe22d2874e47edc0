// Plans for requests for a place (docs/places.md "Requests for a place", "Runs and
// decisions"): `keep place plan`, the pages /places/plan, the API /api/v1/place-plans,
// who may see and decide, against the real program.
//
//   KEEP_BIN=build-test/keep node --test tests/integration/place-plan.test.mjs
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';

import Ajv2020 from 'ajv/dist/2020.js';

import { ROOT, demoDb, keep, postForm, request, signIn, startServer } from './helpers.mjs';

// Every answer of /api/v1/place-plans is checked against data/openapi.json's schemas.
const doc = JSON.parse(readFileSync(path.join(ROOT, 'data/openapi.json'), 'utf8'));
const ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: false });
ajv.addSchema(doc, 'openapi');
function valid(schema, value, what) {
	const v = ajv.getSchema(`openapi#/components/schemas/${schema}`);
	assert.ok(v(value), `${what}: ${JSON.stringify(v.errors)}`);
}

const PASSWORD = 'correct horse battery staple 7';
const HEAD = 'request,band,needs,together,home,school,urgency\n';
// R1: a brother and sister from Glasgow City who can live together; R2: one young person
// from the City of Edinburgh.
const REQUESTS = `${HEAD}R1,5_9,,yes,S12000049,S12000049,today\nR1,10_15,emotional,yes,S12000049,S12000049,today\nR2,16_17,,no,S12000036,,week\n`;
const ACCOUNTS = {
	staff: ['staff@plan.test', 'staff'],
	glasgow: ['editor@glasgow.test', 'editor', 'glasgow-city-council'],
	glasgowViewer: ['viewer@glasgow.test', 'viewer', 'glasgow-city-council'],
	edinburgh: ['editor@edinburgh.test', 'editor', 'city-of-edinburgh-council'],
	board: ['board@plan.test', 'board'],
	sg: ['editor@sg.test', 'editor', 'scottish-government'],
};

let db, dir, server;
const sessions = {};
const tokens = {};

function file(name, text) {
	const p = path.join(dir, name);
	writeFileSync(p, text);
	return p;
}

async function api(method, p, { token, body } = {}) {
	const headers = {};
	if (token) headers.Authorization = `Bearer ${token}`;
	if (body !== undefined) headers['Content-Type'] = 'application/json';
	const r = await fetch(server.url + p, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
	const text = await r.text();
	return { status: r.status, body: text, json: JSON.parse(text) };
}

async function upload(who, text, fields = {}) {
	const form = new FormData();
	form.append('csrf', sessions[who].csrf);
	for (const [k, v] of Object.entries(fields)) form.append(k, v);
	form.append('requests', new Blob([Buffer.from(text)], { type: 'text/csv' }), 'requests.csv');
	const r = await fetch(`${server.url}/places/plan`, {
		method: 'POST', body: form, redirect: 'manual', headers: { Cookie: sessions[who].cookie },
	});
	return { status: r.status, location: r.headers.get('location'), body: await r.text() };
}

const page = (who, p) => request(server.url + p, { headers: { Cookie: sessions[who].cookie } });

before(async () => {
	db = demoDb();
	dir = path.dirname(db);
	for (const [email, role, org] of Object.values(ACCOUNTS)) {
		const r = keep(['user', 'add', email, '--role', role, '--db', db, ...(org ? ['--organisation', org] : [])],
			{ input: `${PASSWORD}\n` });
		assert.equal(r.status, 0, r.stderr);
	}
	server = await startServer(db);
	for (const [name, [email]] of Object.entries(ACCOUNTS)) {
		sessions[name] = await signIn(server.url, email, PASSWORD);
		const r = await api('POST', '/api/v1/session', { body: { email, password: PASSWORD } });
		assert.equal(r.status, 201, r.body);
		tokens[name] = r.json.data.token;
	}
});
after(async () => { await server?.stop(); });

describe('keep place plan', () => {
	test('refuses a bad file with FILE:LINE:COLUMN, and a name-like column as not pseudonymous', () => {
		let r = keep(['place', 'plan', file('bad.csv', `${HEAD}R1,5_10,,no,S12000049,,today\n`), '--db', db]);
		assert.equal(r.status, 1);
		assert.match(r.stderr, /bad\.csv:2:4: '5_10' is not an age band/);
		r = keep(['place', 'plan', file('named.csv', 'request,band,needs,together,home,school,urgency,surname\n'), '--db', db]);
		assert.equal(r.status, 1);
		assert.match(r.stderr, /named\.csv:1:49: the column 'surname' is refused: requests are pseudonymous/);
		r = keep(['place', 'plan', file('one.csv', `${HEAD}R1,5_9,,yes,S12000049,,today\n`), '--db', db]);
		assert.equal(r.status, 1);
		assert.match(r.stderr, /one\.csv:2:9: request 'R1' is one child, so together must be no/);
		r = keep(['place', 'plan', file('ok.csv', REQUESTS), '--format', 'xml', '--db', db]);
		assert.equal(r.status, 2);
		r = keep(['place', 'plan', '--db', db]);
		assert.equal(r.status, 2);
		r = keep(['place', 'plan', file('ok.csv', REQUESTS), '--time-limit', 'soon', '--db', db]);
		assert.equal(r.status, 2);
		assert.match(r.stderr, /--time-limit 'soon' is not a number of seconds/);
		r = keep(['place', 'plan', file('ok.csv', REQUESTS), '--day', '2026-02-30', '--db', db]);
		assert.equal(r.status, 2);
		r = keep(['place', 'plan', '--help']);
		assert.equal(r.status, 0);
		assert.match(r.stdout, /usage: keep place plan REQUESTS\.csv/);
	});

	test('plans, says whether proven, and keeps the run only with --save (audited)', () => {
		const requests = file('requests.csv', REQUESTS);
		let r = keep(['place', 'plan', requests, '--format', 'json', '--db', db]);
		assert.equal(r.status, 0, r.stderr);
		const run = JSON.parse(r.stdout);
		assert.equal(run.status, 'optimal');
		assert.deepEqual(run.requests.map((q) => q.request), ['R1', 'R2']);
		assert.deepEqual(run.requests[0].children, [{ band: '5_9', needs: [] }, { band: '10_15', needs: ['emotional'] }]);
		assert.equal(run.id, undefined);
		r = keep(['audit', '--entity', 'place-plan', '--format', 'json', '--db', db]);
		assert.deepEqual(JSON.parse(r.stdout), []);
		r = keep(['place', 'plan', requests, '--compare', '--save', '--db', db]);
		assert.equal(r.status, 0, r.stderr);
		assert.match(r.stdout, /proven the best plan/);
		assert.match(r.stdout, /R1: 2 children from Glasgow City, today, to live together/);
		assert.match(r.stdout, /nationally +council by council +today's practice/);
		assert.match(r.stdout, /Saved as plan 1\./);
		r = keep(['audit', '--entity', 'place-plan', '--format', 'json', '--db', db]);
		assert.equal(JSON.parse(r.stdout).length, 1);
	});
});

describe('keep place plan over the register', () => {
	// Two services with vacancies on 1 December 2026: a third-sector fostering service in
	// North Lanarkshire (next to Glasgow City) that can take two brothers and sisters, and a
	// private house in the City of Edinburgh for 12 to 17.
	const SVC_HEAD = 'regno,name,provider,sector,type,council,outside_scotland,age_from,age_to,places,max_siblings,needs,weekly_cost,status,registered,ended\n';
	const SERVICES = `${SVC_HEAD}CS2003000001,Hillside,Hillside Care,third,fostering,S12000050,no,0,17,4,3,emotional,900,active,2020-01-01,\n` +
		'CS2003000002,Shore House,Shore Ltd,private,residential_house,S12000036,no,12,17,2,1,,4000,active,2020-01-01,\n';
	const VACANCIES = 'regno,date,places,age_from,age_to,max_siblings\nCS2003000001,2026-12-01,2,0,17,2\nCS2003000002,2026-12-01,1,12,17,1\n';
	let other;

	before(() => {
		other = demoDb('register.db');
		for (const [kind, text] of [['services', SERVICES], ['vacancies', VACANCIES]]) {
			const r = keep(['place', 'import', kind, file(`${kind}.csv`, text), '--db', other]);
			assert.equal(r.status, 0, r.stderr);
		}
	});

	test('brothers and sisters together near home; the plan and its comparison', () => {
		const requests = file('requests.csv', REQUESTS);
		let r = keep(['place', 'plan', requests, '--day', '2026-12-08', '--format', 'json', '--compare', '--db', other]);
		assert.equal(r.status, 0, r.stderr);
		const run = JSON.parse(r.stdout);
		assert.equal(run.status, 'optimal');
		const [r1, r2] = run.requests.map((q) => q.recommendation);
		assert.equal(r1.together, true);
		assert.deepEqual(r1.children.map((c) => c.service), ['CS2003000001', 'CS2003000001']);
		assert.equal(r1.children[0].near_home, true, 'North Lanarkshire is next to Glasgow City');
		assert.equal(r1.children[0].made_up, false, 'the register says whether a service is made up');
		assert.match(r1.explanation, /together/, 'each request says in words what the plan gives it');
		assert.equal(typeof r2.explanation, 'string');
		assert.equal(r2.children[0].service, 'CS2003000002');
		assert.deepEqual(run.aims, { together: 1, placed: 3, scotland: 3, near_home: 3, not_for_profit: 2, weekly_cost: 5800 });
		assert.deepEqual(run.bounds, run.aims);
		assert.deepEqual(Object.keys(run.comparison).sort(), ['council', 'greedy', 'national']);
		assert.deepEqual(run.comparison.national.aims, run.aims);
		r = keep(['place', 'plan', requests, '--day', '2026-12-08', '--db', other]);
		assert.match(r.stdout, /all together at Hillside \(CS2003000001\), North Lanarkshire, third sector or charity, near home/);
		assert.match(r.stdout, /\n  placed together, the two of them, with a fostering service in North Lanarkshire/);
		r = keep(['place', 'plan', requests, '--day', '2026-12-08', '--by-council', '--compare', '--format', 'json', '--db', other]);
		const byCouncil = JSON.parse(r.stdout);
		assert.equal(byCouncil.scope, 'council');
		assert.deepEqual(byCouncil.comparison.council.aims, byCouncil.aims);
		// returns older than 28 days before the day are not vacancies
		r = keep(['place', 'plan', requests, '--day', '2027-01-15', '--format', 'json', '--db', other]);
		assert.equal(JSON.parse(r.stdout).aims.placed, 0);
	});

	test("--alternatives: each request's next best, and what it gives up", () => {
		const requests = file('requests.csv', REQUESTS);
		let r = keep(['place', 'plan', requests, '--day', '2026-12-08', '--alternatives', '--format', 'json', '--db', other]);
		assert.equal(r.status, 0, r.stderr);
		const [r1, r2] = JSON.parse(r.stdout).requests.map((q) => q.recommendation);
		// Only Hillside takes the brothers and sisters (Shore House takes 12 to 17, one child):
		// anything else leaves them without a place.
		assert.match(r1.alternative, /^Next best: /);
		assert.match(r1.alternative, /gives up: 1 fewer group of brothers and sisters placed together, 2 fewer children placed/);
		assert.match(r2.alternative, /^Next best: /);
		r = keep(['place', 'plan', requests, '--day', '2026-12-08', '--alternatives', '--db', other]);
		assert.match(r.stdout, /\n  Next best: /);
		// without the option, no alternative is worked out
		r = keep(['place', 'plan', requests, '--day', '2026-12-08', '--format', 'json', '--db', other]);
		assert.equal(JSON.parse(r.stdout).requests[0].recommendation.alternative, undefined);
	});

	test('keep place import requests: checked, planned and kept', () => {
		let r = keep(['place', 'import', 'requests', file('bad.csv', `${HEAD}R1,5_9,,no,S12000049,,whenever\n`), '--db', other]);
		assert.equal(r.status, 1);
		assert.match(r.stderr, /bad\.csv:2:23: 'whenever' is not an urgency/);
		r = keep(['place', 'import', 'requests', file('requests.csv', REQUESTS), '--db', other]);
		assert.equal(r.status, 0, r.stderr);
		assert.match(r.stdout, /2 requests \(3 children\) planned and kept as plan 1/);
		r = keep(['audit', '--entity', 'place-plan', '--format', 'json', '--db', other]);
		assert.equal(JSON.parse(r.stdout).length, 1);
	});
});

describe('/places/plan', () => {
	test('nobody but those who may sees plans', async () => {
		assert.equal((await request(`${server.url}/places/plan`)).status, 303);
		for (const who of ['board', 'sg']) {
			const r = await page(who, '/places/plan');
			assert.equal(r.status, 403, who);
			assert.doesNotMatch(r.body, /R1|Plan 1/);
			assert.equal((await page(who, '/places/plan/1')).status, 403, who);
		}
		assert.equal((await page('staff', '/places/plan')).status, 200);
	});

	test('staff upload requests; the run is kept and shown with its comparison', async () => {
		const r = await upload('staff', REQUESTS, { day: '2026-12-08', scope: 'national' });
		assert.equal(r.status, 303, r.body);
		assert.match(r.location, /^\/places\/plan\/\d+$/);
		const p = await page('staff', r.location);
		assert.equal(p.status, 200);
		assert.match(p.body, /Request R1/);
		assert.match(p.body, /Request R2/);
		assert.match(p.body, /How the ways of planning compare/);
		assert.match(p.body, /Today&#39;s practice|Today's practice/);
		assert.match(p.body, /8 December 2026/);
		assert.match(p.body, /<p>Not placed: [^<]+\.<\/p>/, 'each request says in words what the plan gives it');
	});

	test('a bad file is refused with where and what, and nothing is kept', async () => {
		const before = JSON.parse(keep(['audit', '--entity', 'place-plan', '--format', 'json', '--db', db]).stdout).length;
		const r = await upload('staff', `${HEAD}R1,5_9,,no,S12000099,,today\n`);
		assert.equal(r.status, 400);
		assert.match(r.body, /requests\.csv:2:12: is not the code of one of Scotland&#39;s 32 council areas|requests\.csv:2:12: is not the code of one of Scotland's 32 council areas/);
		const named = await upload('staff', 'request,band,needs,together,home,school,urgency,first_name\n');
		assert.equal(named.status, 400);
		assert.match(named.body, /pseudonymous/);
		assert.equal(JSON.parse(keep(['audit', '--entity', 'place-plan', '--format', 'json', '--db', db]).stdout).length, before);
	});

	test("a council's people see their own requests only; its editors decide, its viewers do not", async () => {
		const g = await page('glasgow', '/places/plan/1');
		assert.equal(g.status, 200);
		assert.match(g.body, /Request R1/);
		assert.doesNotMatch(g.body, /Request R2/);
		const e = await page('edinburgh', '/places/plan/1');
		assert.match(e.body, /Request R2/);
		assert.doesNotMatch(e.body, /Request R1/);
		// a viewer sees but has no form, and a decision from them is refused
		const v = await page('glasgowViewer', '/places/plan/1');
		assert.match(v.body, /Request R1/);
		assert.doesNotMatch(v.body, /Record the decision/);
		let d = await postForm(`${server.url}/places/plan/1/decisions`,
			{ csrf: sessions.glasgowViewer.csrf, request: 'R1', decision: 'accepted' }, sessions.glasgowViewer.cookie);
		assert.equal(d.status, 403);
		// Edinburgh's editor cannot decide on Glasgow's request: it does not exist for them
		d = await postForm(`${server.url}/places/plan/1/decisions`,
			{ csrf: sessions.edinburgh.csrf, request: 'R1', decision: 'accepted' }, sessions.edinburgh.cookie);
		assert.equal(d.status, 404);
		d = await postForm(`${server.url}/places/plan/1/decisions`,
			{ csrf: sessions.glasgow.csrf, request: 'R1', decision: 'rejected', reason: 'too far from school' }, sessions.glasgow.cookie);
		assert.equal(d.status, 303, d.body);
		const after = await page('glasgow', '/places/plan/1');
		assert.match(after.body, /Rejected<\/strong> by editor@glasgow\.test/);
		assert.match(after.body, /too far from school/);
		const audit = JSON.parse(keep(['audit', '--entity', 'place-plan-decision', '--format', 'json', '--db', db]).stdout);
		assert.equal(audit.length, 1);
		assert.equal(audit[0].entity_id, '1/R1');
		// a council's editor may not plan another council's requests
		const up = await upload('glasgow', REQUESTS);
		assert.equal(up.status, 403);
		const mine = await upload('glasgow', `${HEAD}G1,1_4,,no,S12000049,,month\n`);
		assert.equal(mine.status, 303, mine.body);
	});
});

describe('/api/v1/place-plans', () => {
	test('needs a token, and only those who may', async () => {
		assert.equal((await api('GET', '/api/v1/place-plans')).status, 401);
		assert.equal((await api('GET', '/api/v1/place-plans', { token: tokens.board })).status, 403);
		assert.equal((await api('GET', '/api/v1/place-plans/1', { token: tokens.sg })).status, 403);
		assert.equal((await api('POST', '/api/v1/place-plans', { token: tokens.board, body: { csv: REQUESTS } })).status, 403);
	});

	test('makes a plan from JSON or CSV, keeps it when asked, and lists and gives it', async () => {
		let r = await api('POST', '/api/v1/place-plans', { token: tokens.staff, body: { csv: REQUESTS } });
		assert.equal(r.status, 200, r.body);
		assert.equal(r.json.data.id, undefined);
		valid('PlacePlan', r.json.data, 'POST /api/v1/place-plans');
		assert.deepEqual(Object.keys(r.json.data.comparison).sort(), ['council', 'greedy', 'national']);
		r = await api('POST', '/api/v1/place-plans', {
			token: tokens.staff,
			body: { requests: [{ request: 'J1', band: '1_4', needs: ['health'], together: 'no', home: 'S12000047', urgency: 'week' }], save: true, day: '2026-12-01' },
		});
		assert.equal(r.status, 201, r.body);
		const id = r.json.data.id;
		valid('PlacePlan', r.json.data, 'POST /api/v1/place-plans, kept');
		assert.ok(id > 0);
		assert.equal(r.json.data.day, '2026-12-01');
		r = await api('POST', '/api/v1/place-plans', { token: tokens.staff, body: { requests: [{ request: 'J1', band: '1_4', together: 'no', home: 'S12000047', urgency: 'week', dob: '2020-01-01' }] } });
		assert.equal(r.status, 422);
		assert.match(r.json.error.fields.requests, /pseudonymous/);
		r = await api('POST', '/api/v1/place-plans', { token: tokens.staff, body: { csv: `${HEAD}R1,5_9,,no,S12000049,,soon\n` } });
		assert.equal(r.status, 422);
		assert.equal(r.json.error.fields.csv, "csv:2:23: 'soon' is not an urgency (today, week or month)");
		const list = await api('GET', '/api/v1/place-plans', { token: tokens.staff });
		assert.equal(list.status, 200);
		assert.equal(list.json.data[0].id, id);
		valid('PlacePlanList', list.json, 'GET /api/v1/place-plans');
		const one = await api('GET', `/api/v1/place-plans/${id}`, { token: tokens.staff });
		assert.equal(one.status, 200);
		assert.equal(one.json.data.requests[0].request, 'J1');
		valid('PlacePlan', one.json.data, 'GET /api/v1/place-plans/{plan}');
		assert.equal((await api('GET', `/api/v1/place-plans/${id}`, { token: tokens.glasgow })).status, 404);
		assert.equal((await api('GET', '/api/v1/place-plans/999', { token: tokens.staff })).status, 404);
		const gl = await api('GET', '/api/v1/place-plans', { token: tokens.glasgow });
		assert.ok(gl.json.data.every((x) => x.id !== id));
	});

	test('decisions: staff on any request, with a reason; a bad decision is a 422', async () => {
		let r = await api('POST', '/api/v1/place-plans/1/decisions', { token: tokens.staff, body: { request: 'R2', decision: 'maybe' } });
		assert.equal(r.status, 422);
		assert.ok(r.json.error.fields.decision);
		r = await api('POST', '/api/v1/place-plans/1/decisions', { token: tokens.staff, body: { request: 'R2', decision: 'accepted', reason: null } });
		assert.equal(r.status, 201, r.body);
		assert.equal(r.json.data.decision, 'accepted');
		assert.equal(r.json.data.by, 'staff@plan.test');
		valid('PlacePlanDecision', r.json.data, 'POST /api/v1/place-plans/{plan}/decisions');
		const decided = await api('GET', '/api/v1/place-plans/1', { token: tokens.staff });
		valid('PlacePlan', decided.json.data, 'GET /api/v1/place-plans/{plan}, decided');
		r = await api('POST', '/api/v1/place-plans/1/decisions', { token: tokens.glasgowViewer, body: { request: 'R1', decision: 'accepted' } });
		assert.equal(r.status, 403);
		r = await api('POST', '/api/v1/place-plans/1/decisions', { token: tokens.glasgow, body: { request: 'R2', decision: 'accepted' } });
		assert.equal(r.status, 404);
	});
});
