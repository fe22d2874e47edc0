// Hostile text in every text field a person can write (issue 3): markup and script must
// never come back as markup on any page, and quote-and-comment input must be stored and
// found as the plain text it is, never run as SQL.
//
// FIELDS has one row per text field of every form: how to write it (through the real
// form, as someone allowed to), and the pages that show it. Each field gets its own
// marker word, so the test knows which field a page is showing. A field added to a form
// without a row here is a field whose escaping nobody checked.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { after, before, describe, test } from 'node:test';

import { demoDb, keep, postForm, request, signIn, startServer } from './helpers.mjs';

const PASSWORD = 'correct horse battery staple 7';
const ORG = 'scottish-government';
const ACTION = 'schools-and-exclusion';

// Markup, script, an attribute break-out, and SQL that would end the statement and drop
// a table if it were ever pasted into SQL text.
const hostile = (marker) =>
	`${marker} <script>alert("x")</script><img src=x onerror=alert(1)><b>bold</b> "quoted" ` +
	`Robert'); DROP TABLE commitment; -- & it's '' OR ''1''=''1`;

const escapeHtml = (s) =>
	s.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;').replaceAll("'", '&#39;');

// The markup that must never appear in a page as markup.
const RAW = ['<script>alert', '<img src=x', '<b>bold</b>', 'onerror=alert(1)>'];

function sqlite(db, sql) {
	const r = spawnSync('sqlite3', ['-readonly', db, sql], { encoding: 'utf8' });
	if (r.error) throw new Error(`sqlite3: ${r.error.message} (scripts/setup test installs it)`);
	assert.equal(r.status, 0, r.stderr);
	return r.stdout.trim();
}

