// The Oversight Board's assessments (issue 4): who may record one, each field's message
// with the input kept, the action page and the overview showing the new rating in words,
// the audit record (who is kept there, never on a public page), and the same through the
// API.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { demoDb, keep, postForm, request, signIn, startServer } from './helpers.mjs';

const PASSWORD = 'correct horse battery staple 7';
const ACTION = 'youth-justice';

describe('assessments by the Oversight Board', () => {
	let server;
	let db;
	const as = {};
	const get = (p, who) => request(`${server.url}${p}`, { headers: who ? { Cookie: who.cookie } : {} });
	const send = (who, fields) => postForm(`${server.url}/actions/${ACTION}/assess`, { csrf: who.csrf, ...fields }, who.cookie);
	const auditText = () => keep(['audit', '--db', db, '--format', 'json']).stdout;

	before(async () => {
		db = demoDb();
		for (const [email, role] of [['board@assess.test', 'board'], ['staff@assess.test', 'staff']]) {
			const r = keep(['user', 'add', email, '--role', role, '--db', db], { input: `${PASSWORD}\n` });
			assert.equal(r.status, 0, r.stderr);
		}
		server = await startServer(db);
		as.board = await signIn(server.url, 'board@assess.test', PASSWORD);
		as.staff = await signIn(server.url, 'staff@assess.test', PASSWORD);
	});
	after(async () => {
		const r = await server?.stop();
		if (r) assert.equal(r.code, 0, r.stderr);
	});

	test('board members are offered the form; The Promise Scotland\'s staff are not, and are refused', async () => {
		assert.match((await get(`/actions/${ACTION}`, as.board)).body, new RegExp(`<a href="/actions/${ACTION}/assess">Record an assessment</a>`));
		assert.ok(!(await get(`/actions/${ACTION}`, as.staff)).body.includes('/assess"'));
		const page = await get(`/actions/${ACTION}/assess`, as.board);
		assert.equal(page.status, 200);
		for (const words of ['Not started', 'Under way but not yet sufficient', 'Under way and on track', 'Achieved', 'At risk'])
			assert.ok(page.body.includes(`> <label for="rating-`) && page.body.includes(`">${words}</label>`), words);
		const before = auditText();
		const r = await send(as.staff, { rating: 'achieved', text: 'Staff cannot judge their own work.' });
		assert.equal(r.status, 403);
		assert.equal(auditText(), before);
	});

	test('a wrong form comes back with a message by each field and the input kept; nothing is saved', async () => {
		const before = auditText();
		const r = await send(as.board, { rating: 'great', text: '', next_steps: 'Keep <going>', date: '2999-01-01' });
		assert.equal(r.status, 400);
		assert.match(r.body, /<title>Error: record an assessment - keep<\/title>/);
		assert.match(r.body, /<p class="error-message" id="rating-error">Choose one of the ratings listed\.<\/p>/);
		assert.match(r.body, /<p class="error-message" id="text-error">Say why: what the Board found\.<\/p>/);
		assert.match(r.body, /<p class="error-message" id="date-error">The date cannot be in the future\.<\/p>/);
		assert.match(r.body, /<textarea id="next_steps" name="next_steps" rows="5">Keep &lt;going&gt;<\/textarea>/);
		assert.match(r.body, /value="2999-01-01"/);
		assert.equal(auditText(), before);
	});

	test('a right form is shown as the latest assessment, in words, on the action page and its plan\'s page; audited', async () => {
		const r = await send(as.board, { rating: 'at_risk', text: 'Placements in Young Offender Institutions continue.', next_steps: 'Report to the Board by March.' });
		assert.equal(r.status, 303, r.body);
		assert.equal(r.headers.location, `/actions/${ACTION}#assessment`);
		const page = (await get(`/actions/${ACTION}`)).body;
		const section = page.slice(page.indexOf('<h2 id="assessment">'), page.indexOf('</section>', page.indexOf('<h2 id="assessment">')));
		assert.match(section, /<div class="assessment">\n<p><span class="badge badge-red"><span class="visually-hidden">Assessment: <\/span>At risk<\/span><\/p>\n<p>Placements in Young Offender Institutions continue\.<\/p>/);
		assert.match(section, /Source: Oversight Board\./);
		assert.match(section, /<h3>Next steps<\/h3>\n<p>Report to the Board by March\.<\/p>/);
		assert.ok(!page.includes('board@assess.test'), 'the public page does not show who');
		// The overview shows the plan in force (Plan 24-30); an action of Plan 21-24 is
		// listed, with its latest assessment, on its own plan's page.
		const planPage = (await get('/plans/plan-21-24')).body;
		assert.match(planPage, new RegExp(`href="/actions/${ACTION}">[^<]*</a>[\\s\\S]{0,400}?At risk`));
		const audit = JSON.parse(keep(['audit', '--db', db, '--entity', 'assessment', '--format', 'json']).stdout);
		assert.equal(audit.length, 1);
		assert.equal(audit[0].actor, 'board@assess.test');
		assert.equal(audit[0].verb, 'create');
		assert.equal(audit[0].after.rating, 'at_risk');
		assert.equal(audit[0].after.source, 'Oversight Board');
		const api = JSON.parse((await get(`/api/v1/assessments/${audit[0].entity_id}`)).body).data;
		assert.equal(api.rating, 'at_risk');
		assert.ok(!JSON.stringify(api).includes('board@assess.test'), 'the API does not publish who');
	});

	test('through the API: a board member\'s token records one (201); staff get 403; a wrong one 422 by field', async () => {
		const token = async (email) => {
			const r = await request(`${server.url}/api/v1/session`, {
				method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ email, password: PASSWORD }),
			});
			return JSON.parse(r.body).data.token;
		};
		const post = async (tok, body) => {
			const payload = JSON.stringify(body);
			const r = await request(`${server.url}/api/v1/assessments`, {
				method: 'POST', body: payload,
				headers: { Authorization: `Bearer ${tok}`, 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(payload) },
			});
			return { ...r, json: JSON.parse(r.body) };
		};
		const board = await token('board@assess.test');
		const ok = await post(board, { action: 'planning', rating: 'under_way_on_track', text: 'On track.', date: '2026-11-01' });
		assert.equal(ok.status, 201, ok.body);
		assert.match(ok.headers.location, /^\/api\/v1\/assessments\/planning-\d{6}$/);
		assert.equal(ok.json.data.at, '2026-11-01');
		assert.equal(ok.json.data.source, 'Oversight Board');
		assert.equal((await post(await token('staff@assess.test'), { action: 'planning', rating: 'achieved', text: 'x' })).status, 403);
		const bad = await post(board, { action: 'nowhere', rating: 'fine' });
		assert.equal(bad.status, 422);
		assert.deepEqual(bad.json.error.fields, {
			action: 'Choose one of the actions listed.', rating: 'Choose one of the ratings listed.', text: 'Say why: what the Board found.',
		});
	});
});
