// Recording what has been heard on an action (issue 3: "heard notes on actions (staff
// only)"): who may, what a wrong form gets, and the audit record.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { demoDb, keep, postForm, request, signIn, startServer } from './helpers.mjs';

const PASSWORD = 'a long enough password';
describe('heard notes', () => {
	let server;
	let db;
	const sessions = {};
	before(async () => {
		db = demoDb();
		const accounts = [
			['staff@example.org', ['--role', 'staff']],
			['admin@example.org', ['--role', 'admin']],
			['board@example.org', ['--role', 'board']],
			['editor@example.org', ['--role', 'editor', '--organisation', 'cosla']],
		];
		for (const [email, args] of accounts) {
			const r = keep(['user', 'add', email, ...args, '--db', db], { input: `${PASSWORD}\n` });
			assert.equal(r.status, 0, r.stderr);
		}
		server = await startServer(db);
		for (const [email] of accounts) sessions[email] = await signIn(server.url, email, PASSWORD);
	});
	after(async () => {
		const r = await server.stop();
		assert.equal(r.code, 0, r.stderr);
	});

	const state = () => keep(['export', 'heard', '--db', db, '--format', 'json']).stdout + keep(['audit', '--db', db, '--format', 'json']).stdout;

	test('only staff and admins are offered the form and may use it', async () => {
		for (const email of ['board@example.org', 'editor@example.org']) {
			const s = sessions[email];
			const page = await request(`${server.url}/actions/planning`, { headers: { Cookie: s.cookie } });
			assert.doesNotMatch(page.body, /Record what has been heard/);
			assert.equal((await request(`${server.url}/actions/planning/heard`, { headers: { Cookie: s.cookie } })).status, 403);
			const before = state();
			const r = await postForm(`${server.url}/actions/planning/heard`, { csrf: s.csrf, text: 'Not allowed' }, s.cookie);
			assert.equal(r.status, 403);
			assert.equal(state(), before, 'a refused form changes nothing');
		}
		const anon = await request(`${server.url}/actions/planning/heard`);
		assert.equal(anon.status, 303);
		assert.equal(anon.headers.location, '/login?next=/actions/planning/heard');
		const staff = await request(`${server.url}/actions/planning`, { headers: { Cookie: sessions['staff@example.org'].cookie } });
		assert.match(staff.body, /<a href="\/actions\/planning\/heard">Record what has been heard<\/a>/);
		assert.equal((await request(`${server.url}/actions/nope/heard`, { headers: { Cookie: sessions['staff@example.org'].cookie } })).status, 404);
	});

	test('an empty note is refused with a message by the field, and nothing is saved', async () => {
		const s = sessions['staff@example.org'];
		const before = state();
		const r = await postForm(`${server.url}/actions/planning/heard`, { csrf: s.csrf, text: '   \n ' }, s.cookie);
		assert.equal(r.status, 400);
		assert.match(r.body, /<p class="error-message" id="text-error">Write what has been heard\.<\/p>/);
		assert.match(r.body, /aria-invalid="true"/);
		assert.equal(state(), before);
	});

	test('a note without the CSRF token is refused with 403', async () => {
		const s = sessions['admin@example.org'];
		const before = state();
		const r = await postForm(`${server.url}/actions/planning/heard`, { text: 'No token' }, s.cookie);
		assert.equal(r.status, 403);
		assert.equal(state(), before);
	});

	test('a note from staff is added after the others, dated today, shown escaped and audited', async () => {
		const s = sessions['staff@example.org'];
		const text = 'Families said <b>brothers and sisters</b> must stay together.';
		const r = await postForm(`${server.url}/actions/planning/heard`, { csrf: s.csrf, text }, s.cookie);
		assert.equal(r.status, 303);
		assert.equal(r.headers.location, '/actions/planning#heard');
		const notes = JSON.parse(keep(['export', 'heard', '--db', db, '--format', 'json']).stdout).filter((n) => n.action === 'planning');
		const last = notes[notes.length - 1];
		assert.equal(last.text, text);
		assert.equal(last.position, notes.length);
		assert.equal(last.id, `planning-${String(notes.length).padStart(3, '0')}`);
		assert.equal(last.at, new Date().toISOString().slice(0, 10));
		const page = await request(`${server.url}/actions/planning`);
		assert.match(page.body, /Families said &lt;b&gt;brothers and sisters&lt;\/b&gt; must stay together\./);
		const audit = JSON.parse(keep(['audit', '--db', db, '--entity', 'heard', '--id', last.id, '--format', 'json']).stdout);
		assert.equal(audit.length, 1);
		assert.equal(audit[0].actor, 'staff@example.org');
		assert.equal(audit[0].verb, 'create');
		assert.equal(audit[0].after.text, text);
		const found = await request(`${server.url}/search?q=brothers+sisters+together`);
		assert.match(found.body, /Heard note/);
		// The action page's history says so: who only to those signed in.
		const day = dateWords(last.at);
		assert.ok(historyOf(page.body).includes(`<li>Heard note added on ${day}: text Families said &lt;b&gt;brothers and sisters&lt;/b&gt; must stay together.</li>`), historyOf(page.body));
		const signedIn = await request(`${server.url}/actions/planning`, { headers: { Cookie: s.cookie } });
		assert.ok(historyOf(signedIn.body).includes(`<li>Heard note added by staff@example.org on ${day}: text Families said`), historyOf(signedIn.body));
	});

	test('lead roles given and taken away show in the action page\'s history', async () => {
		const s = sessions['staff@example.org'];
		const add = await postForm(`${server.url}/actions/youth-justice/leads`, { csrf: s.csrf, organisation: 'care-inspectorate', role: 'key' }, s.cookie);
		assert.equal(add.status, 303, add.body);
		const remove = await postForm(`${server.url}/actions/youth-justice/leads/care-inspectorate/remove`, { csrf: s.csrf }, s.cookie);
		assert.equal(remove.status, 303, remove.body);
		const day = dateWords(new Date().toISOString().slice(0, 10));
		const items = [...historyOf((await request(`${server.url}/actions/youth-justice`, { headers: { Cookie: s.cookie } })).body)
			.matchAll(/<li>([^<]*)<\/li>/g)].map((m) => m[1]);
		assert.deepEqual(items.slice(-2), [
			`Lead role added by staff@example.org on ${day}: organisation care-inspectorate; role key`,
			`Lead role deleted by staff@example.org on ${day}: organisation care-inspectorate; role key`,
		]);
		assert.ok(!historyOf((await request(`${server.url}/actions/planning`)).body).includes('Lead role'), 'only this action\'s');
	});
});

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
function dateWords(iso) {
	const [y, m, d] = iso.split('-').map(Number);
	return `${d} ${MONTHS[m - 1]} ${y}`;
}
// The history section of an action's page.
function historyOf(body) {
	const start = body.indexOf('<h2 id="history">');
	assert.ok(start >= 0, 'the page has a history section');
	return body.slice(start, body.indexOf('</section>', start));
}
