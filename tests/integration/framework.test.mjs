// The Promise Progress Framework: the vision statements, outcomes and
// indicators that public sources state are loaded with their sources; an indicator's
// outcome, core or contextual and process or outcome are kept through the form (a wrong
// one comes back with a message by the field, nothing saved) and the API (a 422 naming
// the field); the framework is read through the API and `keep export`; /review/vision
// reads the targets by vision statement without JavaScript.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';

import { ROOT, demoDb, keep, postForm, request, signIn, startServer } from './helpers.mjs';

const PASSWORD = 'correct horse battery staple 7';
const framework = JSON.parse(readFileSync(path.join(ROOT, 'data/progress-framework.json'), 'utf8'));
const statements = framework.vision_statements;
const outcomes = statements.flatMap((v) => v.outcomes.map((o) => ({ ...o, vision: v.slug })));
const indicators = outcomes.flatMap((o) => o.indicators.map((i) => ({ ...i, outcome: o.slug })));

describe('the Promise Progress Framework', () => {
	let server;
	let db;
	const as = {};
	let token;
	const url = (p) => `${server.url}${p}`;
	const get = (p, who) => request(url(p), { headers: who ? { Cookie: who.cookie } : {} });
	const send = (who, p, fields) => postForm(url(p), { csrf: who.csrf, ...fields }, who.cookie);
	const auditCount = () => JSON.parse(keep(['audit', '--db', db, '--format', 'json']).stdout).length;
	const api = async (method, p, body) => {
		const r = await fetch(url(p), {
			method,
			headers: { Authorization: `Bearer ${token}`, ...(body ? { 'Content-Type': 'application/json' } : {}) },
			body: body ? JSON.stringify(body) : undefined,
		});
		const text = await r.text();
		return { status: r.status, json: text ? JSON.parse(text) : null };
	};
	const all = async (resource) => JSON.parse((await get(`/api/v1/${resource}?limit=500`)).body).data;

	before(async () => {
		db = demoDb();
		const r = keep(['user', 'add', 'board@pf.test', '--role', 'board', '--db', db], { input: `${PASSWORD}\n` });
		assert.equal(r.status, 0, r.stderr);
		server = await startServer(db);
		as.board = await signIn(server.url, 'board@pf.test', PASSWORD);
		const s = await fetch(url('/api/v1/session'), {
			method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ email: 'board@pf.test', password: PASSWORD }),
		});
		token = (await s.json()).data.token;
	});
	after(async () => {
		const r = await server?.stop();
		if (r) assert.equal(r.code, 0, r.stderr);
	});

	test('every vision statement, outcome and indicator of data/progress-framework.json is loaded with its source', async () => {
		assert.equal(statements.length, 10);
		const vs = await all('vision-statements');
		assert.deepEqual(vs.map((v) => v.id).sort(), statements.map((v) => v.slug).sort());
		for (const v of statements) {
			const got = vs.find((x) => x.id === v.slug);
			assert.equal(got.position, v.position);
			assert.equal(got.title, v.title);
			assert.equal(got.source, v.source);
			assert.equal(got.source_date, v.source_date);
			assert.deepEqual(got.outcomes, v.outcomes.map((o) => o.slug));
			assert.match(v.source, /^https:\/\//);
		}
		const vo = await all('vision-outcomes');
		assert.equal(vo.length, outcomes.length);
		for (const o of outcomes) {
			const got = vo.find((x) => x.id === o.slug);
			assert.equal(got.vision_statement, o.vision);
			assert.equal(got.text, o.text);
			assert.equal(got.source, o.source);
			assert.equal(got.source_date, o.source_date);
		}
		for (const i of indicators) {
			const got = JSON.parse((await get(`/api/v1/indicators/${i.slug}`)).body).data;
			assert.equal(got.title, i.title);
			assert.equal(got.outcome, i.outcome);
			assert.equal(got.level, i.level);
			assert.equal(got.kind, i.kind);
			assert.equal(got.source, i.data_source);
			assert.equal(got.frequency, i.frequency);
			assert.equal(got.framework_source, i.source);
			assert.equal(got.framework_source_date, i.source_date);
		}
		// The demo's indicators serve the outcomes their sources support; the siblings one none.
		const restraint = JSON.parse((await get('/api/v1/indicators/measure-restraint-rate')).body).data;
		assert.equal(restraint.outcome, 'fewer-children-restrained');
		assert.equal(restraint.vision_statement, 'physical-restraint');
		const siblings = JSON.parse((await get('/api/v1/indicators/measure-siblings-all-share')).body).data;
		assert.equal(siblings.outcome, null);
	});

	test('keep export writes the vision statements and outcomes', () => {
		const out = (table) => {
			const r = keep(['export', table, '--db', db, '--format', 'json']);
			assert.equal(r.status, 0, r.stderr);
			return JSON.parse(r.stdout);
		};
		const vs = out('vision-statements');
		assert.equal(vs.length, 10);
		assert.equal(vs.find((v) => v.id === 'care-experienced-adults').name, null);
		assert.equal(out('vision-outcomes').length, outcomes.length);
	});

	test('the indicator form offers the outcomes by vision statement, and a wrong choice comes back with a message by the field; nothing is saved', async () => {
		const form = await get('/indicators/new', as.board);
		assert.equal(form.status, 200);
		assert.match(form.body, /<optgroup label="Vision statement 9: Aftercare">\n<option value="more-young-people-receive-support">The number of young care experienced people receiving support increases\.<\/option>/);
		assert.match(form.body, /<select id="level" name="level"/);
		assert.match(form.body, /<option value="contextual">Contextual indicator<\/option>/);
		assert.match(form.body, /<option value="process">Process indicator: a short-term milestone<\/option>/);
		const before = auditCount();
		const r = await send(as.board, '/indicators/new', {
			title: 'Care leavers in touch', unit: '%', source: 'SG', frequency: 'annual', foundation: '', vision: '',
			outcome: 'no-such-outcome', level: 'central', kind: 'output',
		});
		assert.equal(r.status, 400);
		assert.match(r.body, /<a href="#outcome">Choose one of the outcomes listed, or none\.<\/a>/);
		assert.match(r.body, /<p class="error-message" id="level-error">Choose core or contextual, or leave it as not known\.<\/p>/);
		assert.match(r.body, /<p class="error-message" id="kind-error">Choose process or outcome, or leave it as not known\.<\/p>/);
		assert.match(r.body, /<input id="title" name="title" type="text" value="Care leavers in touch"/);
		assert.equal(auditCount(), before);
	});

	test('an indicator linked to an outcome through the form is saved, audited and read by vision statement', async () => {
		const r = await send(as.board, '/indicators/new', {
			title: 'Care leavers in touch', unit: '%', source: 'SG', frequency: 'annual', foundation: '', vision: '',
			outcome: 'more-young-people-receive-support', level: 'contextual', kind: 'outcome',
		});
		assert.equal(r.status, 303, r.body);
		const x = JSON.parse((await get('/api/v1/indicators/care-leavers-in-touch')).body).data;
		assert.equal(x.outcome, 'more-young-people-receive-support');
		assert.equal(x.level, 'contextual');
		assert.equal(x.kind, 'outcome');
		const audit = JSON.parse(keep(['audit', '--db', db, '--entity', 'indicator', '--format', 'json']).stdout);
		assert.equal(audit.at(-1).after.outcome, 'more-young-people-receive-support');
		const edit = await get('/indicators/care-leavers-in-touch/edit', as.board);
		assert.match(edit.body, /<option value="more-young-people-receive-support" selected>/);
		assert.match(edit.body, /<option value="contextual" selected>Contextual indicator<\/option>/);
		const page = (await get('/review/vision')).body;
		const aftercare = page.slice(page.indexOf('<h2 id="aftercare">'), page.indexOf('<h2 id="care-experienced-adults">'));
		assert.match(aftercare, /<a href="\/indicators#care-leavers-in-touch">Care leavers in touch<\/a>/);
		assert.match(aftercare, /<dt>Core or contextual<\/dt><dd>Contextual indicator<\/dd>/);
		assert.match(aftercare, /<dt>Process or outcome<\/dt><dd>Outcome indicator: a longer-term impact<\/dd>/);
	});

	test('the API takes outcome, level and kind, with a 422 naming each wrong field, and null makes them not known', async () => {
		const bad = await api('PATCH', '/api/v1/indicators/child-protection', { outcome: 'nope', level: 'main', kind: 'input' });
		assert.equal(bad.status, 422);
		assert.deepEqual(Object.keys(bad.json.error.fields).sort(), ['kind', 'level', 'outcome']);
		assert.equal(bad.json.error.fields.outcome, 'Choose one of the outcomes listed, or none.');
		const ok = await api('PATCH', '/api/v1/indicators/child-protection', { level: 'contextual', kind: 'process' });
		assert.equal(ok.status, 200, JSON.stringify(ok.json));
		assert.equal(ok.json.data.outcome, 'universal-support-for-all-families');
		assert.equal(ok.json.data.level, 'contextual');
		assert.equal(ok.json.data.kind, 'process');
		const cleared = await api('PATCH', '/api/v1/indicators/child-protection', { outcome: null, level: null, kind: null });
		assert.equal(cleared.status, 200, JSON.stringify(cleared.json));
		assert.equal(cleared.json.data.outcome, null);
		assert.equal(cleared.json.data.level, null);
		const made = await api('POST', '/api/v1/indicators', {
			title: 'Children in secure care on a day', unit: 'children', source: 'SG', frequency: 'annual',
			outcome: 'children-entering-care-decreases', level: 'core',
		});
		assert.equal(made.status, 201, JSON.stringify(made.json));
		assert.equal(made.json.data.vision_statement, 'supporting-children-to-stay-with-their-families');
		// A loaded indicator with no source or frequency stated must get them before it is changed.
		const loaded = await api('PATCH', '/api/v1/indicators/school-attendance-with-care-experience', { kind: 'outcome' });
		assert.equal(loaded.status, 422);
		assert.deepEqual(Object.keys(loaded.json.error.fields).sort(), ['frequency', 'source']);
	});

	test('/indicators shows an indicator\'s place in the framework, and says what no source states yet', async () => {
		const r = (await get('/indicators')).body;
		const section = (id) => r.slice(r.indexOf(`<h2 id="${id}">`), r.indexOf('</section>', r.indexOf(`<h2 id="${id}">`)));
		const care = section('children-in-the-care-system');
		assert.match(care, /<dt>Promise Progress Framework<\/dt><dd><a href="\/review\/vision#supporting-children-to-stay-with-their-families">Vision statement 1: Supporting children to stay with their families<\/a>; outcome: The rate of children entering care decreases\./);
		assert.match(care, /<dt>Core or contextual<\/dt><dd>Core indicator<\/dd>\n<dt>Process or outcome<\/dt><dd>Not yet recorded<\/dd>/);
		assert.match(care, /<dt>Listed in the framework by<\/dt><dd><a href="https:\/\/gov\.scot\/publications\/promise-story-progress-scotland-doing-progress-towards-keeping-promise\/pages\/8">[^<]+<\/a>, 18 December 2024<\/dd>/);
		const attendance = section('school-attendance-with-care-experience');
		assert.match(attendance, /<dt>Published<\/dt><dd>Not yet recorded<\/dd>\n<dt>Source<\/dt><dd>Not yet recorded<\/dd>/);
		// An indicator with no place in the framework shows none.
		assert.doesNotMatch(section('measure-siblings-all-share'), /Core or contextual|Promise Progress Framework/);
	});

	test('/review/vision shows each statement with its source, its outcomes, their indicators and their targets with their pace, without JavaScript', async () => {
		const r = await get('/review/vision');
		assert.equal(r.status, 200);
		assert.doesNotMatch(r.body, /<script/);
		for (const v of statements) {
			assert.ok(r.body.includes(`<h2 id="${v.slug}">Vision statement ${v.position}`), v.slug);
			assert.ok(r.body.includes(`<a href="${v.source}">`), v.source);
		}
		assert.match(r.body, /<h3 id="outcome-fewer-children-restrained">Outcome 1: The number of children and young people experiencing restraint decreases\.<\/h3>/);
		// A statement with no outcome recorded says so.
		const justice = r.body.slice(r.body.indexOf('<h2 id="justice">'), r.body.indexOf('<h2 id="aftercare">'));
		assert.match(justice, /No outcome of this vision statement is recorded yet\./);
		// A target under its indicator, its status in words.
		assert.match(r.body, /<li><a href="\/review#demo-looked-after-scotland">Scotland<\/a>: <span class="status status-[a-z-]+"><span class="visually-hidden">Status: <\/span>[A-Z][a-z ]+<\/span>\. From 12203 children on 31 July 2021 to 12000 children by 31 July 2030\./);
		// The siblings indicator serves no outcome: listed last, in its own words.
		const unlinked = r.body.slice(r.body.indexOf('<h2 id="not-linked">'));
		assert.match(unlinked, /<a href="\/indicators#measure-siblings-all-share">/);
		assert.match(unlinked, /<dt>Vision statement, in its own words<\/dt><dd>Brothers and sisters<\/dd>/);
		assert.match((await get('/review')).body, /<a href="\/review\/vision">by vision statement<\/a>/);
	});
	test('keep import framework loads it into a database made before it shipped, once, audited', () => {
		const fw = JSON.parse(readFileSync(path.join(ROOT, 'data', 'progress-framework.json'), 'utf8'));
		const outcomes = fw.vision_statements.flatMap((v) => v.outcomes ?? []);
		const indicators = outcomes.flatMap((o) => o.indicators ?? []);
		// A database as an earlier keep made it: no framework, none of its indicators.
		const old = demoDb();
		const slugs = indicators.map((x) => `'${x.slug}'`).join(', ');
		const del = spawnSync('sqlite3', [old, `DELETE FROM indicator_framework; DELETE FROM vision_outcome; DELETE FROM vision_statement;
			DELETE FROM indicator WHERE slug IN (${slugs});`], { encoding: 'utf8' });
		assert.equal(del.status, 0, del.stderr);
		const audits = () => JSON.parse(keep(['audit', '--db', old, '--format', 'json']).stdout);
		const before = audits().length;
		assert.equal(keep(['import', 'framework', 'x.json', '--db', old]).status, 2);
		const r = keep(['import', 'framework', '--db', old]);
		assert.equal(r.status, 0, r.stderr);
		assert.equal(r.stdout, `The Promise Progress Framework: ${fw.vision_statements.length} vision statements, ${outcomes.length} outcomes, ${indicators.length} indicators loaded.\n`);
		const got = JSON.parse(keep(['export', 'vision-statements', '--db', old, '--format', 'json']).stdout);
		assert.deepEqual(got.map((v) => v.title).sort(), fw.vision_statements.map((v) => v.title).sort());
		const log = audits();
		assert.equal(log.length, before + 1);
		assert.equal(log.at(-1).entity, 'framework');
		assert.equal(log.at(-1).after.indicators, indicators.length);
		// Once there, it is not loaded twice.
		const again = keep(['import', 'framework', '--db', old]);
		assert.equal(again.status, 1);
		assert.match(again.stderr, /already holds the Promise Progress Framework \(\d+ vision statements\): nothing was loaded/);
		assert.equal(audits().length, before + 1);
	});
});
