// The forms added with the API writes (src/web/forms.c): adding an organisation, the
// lead roles of an action, a dated update of a commitment, and deleting a commitment.
// For each: who sees the link and the form (anonymous people are sent to sign in, others
// without the right get a 403), the CSRF check, a wrong form shown again (400) with the
// input kept and a message beside each wrong field, and a right one saved with its audit
// record.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { after, before, describe, test } from 'node:test';

import { demoDb, keep, postForm, request, signIn, startServer } from './helpers.mjs';

const PASSWORD = 'correct horse battery staple 7';
const ORG = 'scottish-government';

let server;
let db;
const who = {};

function sqlite(sql) {
	const r = spawnSync('sqlite3', ['-readonly', db, sql], { encoding: 'utf8' });
	if (r.error) throw new Error(`sqlite3: ${r.error.message} (scripts/setup test installs it)`);
	assert.equal(r.status, 0, r.stderr);
	return r.stdout.trim();
}
const auditCount = () => sqlite('SELECT count(*) FROM audit');
function audit(entity, id) {
	const r = keep(['audit', '--db', db, '--format', 'json', '--entity', entity, '--id', id]);
	assert.equal(r.status, 0, r.stderr);
	return JSON.parse(r.stdout);
}
const get = (path, w) => request(server.url + path, { headers: w ? { Cookie: w.cookie } : {} });
const post = (path, fields, w) => postForm(server.url + path, w ? { csrf: w.csrf, ...fields } : fields, w?.cookie);

// The message shown beside field id (in the <div class="field"> that holds it).
function messageBeside(body, id) {
	const field = body.split('<div class="field">').slice(1).find((p) => p.includes(`for="${id}"`));
	assert.ok(field, `a field for #${id}`);
	const m = /<p class="error-message" id="[^"]+-error">([^<]*)<\/p>/.exec(field.slice(0, field.indexOf('</div>')));
	return m ? m[1].replaceAll('&#39;', "'") : null;
}

let commitments;
before(async () => {
	db = demoDb();
	const accounts = [
		['staff', 'staff@keep.test', 'staff'],
		['editor', 'editor@sg.test', 'editor', ORG],
		['other', 'editor@cosla.test', 'editor', 'cosla'],
		['viewer', 'viewer@keep.test', 'viewer'],
	];
	for (const [, email, role, org] of accounts) {
		const r = keep(['user', 'add', email, '--role', role, '--db', db, ...(org ? ['--organisation', org] : [])],
			{ input: `${PASSWORD}\n${PASSWORD}\n` });
		assert.equal(r.status, 0, r.stderr);
	}
	commitments = JSON.parse(keep(['export', 'commitments', '--db', db, '--format', 'json']).stdout)
		.filter((c) => c.organisation === ORG).map((c) => c.id);
	server = await startServer(db);
	for (const [name, email] of accounts) who[name] = await signIn(server.url, email, PASSWORD);
});
after(async () => {
	await server?.stop();
});

