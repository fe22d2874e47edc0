// A plan is a draft, published or ended. A draft plan and everything under it (its
// phases, priority areas, actions, milestones, leads, heard notes, assessments, the
// targets and commitments on its actions, the links to them from evidence and from the
// actions they carry on) is seen by staff, admins and the Board only: never on a public
// page, the API without such an account, search, exports, reports, the response cache
// or a history. An ended plan stays at its address, marked ended.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';

import { demoDb, keep, request, signIn, startServer } from './helpers.mjs';

const PASSWORD = 'a long enough password';
const ACCOUNTS = {
	admin: ['admin@drafts.test', 'admin'],
	staff: ['staff@drafts.test', 'staff'],
	board: ['board@drafts.test', 'board'],
	editor: ['editor@drafts.test', 'editor', 'cosla'],
	viewer: ['viewer@drafts.test', 'viewer'],
};
const SEES = ['admin', 'staff', 'board'];
const SEES_NOT = ['editor', 'viewer'];

// Every text of the draft holds SECRET; every slug of it holds SLUG. Neither is in the
// demo's content, so either on a public answer is the draft showing through.
const SECRET = 'Wombatsecret';
const SLUG = 'quokka';
const LEAK = new RegExp(`${SECRET}|${SLUG}`, 'i');

// The draft plan, as staff would have made it (the forms and the import are other
// work), its dates holding today: a plan, a phase, a priority area, a route map with a foundation and a
// fundamental, its milestone, a lead organisation, a heard note, an assessment; a
// commitment and a target on it, published evidence that names it, a published action
// carried on by it, and the audit records of the commitment and the heard note.
const DRAFT_SQL = `
INSERT INTO plan(slug, title, summary, starts, ends, status, shape)
  VALUES ('plan-quokka', 'Plan ${SECRET} 27-30', 'The ${SECRET} summary', '2020-04-01', '2099-03-31', 'draft', 'route_maps');
INSERT INTO phase(plan_id, slug, title, years, summary, starts, ends)
  VALUES ((SELECT id FROM plan WHERE slug = 'plan-quokka'), 'quokka-phase', 'Phase ${SECRET}', '2027-2030',
          'The ${SECRET} phase', '2020-04-01', '2099-03-31');
INSERT INTO priority(plan_id, position, foundation_id, slug, title, text)
  VALUES ((SELECT id FROM plan WHERE slug = 'plan-quokka'), 1, (SELECT id FROM foundation ORDER BY position LIMIT 1),
          'quokka-route-maps', 'Priority ${SECRET}', 'The ${SECRET} priority');
INSERT INTO action(priority_id, position, slug, title, required, now_text, outcomes, source)
  VALUES ((SELECT id FROM priority WHERE slug = 'quokka-route-maps'), 1, 'quokka-route', 'Route map ${SECRET}',
          'What ${SECRET} requires', 'Where ${SECRET} is now', 'The ${SECRET} outcome', 'https://example.org/quokka');
INSERT INTO action_foundation(action_id, foundation_id)
  SELECT (SELECT id FROM action WHERE slug = 'quokka-route'), id FROM foundation;
INSERT INTO action_fundamental(action_id, fundamental_id)
  SELECT (SELECT id FROM action WHERE slug = 'quokka-route'), id FROM fundamental;
INSERT INTO milestone(action_id, position, when_text, due, text)
  VALUES ((SELECT id FROM action WHERE slug = 'quokka-route'), 1, 'By 2028', '2028-03-31', 'Milestone ${SECRET}');
INSERT INTO heard(action_id, position, text, at)
  VALUES ((SELECT id FROM action WHERE slug = 'quokka-route'), 1, 'Heard ${SECRET}', '2026-01-01');
INSERT INTO assessment(action_id, at, rating, text, source)
  VALUES ((SELECT id FROM action WHERE slug = 'quokka-route'), '2026-02-01', 'under_way_on_track', 'Assessed ${SECRET}', 'keep');
INSERT INTO lead(action_id, organisation_id, role)
  VALUES ((SELECT id FROM action WHERE slug = 'quokka-route'), (SELECT id FROM organisation WHERE slug = 'cosla'), 'lead');
INSERT INTO commitment(slug, organisation_id, action_id, text, due, status)
  VALUES ('cosla-quokka', (SELECT id FROM organisation WHERE slug = 'cosla'),
          (SELECT id FROM action WHERE slug = 'quokka-route'), 'Committed ${SECRET}', '2020-01-01', 'under_way');
INSERT INTO target(slug, indicator_id, area, action_id, note, baseline, baseline_at, value, due, better)
  VALUES ('quokka-target', (SELECT id FROM indicator ORDER BY id LIMIT 1), 'S92000003',
          (SELECT id FROM action WHERE slug = 'quokka-route'), 'Target ${SECRET}', 10, '2021-01-01', 5, '2029-01-01', 'lower');
INSERT INTO evidence(slug, organisation_id, kind, title, submitted, published, published_at)
  VALUES ('cosla-shared-evidence', (SELECT id FROM organisation WHERE slug = 'cosla'), 'report', 'Shared evidence',
          '2026-01-01', 1, '2026-01-02');
INSERT INTO evidence_action(evidence_id, action_id)
  SELECT (SELECT id FROM evidence WHERE slug = 'cosla-shared-evidence'), id FROM action
  WHERE slug = 'quokka-route' OR id = (SELECT min(id) FROM action);
UPDATE action SET carried_by = (SELECT id FROM action WHERE slug = 'quokka-route')
  WHERE id = (SELECT min(id) FROM action);
INSERT INTO audit(actor, entity, entity_id, verb, before_json, after_json)
  VALUES ('staff@drafts.test', 'commitment', 'cosla-quokka', 'create', NULL,
          json_object('id', 'cosla-quokka', 'organisation', 'cosla', 'action', 'quokka-route', 'text', 'Committed ${SECRET}')),
         ('staff@drafts.test', 'heard', 'quokka-route-001', 'create', NULL,
          json_object('id', 'quokka-route-001', 'action', 'quokka-route', 'text', 'Heard ${SECRET}'));
INSERT INTO commitment(slug, organisation_id, action_id, text, status)
  VALUES ('cosla-moved', (SELECT id FROM organisation WHERE slug = 'cosla'), (SELECT min(id) FROM action),
          'A commitment moved to the plan in force', 'under_way');
INSERT INTO audit(actor, entity, entity_id, verb, before_json, after_json)
  VALUES ('staff@drafts.test', 'commitment', 'cosla-moved', 'update',
          json_object('id', 'cosla-moved', 'organisation', 'cosla', 'action', 'quokka-route', 'status', 'under_way'),
          json_object('id', 'cosla-moved', 'organisation', 'cosla', 'status', 'under_way',
                      'action', (SELECT slug FROM action WHERE id = (SELECT min(id) FROM action))));
`;

