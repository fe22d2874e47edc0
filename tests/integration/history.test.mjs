// A public page shows only what was public: the history of a
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

		// Changed and withdrawn in one request: the change was never public.
		r = await api('PATCH', `/api/v1/evidence/${slug}`, { who: 'staff', body: { will_do: 'THIRD-DRAFT never public', published: false } });
		assert.equal(r.status, 200, r.body);
		r = await api('PATCH', `/api/v1/evidence/${slug}`, { who: 'staff', body: { will_do: 'Published a third time', published: true } });
		assert.equal(r.status, 200, r.body);
		assert.ok(!(await anon(`/evidence/${slug}`)).includes('THIRD-DRAFT'), 'a change made with its withdrawal stays out');

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

describe('removing a text', () => {
	const REMOVED = /\[removed by The Promise Scotland on \d{1,2} [A-Z][a-z]+ \d{4}\]/;

	// The audit record of the removal, read by an admin with `keep audit`.
	function removal(entity, id) {
		const rows = JSON.parse(auditJson()).filter((r) => r.entity === entity && r.entity_id === id && r.verb === 'redact');
		assert.equal(rows.length, 1, `one removal of ${entity} ${id} in the audit log`);
		return rows[0];
	}

	async function heardNote(text) {
		const r = await api('POST', '/api/v1/heard', { who: 'staff', body: { action: 'planning', text } });
		assert.equal(r.status, 201, r.body);
		return r.json.data.id;
	}

	async function publishedEvidence(fields, title = 'A report, renamed') {
		let r = await api('POST', '/api/v1/evidence', {
			who: 'editor',
			body: { organisation: 'cosla', kind: 'report', title: 'A report to remove from', ...fields },
		});
		assert.equal(r.status, 201, r.body);
		const slug = r.json.data.id;
		// A change while public, so the text is in the public history too.
		r = await api('PATCH', `/api/v1/evidence/${slug}`, { who: 'staff', body: { published: true } });
		assert.equal(r.status, 200, r.body);
		r = await api('PATCH', `/api/v1/evidence/${slug}`, { who: 'editor', body: { title } });
		assert.equal(r.status, 200, r.body);
		return slug;
	}

	async function commitmentUpdate(text) {
		const list = await api('GET', '/api/v1/commitments?limit=1');
		const slug = list.json.data[0].id;
		const org = list.json.data[0].organisation;
		const r = await api('POST', `/api/v1/commitments/${slug}/updates`, { who: 'staff', body: { text } });
		assert.equal(r.status, 201, r.body);
		const page = await as('staff', `/commitments/${slug}`);
		const n = [...page.matchAll(/\/commitments\/[^/]+\/updates\/(\d+)\/remove-text/g)].map((m) => Number(m[1]));
		return { slug, org, n: Math.max(...n) };
	}

	// Checks text is on no public surface, nor in staff's view of the pages, and that
	// admins still read it in the history; paths: pages where it was.
	async function gone(text, paths, adminPath) {
		const seen = await publicSurfaces(paths);
		assert.ok(!seen.includes(text), `${text} is on no public page, API answer, export or report`);
		assert.ok(await searchFindsNothing(text));
		for (const p of paths) assert.ok(!(await as('staff', p)).includes(text), `staff do not see it on ${p}`);
		if (adminPath) assert.match(await as('admin', adminPath), new RegExp(text), 'an admin still reads it in the history');
	}

	test('a heard note on the web: a form with a reason, behind a confirmation; gone everywhere; audited', async () => {
		const text = 'REDACTHEARDWEB lives with her gran on Union Street';
		const id = await heardNote(text);
		const paths = ['/actions/planning', '/api/v1/heard?limit=500', `/api/v1/heard/${id}`, '/exports/heard.csv'];
		assert.match(await anon('/actions/planning'), /REDACTHEARDWEB/, 'shown (and cached) before');
		const form = await as('staff', `/heard/${id}/remove-text`);
		assert.match(form, /Yes, remove the text/);
		assert.match(form, /REDACTHEARDWEB/, 'the form shows what will be removed');
		const s = sessions.staff;
		let r = await postForm(`${server.url}/heard/${id}/remove-text`, { csrf: s.csrf, field: 'text', reason: '' }, s.cookie);
		assert.equal(r.status, 400);
		assert.match(r.body, /Say why the text is removed\./);
		assert.match(await anon('/actions/planning'), /REDACTHEARDWEB/, 'nothing removed without a reason');
		r = await postForm(`${server.url}/heard/${id}/remove-text`, { csrf: s.csrf, field: 'text', reason: 'names a child REASON-1' }, s.cookie);
		assert.equal(r.status, 303, r.body);
		assert.equal(r.headers.location, '/actions/planning#heard');
		const after = await anon('/actions/planning');
		assert.match(after, REMOVED, 'the words stand where the text was');
		assert.match(after, /Heard note text removed on /);
		assert.ok(!after.includes('REASON-1'), 'the reason is for the audit log');
		await gone('REDACTHEARDWEB', paths, '/actions/planning');
		const a = removal('heard', id);
		assert.equal(a.actor, ACCOUNTS.staff[0]);
		assert.equal(a.before.text, text);
		assert.equal(a.after.reason, 'names a child REASON-1');
		assert.match(a.at, /^\d{4}-\d\d-\d\dT/);
		// The text form of `keep audit` says who, when, what and why too.
		const printed = keep(['audit', '--db', db, '--entity', 'heard', '--id', id]).stdout;
		assert.match(printed, new RegExp(`^\\S+  ${ACCOUNTS.staff[0]} removed a text of heard ${id}: .*REDACTHEARDWEB.*reason .*names a child REASON-1`, 'm'));
	});

	test('a heard note by the API', async () => {
		const id = await heardNote('REDACTHEARDAPI was moved to a new school');
		const r = await api('POST', '/api/v1/redactions', { who: 'admin', body: { kind: 'heard', id, field: 'text', reason: 'a child' } });
		assert.equal(r.status, 201, r.body);
		assert.match(r.json.data.text, REMOVED);
		assert.match((await api('GET', `/api/v1/heard/${id}`)).json.data.text, REMOVED);
		await gone('REDACTHEARDAPI', ['/actions/planning', '/api/v1/heard?limit=500', '/exports/heard.csv'], '/actions/planning');
		assert.equal(removal('heard', id).actor, ACCOUNTS.admin[0]);
	});

	test('evidence on the web: a chosen text, also out of its public history', async () => {
		const slug = await publishedEvidence({ will_do: 'REDACTEVWEB will do this' });
		await api('PATCH', `/api/v1/evidence/${slug}`, { who: 'editor', body: { will_do: 'REDACTEVWEB will do this, and more' } });
		assert.match(await anon(`/evidence/${slug}`), /REDACTEVWEB will do this → REDACTEVWEB will do this, and more/);
		const form = await as('staff', `/evidence/${slug}/remove-text`);
		assert.match(form, /Which text do you want to remove\?/);
		const s = sessions.staff;
		let r = await postForm(`${server.url}/evidence/${slug}/remove-text`, { csrf: s.csrf, field: 'kind', reason: 'x' }, s.cookie);
		assert.equal(r.status, 400, 'only a text listed may be chosen');
		r = await postForm(`${server.url}/evidence/${slug}/remove-text`, { csrf: s.csrf, field: 'will_do', reason: 'a family named' }, s.cookie);
		assert.equal(r.status, 303, r.body);
		assert.equal(r.headers.location, `/evidence/${slug}`);
		assert.match(await anon(`/evidence/${slug}`), REMOVED);
		await gone('REDACTEVWEB', [`/evidence/${slug}`, `/api/v1/evidence/${slug}`, '/exports/evidence.csv',
			'/organisations/cosla', '/reports/organisations/cosla'], `/evidence/${slug}`);
		assert.equal(removal('evidence', slug).before.will_do, 'REDACTEVWEB will do this, and more');
	});

	test('evidence by the API, its title too', async () => {
		const slug = await publishedEvidence({ help_offered: 'REDACTEVAPI help' }, 'REDACTTITLE renamed');
		let r = await api('POST', '/api/v1/redactions', { who: 'staff', body: { kind: 'evidence', id: slug, field: 'help_offered', reason: 'r' } });
		assert.equal(r.status, 201, r.body);
		r = await api('POST', '/api/v1/redactions', { who: 'staff', body: { kind: 'evidence', id: slug, field: 'title', reason: 'r' } });
		assert.equal(r.status, 201, r.body);
		await gone('REDACTEVAPI', [`/evidence/${slug}`, `/api/v1/evidence/${slug}`, '/exports/evidence.csv'], `/evidence/${slug}`);
		await gone('REDACTTITLE', [`/evidence/${slug}`, `/api/v1/evidence/${slug}`, '/exports/evidence.csv',
			'/organisations/cosla', '/reports/organisations/cosla']);
	});

	test("a commitment's update on the web and by the API", async () => {
		const web = await commitmentUpdate('REDACTUPDWEB met the family of a boy in Leith');
		assert.match(await anon(`/reports/organisations/${web.org}`), /REDACTUPDWEB/, 'in the report before');
		const s = sessions.staff;
		const r = await postForm(`${server.url}/commitments/${web.slug}/updates/${web.n}/remove-text`,
			{ csrf: s.csrf, field: 'text', reason: 'a child' }, s.cookie);
		assert.equal(r.status, 303, r.body);
		assert.equal(r.headers.location, `/commitments/${web.slug}`);
		assert.match(await anon(`/commitments/${web.slug}`), REMOVED);
		await gone('REDACTUPDWEB', [`/commitments/${web.slug}`, `/reports/organisations/${web.org}`]);
		assert.equal(removal('commitment_update', web.slug).before.text, 'REDACTUPDWEB met the family of a boy in Leith');

		const viaApi = await commitmentUpdate('REDACTUPDAPI named a carer');
		const a = await api('POST', '/api/v1/redactions', {
			who: 'staff', body: { kind: 'commitment_update', id: `${viaApi.slug}/${viaApi.n}`, field: 'text', reason: 'a carer' },
		});
		assert.equal(a.status, 201, a.body);
		await gone('REDACTUPDAPI', [`/commitments/${viaApi.slug}`, `/reports/organisations/${viaApi.org}`]);
	});

	test("a commitment's own text on the web, and an assessment's by the API", async () => {
		const c = (await api('POST', '/api/v1/commitments', {
			who: 'editor', body: { organisation: 'cosla', text: 'REDACTCOMMIT we will see the Smith children', action: 'planning' },
		}));
		assert.equal(c.status, 201, c.body);
		const slug = c.json.data.id;
		await api('PATCH', `/api/v1/commitments/${slug}`, { who: 'editor', body: { text: 'REDACTCOMMIT we will see the Smith children soon' } });
		assert.match(await anon(`/commitments/${slug}`), /REDACTCOMMIT/);
		const s = sessions.staff;
		assert.match(await as('staff', `/commitments/${slug}`), new RegExp(`href="/commitments/${slug}/remove-text"`));
		const r = await postForm(`${server.url}/commitments/${slug}/remove-text`, { csrf: s.csrf, field: 'text', reason: 'a family' }, s.cookie);
		assert.equal(r.status, 303, r.body);
		await gone('REDACTCOMMIT', [`/commitments/${slug}`, `/api/v1/commitments/${slug}`, '/exports/commitments.csv',
			'/actions/planning', '/organisations/cosla', '/reports/organisations/cosla'], `/commitments/${slug}`);

		const list = await api('GET', '/api/v1/assessments?limit=1');
		const a = list.json.data[0];
		const words = a.text.split(/\s+/).filter((w) => w.length > 8)[0];
		assert.ok(words, 'an assessment with a long word to look for');
		const x = await api('POST', '/api/v1/redactions', { who: 'staff', body: { kind: 'assessment', id: a.id, field: 'text', reason: 'r' } });
		assert.equal(x.status, 201, x.body);
		assert.match((await api('GET', `/api/v1/assessments/${a.id}`)).json.data.text, REMOVED);
		assert.ok(!(await anon('/exports/assessments.csv')).includes(a.text));
		assert.equal(removal('assessment', a.id).before.text, a.text);
	});

	test("an assessment's text and next steps on the web, linked where staff see assessments", async () => {
		const c = await api('POST', '/api/v1/assessments', {
			who: 'board',
			body: { action: 'planning', rating: 'under_way_not_sufficient', text: 'REDACTASSESS the Brown twins at Hillhead', next_steps: 'REDACTSTEPS visit the twins' },
		});
		assert.equal(c.status, 201, c.body);
		const id = c.json.data.id;
		assert.match(await anon('/actions/planning'), /REDACTASSESS/);
		assert.ok(!(await anon('/actions/planning')).includes('/remove-text'), 'no link for the public');
		assert.ok(!(await as('board', '/actions/planning')).includes(`/assessments/${id}/remove-text`), 'nor for the Board');
		assert.match(await as('staff', '/actions/planning'), new RegExp(`href="/assessments/${id}/remove-text"`));
		const form = await as('staff', `/assessments/${id}/remove-text`);
		assert.match(form, /Yes, remove the text/);
		assert.match(form, /name="field" value="text"/);
		assert.match(form, /name="field" value="next_steps"/);
		const s = sessions.staff;
		let r = await postForm(`${server.url}/assessments/${id}/remove-text`, { csrf: s.csrf, field: 'rating', reason: 'x' }, s.cookie);
		assert.equal(r.status, 400);
		assert.match(r.body, /Choose one of the texts listed\./);
		assert.match(await anon('/actions/planning'), /REDACTASSESS/, 'nothing removed on a wrong choice');
		const paths = ['/actions/planning', `/api/v1/assessments/${id}`, '/exports/assessments.csv', '/review/priorities'];
		for (const [field, word] of [['text', 'REDACTASSESS'], ['next_steps', 'REDACTSTEPS']]) {
			r = await postForm(`${server.url}/assessments/${id}/remove-text`, { csrf: s.csrf, field, reason: 'names children' }, s.cookie);
			assert.equal(r.status, 303, r.body);
			assert.equal(r.headers.location, '/actions/planning#assessment');
			await gone(word, paths);
			const a = JSON.parse(auditJson()).filter((x) => x.entity === 'assessment' && x.entity_id === id && x.verb === 'redact' && field in x.before);
			assert.equal(a.length, 1);
			assert.equal(a[0].actor, ACCOUNTS.staff[0]);
			assert.equal(a[0].after.reason, 'names children');
		}
		assert.match((await api('GET', `/api/v1/assessments/${id}`)).json.data.next_steps, REMOVED);
		const board = sessions.board;
		assert.equal((await request(`${server.url}/assessments/${id}/remove-text`, { headers: { Cookie: board.cookie } })).status, 403);
		assert.equal((await postForm(`${server.url}/assessments/${id}/remove-text`, { csrf: board.csrf, field: 'text', reason: 'r' }, board.cookie)).status, 403);
	});

	test("a target's note on the web, linked from /indicators for staff and admins, and by the API", async () => {
		const t = await api('POST', '/api/v1/targets', {
			who: 'admin',
			body: { indicator: 'child-protection', area: 'S12000041', note: 'REDACTTARGET after the Wilson boy was moved', baseline: 100, baseline_at: '2024-07-31', value: 90, due: '2030-07-31', better: 'lower' },
		});
		assert.equal(t.status, 201, t.body);
		const id = t.json.data.id;
		const paths = ['/indicators', '/review', `/api/v1/targets/${id}`];
		assert.match(await anon('/indicators'), /REDACTTARGET/, 'shown (and cached) before');
		assert.ok(!(await anon('/indicators')).includes(`/targets/${id}/remove-text`));
		assert.ok(!(await as('board', '/indicators')).includes(`/targets/${id}/remove-text`), 'not for the Board');
		assert.match(await as('staff', '/indicators'), new RegExp(`href="/targets/${id}/remove-text"`));
		const form = await as('staff', `/targets/${id}/remove-text`);
		assert.match(form, /Yes, remove the text/);
		assert.match(form, /REDACTTARGET/, 'the form shows what will be removed');
		const s = sessions.staff;
		let r = await postForm(`${server.url}/targets/${id}/remove-text`, { csrf: s.csrf, field: 'note', reason: '' }, s.cookie);
		assert.equal(r.status, 400);
		assert.match(await anon('/indicators'), /REDACTTARGET/, 'nothing removed without a reason');
		r = await postForm(`${server.url}/targets/${id}/remove-text`, { csrf: s.csrf, field: 'note', reason: 'names a child' }, s.cookie);
		assert.equal(r.status, 303, r.body);
		assert.equal(r.headers.location, `/indicators#target-${id}`);
		await gone('REDACTTARGET', paths);
		assert.match((await api('GET', `/api/v1/targets/${id}`)).json.data.note, REMOVED);
		const a = removal('target', id);
		assert.equal(a.before.note, 'REDACTTARGET after the Wilson boy was moved');
		assert.equal(a.after.reason, 'names a child');
		// By the API too.
		const u = await api('PATCH', `/api/v1/targets/${id}`, { who: 'admin', body: { note: 'REDACTTARGETAPI the Wilson boy' } });
		assert.equal(u.status, 200, u.body);
		const x = await api('POST', '/api/v1/redactions', { who: 'admin', body: { kind: 'target', id, field: 'note', reason: 'again' } });
		assert.equal(x.status, 201, x.body);
		await gone('REDACTTARGETAPI', paths);
		const board = sessions.board;
		assert.equal((await request(`${server.url}/targets/${id}/remove-text`, { headers: { Cookie: board.cookie } })).status, 403);
	});

	test('only staff and admins may remove a text; nothing changes when refused', async () => {
		const id = await heardNote('REFUSEDNOTE stays');
		const before = auditJson();
		for (const who of ['editor', 'board']) {
			const s = sessions[who];
			assert.equal((await request(`${server.url}/heard/${id}/remove-text`, { headers: { Cookie: s.cookie } })).status, 403);
			const r = await postForm(`${server.url}/heard/${id}/remove-text`, { csrf: s.csrf, field: 'text', reason: 'no' }, s.cookie);
			assert.equal(r.status, 403);
			const a = await api('POST', '/api/v1/redactions', { who, body: { kind: 'heard', id, field: 'text', reason: 'no' } });
			assert.equal(a.status, 403, a.body);
		}
		const r = await request(`${server.url}/heard/${id}/remove-text`);
		assert.equal(r.status, 303);
		assert.match(r.headers.location, /^\/login\?next=/);
		assert.equal((await api('POST', '/api/v1/redactions', { body: { kind: 'heard', id, field: 'text', reason: 'no' } })).status, 401);
		assert.equal(auditJson(), before);
		assert.match(await anon('/actions/planning'), /REFUSEDNOTE stays/);
		// What is not there is a 404; a wrong field a 422.
		const missing = await api('POST', '/api/v1/redactions', { who: 'staff', body: { kind: 'heard', id: 'planning-999', field: 'text', reason: 'r' } });
		assert.equal(missing.status, 404, missing.body);
		const wrong = await api('POST', '/api/v1/redactions', { who: 'staff', body: { kind: 'heard', id, field: 'at', reason: 'r' } });
		assert.equal(wrong.status, 422, wrong.body);
		const slug = await publishedEvidence({ will_do: 'Only this' }, 'Nothing to remove in support');
		const empty = await api('POST', '/api/v1/redactions', { who: 'staff', body: { kind: 'evidence', id: slug, field: 'support_needed', reason: 'r' } });
		assert.equal(empty.status, 422, 'a text that is not there is not made up');
		assert.equal((await api('GET', `/api/v1/evidence/${slug}`)).json.data.support_needed, null);
		assert.equal((await as('staff', '/heard/planning-999/remove-text')).includes('Yes, remove the text'), false);
	});
});

