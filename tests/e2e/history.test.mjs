// Heard notes changed, deleted and their texts removed in a real browser:
// with JavaScript off, as staff, from the action's page through each form and its
// confirmation; then axe, with JavaScript on, on each new form and its errors.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { demoDb, keep, request, startServer } from '../integration/helpers.mjs';
import { axeCheck, follow, openBrowser, signIn, submit } from './browser.mjs';

const STAFF = 'staff@history.test';
const PASSWORD = 'a passphrase for the browser 9';

describe('heard notes and removing texts in a browser', () => {
	let server;
	let db;
	let browser;
	let noScript;
	let withScript;
	let offSite;
	let token;
	let evidence;

	async function api(method, path, body) {
		const payload = JSON.stringify(body);
		const r = await request(server.url + path, {
			method,
			headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(payload) },
			body: payload,
		});
		return { status: r.status, json: JSON.parse(r.body) };
	}

	async function note(text) {
		const r = await api('POST', '/api/v1/heard', { action: 'planning', text });
		assert.equal(r.status, 201);
		return r.json.data.id;
	}

	before(async () => {
		db = demoDb();
		const add = keep(['user', 'add', STAFF, '--role', 'staff', '--db', db], { input: `${PASSWORD}\n` });
		assert.equal(add.status, 0, add.stderr);
		server = await startServer(db);
		const s = await request(`${server.url}/api/v1/session`, {
			method: 'POST',
			headers: { 'Content-Type': 'application/json' },
			body: JSON.stringify({ email: STAFF, password: PASSWORD }),
		});
		token = JSON.parse(s.body).data.token;
		let r = await api('POST', '/api/v1/evidence', { organisation: 'cosla', kind: 'plan', title: 'A plan', will_do: 'We will do this.', help_offered: 'We can help.' });
		assert.equal(r.status, 201);
		evidence = r.json.data.id;
		r = await api('PATCH', `/api/v1/evidence/${evidence}`, { published: true });
		assert.equal(r.status, 200);
		({ browser, noScript, withScript, offSite } = await openBrowser(server));
	});
	after(async () => {
		await browser?.close();
		const r = await server.stop();
		assert.equal(r.code, 0, r.stderr);
		assert.deepEqual(offSite, [], 'no page fetched anything from elsewhere');
	});

	test('without JavaScript: change a note, remove its text, delete it', { timeout: 120000 }, async () => {
		const id = await note('Said in the browser, first words.');
		const p = await noScript.newPage();
		try {
			assert.equal((await signIn(p, STAFF, PASSWORD)).status(), 303);
			await p.goto('/actions/planning');
			await follow(p, p.locator(`a[href="/heard/${id}/edit"]`));
			assert.ok(await p.getByText('Do not name or describe a child', { exact: false }).isVisible());
			await p.locator('#text').fill('Said in the browser, second words.');
			assert.equal((await submit(p, p.getByRole('button', { name: 'Save the change' }))).status(), 303);
			assert.ok(await p.getByText('Said in the browser, second words.', { exact: true }).isVisible());

			await follow(p, p.locator(`a[href="/heard/${id}/remove-text"]`));
			const noReason = await submit(p, p.getByRole('button', { name: 'Yes, remove the text' }));
			assert.equal(noReason.status(), 400);
			await p.locator('#reason').fill('It named a family.');
			assert.equal((await submit(p, p.getByRole('button', { name: 'Yes, remove the text' }))).status(), 303);
			assert.equal(await p.getByText('Said in the browser, second words.', { exact: true }).count(), 0);
			assert.ok(await p.getByText(/^\[removed by The Promise Scotland on /).first().isVisible());

			await follow(p, p.locator(`a[href="/heard/${id}/delete"]`));
			assert.equal((await submit(p, p.getByRole('button', { name: 'Yes, delete this note' }))).status(), 303);
			assert.equal(await p.locator(`a[href="/heard/${id}/edit"]`).count(), 0);
		} finally {
			await p.close();
		}
	});

	test('axe: the new forms, and each with its errors', { timeout: 180000 }, async () => {
		const id = await note('A note for axe.');
		const p = await withScript.newPage();
		try {
			assert.equal((await signIn(p, STAFF, PASSWORD)).status(), 303);
			assert.equal((await p.goto(`/heard/${id}/edit`)).status(), 200);
			await axeCheck(p, '/heard/ID/edit');
			await p.locator('#text').fill('');
			assert.equal((await submit(p, p.getByRole('button', { name: 'Save the change' }))).status(), 400);
			await axeCheck(p, '/heard/ID/edit with an error');
			assert.equal((await p.goto(`/heard/${id}/remove-text`)).status(), 200);
			await axeCheck(p, '/heard/ID/remove-text');
			assert.equal((await submit(p, p.getByRole('button', { name: 'Yes, remove the text' }))).status(), 400);
			await axeCheck(p, '/heard/ID/remove-text with an error');
			assert.equal((await p.goto(`/heard/${id}/delete`)).status(), 200);
			await axeCheck(p, '/heard/ID/delete');
			assert.equal((await p.goto(`/evidence/${evidence}/remove-text`)).status(), 200);
			await axeCheck(p, '/evidence/ID/remove-text');
			assert.equal((await submit(p, p.getByRole('button', { name: 'Yes, remove the text' }))).status(), 400);
			await axeCheck(p, '/evidence/ID/remove-text with errors');
			await p.locator('#field-help_offered').check();
			await p.locator('#reason').fill('A reason.');
			assert.equal((await submit(p, p.getByRole('button', { name: 'Yes, remove the text' }))).status(), 303);
			await axeCheck(p, '/evidence/ID after a text was removed');
			const list = JSON.parse((await request(`${server.url}/api/v1/assessments?limit=1`)).body).data;
			assert.equal(list.length, 1, 'the demo has an assessment');
			assert.equal((await p.goto(`/assessments/${list[0].id}/remove-text`)).status(), 200);
			await axeCheck(p, '/assessments/ID/remove-text');
			assert.equal((await submit(p, p.getByRole('button', { name: 'Yes, remove the text' }))).status(), 400);
			await axeCheck(p, '/assessments/ID/remove-text with errors');
			assert.equal((await p.goto('/targets/demo-looked-after-scotland/remove-text')).status(), 200);
			await axeCheck(p, '/targets/ID/remove-text');
			assert.equal((await submit(p, p.getByRole('button', { name: 'Yes, remove the text' }))).status(), 400);
			await axeCheck(p, '/targets/ID/remove-text with errors');
		} finally {
			await p.close();
		}
	});
});