// The draft's own addresses: a 404 to the public, as if they were not there.
const DRAFT_PAGES = ['/plans/plan-quokka', '/actions/quokka-route', '/commitments/cosla-quokka'];
const DRAFT_API = [
	'/api/v1/plans/plan-quokka',
	'/api/v1/phases/quokka-phase',
	'/api/v1/priorities/quokka-route-maps',
	'/api/v1/actions/quokka-route',
	'/api/v1/milestones/quokka-route-001',
	'/api/v1/heard/quokka-route-001',
	'/api/v1/actions/quokka-route/leads/cosla',
	'/api/v1/commitments/cosla-quokka',
	'/api/v1/targets/quokka-target',
	'/api/v1/actions?priority=quokka-route-maps',
];

let server;
let db;
const tokens = {};
const sessions = {};
let firstAction;

const get = (path, headers = {}) => request(server.url + path, { headers });
const as = (who, path) => get(path, { Cookie: sessions[who].cookie });
const bearer = (who, path) => get(path, { Authorization: `Bearer ${tokens[who]}` });

before(async () => {
	db = demoDb();
	const r = spawnSync('sqlite3', [db, DRAFT_SQL], { encoding: 'utf8' });
	assert.equal(r.status, 0, r.stderr);
	firstAction = spawnSync('sqlite3', [db, 'SELECT slug FROM action ORDER BY id LIMIT 1'], { encoding: 'utf8' }).stdout.trim();
	for (const [email, role, org] of Object.values(ACCOUNTS)) {
		const args = ['user', 'add', email, '--role', role, '--db', db, ...(org ? ['--organisation', org] : [])];
		const u = keep(args, { input: `${PASSWORD}\n${PASSWORD}\n` });
		assert.equal(u.status, 0, u.stderr);
	}
	// The demo has no care services: one, so that the register's pages and items are read.
	const services = path.join(path.dirname(db), 'services.csv');
	writeFileSync(services, 'regno,name,provider,sector,type,council,outside_scotland,age_from,age_to,places,max_siblings,' +
		'needs,weekly_cost,status,registered,ended\nCS2003000001,A service,A provider,council,fostering,S12000047,no,0,17,' +
		'10,2,,,active,2003-04-01,\n');
	const imported = keep(['place', 'import', 'services', services, '--db', db]);
	assert.equal(imported.status, 0, imported.stderr);
	server = await startServer(db);
	for (const [name, [email]] of Object.entries(ACCOUNTS)) {
		const s = await request(`${server.url}/api/v1/session`, {
			method: 'POST',
			headers: { 'Content-Type': 'application/json' },
			body: JSON.stringify({ email, password: PASSWORD }),
		});
		assert.equal(s.status, 201, s.body);
		tokens[name] = JSON.parse(s.body).data.token;
		sessions[name] = await signIn(server.url, email, PASSWORD);
	}
});
after(async () => {
	const r = await server.stop();
	assert.equal(r.code, 0, r.stderr);
});

