// A public page shows only what was public (issue 11, section 2): the history of a
// record shows the public only changes made while it was public, never a draft, a
// deleted text or a removed (redacted) one; staff and admins remove texts on the web
// and by the API, and the audit log keeps who, when and why.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { demoDb, keep, postForm, request, signIn, startServer } from './helpers.mjs';

const PASSWORD = 'a long enough password';
const ACCOUNTS = {
	admin: ['admin@history.test', 'admin'],
	staff: ['staff@history.test', 'staff'],
	editor: ['editor@history.test', 'editor', 'cosla'],
	board: ['board@history.test', 'board'],
};

let server;
let db;
const tokens = {};
const sessions = {};

async function api(method, path, { body, who } = {}) {
	const headers = {};
	if (who) headers.Authorization = `Bearer ${tokens[who]}`;
	let payload;
	if (body !== undefined) {
		payload = JSON.stringify(body);
		headers['Content-Type'] = 'application/json';
		headers['Content-Length'] = Buffer.byteLength(payload);
	}
	const r = await request(server.url + path, { method, headers, body: payload });
	return { ...r, json: r.body ? JSON.parse(r.body) : undefined };
}

const anon = async (path) => (await request(server.url + path)).body;
const as = async (who, path) => (await request(server.url + path, { headers: { Cookie: sessions[who].cookie } })).body;
const auditJson = () => keep(['audit', '--db', db, '--format', 'json']).stdout;

// Every public surface a text could reach: pages, API, exports, reports.
async function publicSurfaces(paths) {
	const out = [];
	for (const p of paths) out.push(`${p}\n${await anon(p)}`);
	return out.join('\n');
}

// Whether a search for word finds nothing (the page says the word back, so the page
// itself is not searched for it).
async function searchFindsNothing(word) {
	const page = await anon(`/search?q=${encodeURIComponent(word)}`);
	return /<h2 id="results">No results<\/h2>/.test(page);
}

before(async () => {
	db = demoDb();
	for (const [email, role, org] of Object.values(ACCOUNTS)) {
		const args = ['user', 'add', email, '--role', role, '--db', db, ...(org ? ['--organisation', org] : [])];
		const r = keep(args, { input: `${PASSWORD}\n${PASSWORD}\n` });
		assert.equal(r.status, 0, r.stderr);
	}
	server = await startServer(db);
	for (const [name, [email]] of Object.entries(ACCOUNTS)) {
		const r = await api('POST', '/api/v1/session', { body: { email, password: PASSWORD } });
		assert.equal(r.status, 201, r.body);
		tokens[name] = r.json.data.token;
		sessions[name] = await signIn(server.url, email, PASSWORD);
	}
});
after(async () => {
	const r = await server.stop();
	assert.equal(r.code, 0, r.stderr);
});

describe('the issue as found', () => {
	test('evidence: a draft written before it was published never shows to the public', async () => {
		const draft = 'CONFIDENTIAL-DRAFT-TEXT budget cut of 40%';
		let r = await api('POST', '/api/v1/evidence', {
			who: 'editor',
			body: { organisation: 'cosla', kind: 'plan', title: 'Our plan for 2027', will_do: draft },
		});
		assert.equal(r.status, 201, r.body);
		const slug = r.json.data.id;
		r = await api('PATCH', `/api/v1/evidence/${slug}`, { who: 'editor', body: { will_do: 'Final public text' } });
		assert.equal(r.status, 200, r.body);
		r = await api('PATCH', `/api/v1/evidence/${slug}`, { who: 'staff', body: { published: true } });
		assert.equal(r.status, 200, r.body);

		const page = await anon(`/evidence/${slug}`);
		assert.match(page, /Final public text/);
		assert.match(page, /Published on /, 'the public sees when it was published');
		const seen = await publicSurfaces([`/evidence/${slug}`, `/api/v1/evidence/${slug}`, '/exports/evidence.csv',
			`/organisations/cosla`, '/reports/organisations/cosla']);
		assert.ok(!seen.includes('CONFIDENTIAL-DRAFT-TEXT'), 'the draft reaches no public surface');

		// A change made while it is public is public, before and after.
		r = await api('PATCH', `/api/v1/evidence/${slug}`, { who: 'editor', body: { will_do: 'Public text, corrected' } });
		assert.equal(r.status, 200, r.body);
		const later = await anon(`/evidence/${slug}`);
		assert.match(later, /will_do Final public text → Public text, corrected/);
		assert.ok(!later.includes('CONFIDENTIAL'));

		// Withdrawn, changed, published again: the public sees neither the draft nor
		// the changes made while it was withdrawn.
		await api('PATCH', `/api/v1/evidence/${slug}`, { who: 'staff', body: { published: false } });
		await api('PATCH', `/api/v1/evidence/${slug}`, { who: 'editor', body: { will_do: 'SECOND-DRAFT not for anyone' } });
		await api('PATCH', `/api/v1/evidence/${slug}`, { who: 'editor', body: { will_do: 'Published again' } });
		await api('PATCH', `/api/v1/evidence/${slug}`, { who: 'staff', body: { published: true } });
		const again = await anon(`/evidence/${slug}`);
		assert.match(again, /Withdrawn from publication on /);
		assert.ok(!again.includes('SECOND-DRAFT'), 'a draft made while withdrawn stays out');
		assert.ok(!again.includes('CONFIDENTIAL'));

		// Those with rights to the unpublished state see the drafts; the audit keeps them.
		assert.match(await as('editor', `/evidence/${slug}`), /CONFIDENTIAL-DRAFT-TEXT/);
		assert.match(await as('staff', `/evidence/${slug}`), /SECOND-DRAFT/);
		assert.match(auditJson(), /CONFIDENTIAL-DRAFT-TEXT/);
	});

	test('heard note: a child named in a note deleted by the API is gone from every public surface', async () => {
		const child = 'Kayleigh-Ann Smithers, aged 9, placed with foster carers in Torry since March';
		let r = await api('POST', '/api/v1/heard', { who: 'staff', body: { action: 'planning', text: child } });
		assert.equal(r.status, 201, r.body);
		const id = r.json.data.id;
		assert.match(await anon('/actions/planning'), /Kayleigh-Ann Smithers/, 'public at once, as found');
		r = await api('DELETE', `/api/v1/heard/${id}`, { who: 'staff' });
		assert.equal(r.status, 204, r.body);

		const seen = await publicSurfaces(['/actions/planning', '/api/v1/heard?limit=500', `/api/v1/heard/${id}`,
			'/exports/heard.csv']);
		assert.ok(!seen.includes('Smithers'), 'the deleted text reaches no public surface');
		assert.ok(await searchFindsNothing('Smithers'));
		assert.ok(!seen.includes('Torry'));
		assert.match(await anon('/actions/planning'), /Heard note deleted on /, 'the deletion itself is shown, without the text');
		// Staff signed in do not see it either; only the audit log (admins) keeps it.
		assert.ok(!(await as('staff', '/actions/planning')).includes('Smithers'));
		assert.match(auditJson(), /Kayleigh-Ann Smithers/);
	});
});
