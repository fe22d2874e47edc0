// Everything that hangs off an action works on a route map, across plans:
// the annual report of a year from April 2024 reports against the plan of route
// maps, earlier years against Plan 21-24; an action of Plan 21-24 carried on by a route
// map (the form, the API, both pages, the audit and the history); a commitment moved to
// the route map with its history; search, exports, the API, /review and /gaps on a
// route map.
//
// The plan of route maps here is made up for the test (never Plan 24-30's content) and
// put in with sqlite3 in the set-up; any plan of route maps data/plan.json ships is made
// a draft first, so the year 2024-25 reports against this one whatever that file holds.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { after, before, describe, test } from 'node:test';

import { demoDb, keep, postForm, request, signIn, startServer } from './helpers.mjs';

const PASSWORD = 'correct horse battery staple 7';
const TODAY = '2025-06-30';
const ENV = { KEEP_TODAY: TODAY };

const ROUTE_MAPS = `
PRAGMA foreign_keys = ON;
UPDATE plan SET status = 'draft' WHERE shape = 'route_maps';
INSERT INTO plan(slug, title, starts, ends, status, shape) VALUES
  ('test-route-maps', 'Test plan of route maps', '2024-04-01', '2030-03-31', 'published', 'route_maps');
INSERT INTO priority(plan_id, slug, position, title, foundation_id) VALUES
  ((SELECT id FROM plan WHERE slug = 'test-route-maps'), 'test-voice-route-maps', 1, 'Voice',
   (SELECT id FROM foundation WHERE slug = 'voice')),
  ((SELECT id FROM plan WHERE slug = 'test-route-maps'), 'test-family-route-maps', 2, 'Family',
   (SELECT id FROM foundation WHERE slug = 'family'));
INSERT INTO action(priority_id, slug, position, title, now_text, outcomes) VALUES
  ((SELECT id FROM priority WHERE slug = 'test-voice-route-maps'), 'test-advocacy-for-all', 1, 'Advocacy for all',
   'Advocacy reaches some families in some places, and the word quillwort names this test.',
   'Every family that wants an advocate has one' || char(10) || 'Advocates are independent'),
  ((SELECT id FROM priority WHERE slug = 'test-family-route-maps'), 'test-family-help', 1, 'Family help', NULL, NULL);
-- A draft plan later still, whose route map carries on Legislation: seen by staff only.
INSERT INTO plan(slug, title, starts, ends, status, shape) VALUES
  ('test-draft-maps', 'Test draft plan', '2030-04-01', '2036-03-31', 'draft', 'route_maps');
INSERT INTO priority(plan_id, slug, position, title, foundation_id) VALUES
  ((SELECT id FROM plan WHERE slug = 'test-draft-maps'), 'test-draft-voice', 1, 'Voice',
   (SELECT id FROM foundation WHERE slug = 'voice'));
INSERT INTO action(priority_id, slug, position, title) VALUES
  ((SELECT id FROM priority WHERE slug = 'test-draft-voice'), 'test-draft-law', 1, 'Unpublished law map');
UPDATE action SET carried_by = (SELECT id FROM action WHERE slug = 'test-draft-law') WHERE slug = 'legislation';
`;

function sqlite(db, sql) {
	const r = spawnSync('sqlite3', [db], { input: sql, encoding: 'utf8' });
	if (r.error) throw r.error;
	assert.equal(r.status, 0, r.stderr);
	return r.stdout.trim();
}