describe('adding an organisation', () => {
	test('the link and the form are for staff; anonymous people sign in first; others get 403', async () => {
		assert.match((await get('/organisations', who.staff)).body, /<a href="\/organisations\/new">Add an organisation<\/a>/);
		for (const w of [who.editor, who.viewer, undefined]) {
			assert.doesNotMatch((await get('/organisations', w)).body, /Add an organisation/);
		}
		const anon = await get('/organisations/new');
		assert.equal(anon.status, 303);
		assert.equal(anon.headers.location, '/login?next=/organisations/new');
		for (const w of [who.editor, who.viewer]) {
			const r = await get('/organisations/new', w);
			assert.equal(r.status, 403);
			assert.match(r.body, /Only The Promise Scotland&#39;s staff add organisations\./);
			assert.equal((await post('/organisations/new', { name: 'Sneaky' }, w)).status, 403);
		}
		const form = await get('/organisations/new', who.staff);
		assert.equal(form.status, 200);
		assert.equal(form.headers['cache-control'], 'no-store');
		assert.match(form.body, /<h1>Add an organisation<\/h1>/);
		assert.match(form.body, /<form class="form" method="post" action="\/organisations\/new"/);
	});

	test('without its CSRF token nothing is saved (403)', async () => {
		const before = auditCount();
		const r = await postForm(`${server.url}/organisations/new`, { name: 'No Token Trust' }, who.staff.cookie);
		assert.equal(r.status, 403);
		assert.equal(auditCount(), before);
		assert.equal(sqlite("SELECT count(*) FROM organisation WHERE name = 'No Token Trust'"), '0');
	});

	test('a wrong form comes back (400) with the input kept and a message beside each field', async () => {
		const before = auditCount();
		const r = await post('/organisations/new', { name: '', sector: 'charity', scale: 'local', council_area: 'S99' }, who.staff);
		assert.equal(r.status, 400);
		assert.equal(messageBeside(r.body, 'name'), "Enter the organisation's name.");
		assert.equal(messageBeside(r.body, 'sector'), 'Choose one of the sectors listed.');
		assert.equal(messageBeside(r.body, 'scale'), null);
		assert.equal(messageBeside(r.body, 'council_area'), 'Choose one of the council areas listed.');
		assert.match(r.body, /<option value="local" selected>/);
		assert.match(r.body, /<title>Error: add an organisation/);
		assert.equal(auditCount(), before);
	});

	test('a right one is saved, audited, and shown on its page', async () => {
		const r = await post('/organisations/new', { name: 'Angus <Care> Trust', sector: 'third', scale: 'local', council_area: 'S12000041' }, who.staff);
		assert.equal(r.status, 303, r.body);
		assert.equal(r.headers.location, '/organisations/angus-care-trust');
		const page = await get('/organisations/angus-care-trust');
		assert.equal(page.status, 200);
		assert.match(page.body, /Angus &lt;Care&gt; Trust/);
		const [rec] = audit('organisation', 'angus-care-trust');
		assert.equal(rec.verb, 'create');
		assert.equal(rec.actor, 'staff@keep.test');
		assert.equal(rec.after.name, 'Angus <Care> Trust');
	});
});

describe('lead roles of an action', () => {
	const action = 'planning';

	test('the link and the page are for staff', async () => {
		assert.match((await get(`/actions/${action}`, who.staff)).body, /href="\/actions\/planning\/leads">Change the lead roles/);
		assert.doesNotMatch((await get(`/actions/${action}`, who.editor)).body, /Change the lead roles/);
		assert.doesNotMatch((await get(`/actions/${action}`)).body, /Change the lead roles/);
		assert.equal((await get(`/actions/${action}/leads`)).status, 303);
		assert.equal((await get(`/actions/${action}/leads`, who.editor)).status, 403);
		assert.equal((await post(`/actions/${action}/leads`, { organisation: ORG, role: 'lead' }, who.editor)).status, 403);
		assert.equal((await get('/actions/no-such-action/leads', who.staff)).status, 404);
		const r = await get(`/actions/${action}/leads`, who.staff);
		assert.equal(r.status, 200);
		assert.match(r.body, /<h1>Lead roles on /);
	});

	test('a wrong form is 400 with messages beside the fields; a right one adds the role; a second is refused', async () => {
		const bad = await post(`/actions/${action}/leads`, { organisation: '', role: 'boss' }, who.staff);
		assert.equal(bad.status, 400);
		assert.equal(messageBeside(bad.body, 'organisation'), 'Choose an organisation.');
		assert.equal(messageBeside(bad.body, 'role'), 'Choose lead or key role.');
		const ok = await post(`/actions/${action}/leads`, { organisation: 'angus-care-trust', role: 'key' }, who.staff);
		assert.equal(ok.status, 303);
		assert.equal(ok.headers.location, `/actions/${action}/leads`);
		assert.equal(sqlite(`SELECT role FROM lead JOIN organisation o ON o.id = organisation_id WHERE o.slug = 'angus-care-trust'`), 'key');
		const again = await post(`/actions/${action}/leads`, { organisation: 'angus-care-trust', role: 'lead' }, who.staff);
		assert.equal(again.status, 400);
		assert.equal(messageBeside(again.body, 'organisation'),
			'This organisation already has a role on this action: remove it first to give another.');
		assert.match(again.body, /<option value="angus-care-trust" selected>/, 'the choice is kept');
		const page = await get(`/actions/${action}`);
		assert.match(page.body, /Angus &lt;Care&gt; Trust<\/a>: Key role/);
	});

	test('the remove button removes it (audited); without the CSRF token nothing changes', async () => {
		const path = `/actions/${action}/leads/angus-care-trust/remove`;
		assert.equal((await postForm(server.url + path, {}, who.staff.cookie)).status, 403);
		assert.equal((await post(path, {}, who.editor)).status, 403);
		assert.equal(sqlite(`SELECT count(*) FROM lead JOIN organisation o ON o.id = organisation_id WHERE o.slug = 'angus-care-trust'`), '1');
		const r = await post(path, {}, who.staff);
		assert.equal(r.status, 303);
		assert.equal(sqlite(`SELECT count(*) FROM lead JOIN organisation o ON o.id = organisation_id WHERE o.slug = 'angus-care-trust'`), '0');
		assert.deepEqual(audit('lead', `${action}/angus-care-trust`).map((x) => x.verb), ['create', 'delete']);
		assert.equal((await post(path, {}, who.staff)).status, 404);
	});
});

describe("a commitment's timeline and deleting a commitment", () => {
	test('the links and forms are for those who may edit it', async () => {
		const c = commitments[0];
		const mine = (await get(`/commitments/${c}`, who.editor)).body;
		assert.match(mine, new RegExp(`href="/commitments/${c}/updates">Add an update to the timeline`));
		assert.match(mine, new RegExp(`href="/commitments/${c}/delete">Delete this commitment`));
		for (const w of [who.other, who.viewer, undefined]) {
			const page = (await get(`/commitments/${c}`, w)).body;
			assert.doesNotMatch(page, /Add an update to the timeline|Delete this commitment/);
		}
		for (const path of [`/commitments/${c}/updates`, `/commitments/${c}/delete`]) {
			assert.equal((await get(path)).status, 303);
			assert.equal((await get(path, who.other)).status, 403);
			assert.equal((await post(path, { text: 'x' }, who.other)).status, 403);
			assert.equal((await get(path, who.editor)).status, 200);
		}
	});

	test('a wrong update is 400 with the input kept; a right one joins the timeline and sets the status', async () => {
		const c = commitments[1];
		const before = auditCount();
		const bad = await post(`/commitments/${c}/updates`, { date: '2999-01-01', status: 'soon', text: 'Kept <b>text</b>' }, who.editor);
		assert.equal(bad.status, 400);
		assert.equal(messageBeside(bad.body, 'date'), 'The date cannot be in the future.');
		assert.equal(messageBeside(bad.body, 'status'), 'Choose one of the statuses listed.');
		assert.match(bad.body, /value="2999-01-01"/);
		assert.match(bad.body, />Kept &lt;b&gt;text&lt;\/b&gt;<\/textarea>/);
		const empty = await post(`/commitments/${c}/updates`, { date: '', status: '', text: '' }, who.editor);
		assert.equal(empty.status, 400);
		assert.equal(messageBeside(empty.body, 'text'), 'Write what has happened, or choose a status.');
		assert.equal(auditCount(), before);
		assert.equal((await postForm(`${server.url}/commitments/${c}/updates`, { text: 'x' }, who.editor.cookie)).status, 403);
		const ok = await post(`/commitments/${c}/updates`, { date: '2026-02-03', status: 'dropped', text: 'Stopped in February' }, who.editor);
		assert.equal(ok.status, 303);
		assert.equal(ok.headers.location, `/commitments/${c}`);
		const page = (await get(`/commitments/${c}`)).body;
		assert.match(page, /<strong>3 February 2026<\/strong>: Dropped<\/p><p>Stopped in February<\/p>/);
		assert.equal(sqlite(`SELECT status FROM commitment WHERE slug = '${c}'`), 'dropped');
		assert.equal(audit('commitment_update', c).length, 1);
	});

	test('deleting asks first; the POST deletes it with its timeline, audited', async () => {
		const c = commitments[2];
		const confirm = await get(`/commitments/${c}/delete`, who.editor);
		assert.match(confirm.body, /<button type="submit">Yes, delete this commitment<\/button>/);
		assert.equal((await postForm(`${server.url}/commitments/${c}/delete`, {}, who.editor.cookie)).status, 403);
		assert.equal(sqlite(`SELECT count(*) FROM commitment WHERE slug = '${c}'`), '1');
		const r = await post(`/commitments/${c}/delete`, {}, who.editor);
		assert.equal(r.status, 303);
		assert.equal(r.headers.location, `/organisations/${ORG}`);
		assert.equal(sqlite(`SELECT count(*) FROM commitment WHERE slug = '${c}'`), '0');
		assert.equal((await get(`/commitments/${c}`)).status, 404);
		const rec = audit('commitment', c).at(-1);
		assert.equal(rec.verb, 'delete');
		assert.equal(rec.actor, 'editor@sg.test');
		assert.equal(rec.after, null);
		assert.ok(Array.isArray(rec.before.updates), 'the record before holds its timeline');
	});
});