describe('hostile text in every field: shown as text, stored as text, found as text', () => {
	let server;
	let db;
	let staff;
	const url = (p) => `${server.url}${p}`;
	const post = (p, fields) => postForm(url(p), { csrf: staff.csrf, ...fields }, staff.cookie);
	let newCommitment; // the id of the commitment the first row makes

	// One row per text field: write(value) stores value in it and returns the pages that
	// show it; api() returns the stored value as the API gives it.
	const FIELDS = [
		{
			field: 'commitment: what will be done',
			async write(v) {
				const r = await post(`/organisations/${ORG}/commitments/new`, { text: v, action: ACTION, due_text: '', note: '' });
				assert.equal(r.status, 303, r.body);
				newCommitment = r.headers.location.split('/').pop();
				return [`/commitments/${newCommitment}`, `/organisations/${ORG}`, `/actions/${ACTION}`];
			},
			api: async () => (await apiGet(`commitments/${newCommitment}`)).text,
			searchable: true,
		},
		{
			field: 'commitment: when, in words',
			async write(v) {
				const r = await post(`/commitments/${newCommitment}/edit`, {
					text: hostile('zqcommit'), action: ACTION, due_text: v, note: '',
				});
				assert.equal(r.status, 303, r.body);
				return [`/commitments/${newCommitment}`, `/organisations/${ORG}`];
			},
			api: async () => (await apiGet(`commitments/${newCommitment}`)).due_text,
		},
		{
			field: 'commitment: the note of an update',
			async write(v) {
				const r = await post(`/commitments/${newCommitment}/edit`, {
					text: hostile('zqcommit'), action: ACTION, due_text: '', status: 'under_way', note: v,
				});
				assert.equal(r.status, 303, r.body);
				return [`/commitments/${newCommitment}`];
			},
			api: async () => sqlite(db, `SELECT text FROM commitment_update WHERE text LIKE 'zqnote%'`),
		},
		{
			field: 'organisation: name',
			async write(v) {
				const r = await post(`/organisations/${ORG}/edit`, { name: v, sector: 'public', scale: 'national', council_area: '' });
				assert.equal(r.status, 303, r.body);
				return ['/organisations', `/organisations/${ORG}`, `/commitments/${newCommitment}`];
			},
			api: async () => (await apiGet(`organisations/${ORG}`)).name,
			searchable: true,
		},
		{
			field: 'heard note',
			async write(v) {
				const r = await post(`/actions/${ACTION}/heard`, { text: v });
				assert.equal(r.status, 303, r.body);
				return [`/actions/${ACTION}`];
			},
			api: async () => sqlite(db, `SELECT text FROM heard WHERE text LIKE 'zqheard%'`),
			searchable: true,
		},
		{
			field: 'commitment: a dated update',
			async write(v) {
				const r = await post(`/commitments/${newCommitment}/updates`, { date: '', status: '', text: v });
				assert.equal(r.status, 303, r.body);
				return [`/commitments/${newCommitment}`];
			},
			api: async () => sqlite(db, `SELECT text FROM commitment_update WHERE text LIKE 'zqupdate%'`),
		},
		{
			field: 'a new organisation: name',
			async write(v) {
				const r = await post('/organisations/new', { name: v, sector: 'third', scale: 'local', council_area: '' });
				assert.equal(r.status, 303, r.body);
				newOrganisation = r.headers.location.split('/').pop();
				return ['/organisations', `/organisations/${newOrganisation}`];
			},
			api: async () => (await apiGet(`organisations/${newOrganisation}`)).name,
			searchable: true,
		},
		...['title', 'will_do', 'support_needed', 'help_offered'].map((name) => ({
			field: `evidence: ${name}`,
			async write(v) {
				const fields = { kind: 'report', title: `Evidence for ${name}`, will_do: '', support_needed: '', help_offered: '', [name]: v };
				const r = await post(`/organisations/${ORG}/evidence/new`, fields);
				assert.equal(r.status, 303, r.body);
				const id = r.headers.location.split('/').pop();
				evidence[name] = id;
				const pub = await post(`/evidence/${id}/publish`, { publish: '1' });
				assert.equal(pub.status, 303, pub.body);
				return [`/evidence/${id}`, ...(name === 'title' ? [`/organisations/${ORG}`] : [])];
			},
			api: async () => (await apiGet(`evidence/${evidence[name]}`))[name],
		})),
		// The Oversight Board's indicators, targets and figures, written by an admin (staff
		// may not set them); all shown on /indicators.
		{
			field: 'indicator: title',
			async write(v) {
				const r = await postAs(admin, '/indicators/new', { ...INDICATOR, title: v });
				assert.equal(r.status, 303, r.body);
				indicator = r.headers.location.split('#').pop();
				return ['/indicators'];
			},
			api: async () => (await apiGet(`indicators/${indicator}`)).title,
		},
		...['unit', 'source', 'vision'].map((name) => ({
			field: `indicator: ${name}`,
			async write(v) {
				const r = await postAs(admin, `/indicators/${indicator}/edit`, { ...INDICATOR, title: hostile('zqindtitle'), [name]: v });
				assert.equal(r.status, 303, r.body);
				return ['/indicators'];
			},
			api: async () => (await apiGet(`indicators/${indicator}`))[name],
		})),
		{
			field: 'target: note',
			async write(v) {
				const r = await postAs(admin, '/targets/new', {
					indicator, area: 'S92000003', action: '', note: v, baseline: '10', baseline_at: '2024-03-31', value: '5', due: '2030-03-31', better: 'lower',
				});
				assert.equal(r.status, 303, r.body);
				return ['/indicators'];
			},
			api: async () => (await apiGet('targets?limit=500')).find((t) => t.indicator === indicator).note,
		},
		{
			field: 'figure: source',
			async write(v) {
				const r = await post('/observations/new', { indicator, area: 'S92000003', period: '2025-03-31', value: '8', source: v });
				assert.equal(r.status, 303, r.body);
				return ['/indicators'];
			},
			api: async () => (await apiGet(`observations/${encodeURIComponent(`${indicator}/S92000003/2025-03-31`)}`)).source,
		},
	];
	const MARKERS = ['zqcommit', 'zqwhen', 'zqnote', 'zqorgname', 'zqheard', 'zqupdate', 'zqneworg', 'zqevtitle', 'zqevwill', 'zqevsupport', 'zqevhelp',
		'zqindtitle', 'zqindunit', 'zqindsource', 'zqindvision', 'zqtargetnote', 'zqfigsource'];
	const INDICATOR = { title: '', unit: 'children', source: 'Statistics', frequency: 'annual', foundation: 'care', vision: '' };
	let indicator; // the id of the indicator the first indicator row makes
	let admin;
	const postAs = (who, p, fields) => postForm(url(p), { csrf: who.csrf, ...fields }, who.cookie);
	const evidence = {};
	let newOrganisation;

	async function apiGet(p) {
		const r = await request(url(`/api/v1/${p}`));
		assert.equal(r.status, 200, r.body);
		return JSON.parse(r.body).data;
	}

	before(async () => {
		db = demoDb();
		for (const [email, role] of [['staff@hostile.test', 'staff'], ['admin@hostile.test', 'admin']]) {
			const r = keep(['user', 'add', email, '--role', role, '--db', db], { input: `${PASSWORD}\n` });
			assert.equal(r.status, 0, r.stderr);
		}
		server = await startServer(db);
		staff = await signIn(server.url, 'staff@hostile.test', PASSWORD);
		admin = await signIn(server.url, 'admin@hostile.test', PASSWORD);
	});

	after(async () => {
		const r = await server?.stop();
		if (r) assert.equal(r.code, 0, `keep serve did not stop cleanly (${r.code ?? r.signal}):\n${r.stderr}`);
	});

	test('each field is stored exactly as sent and every page that shows it shows text, not markup', async () => {
		assert.equal(FIELDS.length, MARKERS.length);
		const tables = sqlite(db, "SELECT group_concat(name) FROM (SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name)");
		for (const [i, f] of FIELDS.entries()) {
			const value = hostile(MARKERS[i]);
			const pages = await f.write(value);
			assert.equal(await f.api(), value, `${f.field}: stored exactly as sent`);
			for (const p of pages) {
				for (const who of [null, staff]) {
					const page = await request(url(p), { headers: who ? { Cookie: who.cookie } : {} });
					assert.equal(page.status, 200, `${p}`);
					for (const raw of RAW) assert.ok(!page.body.includes(raw), `${f.field}: ${p} shows ${raw} as markup`);
					assert.ok(page.body.includes(escapeHtml(value)), `${f.field}: ${p} shows the text, escaped`);
				}
			}
		}
		// Nothing was run as SQL: every table is still there.
		assert.equal(sqlite(db, "SELECT group_concat(name) FROM (SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name)"), tables);
		assert.equal(sqlite(db, 'PRAGMA integrity_check'), 'ok');
	});

	test('search finds what was written by its words, quotes and comments included, as plain text', async () => {
		for (const [i, f] of FIELDS.entries()) {
			if (!f.searchable) continue;
			for (const q of [MARKERS[i], `${MARKERS[i]} Robert'); DROP`, `"${MARKERS[i]}" --`]) {
				const r = await request(url(`/search?q=${encodeURIComponent(q)}`));
				assert.equal(r.status, 200, `search for ${q}`);
				for (const raw of RAW) assert.ok(!r.body.includes(raw), `search for ${q} shows ${raw} as markup`);
				assert.match(r.body, new RegExp(`<mark>${MARKERS[i]}</mark>`), `${f.field}: search for ${q} finds it`);
			}
		}
		// Queries that are pure SQL or FTS syntax are words like any others.
		for (const q of ["' OR 1=1 --", '"; DROP TABLE search; --', 'NEAR(a b) OR *', "zqcommit' UNION SELECT pw_hash FROM user --"]) {
			const r = await request(url(`/search?q=${encodeURIComponent(q)}`));
			assert.equal(r.status, 200, `search for ${q}: ${r.body.slice(0, 200)}`);
			assert.ok(!r.body.includes('$argon2id$'), `search for ${q} showed a password hash`);
		}
		assert.equal(sqlite(db, 'PRAGMA integrity_check'), 'ok');
		assert.ok(Number(sqlite(db, 'SELECT count(*) FROM search')) > 0);
	});
});