// The same-site addresses an HTML page links to (GET only: forms post elsewhere).
function links(body) {
	const out = [];
	for (const m of body.matchAll(/href="(\/[^"#]*)/g)) out.push(m[1].replace(/&amp;/g, '&'));
	return out;
}

// Every address the public can reach: each route of the router with the parameters
// the site itself links to, found by following every link from the pages below, and
// the API's every list and item.
async function publicCrawl(fetchPage, { limit = 3000 } = {}) {
	const seeds = [
		'/',
		'/plans/plan-21-24',
		'/organisations',
		'/board',
		'/review',
		'/review/priorities',
		'/gaps',
		'/measures',
		'/money/scenarios',
		'/places',
		'/indicators',
		'/reports',
		'/reports/organisations',
		'/reports/areas',
		'/exports/organisations.csv',
		'/exports/commitments.csv',
		'/exports/evidence.csv',
		'/exports/observations.csv',
		'/api/v1/review',
		'/api/v1/gaps',
		'/api/openapi.json',
		'/reports/organisations/cosla',
		'/reports/areas/S12000005',
		'/evidence/cosla-shared-evidence',
		`/actions/${firstAction}`,
	];
	const resources = JSON.parse((await fetchPage('/api/openapi.json')).body);
	const names = Object.keys(resources.paths)
		.map((p) => /^\/api\/v1\/([a-z-]+)$/.exec(p)?.[1])
		.filter((n) => n && n !== 'session' && n !== 'redactions' && n !== 'review' && n !== 'gaps')
		// only the lists read page by page (a limit to take); the others (the projection,
		// the unit costs in force, the review) are read whole by the crawl below
		.filter((n) => (resources.paths[`/api/v1/${n}`].get?.parameters ?? []).some((q) => q.name === 'limit' || q.$ref?.endsWith('/limit')));
	assert.ok(names.includes('plans') && names.includes('milestones') && names.includes('targets'), names.join());
	const seen = new Map();
	const whole = Object.keys(resources.paths)
		.map((p) => /^\/api\/v1\/([a-z-]+)$/.exec(p)?.[1])
		.filter((n) => n && !names.includes(n) && resources.paths[`/api/v1/${n}`].get && n !== 'session')
		.map((n) => `/api/v1/${n}`);
	const queue = [...seeds, ...whole];
	for (const n of names) {
		let after = '';
		for (;;) {
			const path = `/api/v1/${n}?limit=500${after ? `&after=${encodeURIComponent(after)}` : ''}`;
			const r = await fetchPage(path);
			seen.set(path, r);
			assert.equal(r.status, 200, `${path}: ${r.body}`);
			const page = JSON.parse(r.body);
			for (const item of page.data) {
				queue.push(`/api/v1/${n}/${item.id.split('/').map(encodeURIComponent).join('/')}`);
				if (n === 'leads') queue.push(`/api/v1/actions/${item.action}/leads/${item.organisation}`);
			}
			if (!page.next) break;
			after = page.next;
		}
	}
	while (queue.length && seen.size < limit) {
		const path = queue.shift();
		if (seen.has(path) || /^\/static\/|\.pdf$|^\/login|\/file$/.test(path)) continue;
		const r = await fetchPage(path);
		seen.set(path, r);
		if (r.status === 200 && /text\/html/.test(r.headers['content-type'] ?? '')) queue.push(...links(r.body));
	}
	return seen;
}

// The answers among pages that show the draft, as "path: the text around it".
function leaks(pages) {
	const found = [];
	for (const [path, r] of pages) {
		if (/^\/search/.test(path)) continue;
		const m = LEAK.exec(r.body);
		if (m) found.push(`${path} (${r.status}): …${r.body.slice(Math.max(0, m.index - 80), m.index + 40)}…`);
	}
	return found;
}

describe('a draft plan, to the public', () => {
	test("its own addresses are 404s that show none of it", async () => {
		for (const path of [...DRAFT_PAGES, ...DRAFT_API]) {
			const r = await get(path);
			assert.equal(r.status, 404, `${path}: ${r.status}`);
			assert.doesNotMatch(r.body, new RegExp(SECRET, 'i'), path);
		}
	});

	test('no page, list, item, export or report the public can reach shows any of it', async (t) => {
		const pages = await publicCrawl((p) => get(p));
		t.diagnostic(`${pages.size} addresses read`);
		assert.ok(pages.size > 100, `only ${pages.size} addresses reached`);
		for (const p of ['/', '/gaps', '/review', '/api/v1/plans?limit=500', '/exports/commitments.csv', `/actions/${firstAction}`])
			assert.ok(pages.has(p), `the crawl did not reach ${p}`);
		assert.ok([...pages.keys()].some((p) => p.startsWith('/reports/annual/')), 'the crawl reached no annual report');
		assert.ok([...pages.keys()].some((p) => p.startsWith('/foundations/')), 'the crawl reached no foundation');
		assert.deepEqual(leaks(pages), []);
		// Every public route of the router was read at least once.
		const router = readFileSync(new URL('../../src/web/router.c', import.meta.url), 'utf8');
		const routes = [...router.matchAll(/\{"GET", "([^"]+)", \w+, 1,/g)].map((m) => m[1]);
		assert.ok(routes.length > 20, 'the routes of src/web/router.c');
		const missed = routes.filter((r) => {
			if (r === '/static/*' || r === '/healthz') return false;
			const re = new RegExp(`^${r.replace(/\*/g, '[^/?]+')}(\\?|$)`);
			return ![...pages.keys()].some((p) => re.test(p));
		});
		assert.deepEqual(missed, [], 'public routes the crawl did not read');
	});

	test('the history of a commitment moved off it does not name it', async () => {
		const r = await get('/commitments/cosla-moved');
		assert.equal(r.status, 200);
		assert.match(r.body, new RegExp(`action none \u2192 ${firstAction}`));
		assert.doesNotMatch(r.body, LEAK);
		const s = await as('staff', '/commitments/cosla-moved');
		assert.match(s.body, new RegExp(`action quokka-route \u2192 ${firstAction}`));
	});

	test('search finds none of it', async () => {
		for (const word of [SECRET, 'Committed Wombatsecret', 'Heard Wombatsecret', 'Wombatsecret is now']) {
			const r = await get(`/search?q=${encodeURIComponent(word)}`);
			assert.equal(r.status, 200);
			assert.match(r.body, /<h2 id="results">No results<\/h2>/, word);
		}
	});

	test('the home page counts only what is public', async () => {
		const pub = (await get('/')).body;
		const staff = (await as('staff', '/')).body;
		const n = (body, what) => Number(new RegExp(`stat-n">(\\d+)</span> <span class="stat-words">${what}<`).exec(body)?.[1]);
		assert.equal(n(staff, 'commitments') - n(pub, 'commitments'), 1, 'the draft commitment is counted for staff only');
		assert.doesNotMatch(pub, LEAK);
	});

	test('signed in without a role that sees drafts (an editor, a viewer), none of it shows', async () => {
		for (const who of SEES_NOT) {
			for (const path of [...DRAFT_PAGES, ...DRAFT_API]) {
				const r = path.startsWith('/api/') ? await bearer(who, path) : await as(who, path);
				assert.equal(r.status, 404, `${who} ${path}: ${r.status}`);
			}
			for (const path of ['/', '/organisations/cosla', '/gaps', '/review', '/api/v1/commitments?limit=500']) {
				const r = path.startsWith('/api/') ? await bearer(who, path) : await as(who, path);
				assert.doesNotMatch(r.body, LEAK, `${who} ${path}`);
			}
			const r = await as(who, '/search?q=Wombatsecret');
			assert.match(r.body, /<h2 id="results">No results<\/h2>/, `${who} searching`);
		}
	});

	test('keep report leaves it out too', () => {
		const year = new Date().getUTCMonth() >= 3 ? new Date().getUTCFullYear() : new Date().getUTCFullYear() - 1;
		for (const args of [['annual', '--year', String(year)], ['annual', '--year', '2025'], ['organisation', 'cosla'], ['area', 'S12000005']]) {
			const out = path.join(path.dirname(db), 'report.html');
			const r = keep(['report', ...args, '--out', out, '--db', db]);
			assert.equal(r.status, 0, r.stderr);
			const html = readFileSync(out, 'utf8');
			assert.ok(html.length > 1000, args.join(' '));
			assert.doesNotMatch(html, LEAK, args.join(' '));
		}
	});

	test('keep export leaves it out too', () => {
		for (const table of ['plans', 'phases', 'priorities', 'actions', 'milestones', 'heard', 'assessments', 'leads', 'commitments', 'targets', 'evidence']) {
			const r = keep(['export', table, '--db', db]);
			assert.equal(r.status, 0, r.stderr);
			assert.doesNotMatch(r.stdout, LEAK, table);
		}
	});
});

describe('a draft plan, to staff, admins and the Board', () => {
	test('its pages and API items show it', async () => {
		for (const who of SEES) {
			let r = await as(who, '/plans/plan-quokka');
			assert.equal(r.status, 200, `${who}: ${r.status}`);
			assert.match(r.body, /Plan Wombatsecret 27-30/);
			assert.match(r.body, /Route map Wombatsecret/);
			assert.match(r.body, /<strong>Draft\.<\/strong> Only The Promise Scotland's staff, administrators and the Oversight Board can see this plan/);
			r = await as(who, '/actions/quokka-route');
			assert.equal(r.status, 200, `${who}: ${r.status}`);
			assert.match(r.body, /<strong>Draft\.<\/strong> This belongs to a draft plan/);
			for (const text of ['Milestone Wombatsecret', 'Heard Wombatsecret', 'Assessed Wombatsecret', 'Committed Wombatsecret'])
				assert.ok(r.body.includes(text), `${who}: the route map's page shows ${text}`);
			r = await as(who, '/commitments/cosla-quokka');
			assert.equal(r.status, 200, `${who}: ${r.status}`);
			for (const path of DRAFT_API) {
				r = await bearer(who, path);
				assert.equal(r.status, 200, `${who} ${path}: ${r.status} ${r.body}`);
			}
			r = await bearer(who, '/api/v1/targets/quokka-target');
			assert.match(r.body, /Target Wombatsecret/);
			r = await as(who, '/search?q=Wombatsecret');
			assert.match(r.body, /href="\/actions\/quokka-route"/, `${who}: search finds the route map`);
			assert.match(r.body, /href="\/commitments\/cosla-quokka"/, `${who}: search finds the commitment`);
			r = await as(who, '/organisations/cosla');
			assert.match(r.body, /Committed Wombatsecret/, `${who}: the organisation shows its commitment`);
			r = await as(who, '/foundations/voice');
			assert.match(r.body, /Route map Wombatsecret/, `${who}: a foundation shows the draft's route map`);
			r = await as(who, '/gaps');
			assert.match(r.body, /Committed Wombatsecret/, `${who}: the gaps show the draft's overdue commitment`);
		}
	});
});

describe('a writer who may not see drafts', () => {
	test("changing evidence keeps its link to a draft's route map, which the writer was never shown", async () => {
		const before = JSON.parse((await bearer('staff', '/api/v1/evidence/cosla-shared-evidence')).body).data;
		assert.ok(before.actions.includes('quokka-route'), JSON.stringify(before));
		const shown = JSON.parse((await bearer('editor', '/api/v1/evidence/cosla-shared-evidence')).body).data;
		assert.deepEqual(shown.actions, before.actions.filter((a) => a !== 'quokka-route'));
		const r = await request(`${server.url}/api/v1/evidence/cosla-shared-evidence`, {
			method: 'PATCH',
			headers: { Authorization: `Bearer ${tokens.editor}`, 'Content-Type': 'application/json' },
			body: JSON.stringify({ title: 'Shared evidence, renamed' }),
		});
		assert.equal(r.status, 200, r.body);
		assert.doesNotMatch(r.body, LEAK);
		const after = JSON.parse((await bearer('staff', '/api/v1/evidence/cosla-shared-evidence')).body).data;
		assert.equal(after.title, 'Shared evidence, renamed');
		assert.deepEqual(after.actions, before.actions);
	});
});

describe('the response cache', () => {
	test('what staff saw of a draft is never kept and served to the public', async () => {
		// The draft's texts (a 404 may say back the address asked for, which holds its slug).
		const TEXT = new RegExp(SECRET, 'i');
		for (const path of ['/foundations/voice', '/gaps', '/plans/plan-quokka', '/actions/quokka-route', '/organisations/cosla', '/api/v1/plans?limit=500', '/api/v1/actions/quokka-route']) {
			const s = path.startsWith('/api/') ? await bearer('staff', path) : await as('staff', path);
			assert.equal(s.status, 200, path);
			assert.match(s.body, TEXT, `staff see the draft at ${path}`);
			assert.equal(s.headers['cache-control'], 'no-store', path);
			const a = await get(path);
			assert.doesNotMatch(a.body, TEXT, `the public at ${path} after staff`);
			const again = await get(path);
			assert.doesNotMatch(again.body, TEXT, `the public at ${path}, from the cache`);
			const s2 = path.startsWith('/api/') ? await bearer('staff', path) : await as('staff', path);
			assert.match(s2.body, TEXT, `staff still see the draft at ${path} after the public's answer was kept`);
		}
	});
});

describe('an ended plan', () => {
	test('stays at its address, marked ended, and is not the plan in force', async () => {
		const r = await get('/plans/plan-21-24');
		assert.equal(r.status, 200);
		assert.match(r.body, /This plan has ended\.<\/strong> It ended on 31 March 2024/);
		// Not the plan in force: nor is a draft whose dates hold today, even to staff.
		for (const home of [(await get('/')).body, (await as('staff', '/')).body]) {
			assert.match(home, /The plan in force today is <a href="\/plans\/[^"]+">/);
			assert.doesNotMatch(home, /The plan in force today is <a href="\/plans\/(plan-21-24|plan-quokka)"/);
		}
		const a = await get(`/actions/${firstAction}`);
		assert.equal(a.status, 200);
		assert.match(a.body, /ended on 31 March 2024/);
	});
});
