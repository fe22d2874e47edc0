// Changing an organisation's details through its form (issue 3): who may, what a wrong
// form gets, and the audit record.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { demoDb, keep, postForm, request, signIn, startServer } from './helpers.mjs';

const PASSWORD = 'a long enough password';
describe('changing an organisation', () => {
	let server;
	let db;
	const as = {};
	before(async () => {
		db = demoDb();
		const accounts = [
			['staff@example.org', ['--role', 'staff']],
			['viewer@example.org', ['--role', 'viewer']],
			['cosla@example.org', ['--role', 'editor', '--organisation', 'cosla']],
		];
		for (const [email, args] of accounts) {
			assert.equal(keep(['user', 'add', email, ...args, '--db', db], { input: `${PASSWORD}\n` }).status, 0);
		}
		server = await startServer(db);
		for (const [email] of accounts) as[email] = await signIn(server.url, email, PASSWORD);
	});
	after(async () => {
		const r = await server.stop();
		assert.equal(r.code, 0, r.stderr);
	});

	const state = () =>
		keep(['export', 'organisations', '--db', db, '--format', 'json']).stdout + keep(['audit', '--db', db, '--format', 'json']).stdout;
	const org = (slug) => JSON.parse(keep(['export', 'organisations', '--db', db, '--format', 'json']).stdout).find((o) => o.id === slug);

	test('who may change which organisation', async () => {
		const get = (slug, who) => request(`${server.url}/organisations/${slug}/edit`, { headers: who ? { Cookie: as[who].cookie } : {} });
		assert.equal((await get('cosla')).status, 303);
		assert.equal((await get('cosla', 'viewer@example.org')).status, 403);
		assert.equal((await get('scottish-government', 'cosla@example.org')).status, 403);
		assert.equal((await get('cosla', 'cosla@example.org')).status, 200);
		assert.equal((await get('scottish-government', 'staff@example.org')).status, 200);
		const page = await request(`${server.url}/organisations/cosla`, { headers: { Cookie: as['cosla@example.org'].cookie } });
		assert.match(page.body, /Change these details/);
		const other = await request(`${server.url}/organisations/scottish-government`, { headers: { Cookie: as['cosla@example.org'].cookie } });
		assert.doesNotMatch(other.body, /Change these details/);
		const before = state();
		const s = as['cosla@example.org'];
		const r = await postForm(`${server.url}/organisations/scottish-government/edit`, { csrf: s.csrf, name: 'Taken over' }, s.cookie);
		assert.equal(r.status, 403);
		assert.equal(state(), before);
	});

	test('a wrong form comes back with each message by its field and the input kept', async () => {
		const s = as['cosla@example.org'];
		const before = state();
		const r = await postForm(
			`${server.url}/organisations/cosla/edit`,
			{ csrf: s.csrf, name: ' ', sector: 'charity', scale: 'global', council_area: 'S99999999' },
			s.cookie,
		);
		assert.equal(r.status, 400);
		for (const m of ["Enter the organisation's name.", 'Choose one of the sectors listed.', 'Choose national or local.', 'Choose one of the council areas listed.']) {
			assert.ok(r.body.includes(m.replace("'", '&#39;')), m);
		}
		assert.equal((r.body.match(/aria-invalid="true"/g) || []).length, 4);
		assert.equal(state(), before);
	});

	test('a right form changes the organisation, audited; an unchanged one records nothing', async () => {
		const s = as['cosla@example.org'];
		const fields = { csrf: s.csrf, name: 'COSLA <Convention>', sector: 'public', scale: 'national', council_area: '' };
		const r = await postForm(`${server.url}/organisations/cosla/edit`, fields, s.cookie);
		assert.equal(r.status, 303);
		assert.equal(r.headers.location, '/organisations/cosla');
		assert.equal(org('cosla').name, 'COSLA <Convention>');
		const page = await request(`${server.url}/organisations/cosla`);
		assert.match(page.body, /<h1>COSLA &lt;Convention&gt;<\/h1>/);
		// Its history: who changed it for those signed in, only what and when for the public.
		const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
		const [y, m, d] = new Date().toISOString().slice(0, 10).split('-').map(Number);
		const day = `${d} ${MONTHS[m - 1]} ${y}`;
		const history = (body) => body.slice(body.indexOf('<h2 id="history">'), body.indexOf('</section>', body.indexOf('<h2 id="history">')));
		assert.ok(history(page.body).includes(`<li>Changed on ${day}: name COSLA → COSLA &lt;Convention&gt;</li>`), history(page.body));
		assert.ok(!page.body.includes('cosla@example.org'), 'the public page does not show who');
		const signedIn = await request(`${server.url}/organisations/cosla`, { headers: { Cookie: s.cookie } });
		assert.ok(history(signedIn.body).includes(`<li>Changed by cosla@example.org on ${day}: name COSLA → COSLA &lt;Convention&gt;</li>`), history(signedIn.body));
		const audit = JSON.parse(keep(['audit', '--db', db, '--entity', 'organisation', '--id', 'cosla', '--format', 'json']).stdout);
		assert.equal(audit.length, 1);
		assert.equal(audit[0].actor, 'cosla@example.org');
		assert.equal(audit[0].after.name, 'COSLA <Convention>');
		const again = await postForm(`${server.url}/organisations/cosla/edit`, fields, s.cookie);
		assert.equal(again.status, 303);
		assert.equal(JSON.parse(keep(['audit', '--db', db, '--entity', 'organisation', '--format', 'json']).stdout).length, 1);
	});

	test('an organisation adds a commitment; a wrong one is refused; the id is made unique', async () => {
		const s = as['cosla@example.org'];
		const url = `${server.url}/organisations/cosla/commitments/new`;
		assert.equal((await request(url)).status, 303);
		assert.equal((await request(url, { headers: { Cookie: as['viewer@example.org'].cookie } })).status, 403);
		const form = await request(url, { headers: { Cookie: s.cookie } });
		assert.equal(form.status, 200);
		assert.match(form.body, /<h1>Add a commitment of /);
		const before = state();
		const bad = await postForm(url, { csrf: s.csrf, text: '', due: 'soon' }, s.cookie);
		assert.equal(bad.status, 400);
		assert.match(bad.body, /Say what will be done\./);
		assert.match(bad.body, /value="soon"/);
		assert.equal(state(), before);
		const fields = { csrf: s.csrf, text: 'We will fund 3 more kinship workers!', action: 'planning', due: '2027-03-31', status: 'under_way', note: 'Agreed at the board.' };
		const r = await postForm(url, fields, s.cookie);
		assert.equal(r.status, 303);
		assert.equal(r.headers.location, '/commitments/cosla-we-will-fund-3-more-kinship');
		const again = await postForm(url, fields, s.cookie);
		assert.equal(again.headers.location, '/commitments/cosla-we-will-fund-3-more-kinship-2');
		const rows = JSON.parse(keep(['export', 'commitments', '--db', db, '--format', 'json']).stdout);
		const made = rows.find((c) => c.id === 'cosla-we-will-fund-3-more-kinship');
		assert.equal(made.organisation, 'cosla');
		assert.equal(made.action, 'planning');
		assert.equal(made.due, '2027-03-31');
		assert.equal(made.status, 'under_way');
		const audit = JSON.parse(keep(['audit', '--db', db, '--entity', 'commitment', '--id', made.id, '--format', 'json']).stdout);
		assert.deepEqual(audit.map((a) => [a.verb, a.actor]), [['create', 'cosla@example.org']]);
		const page = await request(`${server.url}/commitments/${made.id}`);
		assert.match(page.body, /Agreed at the board\./);
		const other = await postForm(`${server.url}/organisations/scottish-government/commitments/new`, fields, s.cookie);
		assert.equal(other.status, 403);
	});
});