describe('heard notes on the web', () => {
	test('the forms say not to name or describe a child or family', async () => {
		const hint = /Do not name or describe a child, a young person or a family/;
		assert.match(await as('staff', '/actions/planning/heard'), hint);
		const list = await api('GET', '/api/v1/commitments?limit=1');
		assert.match(await as('staff', `/commitments/${list.json.data[0].id}/updates`), hint);
	});

	test('staff change a note and delete it, behind a confirmation, audited', async () => {
		const r0 = await api('POST', '/api/v1/heard', { who: 'staff', body: { action: 'planning', text: 'EDITME first words' } });
		const id = r0.json.data.id;
		const s = sessions.staff;
		assert.match(await as('staff', '/actions/planning'), new RegExp(`href="/heard/${id}/edit"`));
		assert.ok(!(await anon('/actions/planning')).includes(`/heard/${id}/edit`), 'the public is offered no links');
		const form = await as('staff', `/heard/${id}/edit`);
		assert.match(form, /EDITME first words/);
		assert.match(form, /Do not name or describe a child/);
		let r = await postForm(`${server.url}/heard/${id}/edit`, { csrf: s.csrf, text: '  ' }, s.cookie);
		assert.equal(r.status, 400);
		assert.match(r.body, /Write what has been heard\./);
		r = await postForm(`${server.url}/heard/${id}/edit`, { csrf: s.csrf, text: 'EDITME second words' }, s.cookie);
		assert.equal(r.status, 303, r.body);
		assert.equal(r.headers.location, '/actions/planning#heard');
		const page = await anon('/actions/planning');
		assert.match(page, /EDITME second words/);
		assert.match(page, /Heard note changed on [^<]*: text EDITME first words → EDITME second words/);

		const confirm = await as('staff', `/heard/${id}/delete`);
		assert.match(confirm, /Yes, delete this note/);
		assert.match(await anon('/actions/planning'), /EDITME second words/, 'nothing deleted by the confirmation page');
		r = await postForm(`${server.url}/heard/${id}/delete`, { csrf: s.csrf }, s.cookie);
		assert.equal(r.status, 303, r.body);
		const gone = await anon('/actions/planning');
		assert.ok(!gone.includes('EDITME'), 'the deleted note and its earlier text leave the page and its history');
		const audit = JSON.parse(auditJson()).filter((a) => a.entity === 'heard' && a.entity_id === id).map((a) => a.verb);
		assert.deepEqual(audit, ['create', 'update', 'delete']);
	});

	test('editors and the board may not change or delete a note', async () => {
		const r0 = await api('POST', '/api/v1/heard', { who: 'staff', body: { action: 'planning', text: 'KEEPME words' } });
		const id = r0.json.data.id;
		const before = auditJson();
		for (const who of ['editor', 'board']) {
			const s = sessions[who];
			for (const path of [`/heard/${id}/edit`, `/heard/${id}/delete`]) {
				assert.equal((await request(`${server.url}${path}`, { headers: { Cookie: s.cookie } })).status, 403);
				const r = await postForm(`${server.url}${path}`, { csrf: s.csrf, text: 'changed' }, s.cookie);
				assert.equal(r.status, 403);
			}
		}
		assert.equal(auditJson(), before);
		assert.equal((await as('staff', '/heard/planning-999/edit')).includes('Save the change'), false);
	});
});
