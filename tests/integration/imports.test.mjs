// Importing through the web (issue 4 of issue 3: "the same through an upload form") and
// the CSV downloads: who may import, a wrong form, a file with problems (listed with
// FILE:LINE:COLUMN and nothing written), a good file (audited as the person who sent
// it), importing it again (nothing changes), and the downloads being what
// `keep export` writes.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { demoDb, keep, request, signIn, startServer } from './helpers.mjs';

const PASSWORD = 'correct horse battery staple 7';

describe('the import form and the CSV downloads', () => {
	let server;
	let db;
	const as = {};

	// A multipart POST as a browser sends it. file: {name, text} or undefined.
	async function upload(who, fields, file, { csrf = true } = {}) {
		const form = new FormData();
		if (csrf) form.append('csrf', who.csrf);
		for (const [k, v] of Object.entries(fields)) form.append(k, v);
		if (file) form.append('file', new Blob([file.text], { type: 'text/csv' }), file.name);
		const r = await fetch(`${server.url}/imports`, { method: 'POST', body: form, redirect: 'manual', headers: { Cookie: who.cookie } });
		return { status: r.status, body: await r.text(), location: r.headers.get('location') };
	}
	const auditText = () => keep(['audit', '--db', db, '--format', 'json']).stdout;
	const exported = (what) => keep(['export', what, '--db', db, '--format', 'csv']).stdout;

	before(async () => {
		db = demoDb();
		for (const [email, role, org] of [['staff@imports.test', 'staff'], ['editor@imports.test', 'editor', 'cosla']]) {
			const r = keep(['user', 'add', email, '--role', role, '--db', db, ...(org ? ['--organisation', org] : [])], { input: `${PASSWORD}\n` });
			assert.equal(r.status, 0, r.stderr);
		}
		server = await startServer(db);
		as.staff = await signIn(server.url, 'staff@imports.test', PASSWORD);
		as.editor = await signIn(server.url, 'editor@imports.test', PASSWORD);
	});
	after(async () => {
		const r = await server?.stop();
		if (r) assert.equal(r.code, 0, r.stderr);
	});

	test('staff get the form; editors are refused; anonymous people are sent to sign in', async () => {
		const page = await request(`${server.url}/imports`, { headers: { Cookie: as.staff.cookie } });
		assert.equal(page.status, 200);
		assert.match(page.body, /<form class="form" method="post" action="\/imports" enctype="multipart\/form-data" novalidate>/);
		assert.match(page.body, /<option value="commitments" selected>Commitments<\/option>/);
		assert.match(page.body, /<input type="file" id="file" name="file"/);
		assert.equal((await request(`${server.url}/imports`, { headers: { Cookie: as.editor.cookie } })).status, 403);
		const anon = await request(`${server.url}/imports`);
		assert.equal(anon.status, 303);
		assert.equal(anon.headers.location, '/login?next=/imports');
		const before = auditText();
		const r = await upload(as.editor, { kind: 'organisations' }, { name: 'o.csv', text: 'id,name\nnew-org,New\n' });
		assert.equal(r.status, 403);
		assert.equal(auditText(), before);
	});

	test('a form without a file or a kind comes back with a message by each field', async () => {
		const r = await upload(as.staff, { kind: 'leads' });
		assert.equal(r.status, 400);
		assert.match(r.body, /<title>Error: import a file - keep<\/title>/);
		assert.match(r.body, /<p class="error-message" id="kind-error">Choose what the file holds\.<\/p>/);
		assert.match(r.body, /<p class="error-message" id="file-error">Choose a CSV file to import\.<\/p>/);
		assert.match(r.body, /<li><a href="#file">Choose a CSV file to import\.<\/a><\/li>/);
	});

	test('a file with problems lists each one by line and column, and nothing is imported', async () => {
		const before = auditText();
		const commitments = exported('commitments');
		const r = await upload(as.staff, { kind: 'commitments' }, {
			name: 'bad <commitments>.csv',
			text: 'id,organisation,text,due,status\nc-1,nobody,Do it,2027-02-30,done\nc-2,cosla,,,maybe\n',
		});
		assert.equal(r.status, 400);
		assert.match(r.body, /<h2 id="problems-title">Nothing was imported: the file has problems<\/h2>/);
		const items = [...r.body.matchAll(/<ul class="problems">([\s\S]*?)<\/ul>/g)][0][1];
		assert.deepEqual([...items.matchAll(/<li>([^<]*)<\/li>/g)].map((m) => m[1]), [
			'bad &lt;commitments&gt;.csv:2:5: there is no organisation &#39;nobody&#39;',
			'bad &lt;commitments&gt;.csv:2:18: due &#39;2027-02-30&#39; is not a date: write it as YYYY-MM-DD',
			'bad &lt;commitments&gt;.csv:3:11: text is empty: say what will be done',
			'bad &lt;commitments&gt;.csv:3:13: status &#39;maybe&#39; is not one of not_started, under_way, done, dropped',
			'bad &lt;commitments&gt;.csv: 4 problems; nothing was imported',
		]);
		assert.match(r.body, /<option value="commitments" selected>/, 'the kind chosen is kept');
		assert.equal(auditText(), before);
		assert.equal(exported('commitments'), commitments);
	});

	test('a good file is imported, audited as the person who sent it; sent again, nothing changes', async () => {
		const file = { name: 'orgs.csv', text: 'id,name,sector,scale,council_area\nimported-trust,Imported Trust,third,local,S12000049\n' };
		const r = await upload(as.staff, { kind: 'organisations' }, file);
		assert.equal(r.status, 200, r.body);
		assert.match(r.body, /<p>Imported orgs\.csv: 1 row; 1 new, 0 changed, 0 unchanged\.<\/p>/);
		const page = await request(`${server.url}/organisations/imported-trust`);
		assert.equal(page.status, 200);
		assert.match(page.body, /<h1>Imported Trust<\/h1>/);
		const audit = JSON.parse(keep(['audit', '--db', db, '--entity', 'organisation', '--id', 'imported-trust', '--format', 'json']).stdout);
		assert.equal(audit.length, 1);
		assert.equal(audit[0].actor, 'staff@imports.test');
		assert.equal(audit[0].verb, 'create');
		const before = auditText();
		const again = await upload(as.staff, { kind: 'organisations' }, file);
		assert.match(again.body, /<p>Imported orgs\.csv: 1 row; 0 new, 0 changed, 1 unchanged\.<\/p>/);
		assert.equal(auditText(), before);
	});

	test('an upload without the CSRF token is refused with 403 and imports nothing', async () => {
		const before = auditText();
		const r = await upload(as.staff, { kind: 'organisations' }, { name: 'o.csv', text: 'id,name\nsneaky,Sneaky\n' }, { csrf: false });
		assert.equal(r.status, 403);
		assert.equal(auditText(), before);
	});

	test('the CSV downloads are what keep export writes, evidence published only', async () => {
		for (const what of ['organisations', 'commitments', 'evidence']) {
			const r = await request(`${server.url}/exports/${what}.csv`);
			assert.equal(r.status, 200);
			assert.equal(r.headers['content-type'], 'text/csv; charset=utf-8');
			assert.equal(r.headers['content-disposition'], `attachment; filename="keep-${what}.csv"`);
			assert.equal(r.body, exported(what), `${what}.csv is keep export ${what}`);
		}
		// An unpublished piece of evidence is in neither.
		const add = await upload(as.staff, { kind: 'evidence' }, { name: 'e.csv', text: 'id,organisation,kind,title\nhidden-one,cosla,plan,Not yet\n' });
		assert.match(add.body, /<p>Imported e\.csv: 1 row; 1 new, 0 changed, 0 unchanged\.<\/p>/);
		assert.ok(!(await request(`${server.url}/exports/evidence.csv`)).body.includes('hidden-one'));
		assert.equal((await request(`${server.url}/exports/users.csv`)).status, 404);
		assert.equal((await request(`${server.url}/exports/heard.csv`)).status, 404);
	});
});