// What a person reads of an HTML report, one line per block.
function text(html) {
	return html
		.replace(/<style>[\s\S]*?<\/style>/g, '')
		.replace(/<svg[\s\S]*?<\/svg>/g, '')
		.replace(/<\/(p|h[1-6]|li|caption|tr)>/g, '\n')
		.replace(/<\/t[hd]>/g, ' | ')
		.replace(/<[^>]+>/g, '')
		.replace(/&#39;/g, "'")
		.replace(/&quot;/g, '"')
		.replace(/&amp;/g, '&')
		.split('\n')
		.map((l) => l.replace(/\s+/g, ' ').trim())
		.filter((l) => l)
		.join('\n');
}

function report(db, args) {
	const r = keep(['report', ...args, '--format', 'html', '--out', '-', '--db', db], { env: ENV });
	assert.equal(r.status, 0, r.stderr);
	return text(r.stdout);
}

// The lines of a report between the heading from and the next line that is to (the
// last time from is a line: the first is in the contents).
function section(t, from, to) {
	const start = t.lastIndexOf(`\n${from}\n`);
	assert.ok(start >= 0, `no section ${from}`);
	const rest = t.slice(start + from.length + 2);
	return rest.slice(0, rest.indexOf(`\n${to}\n`));
}

const audit = (db) => JSON.parse(keep(['audit', '--db', db, '--format', 'json']).stdout);

describe('across plans', () => {
	let db;
	let server;
	const s = {};
	let tokens = {};
	before(async () => {
		db = demoDb();
		sqlite(db, ROUTE_MAPS);
		for (const [email, role, org] of [
			['staff@hangoff.test', 'staff'],
			['board@hangoff.test', 'board'],
			['editor@hangoff.test', 'editor', 'scottish-government'],
		]) {
			const r = keep(['user', 'add', email, '--role', role, ...(org ? ['--organisation', org] : []), '--db', db], { input: `${PASSWORD}\n` });
			assert.equal(r.status, 0, r.stderr);
		}
		server = await startServer(db, { env: ENV });
		for (const email of ['staff@hangoff.test', 'board@hangoff.test', 'editor@hangoff.test']) {
			s[email.split('@')[0]] = await signIn(server.url, email, PASSWORD);
			const t = await fetch(`${server.url}/api/v1/session`, {
				method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ email, password: PASSWORD }),
			});
			tokens[email.split('@')[0]] = (await t.json()).data.token;
		}
	});
	after(async () => {
		if (server) {
			const r = await server.stop();
			assert.equal(r.code, 0, r.stderr);
		}
	});

	const api = (who, method, p, body) => fetch(`${server.url}${p}`, {
		method, headers: { Authorization: `Bearer ${tokens[who]}`, 'Content-Type': 'application/json' }, body: body && JSON.stringify(body),
	});

	test('the year to March 2024 reports against Plan 21-24, the year from April 2024 against the plan of route maps', () => {
		const y2023 = report(db, ['annual', '--year', '2023']);
		assert.match(y2023, /^It reports against Plan 21-24, the plan of The Promise in force in the year: its actions, grouped under its priority areas\.$/m);
		assert.match(y2023, /^Priority areas$/m);
		assert.match(y2023, /^A priority area of Plan 21-24\.$/m);
		assert.match(y2023, /^Action \| Not started \| Under way \| Done \| Dropped \| Not recorded \| All \|$/m);
		assert.match(y2023, /^Actions with no lead organisation$/m);
		assert.doesNotMatch(y2023, /route map|Advocacy for all|Test plan of route maps/i);

		const y2024 = report(db, ['annual', '--year', '2024']);
		assert.match(y2024, /^It reports against Test plan of route maps, the plan of The Promise in force in the year: its route maps, grouped under its foundations\.$/m);
		assert.match(y2024, /^Route maps by foundation$/m);
		assert.match(y2024, /^A foundation of Test plan of route maps\.$/m);
		assert.match(y2024, /^Route map \| Not started \| Under way \| Done \| Dropped \| Not recorded \| All \|$/m);
		assert.match(y2024, /^Advocacy for all \| 0 \| 0 \| 0 \| 0 \| 0 \| 0 \|$/m);
		// The demo's commitments are to actions of Plan 21-24 that nothing carries on yet.
		assert.match(y2024, /^Commitments to other plans' actions$/m);
		assert.match(y2024, /^Advocacy \| Plan 21-24 \| /m);
		assert.equal(section(y2024, 'Route maps no one has committed to', 'Commitments past their due date and not done'),
			'Advocacy for all (Voice)\nFamily help (Family)');
		assert.doesNotMatch(y2024, /^Priority areas$|A priority area of Plan 21-24/m);
		// Only the plan's own route maps are its gaps.
		assert.doesNotMatch(y2024, /^Schools and exclusion \(A good childhood\)$/m);
	});

	test('a route map of a draft plan that carries an action on is named to staff only', async () => {
		const anon = await request(`${server.url}/actions/legislation`);
		assert.equal(anon.status, 200);
		assert.doesNotMatch(anon.body, /Unpublished law map|test-draft-law/);
		const editor = await request(`${server.url}/actions/legislation`, { headers: { Cookie: s.editor.cookie } });
		assert.doesNotMatch(editor.body, /Unpublished law map/);
		const staff = await request(`${server.url}/actions/legislation`, { headers: { Cookie: s.staff.cookie } });
		assert.match(staff.body, /<dt>Carried on by<\/dt><dd><a href="\/actions\/test-draft-law">Unpublished law map<\/a>, a route map of Test draft plan<\/dd>/);
		for (const org of ['scottish-government', 'cosla']) assert.doesNotMatch(report(db, ['organisation', org]), /Unpublished law map/);
		assert.doesNotMatch(report(db, ['annual', '--year', '2024']), /Unpublished law map|Test draft plan/);
	});

	test('a route map is found by search, shown by the API and exported', async () => {
		const found = await request(`${server.url}/search?q=quillwort`);
		assert.equal(found.status, 200);
		assert.match(found.body, /href="\/actions\/test-advocacy-for-all"/);
		const outcome = await request(`${server.url}/search?q=independent`);
		assert.match(outcome.body, /href="\/actions\/test-advocacy-for-all"/);
		const got = await (await fetch(`${server.url}/api/v1/actions/test-advocacy-for-all`)).json();
		assert.equal(got.data.plan, 'test-route-maps');
		assert.equal(got.data.priority, 'test-voice-route-maps');
		assert.match(got.data.now, /quillwort/);
		assert.equal(got.data.outcomes, 'Every family that wants an advocate has one\nAdvocates are independent');
		const list = await (await fetch(`${server.url}/api/v1/actions?priority=test-voice-route-maps`)).json();
		assert.deepEqual(list.data.map((a) => a.id), ['test-advocacy-for-all']);
		const exported = JSON.parse(keep(['export', 'actions', '--db', db, '--format', 'json']).stdout);
		const row = exported.find((a) => a.id === 'test-advocacy-for-all');
		assert.ok(row, 'the route map is exported');
		assert.equal(row.plan, 'test-route-maps');
		const csv = keep(['export', 'actions', '--db', db, '--format', 'csv']).stdout;
		assert.match(csv, /^test-advocacy-for-all,test-route-maps,test-voice-route-maps,1,Advocacy for all,/m);
	});

	test('heard notes, lead roles, assessments and evidence hang off a route map as off an action', async () => {
		const map = 'test-advocacy-for-all';
		let r = await api('staff', 'POST', '/api/v1/heard', { action: map, text: 'Families asked for help near home.' });
		assert.equal(r.status, 201);
		r = await api('staff', 'POST', '/api/v1/leads', { action: map, organisation: 'scottish-government', role: 'lead' });
		assert.equal(r.status, 201);
		r = await api('board', 'POST', '/api/v1/assessments', { action: map, date: '2025-06-01', rating: 'under_way_on_track', text: 'Advocacy is starting.' });
		assert.equal(r.status, 201);
		const pdf = Buffer.from('%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n', 'latin1');
		r = await api('editor', 'POST', '/api/v1/evidence', {
			organisation: 'scottish-government', kind: 'plan', title: 'Our family help plan', actions: [map],
			file: { name: 'plan.pdf', base64: pdf.toString('base64') },
		});
		assert.equal(r.status, 201);
		const id = (await r.json()).data.id;
		assert.equal((await api('staff', 'PATCH', `/api/v1/evidence/${id}`, { published: true })).status, 200);
		const page = (await request(`${server.url}/actions/${map}`)).body;
		assert.match(page, /Families asked for help near home\./);
		assert.match(page, /href="\/organisations\/scottish-government"/);
		assert.match(page, /Advocacy is starting\./);
		assert.match(page, /<a href="\/evidence\/[^"]+">Our family help plan<\/a>/);
		// The year's report tells the Board's assessment under the route map's foundation.
		const y2025 = report(db, ['annual', '--year', '2025']);
		assert.match(y2025, /^Advocacy for all \| 1 June 2025 \| Under way and on track \| Advocacy is starting\. \|$/m);
	});

	test('only staff and admins say which route map carries an action on', async () => {
		const before = audit(db).length;
		assert.equal((await request(`${server.url}/actions/advocacy/carried-on`, { headers: { Cookie: s.board.cookie } })).status, 403);
		const r = await postForm(`${server.url}/actions/advocacy/carried-on`, { csrf: s.editor.csrf, carried_by: 'test-advocacy-for-all' }, s.editor.cookie);
		assert.equal(r.status, 403);
		assert.equal((await api('editor', 'PATCH', '/api/v1/actions/advocacy', { carried_by: 'test-advocacy-for-all' })).status, 403);
		assert.equal(audit(db).length, before, 'nothing written');
		const page = await request(`${server.url}/actions/advocacy`, { headers: { Cookie: s.board.cookie } });
		assert.doesNotMatch(page.body, /carried-on"/);
		const staffPage = await request(`${server.url}/actions/advocacy`, { headers: { Cookie: s.staff.cookie } });
		assert.match(staffPage.body, /<a href="\/actions\/advocacy\/carried-on">Say which route map of a later plan carries this on<\/a>/);
	});

	test('the form offers only later plans, and refuses what cannot carry the action on', async () => {
		const form = await request(`${server.url}/actions/advocacy/carried-on`, { headers: { Cookie: s.staff.cookie } });
		assert.equal(form.status, 200);
		assert.match(form.body, /<optgroup label="Test plan of route maps: route maps">/);
		assert.match(form.body, /<option value="test-advocacy-for-all">Advocacy for all \(Voice\)<\/option>/);
		assert.doesNotMatch(form.body, /<option value="youth-justice">/, 'not an action of its own plan');
		const before = audit(db).length;
		for (const [later, message] of [
			['youth-justice', '&quot;Youth justice&quot; is not of a later plan than this one: choose a route map or action of a plan that started after it.'],
			['advocacy', 'An action cannot carry itself on: choose one of a later plan.'],
			['no-such-map', 'Choose one of the route maps or actions listed.'],
		]) {
			const r = await postForm(`${server.url}/actions/advocacy/carried-on`, { csrf: s.staff.csrf, carried_by: later }, s.staff.cookie);
			assert.equal(r.status, 400, later);
			assert.match(r.body, new RegExp(`<p class="error-message" id="carried_by-error">${message.replace(/[.()]/g, '\\$&')}</p>`), later);
			assert.match(r.body, /aria-invalid="true"/);
		}
		// The route map cannot carry on the action of Plan 21-24 the other way round.
		const back = await api('staff', 'PATCH', '/api/v1/actions/test-advocacy-for-all', { carried_by: 'advocacy' });
		assert.equal(back.status, 422);
		assert.match((await back.json()).error.fields.carried_by, /"Advocacy" is not of a later plan/);
		assert.equal(audit(db).length, before, 'nothing written');
	});

	test('carried on: both pages say so, the audit and the history record it, the report counts under the route map', async () => {
		const r = await postForm(`${server.url}/actions/advocacy/carried-on`, { csrf: s.staff.csrf, carried_by: 'test-advocacy-for-all' }, s.staff.cookie);
		assert.equal(r.status, 303);
		assert.equal(r.headers.location, '/actions/advocacy#carried-on');
		const rec = audit(db).at(-1);
		assert.equal(rec.entity, 'action');
		assert.equal(rec.entity_id, 'advocacy');
		assert.equal(rec.verb, 'update');
		assert.equal(rec.actor, 'staff@hangoff.test');
		assert.equal(rec.after.carried_by, 'test-advocacy-for-all');

		const earlier = await request(`${server.url}/actions/advocacy`);
		assert.match(earlier.body, /<dt>Carried on by<\/dt><dd><a href="\/actions\/test-advocacy-for-all">Advocacy for all<\/a>, a route map of Test plan of route maps<\/dd>/);
		assert.match(earlier.body, /<li>Changed on \d+ \w+ \d{4}: carried on by none → test-advocacy-for-all<\/li>/);
		const later = await request(`${server.url}/actions/test-advocacy-for-all`);
		assert.match(later.body, /<dt>Carries on<\/dt><dd><ul class="inline"><li><a href="\/actions\/advocacy">Advocacy<\/a> from Plan 21-24<\/li><\/ul><\/dd>/);
		const got = await (await fetch(`${server.url}/api/v1/actions/advocacy`)).json();
		assert.equal(got.data.carried_by, 'test-advocacy-for-all');

		// The year from April 2024 counts the commitment to Advocacy under the route map;
		// the year before still under the action.
		const y2024 = report(db, ['annual', '--year', '2024']);
		assert.match(y2024, /^Advocacy for all \| (\d+ \| ){5}1 \|$/m);
		assert.doesNotMatch(y2024, /^Advocacy \| Plan 21-24 \| /m);
		assert.equal(section(y2024, 'Route maps no one has committed to', 'Commitments past their due date and not done'),
			'Family help (Family)', 'a route map with a carried-on commitment is committed to');
		const y2023 = report(db, ['annual', '--year', '2023']);
		assert.match(y2023, /^Advocacy \| (\d+ \| ){5}1 \|$/m);
		// The organisation's report names the plan and the route map.
		const org = report(db, ['organisation', 'scottish-government']);
		assert.match(org, /\| Advocacy \(Plan 21-24, carried on by Advocacy for all\) \|/);

		// Through the API: taken off, then put back; each change audited.
		const n = audit(db).length;
		let p = await api('staff', 'PATCH', '/api/v1/actions/advocacy', { carried_by: null });
		assert.equal(p.status, 200);
		assert.equal((await p.json()).data.carried_by, null);
		p = await api('staff', 'PATCH', '/api/v1/actions/advocacy', { carried_by: 'test-advocacy-for-all' });
		assert.equal(p.status, 200);
		assert.equal((await p.json()).data.carried_by, 'test-advocacy-for-all');
		// The same again records nothing.
		assert.equal((await api('staff', 'PATCH', '/api/v1/actions/advocacy', { carried_by: 'test-advocacy-for-all' })).status, 200);
		assert.equal(audit(db).length, n + 2);
	});

	test('a commitment moves to the route map that carries its action on, and keeps its history', async () => {
		const slug = 'sg-lifelong-advocacy-scoping';
		const stranger = await request(`${server.url}/commitments/${slug}`, { headers: { Cookie: s.board.cookie } });
		assert.doesNotMatch(stranger.body, /Move to/);
		const page = await request(`${server.url}/commitments/${slug}`, { headers: { Cookie: s.editor.cookie } });
		assert.match(page.body, /<form class="form" method="post" action="\/commitments\/sg-lifelong-advocacy-scoping\/move">/);
		assert.match(page.body, /<button type="submit">Move to Advocacy for all<\/button>/);
		assert.match(page.body, /<dt>Action or route map<\/dt><dd><a href="\/actions\/advocacy">Advocacy<\/a>, an action of Plan 21-24<\/dd>/);
		assert.equal((await postForm(`${server.url}/commitments/${slug}/move`, { csrf: s.board.csrf }, s.board.cookie)).status, 403);

		const r = await postForm(`${server.url}/commitments/${slug}/move`, { csrf: s.editor.csrf }, s.editor.cookie);
		assert.equal(r.status, 303);
		assert.equal(r.headers.location, `/commitments/${slug}`);
		const c = await (await fetch(`${server.url}/api/v1/commitments/${slug}`)).json();
		assert.equal(c.data.action, 'test-advocacy-for-all');
		const after = await request(`${server.url}/commitments/${slug}`);
		assert.match(after.body, /<dt>Action or route map<\/dt><dd><a href="\/actions\/test-advocacy-for-all">Advocacy for all<\/a>, a route map of Test plan of route maps<\/dd>/);
		assert.match(after.body, /<li>Changed on \d+ \w+ \d{4}: action advocacy → test-advocacy-for-all<\/li>/);
		// Its timeline is untouched: the year it was made in still tells it as it was.
		const y2023 = report(db, ['annual', '--year', '2023']);
		assert.match(y2023, /^Advocacy \| (\d+ \| ){5}1 \|$/m, 'the year before the move still counts it under Advocacy');
		assert.doesNotMatch(y2023, /Advocacy for all/);
		const rec = audit(db).at(-1);
		assert.equal(rec.entity, 'commitment');
		assert.equal(rec.before.action, 'advocacy');
		assert.equal(rec.after.action, 'test-advocacy-for-all');
		// The export of commitments names the route map.
		const csv = await request(`${server.url}/exports/commitments.csv`);
		assert.equal(csv.status, 200);
		assert.match(csv.body, new RegExp(`^${slug},scottish-government,test-advocacy-for-all,`, 'm'));
		// On the route map's page; nothing left to move.
		assert.match((await request(`${server.url}/actions/test-advocacy-for-all`)).body, new RegExp(`href="/commitments/${slug}"`));
		assert.equal((await postForm(`${server.url}/commitments/${slug}/move`, { csrf: s.editor.csrf }, s.editor.cookie)).status, 409);
		// The edit form and the API take a route map as a commitment's action too.
		const form = await request(`${server.url}/commitments/${slug}/edit`, { headers: { Cookie: s.editor.cookie } });
		assert.match(form.body, /<option value="test-advocacy-for-all" selected>Advocacy for all \(Test plan of route maps\)<\/option>/);
		const moved = await api('editor', 'PATCH', '/api/v1/commitments/sg-child-protection-guidance', { action: 'test-family-help' });
		assert.equal(moved.status, 200);
		assert.equal((await moved.json()).data.action, 'test-family-help');
	});

	test('/review and /gaps hold the route maps under their foundation groups, in their plan', async () => {
		// A target attached to a route map (the Board sets targets).
		const t = await api('board', 'PATCH', '/api/v1/targets/demo-looked-after-scotland', { action: 'test-family-help' });
		assert.equal(t.status, 200);
		const review = await request(`${server.url}/review/priorities`);
		assert.equal(review.status, 200);
		// The plan in force on 30 June 2025 first: its foundations' route maps.
		const ids = [...review.body.matchAll(/<h2 id="(priority-[^"]+)">/g)].map((m) => m[1]);
		assert.deepEqual(ids.slice(0, 2), ['priority-test-voice-route-maps', 'priority-test-family-route-maps']);
		assert.ok(ids.includes('priority-a-good-childhood'));
		const family = review.body.slice(review.body.indexOf('<h2 id="priority-test-family-route-maps">'), review.body.indexOf('</section>', review.body.indexOf('<h2 id="priority-test-family-route-maps">')));
		assert.match(family, /^<h2 id="priority-test-family-route-maps">Family<\/h2>\n<p class="detail">Route maps of Test plan of route maps under this foundation<\/p>/);
		assert.match(family, /<a href="\/review#demo-looked-after-scotland">/);
		assert.match(family, /<a href="\/actions\/test-family-help">Family help<\/a>/);
		assert.match(review.body, /<h2 id="priority-a-good-childhood">A good childhood<\/h2>\n<p class="detail">A priority area of Plan 21-24<\/p>/);
		const gaps = await request(`${server.url}/gaps`);
		assert.match(gaps.body, /<li><a href="\/actions\/test-family-help">Family help<\/a> <span class="detail">in Family, a foundation of Test plan of route maps<\/span><\/li>/);
		assert.match(gaps.body, /<li><a href="\/actions\/family-therapy">Family therapy<\/a> <span class="detail">in Whole family support, a priority area of Plan 21-24<\/span><\/li>/);
		// The API's gaps name the route map with its priority row.
		const api_gaps = await (await fetch(`${server.url}/api/v1/gaps`)).json();
		assert.ok(api_gaps.data.actions_without_lead.some((a) => a.id === 'test-family-help' && a.priority === 'test-family-route-maps'));
	});
});
