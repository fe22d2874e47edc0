// Indicators, targets and figures (issue 4, item 3), the write side: the forms without
// JavaScript (a wrong form comes back with a message by each field and the input kept,
// nothing saved; a right one is saved, audited and shown on /indicators), the same
// through the API (field-named 422s, figures added or replaced), and the CSV import (a
// bad file lists every problem as FILE:LINE:COLUMN and writes nothing; the same file
// twice changes nothing; an exported file imports as it is).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';

import { demoDb, keep, postForm, request, signIn, startServer, tempDir } from './helpers.mjs';

// Today, for the server and the command line: no figure may count to a later day.
process.env.KEEP_TODAY = '2028-12-31';

const PASSWORD = 'correct horse battery staple 7';
const SCOTLAND = 'S92000003';
const FIFE = 'S12000047';

describe('indicators, targets and figures', () => {
	let server;
	let db;
	const as = {};
	let token; // a board member's API token
	const url = (p) => `${server.url}${p}`;
	const get = (p, who) => request(url(p), { headers: who ? { Cookie: who.cookie } : {} });
	const send = (who, p, fields) => postForm(url(p), { csrf: who.csrf, ...fields }, who.cookie);
	const audit = (entity) => JSON.parse(keep(['audit', '--db', db, '--entity', entity, '--format', 'json']).stdout);
	const auditCount = () => JSON.parse(keep(['audit', '--db', db, '--format', 'json']).stdout).length;
	const api = async (method, p, body, bearer = token) => {
		const r = await fetch(url(p), {
			method,
			headers: { Authorization: `Bearer ${bearer}`, ...(body ? { 'Content-Type': 'application/json' } : {}) },
			body: body ? JSON.stringify(body) : undefined,
		});
		const text = await r.text();
		return { status: r.status, location: r.headers.get('location'), json: text ? JSON.parse(text) : null };
	};
	const apiGet = async (p) => JSON.parse((await get(`/api/v1/${p}`)).body).data;

	before(async () => {
		db = demoDb();
		for (const [email, role] of [['board@ow.test', 'board'], ['staff@ow.test', 'staff'], ['viewer@ow.test', 'viewer']]) {
			const r = keep(['user', 'add', email, '--role', role, '--db', db], { input: `${PASSWORD}\n` });
			assert.equal(r.status, 0, r.stderr);
		}
		server = await startServer(db);
		as.board = await signIn(server.url, 'board@ow.test', PASSWORD);
		as.staff = await signIn(server.url, 'staff@ow.test', PASSWORD);
		const s = await fetch(url('/api/v1/session'), {
			method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ email: 'board@ow.test', password: PASSWORD }),
		});
		token = (await s.json()).data.token;
	});
	after(async () => {
		const r = await server?.stop();
		if (r) assert.equal(r.code, 0, r.stderr);
	});

	test('/indicators lists each indicator with its targets, linked to the review, and its latest figures', async () => {
		const r = await get('/indicators');
		assert.equal(r.status, 200);
		assert.match(r.body, /<a href="\/indicators" aria-current="page">Indicators<\/a>/);
		assert.match(r.body, /<h2 id="measure-looked-after">Children looked after on 31 July<\/h2>/);
		assert.match(r.body, /<a href="\/review#demo-looked-after-scotland">Scotland: from 12203 children on 31 July 2021 to 12000 children by 31 July 2030<\/a> \(a lower figure is better\)/);
		assert.match(r.body, /<h2 id="child-protection">Children on the child protection register on 31 July \(demo figures\)<\/h2>/);
		assert.match(r.body, /<tr><td>Scotland<\/td><td>31 July 2024<\/td><td>2045<\/td><td>keep demo data \(made up\)<\/td><\/tr>/);
		// Anonymous people are offered no form.
		assert.ok(!r.body.includes('/indicators/new') && !r.body.includes('/observations/new'));
		const board = (await get('/indicators', as.board)).body;
		assert.ok(board.includes('<a href="/indicators/new">Add an indicator</a>') && board.includes('<a href="/observations/new">Add a figure</a>'));
		assert.ok(board.includes('<a href="/targets/demo-looked-after-scotland/delete">Delete'));
		const staff = (await get('/indicators', as.staff)).body;
		assert.ok(staff.includes('<a href="/observations/new">Add a figure</a>') && !staff.includes('/indicators/new'));
	});

	test('a wrong indicator form comes back with a message by each field and the input kept; nothing is saved', async () => {
		const before = auditCount();
		const r = await send(as.board, '/indicators/new', { title: 'Care leavers <in> work', unit: '', source: 'SG', frequency: 'weekly', foundation: '', vision: '' });
		assert.equal(r.status, 400);
		assert.match(r.body, /<title>Error: Add an indicator - keep<\/title>/);
		assert.match(r.body, /<a href="#unit">Enter what it counts, like children or per cent\.<\/a>/);
		assert.match(r.body, /<p class="error-message" id="frequency-error">Choose how often it is published\.<\/p>/);
		assert.match(r.body, /<p class="error-message" id="foundation-error">Choose the foundation it serves, or the framework&#39;s outcome it serves, or write the vision statement it serves\.<\/p>/);
		assert.match(r.body, /<input id="title" name="title" type="text" value="Care leavers &lt;in&gt; work"/);
		assert.equal(auditCount(), before);
	});

	test('an indicator is added and changed through the form, audited, and shown', async () => {
		const r = await send(as.board, '/indicators/new', { title: 'Care leavers in work', unit: 'per cent', source: 'SG', frequency: 'annual', foundation: '', vision: 'Aftercare' });
		assert.equal(r.status, 303, r.body);
		assert.equal(r.headers.location, '/indicators#care-leavers-in-work');
		const edit = await get('/indicators/care-leavers-in-work/edit', as.board);
		assert.match(edit.body, /<option value="annual" selected>Every year<\/option>/);
		const c = await send(as.board, '/indicators/care-leavers-in-work/edit', { title: 'Care leavers in work', unit: 'per cent', source: 'SG', frequency: 'quarterly', foundation: 'care', vision: 'Aftercare' });
		assert.equal(c.status, 303, c.body);
		// Saved again unchanged: nothing more recorded.
		await send(as.board, '/indicators/care-leavers-in-work/edit', { title: 'Care leavers in work', unit: 'per cent', source: 'SG', frequency: 'quarterly', foundation: 'care', vision: 'Aftercare' });
		const log = audit('indicator');
		assert.deepEqual(log.map((a) => [a.verb, a.actor]), [['create', 'board@ow.test'], ['update', 'board@ow.test']]);
		assert.equal(log[1].before.frequency, 'annual');
		assert.equal(log[1].after.frequency, 'quarterly');
		assert.equal(log[1].after.foundation, 'care');
		const page = (await get('/indicators')).body;
		assert.match(page, /<h2 id="care-leavers-in-work">Care leavers in work<\/h2>/);
		assert.match(page, /<dt>Published<\/dt><dd>Every quarter<\/dd>/);
		// Staff record figures but do not set indicators.
		const refused = await send(as.staff, '/indicators/new', { title: 'x' });
		assert.equal(refused.status, 403);
	});

	test('a target whose due date is not after its baseline, or whose figures are not numbers, is refused by field', async () => {
		const before = auditCount();
		const r = await send(as.board, '/targets/new', {
			indicator: 'child-protection', area: FIFE, action: '', note: '', baseline: '1,200', baseline_at: '2024-04-01', value: '0x10', due: '2024-03-31', better: 'lower',
		});
		assert.equal(r.status, 400);
		assert.match(r.body, /<p class="error-message" id="due-error">The due date must be after the baseline date \(1 April 2024\)\.<\/p>/);
		assert.match(r.body, /<p class="error-message" id="baseline-error">Enter a number, like 12 or 12\.5\.<\/p>/);
		assert.match(r.body, /<p class="error-message" id="value-error">Enter a number, like 12 or 12\.5\.<\/p>/);
		assert.match(r.body, /<option value="S12000047" selected>Fife<\/option>/);
		assert.match(r.body, /value="1,200"/);
		const unknown = await send(as.board, '/targets/new', { indicator: 'no-such', area: 'Fife', baseline: '1', baseline_at: '2024-04-01', value: '2', due: '2025-04-01', better: 'higher' });
		assert.match(unknown.body, /There is no indicator called &#39;no-such&#39;\./);
		assert.match(unknown.body, /<p class="error-message" id="area-error">Choose Scotland or one of the 32 council areas\.<\/p>/);
		assert.equal(auditCount(), before);
	});

	test('a target is set, changed and deleted through the forms, each audited', async () => {
		const r = await send(as.board, '/targets/new', {
			indicator: 'child-protection', area: FIFE, action: 'planning', note: 'Set by the Board.', baseline: '1250', baseline_at: '2024-04-01', value: '1200', due: '2030-03-31', better: 'lower',
		});
		assert.equal(r.status, 303, r.body);
		assert.equal(r.headers.location, '/indicators#child-protection');
		const t = await apiGet('targets/child-protection-fife');
		assert.deepEqual(t, {
			id: 'child-protection-fife', indicator: 'child-protection', area: FIFE, action: 'planning', note: 'Set by the Board.',
			baseline: 1250, baseline_at: '2024-04-01', value: 1200, due: '2030-03-31', better: 'lower',
		});
		const edit = await get('/targets/child-protection-fife/edit', as.board);
		assert.match(edit.body, /<input id="baseline" name="baseline" type="text" inputmode="decimal" value="1250"/);
		const c = await send(as.board, '/targets/child-protection-fife/edit', { ...t, baseline: '1250', value: '1100', action: '' });
		assert.equal(c.status, 303, c.body);
		assert.equal((await apiGet('targets/child-protection-fife')).value, 1100);
		const confirm = await get('/targets/child-protection-fife/delete', as.board);
		assert.match(confirm.body, /Children on the child protection register on 31 July \(demo figures\), Fife: from 1250 on 1 April 2024 to 1100 by 31 March 2030\./);
		const d = await send(as.board, '/targets/child-protection-fife/delete', {});
		assert.equal(d.status, 303);
		assert.equal((await get('/api/v1/targets/child-protection-fife')).status, 404);
		assert.deepEqual(audit('target').map((a) => a.verb), ['create', 'update', 'delete']);
		assert.equal(audit('target')[2].before.value, 1100);
	});

	test('a figure is added by form, replaced by the same indicator, area and period, and a wrong one refused', async () => {
		const before = auditCount();
		const bad = await send(as.staff, '/observations/new', { indicator: 'child-protection', area: SCOTLAND, period: '2025-07-31', value: '11500', suppressed: 'yes', source: '' });
		assert.equal(bad.status, 400);
		assert.match(bad.body, /<p class="error-message" id="value-error">Leave the value empty for a suppressed figure\.<\/p>/);
		assert.match(bad.body, /<p class="error-message" id="source-error">Enter where the figure comes from\.<\/p>/);
		assert.match(bad.body, /<input id="suppressed" name="suppressed" type="checkbox" value="yes" checked/);
		const none = await send(as.staff, '/observations/new', { indicator: 'x', area: SCOTLAND, period: '2025-07-31', value: '1', source: 'SG' });
		assert.match(none.body, /<p class="error-message" id="indicator-error">There is no indicator called &#39;x&#39;\.<\/p>/);
		assert.equal(auditCount(), before);

		const r = await send(as.staff, '/observations/new', { indicator: 'child-protection', area: SCOTLAND, period: '2025-07-31', value: '11500', source: 'SG' });
		assert.equal(r.status, 303, r.body);
		assert.equal(r.headers.location, '/indicators#child-protection');
		const again = await send(as.staff, '/observations/new', { indicator: 'child-protection', area: SCOTLAND, period: '2025-07-31', value: '11,600', source: 'SG' });
		assert.equal(again.status, 400);
		const rep = await send(as.staff, '/observations/new', { indicator: 'child-protection', area: SCOTLAND, period: '2025-07-31', value: '11600', source: 'SG' });
		assert.equal(rep.status, 303);
		const id = `child-protection/${SCOTLAND}/2025-07-31`;
		assert.deepEqual(await apiGet(`observations/${id}`), { id, indicator: 'child-protection', area: SCOTLAND, period: '2025-07-31', value: 11600, suppressed: false, source: 'SG' });
		assert.deepEqual(audit('observation').map((a) => [a.verb, a.entity_id, a.actor]), [['create', id, 'staff@ow.test'], ['update', id, 'staff@ow.test']]);
		assert.match((await get('/indicators')).body, /<tr><td>Scotland<\/td><td>31 July 2025<\/td><td>11600<\/td><td>SG<\/td><\/tr>/);
	});

	test('the API writes indicators, targets and figures with the same rules, naming each field', async () => {
		const bad = await api('POST', '/api/v1/targets', { indicator: 'child-protection', area: SCOTLAND, baseline: 'twelve', baseline_at: '2024-04-01', value: 10, due: '2024-01-01', better: 'lower' });
		assert.equal(bad.status, 422);
		assert.deepEqual(bad.json.error.fields, {
			baseline: 'Enter a number, like 12 or 12.5.',
			due: 'The due date must be after the baseline date (1 April 2024).',
		});
		const wrongType = await api('POST', '/api/v1/targets', { indicator: 'child-protection', baseline: [1] });
		assert.equal(wrongType.status, 400);
		assert.equal(wrongType.json.error.message, "field 'baseline' must be a number (or null)");

		const x = await api('POST', '/api/v1/indicators', { title: 'Young people in secure care', unit: 'young people', source: 'SG', frequency: 'annual', foundation: 'care' });
		assert.equal(x.status, 201);
		assert.equal(x.location, '/api/v1/indicators/young-people-in-secure-care');
		assert.equal(x.json.data.vision, null);
		const p = await api('PATCH', '/api/v1/indicators/young-people-in-secure-care', { vision: 'Secure care' });
		assert.equal(p.status, 200);
		assert.equal(p.json.data.vision, 'Secure care');
		assert.equal(p.json.data.foundation, 'care');
		const both = await api('PATCH', '/api/v1/indicators/young-people-in-secure-care', { foundation: null, vision: null });
		assert.equal(both.status, 422);
		assert.deepEqual(Object.keys(both.json.error.fields), ['foundation']);

		const t = await api('POST', '/api/v1/targets', { indicator: 'young-people-in-secure-care', area: SCOTLAND, baseline: 80, baseline_at: '2024-04-01', value: '40.5', due: '2030-03-31', better: 'lower' });
		assert.equal(t.status, 201);
		assert.equal(t.json.data.id, 'young-people-in-secure-care-scotland');
		assert.equal(t.json.data.value, 40.5);
		const tp = await api('PATCH', '/api/v1/targets/young-people-in-secure-care-scotland', { due: '2023-01-01' });
		assert.equal(tp.status, 422);
		assert.deepEqual(tp.json.error.fields, { due: 'The due date must be after the baseline date (1 April 2024).' });

		const obs = { indicator: 'young-people-in-secure-care', area: SCOTLAND, period: '2025-03-31', value: 70, source: 'SG' };
		const o1 = await api('POST', '/api/v1/observations', obs);
		assert.equal(o1.status, 201);
		assert.equal(o1.location, `/api/v1/observations/young-people-in-secure-care/${SCOTLAND}/2025-03-31`);
		const o2 = await api('POST', '/api/v1/observations', { ...obs, value: null, suppressed: true });
		assert.equal(o2.status, 200);
		assert.deepEqual(o2.json.data, { id: `young-people-in-secure-care/${SCOTLAND}/2025-03-31`, ...obs, value: null, suppressed: true });
		const o3 = await api('POST', '/api/v1/observations', { ...obs, indicator: 'nope', area: 'Scotland' });
		assert.equal(o3.status, 422);
		assert.deepEqual(o3.json.error.fields, { indicator: "There is no indicator called 'nope'.", area: 'Choose Scotland or one of the 32 council areas.' });
		assert.equal((await api('PATCH', `/api/v1/observations/x`, {})).status, 405);

		// Staff record figures but set no targets; viewers do neither.
		const staffToken = (await (await fetch(url('/api/v1/session'), {
			method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ email: 'staff@ow.test', password: PASSWORD }),
		})).json()).data.token;
		assert.equal((await api('POST', '/api/v1/targets', {}, staffToken)).status, 403);
		assert.equal((await api('DELETE', '/api/v1/targets/young-people-in-secure-care-scotland', null, staffToken)).status, 403);
		assert.equal((await api('DELETE', `/api/v1/observations/young-people-in-secure-care/${SCOTLAND}/2025-03-31`, null, staffToken)).status, 204);
		assert.equal((await get(`/api/v1/observations/young-people-in-secure-care/${SCOTLAND}/2025-03-31`)).status, 404);
		assert.equal((await api('DELETE', '/api/v1/targets/young-people-in-secure-care-scotland')).status, 204);
		assert.deepEqual(audit('observation').filter((a) => a.entity_id.startsWith('young')).map((a) => a.verb), ['create', 'update', 'delete']);
	});

	test('a CSV file of figures: every problem listed, nothing written; then all of it, and again nothing', async () => {
		const dir = tempDir();
		const bad = path.join(dir, 'bad.csv');
		writeFileSync(bad, [
			'indicator,area,period,value,suppressed,source',
			`child-protection,${SCOTLAND},2026-07-31,11400,no,SG`,
			'nope,Fife,2026-02-30,1,maybe,',
			`child-protection,${SCOTLAND},2026-07-31,11400,no,SG`,
			`child-protection,${FIFE},2026-07-31,"1,200",no,SG`,
			`child-protection,${FIFE},2027-07-31,12,yes,SG`,
			'',
		].join('\r\n'));
		const before = auditCount();
		const r = keep(['import', 'observations', 'bad.csv', '--db', db], { cwd: dir });
		assert.equal(r.status, 1);
		assert.deepEqual(r.stderr.trim().split('\n'), [
			"bad.csv:3:1: indicator 'nope': There is no indicator called 'nope'.",
			"bad.csv:3:6: area 'Fife': Choose Scotland or one of the 32 council areas.",
			"bad.csv:3:11: period '2026-02-30': Enter the date the figure counts to, like 2024-07-31.",
			"bad.csv:3:24: suppressed 'maybe': Say whether the figure is suppressed: yes or no.",
			'bad.csv:3:30: source is empty: Enter where the figure comes from.',
			`bad.csv:4:28: the figure for child-protection/${SCOTLAND}/2026-07-31 is already on line 2`,
			"bad.csv:5:39: value '1,200': Enter a number, like 12 or 12.5.",
			"bad.csv:6:39: value '12': Leave the value empty for a suppressed figure.",
			'keep import: bad.csv: 8 problems; nothing was imported',
		]);
		assert.equal(auditCount(), before);

		const good = path.join(dir, 'good.csv');
		writeFileSync(good, [
			'indicator,area,period,value,suppressed,source',
			`child-protection,${SCOTLAND},2026-07-31,11400,no,SG`,
			`child-protection,${FIFE},2026-07-31,,yes,SG`,
			`child-protection,${SCOTLAND},2024-07-31,11800,no,SG`,
		].join('\n'));
		const ok = keep(['import', 'observations', good, '--db', db]);
		assert.equal(ok.status, 0, ok.stderr);
		assert.match(ok.stdout, /good\.csv: 3 rows; 2 new, 1 changed, 0 unchanged\./);
		const after = auditCount();
		assert.equal(after, before + 3);
		const again = keep(['import', 'observations', good, '--db', db]);
		assert.match(again.stdout, /good\.csv: 3 rows; 0 new, 0 changed, 3 unchanged\./);
		assert.equal(auditCount(), after);
		assert.equal((await apiGet(`observations/child-protection/${SCOTLAND}/2024-07-31`)).value, 11800);

		// What `keep export observations` and /exports/observations.csv write imports as it is.
		const exported = keep(['export', 'observations', '--db', db]);
		assert.equal(exported.status, 0);
		assert.equal((await get('/exports/observations.csv')).body, exported.stdout);
		const file = path.join(dir, 'observations.csv');
		writeFileSync(file, exported.stdout);
		const round = keep(['import', 'observations', file, '--db', db]);
		assert.equal(round.status, 0, round.stderr);
		assert.match(round.stdout, / 0 new, 0 changed, \d+ unchanged\./);
		assert.equal(auditCount(), after);
	});

	// Figures are right, or refused, and always protected. The same checks,
	// with the same words, through the form, the API and the CSV import.
	test('a count of 1 to 4 children typed by hand is refused, by form, API and CSV, and never shown', async () => {
		const before = auditCount();
		const smallMsg = 'A count of 1 to 4 children is never published, so that no child can be picked out. Record the figure as suppressed instead, with no value.';
		const f = await send(as.board, '/observations/new', { indicator: 'child-protection', area: FIFE, period: '2025-07-31', value: '2', source: 'Board' });
		assert.equal(f.status, 400);
		assert.match(f.body, /<p class="error-message" id="value-error">A count of 1 to 4 children is never published, so that no child can be picked out\. Record the figure as suppressed instead, with no value\.<\/p>/);
		const a = await api('POST', '/api/v1/observations', { indicator: 'child-protection', area: FIFE, period: '2025-07-31', value: 2, source: 'Board' });
		assert.equal(a.status, 422);
		assert.deepEqual(a.json.error.fields, { value: smallMsg });
		const dir = tempDir();
		writeFileSync(path.join(dir, 'small.csv'), `indicator,area,period,value,suppressed,source\nchild-protection,${FIFE},2025-07-31,4,no,Board\n`);
		const c = keep(['import', 'observations', 'small.csv', '--db', db], { cwd: dir });
		assert.equal(c.status, 1);
		assert.deepEqual(c.stderr.trim().split('\n'), [`small.csv:2:39: value '4': ${smallMsg}`, 'keep import: small.csv: 1 problem; nothing was imported']);
		assert.equal(auditCount(), before);
		assert.equal((await get(`/api/v1/observations/child-protection/${FIFE}/2025-07-31`)).status, 404);
		// Recorded as suppressed, it is kept and shown as suppressed.
		const s = await send(as.board, '/observations/new', { indicator: 'child-protection', area: FIFE, period: '2025-07-31', suppressed: 'yes', value: '', source: 'Board' });
		assert.equal(s.status, 303, s.body);
		const kept = await apiGet(`observations/child-protection/${FIFE}/2025-07-31`);
		assert.equal(kept.suppressed, true);
		assert.equal(kept.value, null);
		// An indicator the Board adds says whether it counts children, by form and API.
		const x = await send(as.board, '/indicators/new', { title: 'Aged 16 or 17 in secure care', unit: 'children', source: 'Board', frequency: 'annual', foundation: 'care', counts_children: 'yes' });
		assert.equal(x.status, 303, x.body);
		assert.equal((await apiGet('indicators/aged-16-or-17-in-secure-care')).counts_children, true);
		const orkney = await api('POST', '/api/v1/observations', { indicator: 'aged-16-or-17-in-secure-care', area: 'S12000023', period: '2024-07-31', value: 2, source: 'Board' });
		assert.equal(orkney.status, 422);
		assert.deepEqual(orkney.json.error.fields, { value: smallMsg });
		const y = await api('POST', '/api/v1/indicators', { title: 'Secure care places', unit: 'places', source: 'SG', frequency: 'annual', foundation: 'care', counts_children: 'yes' });
		assert.equal(y.status, 400);
		assert.equal(y.json.error.message, "field 'counts_children' must be true or false");
	});

	test('implausible figures and targets are refused with what is allowed, by form, API and CSV', async () => {
		const x = await api('POST', '/api/v1/indicators', { title: 'Care leavers in work', unit: 'per cent', source: 'SG', frequency: 'annual', foundation: 'care' });
		assert.equal(x.status, 201);
		const share = x.json.data.id;
		const before = auditCount();
		const f = await send(as.staff, '/observations/new', { indicator: 'child-protection', area: SCOTLAND, period: '2031-07-31', value: '-5', source: 'SG' });
		assert.equal(f.status, 400);
		assert.match(f.body, /<p class="error-message" id="period-error">A figure counts to a day that has passed: enter a date up to today \(31 December 2028\)\.<\/p>/);
		assert.match(f.body, /<p class="error-message" id="value-error">A count of children cannot be below 0\.<\/p>/);
		const a = await api('POST', '/api/v1/observations', { indicator: share, area: SCOTLAND, period: '1899-07-31', value: 101, source: 'SG' });
		assert.equal(a.status, 422);
		assert.deepEqual(a.json.error.fields, { period: 'Enter a date from 1 January 1900 on.', value: 'A share is a per cent, from 0 to 100.' });
		const dir = tempDir();
		writeFileSync(path.join(dir, 'odd.csv'), `indicator,area,period,value,suppressed,source\nchild-protection,${SCOTLAND},2031-07-31,-5,no,SG\n`);
		const c = keep(['import', 'observations', 'odd.csv', '--db', db], { cwd: dir });
		assert.deepEqual(c.stderr.trim().split('\n'), [
			"odd.csv:2:28: period '2031-07-31': A figure counts to a day that has passed: enter a date up to today (31 December 2028).",
			"odd.csv:2:39: value '-5': A count of children cannot be below 0.",
			'keep import: odd.csv: 2 problems; nothing was imported',
		]);
		const t = await send(as.board, '/targets/new', { indicator: 'child-protection', area: FIFE, baseline: '1200', baseline_at: '2024-07-31', value: '1300', due: '2030-07-31', better: 'lower' });
		assert.equal(t.status, 400);
		assert.match(t.body, /<p class="error-message" id="value-error">A lower figure is better, so the target must be below the baseline \(1200\), or equal to it\.<\/p>/);
		const ta = await api('POST', '/api/v1/targets', { indicator: 'measure-continuing-care-share', area: SCOTLAND, baseline: 40, baseline_at: '2024-07-31', value: 30, due: '2030-07-31', better: 'higher' });
		assert.equal(ta.status, 422);
		assert.deepEqual(ta.json.error.fields, { value: 'A higher figure is better, so the target must be above the baseline (40), or equal to it.' });
		assert.equal(auditCount(), before);
	});

	test("a figure published by keep's measures cannot be typed over, by form, API or CSV, nor deleted by hand", async () => {
		// A computed indicator and its figure, as `keep measures --publish` leaves them.
		const dir = tempDir();
		const sql = "INSERT INTO indicator(slug, title, unit, source, frequency, counts_children, computed) VALUES "
			+ "('measure-secure-16-17', 'Aged 16 or 17 in secure care', 'children', 'keep measures', 'annual', 1, 1); "
			+ "INSERT INTO observation(indicator_id, area, period, value, suppressed, source) SELECT id, 'S12000023', "
			+ "'2024-07-31', 7, 0, 'keep measures (import S12000023/2024)' FROM indicator WHERE slug = 'measure-secure-16-17';";
		const sq = spawnSync('sqlite3', [db, sql], { encoding: 'utf8' });
		assert.equal(sq.status, 0, sq.stderr);
		const before = auditCount();
		// The form offers only the indicators whose figures are typed in, and says why.
		const form = (await get('/observations/new', as.board)).body;
		assert.ok(!form.includes('value="measure-secure-16-17"'), 'a computed indicator is not offered');
		assert.ok(form.includes('<option value="child-protection">'), 'a typed one is');
		assert.match(form, /not typed in here, so those indicators are not listed: they come from importing the records and publishing the year's measures/);
		const msg = "The figures of 'Aged 16 or 17 in secure care' are worked out by keep from the councils' care records and published with keep measures --publish; they cannot be typed in. The figure for this area and date came from keep measures (import S12000023/2024).";
		const f = await send(as.board, '/observations/new', { indicator: 'measure-secure-16-17', area: 'S12000023', period: '2024-07-31', value: '9', source: 'Board' });
		assert.equal(f.status, 400);
		assert.ok(f.body.includes(`<p class="error-message" id="indicator-error">${msg.replaceAll("'", '&#39;')}</p>`), f.body);
		const a = await api('POST', '/api/v1/observations', { indicator: 'measure-secure-16-17', area: 'S12000023', period: '2024-07-31', value: 9, source: 'Board' });
		assert.equal(a.status, 422);
		assert.deepEqual(a.json.error.fields, { indicator: msg });
		writeFileSync(path.join(dir, 'over.csv'), 'indicator,area,period,value,suppressed,source\nmeasure-secure-16-17,S12000023,2024-07-31,9,no,Board\n');
		const c = keep(['import', 'observations', 'over.csv', '--db', db], { cwd: dir });
		assert.deepEqual(c.stderr.trim().split('\n'), [`over.csv:2:1: indicator 'measure-secure-16-17': ${msg}`, 'keep import: over.csv: 1 problem; nothing was imported']);
		const d = await api('DELETE', '/api/v1/observations/measure-secure-16-17/S12000023/2024-07-31');
		assert.equal(d.status, 409);
		assert.match(d.json.error.message, /cannot be deleted by hand/);
		assert.equal((await apiGet('observations/measure-secure-16-17/S12000023/2024-07-31')).value, 7);
		assert.equal(auditCount(), before);
	});

	test('a wrong figure is deleted on the web by those who record figures, with a confirmation page, audited', async () => {
		const id = 'child-protection/S12000041/2024-07-31';
		const r = await send(as.staff, '/observations/new', { indicator: 'child-protection', area: 'S12000041', period: '2024-07-31', value: '11845', source: 'typo' });
		assert.equal(r.status, 303, r.body);
		const list = await get('/indicators', as.staff);
		assert.ok(list.body.includes(`<a href="/observations/${id}/delete">Delete<span class="visually-hidden"> the figure for Angus on 31 July 2024</span></a>`));
		assert.ok(!(await get('/indicators')).body.includes(`/observations/${id}/delete`));
		const confirm = await get(`/observations/${id}/delete`, as.staff);
		assert.equal(confirm.status, 200);
		assert.match(confirm.body, /Children on the child protection register on 31 July \(demo figures\), Angus, 31 July 2024: 11845 \(typo\)\./);
		assert.match(confirm.body, /Yes, delete this figure/);
		const d = await send(as.staff, `/observations/${id}/delete`, {});
		assert.equal(d.status, 303);
		assert.equal(d.headers.location, '/indicators#child-protection');
		assert.equal((await get(`/api/v1/observations/${id}`)).status, 404);
		const del = audit('observation').filter((a) => a.entity_id === id).at(-1);
		assert.equal(del.verb, 'delete');
		assert.equal(del.actor, 'staff@ow.test');
		assert.equal(del.before.value, 11845);
		assert.equal((await send(as.staff, `/observations/${id}/delete`, {})).status, 404);
	});

	test('every figure a person may delete is reachable: the indicator lists all its figures, each with a Delete link', async () => {
		// An older figure for Angus: /indicators shows only the latest of each area.
		const older = 'child-protection/S12000041/2023-07-31';
		for (const [period, value] of [['2023-07-31', '11000'], ['2024-07-31', '11100']]) {
			const r = await send(as.staff, '/observations/new', { indicator: 'child-protection', area: 'S12000041', period, value, source: 'typo' });
			assert.equal(r.status, 303, r.body);
		}
		const list = (await get('/indicators', as.staff)).body;
		assert.ok(!list.includes(`/observations/${older}/delete`), 'the older figure is not on /indicators');
		assert.match(list, /<a href="\/indicators\/child-protection\/figures">Every figure<span class="visually-hidden"> of Children on the child protection register on 31 July \(demo figures\)<\/span>, \d+ in all<\/a>/);
		const page = await get('/indicators/child-protection/figures', as.staff);
		assert.equal(page.status, 200);
		assert.ok(page.body.includes(`<a href="/observations/${older}/delete">Delete<span class="visually-hidden"> the figure for Angus on 31 July 2023</span></a>`));
		assert.ok(page.body.includes('/observations/child-protection/S12000041/2024-07-31/delete'));
		const links = [...page.body.matchAll(/href="\/observations\/child-protection\/[^"]+\/delete"/g)].length;
		const all = (await apiGet('observations?limit=500')).filter((o) => o.indicator === 'child-protection');
		assert.equal(links, all.length, 'a Delete link for every figure of the indicator');
		// The public sees the figures, without Delete links; a computed indicator's have none.
		const anon = await get('/indicators/child-protection/figures');
		assert.equal(anon.status, 200);
		assert.match(anon.body, /31 July 2023/);
		assert.ok(!anon.body.includes('/delete'));
		assert.equal((await get('/indicators/no-such-indicator/figures')).status, 404);
		assert.equal((await send(as.staff, `/observations/${older}/delete`, {})).status, 303);
		assert.ok(!(await get('/indicators/child-protection/figures', as.staff)).body.includes(older));
	});

	test('the /imports form imports figures through the same engine, with the same messages', async () => {
		const upload = async (text) => {
			const form = new FormData();
			form.append('csrf', as.staff.csrf);
			form.append('kind', 'observations');
			form.append('file', new Blob([text], { type: 'text/csv' }), 'figures.csv');
			const r = await fetch(url('/imports'), { method: 'POST', body: form, redirect: 'manual', headers: { Cookie: as.staff.cookie } });
			return { status: r.status, body: await r.text() };
		};
		const page = await get('/imports', as.staff);
		assert.match(page.body, /<option value="observations">Figures of the Oversight Board&#39;s indicators \(observations\)<\/option>/);
		const before = auditCount();
		const bad = await upload(`indicator,area,period,value,source\nchild-protection,${SCOTLAND},2028-07-31,lots,SG\n`);
		assert.equal(bad.status, 400);
		assert.match(bad.body, /<li>figures\.csv:2:39: value &#39;lots&#39;: Enter a number, like 12 or 12\.5\.<\/li>/);
		assert.equal(auditCount(), before);
		const ok = await upload(`indicator,area,period,value,source\nchild-protection,${SCOTLAND},2028-07-31,11000,SG\n`);
		assert.equal(ok.status, 200);
		assert.match(ok.body, /Imported figures\.csv: 1 row; 1 new, 0 changed, 0 unchanged\./);
		assert.equal((await apiGet(`observations/child-protection/${SCOTLAND}/2028-07-31`)).value, 11000);
	});
});
