// Organisation names are unique whatever their case: an editor cannot rename
// their organisation to another's name, by form or API, and neither can staff adding
// one or a CSV import; the message names the clash and nothing is written.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, test, before, after } from 'node:test';

import { demoDb, keep, postForm, request, signIn, startServer, tempDir } from './helpers.mjs';

const PASSWORD = 'correct horse battery staple';

describe('organisation names are unique whatever the case', () => {
	let server;
	let db;
	let editor;
	let staff;
	const audits = () => keep(['audit', '--db', db, '--format', 'json']).stdout;
	before(async () => {
		db = demoDb();
		for (const [email, role, org] of [
			['editor@cosla.test', 'editor', 'cosla'],
			['staff@keep.test', 'staff', null],
		]) {
			const args = ['user', 'add', email, '--role', role, '--db', db, ...(org ? ['--organisation', org] : [])];
			const r = keep(args, { input: `${PASSWORD}\n` });
			assert.equal(r.status, 0, r.stderr);
		}
		server = await startServer(db);
		editor = await signIn(server.url, 'editor@cosla.test', PASSWORD);
		staff = await signIn(server.url, 'staff@keep.test', PASSWORD);
	});
	after(async () => {
		const r = await server.stop();
		assert.equal(r.code, 0, r.stderr);
	});

	test("an editor cannot rename their organisation to another's name on the form", async () => {
		const before = audits();
		for (const name of ['Scottish Government', 'scottish GOVERNMENT', '  Scottish Government ']) {
			const r = await postForm(`${server.url}/organisations/cosla/edit`, { csrf: editor.csrf, name, sector: 'public', scale: 'national' }, editor.cookie);
			assert.equal(r.status, 400, name);
			assert.match(r.body, /There is already an organisation called &#39;Scottish Government&#39;: choose another name\./);
		}
		assert.equal(audits(), before, 'nothing was written');
		// its own name in another case is not a clash
		const own = await postForm(`${server.url}/organisations/cosla/edit`, { csrf: editor.csrf, name: 'Cosla', sector: 'public', scale: 'national' }, editor.cookie);
		assert.equal(own.status, 303, own.body);
	});

	test('adding an organisation with a taken name is refused on the form', async () => {
		const r = await postForm(`${server.url}/organisations/new`, { csrf: staff.csrf, name: 'SCOTTISH GOVERNMENT' }, staff.cookie);
		assert.equal(r.status, 400);
		assert.match(r.body, /There is already an organisation called &#39;Scottish Government&#39;/);
	});

	test('the API refuses a taken name with 422 naming it, for create and change', async () => {
		const call = async (method, p, body) => {
			const payload = JSON.stringify(body);
			const r = await request(`${server.url}${p}`, {
				method,
				headers: { Cookie: staff.cookie, 'X-CSRF-Token': staff.csrf, 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(payload) },
				body: payload,
			});
			return { status: r.status, json: JSON.parse(r.body) };
		};
		const add = await call('POST', '/api/v1/organisations', { name: 'scottish government' });
		assert.equal(add.status, 422);
		assert.equal(add.json.error.fields.name, "There is already an organisation called 'Scottish Government': choose another name.");
		const change = await call('PATCH', '/api/v1/organisations/cosla', { name: 'Scottish Government' });
		assert.equal(change.status, 422);
		assert.match(change.json.error.fields.name, /'Scottish Government'/);
	});

	test('a CSV import with a taken name, or the same name twice, is refused and writes nothing', async () => {
		const dir = tempDir();
		const file = path.join(dir, 'organisations.csv');
		fs.writeFileSync(file, 'id,name\nnew-one,scottish government\n');
		const before = audits();
		let r = keep(['import', 'organisations', file, '--db', db]);
		assert.notEqual(r.status, 0);
		assert.match(r.stderr, /organisations\.csv:2:\d+: .*There is already an organisation called 'Scottish Government'/);
		fs.writeFileSync(file, 'id,name\nfirst-new,A New Charity\nsecond-new,a new charity\n');
		r = keep(['import', 'organisations', file, '--db', db]);
		assert.notEqual(r.status, 0);
		assert.match(r.stderr, /organisations\.csv:3:\d+: .*'A New Charity' is already given on line 2/);
		assert.equal(audits(), before, 'nothing was written');
	});
});
