// Deleting through the web pages: an organisation (staff; refused while records belong
// to it, saying which) and a piece of evidence (whoever may change it), each after a
// confirmation page, audited with what was deleted.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { demoDb, keep, postForm, request, signIn, startServer } from './helpers.mjs';

const PASSWORD = 'correct horse battery staple 7';

describe('deleting an organisation or evidence through the pages', () => {
	let server;
	let db;
	const as = {};
	const get = (p, who) => request(`${server.url}${p}`, { headers: who ? { Cookie: who.cookie } : {} });
	const post = (p, who, fields = {}) => postForm(`${server.url}${p}`, { csrf: who.csrf, ...fields }, who.cookie);
	const audit = (entity, id) => JSON.parse(keep(['audit', '--db', db, '--entity', entity, '--id', id, '--format', 'json']).stdout);

	before(async () => {
		db = demoDb();
		for (const [email, role, org] of [['staff@deletes.test', 'staff'], ['editor@deletes.test', 'editor', 'cosla']]) {
			const r = keep(['user', 'add', email, '--role', role, '--db', db, ...(org ? ['--organisation', org] : [])], { input: `${PASSWORD}\n` });
			assert.equal(r.status, 0, r.stderr);
		}
		server = await startServer(db);
		as.staff = await signIn(server.url, 'staff@deletes.test', PASSWORD);
		as.editor = await signIn(server.url, 'editor@deletes.test', PASSWORD);
	});
	after(async () => {
		const r = await server?.stop();
		if (r) assert.equal(r.code, 0, r.stderr);
	});

	test('an organisation with records: the page says what still belongs to it, offers no button, and a POST is refused', async () => {
		const page = await get('/organisations/cosla/delete', as.staff);
		assert.equal(page.status, 200);
		assert.match(page.body, /<h1>Delete COSLA\?<\/h1>/);
		assert.match(page.body, /<p>This organisation still has 3 lead roles, 1 account\. Delete or move them first; nothing was deleted\.<\/p>/);
		assert.ok(!page.body.includes('Yes, delete this organisation'), 'no button');
		const r = await post('/organisations/cosla/delete', as.staff);
		assert.equal(r.status, 409);
		assert.equal((await get('/organisations/cosla')).status, 200);
		assert.deepEqual(audit('organisation', 'cosla'), []);
	});

	test('a new organisation with nothing yet is deleted after the confirmation, audited with its details', async () => {
		const added = await post('/organisations/new', as.staff, { name: 'Short Lived Trust', sector: 'third', scale: 'local', council_area: '' });
		assert.equal(added.status, 303, added.body);
		const slug = added.headers.location.split('/').pop();
		const org = await get(`/organisations/${slug}`, as.staff);
		assert.match(org.body, new RegExp(`<a href="/organisations/${slug}/delete">delete this organisation</a>`));
		assert.ok(!(await get(`/organisations/${slug}`, as.editor)).body.includes('/delete"'), 'not offered to editors');
		const page = await get(`/organisations/${slug}/delete`, as.staff);
		assert.match(page.body, /<button type="submit">Yes, delete this organisation<\/button>/);
		const r = await post(`/organisations/${slug}/delete`, as.staff);
		assert.equal(r.status, 303);
		assert.equal(r.headers.location, '/organisations');
		assert.equal((await get(`/organisations/${slug}`)).status, 404);
		const last = audit('organisation', slug).at(-1);
		assert.equal(last.verb, 'delete');
		assert.equal(last.before.name, 'Short Lived Trust');
		assert.equal(last.after, null);
	});

	test('evidence is deleted by its organisation\'s editor after the confirmation; another organisation\'s editor cannot', async () => {
		const add = await post('/organisations/cosla/evidence/new', as.editor, { kind: 'plan', title: 'Plan to withdraw', will_do: 'Something.' });
		assert.equal(add.status, 303, add.body);
		const slug = add.headers.location.split('/').pop();
		const page = await get(`/evidence/${slug}/delete`, as.editor);
		assert.equal(page.status, 200);
		assert.match(page.body, /<h1>Delete this evidence\?<\/h1>/);
		assert.match(page.body, /<p class="lede">Plan to withdraw<\/p>/);
		const r = await post(`/evidence/${slug}/delete`, as.editor);
		assert.equal(r.status, 303);
		assert.equal(r.headers.location, '/organisations/cosla');
		assert.equal((await get(`/evidence/${slug}`, as.staff)).status, 404);
		const last = audit('evidence', slug).at(-1);
		assert.equal(last.verb, 'delete');
		assert.equal(last.before.title, 'Plan to withdraw');
		// Editors of another organisation: staff's evidence for Scottish Government.
		const other = await post('/organisations/scottish-government/evidence/new', as.staff, { kind: 'plan', title: 'Not theirs' });
		const otherSlug = other.headers.location.split('/').pop();
		assert.equal((await post(`/evidence/${otherSlug}/delete`, as.editor)).status, 404, 'unpublished: not found to them');
		assert.equal((await get(`/evidence/${otherSlug}`, as.staff)).status, 200);
	});
});
