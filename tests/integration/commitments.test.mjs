// A commitment's page and the form that changes it (issue 3): who may see the form and
// send it (every role, and anonymously), the CSRF check, the checks field by field with
// the form shown again, a change saved in one audited transaction with its update and its
// history, and text that looks like markup or SQL stored and shown as plain text.
//
// The tests run in order on one demo database and one server. Each test changes its own
// Scottish Government commitment, so that what one test saves cannot make another pass.
// One Argon2id sign-in costs about 100 ms: every account signs in once, in `before`.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { after, before, describe, test } from 'node:test';

import { demoDb, keep, request, startServer } from './helpers.mjs';

const PASSWORD = 'correct horse battery staple 7';
const ORG = 'scottish-government';

// Every role, with an account for each. `may` is whether it may change a Scottish
// Government commitment.
const ROLES = [
	{ name: 'viewer', email: 'viewer@keep.test', role: 'viewer', may: false },
	{ name: 'board', email: 'board@keep.test', role: 'board', may: false },
	{ name: 'editor of cosla', email: 'editor@cosla.test', role: 'editor', organisation: 'cosla', may: false },
	{ name: 'editor of scottish-government', email: 'editor@sg.test', role: 'editor', organisation: ORG, may: true },
	{ name: 'staff', email: 'staff@keep.test', role: 'staff', may: true },
	{ name: 'admin', email: 'admin@keep.test', role: 'admin', may: true },
];

// The messages src/plan/commitment.c gives, word for word.
const MSG = {
	text: 'Say what will be done.',
	textLong: 'Keep it under 10,000 characters.',
	due: 'Enter a real date as YYYY-MM-DD, for example 2026-03-31.',
	status: 'Choose one of the statuses listed.',
	action: 'Choose one of the actions listed.',
	dueTextLong: 'Keep it under 200 characters.',
	noteLong: 'Keep it under 10,000 characters.',
};

const STATUS_WORDS = { not_started: 'Not started', under_way: 'Under way', done: 'Done', dropped: 'Dropped' };
const statusWords = (s) => (s ? STATUS_WORDS[s] : 'Not yet recorded');

const MONTHS = [
	'January', 'February', 'March', 'April', 'May', 'June',
	'July', 'August', 'September', 'October', 'November', 'December',
];
// "24 November 2026" for "2026-11-24".
function dateWords(iso) {
	const [y, m, d] = iso.slice(0, 10).split('-').map(Number);
	return `${d} ${MONTHS[m - 1]} ${y}`;
}
const todayUtc = () => new Date().toISOString().slice(0, 10);

// What an HTML page shows for text, by the escaping rules of keep's templates.
function escapeHtml(s) {
	return s.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;').replaceAll("'", '&#39;');
}
// Reads back the text of an HTML fragment: tags dropped, the usual entities decoded.
function plainText(html) {
	return html
		.replace(/<[^>]*>/g, '')
		.replace(/&#(\d+);/g, (_, n) => String.fromCodePoint(Number(n)))
		.replace(/&#x([0-9a-f]+);/gi, (_, n) => String.fromCodePoint(parseInt(n, 16)))
		.replaceAll('&lt;', '<')
		.replaceAll('&gt;', '>')
		.replaceAll('&quot;', '"')
		.replaceAll('&amp;', '&');
}

const reEscape = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
// Runs sqlite3 on the database (scripts/setup test installs it), read-only so that it
// never checkpoints the WAL of the running server; returns its output.
function sqlite(db, sql) {
	const r = spawnSync('sqlite3', ['-readonly', db, sql], { encoding: 'utf8' });
	if (r.error) throw new Error(`sqlite3: ${r.error.message} (scripts/setup test installs it)`);
	assert.equal(r.status, 0, `sqlite3 ${db} "${sql}": ${r.stderr}`);
	return r.stdout.trim();
}

const form = (fields) => new URLSearchParams(fields).toString();

// The cookies a response sets, as {name: value}.
function setCookies(res) {
	const out = {};
	for (const line of [].concat(res.headers['set-cookie'] ?? [])) {
		const pair = line.split(';')[0].trim();
		const i = pair.indexOf('=');
		out[pair.slice(0, i)] = pair.slice(i + 1);
	}
	return out;
}

// The part of a page inside <main>.
function mainOf(body) {
	const start = body.indexOf('<main');
	const end = body.indexOf('</main>');
	assert.ok(start >= 0 && end > start, 'the page has a <main>');
	return body.slice(start, end);
}

// The <div class="field"> of the edit form that holds the control with this id.
function fieldOf(body, id) {
	const parts = body.split('<div class="field">').slice(1).map((p) => p.slice(0, p.indexOf('</div>')));
	const found = parts.filter((p) => p.includes(`for="${id}"`));
	assert.equal(found.length, 1, `one field labelled for #${id} in the form`);
	return found[0];
}

// The opening tag of the control with this id (textarea, input or select).
function controlTag(body, id) {
	const m = new RegExp(`<(textarea|input|select) id="${id}"[^>]*>`).exec(body);
	assert.ok(m, `a control with id="${id}"`);
	return m[0];
}

// What the edit form holds: the texts decoded, the options selected.
function formValues(body) {
	const textarea = (id) => plainText(new RegExp(`<textarea id="${id}"[^>]*>([^<]*)</textarea>`).exec(body)[1]);
	const input = (id) => plainText(/value="([^"]*)"/.exec(controlTag(body, id))[1]);
	const selected = (id) => {
		const start = body.indexOf(`<select id="${id}"`);
		const select = body.slice(start, body.indexOf('</select>', start));
		const chosen = [...select.matchAll(/<option value="([^"]*)" selected>/g)].map((m) => m[1]);
		assert.ok(chosen.length <= 1, `at most one option of #${id} is selected`);
		return chosen.length ? plainText(chosen[0]) : null;
	};
	return {
		text: textarea('text'),
		action: selected('action'),
		due: input('due'),
		due_text: input('due_text'),
		status: selected('status'),
		note: textarea('note'),
	};
}

// The <li> items of a section of the commitment page ("timeline" or "history").
function sectionItems(body, id) {
	const start = body.indexOf(`<h2 id="${id}">`);
	assert.ok(start >= 0, `the page has the section #${id}`);
	const section = body.slice(start, body.indexOf('</section>', start));
	return [...section.matchAll(/<li>([\s\S]*?)<\/li>/g)].map((m) => m[1]);
}

describe('a commitment: its page and the form to change it', () => {
	let server;
	let db;
	let original; // the commitments as exported before any test changed one
	const sessions = {}; // role name -> {cookie, csrf, email}
	const pick = {}; // what each test changes: Scottish Government commitments linked to an action
	let otherOrg; // a commitment of another organisation

	const url = (p) => `${server.url}${p}`;
	const get = (p, who) => request(url(p), { headers: who ? { Cookie: who.cookie } : {} });
	const post = (p, fields, cookie) =>
		request(url(p), {
			method: 'POST',
			headers: { 'Content-Type': 'application/x-www-form-urlencoded', ...(cookie ? { Cookie: cookie } : {}) },
			body: typeof fields === 'string' ? fields : form(fields),
		});
	// Sends the edit form as `who` (their session and their CSRF token) with these fields.
	const send = (slug, who, fields) => post(`/commitments/${slug}/edit`, { csrf: who.csrf, ...fields }, who.cookie);

	function exportCommitments() {
		const r = keep(['export', 'commitments', '--db', db, '--format', 'json']);
		assert.equal(r.status, 0, r.stderr);
		return JSON.parse(r.stdout);
	}
	const commitment = (slug) => exportCommitments().find((c) => c.id === slug);
	function audit(args = []) {
		const r = keep(['audit', '--db', db, '--format', 'json', ...args]);
		assert.equal(r.status, 0, r.stderr);
		return JSON.parse(r.stdout);
	}
	// All that a refused request must leave as it was: every commitment, the audit log,
	// and the updates and history shown on the pages of the commitments it aimed at.
	async function snapshot(...slugs) {
		const pages = [];
		for (const s of slugs) {
			const page = await get(`/commitments/${s}`);
			assert.equal(page.status, 200);
			pages.push(mainOf(page.body));
		}
		return {
			commitments: keep(['export', 'commitments', '--db', db, '--format', 'json']).stdout,
			audit: keep(['audit', '--db', db, '--format', 'json']).stdout,
			pages,
		};
	}

	// The sign-in form's CSRF token (its keep_csrf cookie and hidden field).
	async function loginCsrf(next) {
		const page = await get(next ? `/login?next=${encodeURIComponent(next)}` : '/login');
		assert.equal(page.status, 200);
		const csrf = setCookies(page).keep_csrf;
		assert.match(csrf ?? '', /^[0-9a-f]{64}$/, 'GET /login sets keep_csrf');
		return { csrf, page };
	}

	async function signIn(email) {
		const { csrf } = await loginCsrf();
		const r = await post('/login', { csrf, email, password: PASSWORD }, `keep_csrf=${csrf}`);
		assert.equal(r.status, 303, `signing in as ${email}: ${r.body}`);
		const token = setCookies(r).keep_session;
		assert.match(token ?? '', /^[0-9a-f]{64}$/);
		const cookie = `keep_session=${token}`;
		// The session's own CSRF token, as every page for a signed-in person carries it.
		const home = await request(url('/'), { headers: { Cookie: cookie } });
		assert.match(home.body, new RegExp(`Signed in as ${reEscape(email)}`));
		const m = /name="csrf" value="([0-9a-f]{64})"/.exec(home.body);
		assert.ok(m, 'the sign-out form carries the session CSRF token');
		return { cookie, csrf: m[1], email };
	}

	before(async () => {
		db = demoDb();
		for (const r of ROLES) {
			const args = ['user', 'add', r.email, '--role', r.role, '--db', db];
			if (r.organisation) args.push('--organisation', r.organisation);
			const add = keep(args, { input: `${PASSWORD}\n` });
			assert.equal(add.status, 0, add.stderr);
		}
		original = exportCommitments();
		const ours = original.filter((c) => c.organisation === ORG && c.action).sort((a, b) => a.id.localeCompare(b.id));
		assert.ok(ours.length >= 8, `the demo data has enough Scottish Government commitments linked to actions (${ours.length})`);
		for (const [i, k] of ['x', 'w', 'valid', 'escape', 'inject', 'same', 'bytes', 'links'].entries()) pick[k] = ours[i];
		otherOrg = original.find((c) => c.organisation !== ORG);
		assert.ok(otherOrg, 'a commitment of another organisation');

		server = await startServer(db);
		for (const r of ROLES) sessions[r.name] = await signIn(r.email);
	});

	after(async () => {
		const r = await server?.stop();
		if (r) assert.equal(r.code, 0, `keep serve did not stop cleanly (${r.code ?? r.signal}):\n${r.stderr}`);
	});

	// ---- who may do what ----

	test('anonymously, the form and its POST send the person to sign in, and back after', async () => {
		const X = pick.x.id;
		const want = `/login?next=/commitments/${X}/edit`;
		const page = await get(`/commitments/${X}/edit`);
		assert.equal(page.status, 303);
		assert.equal(page.headers.location, want);

		// A POST passes the CSRF check with the sign-in form's token, and is then sent
		// to sign in as well; without a token it is refused first.
		const before = await snapshot(X);
		const { csrf } = await loginCsrf();
		const sent = await post(`/commitments/${X}/edit`, { csrf, text: 'anonymous change', status: 'done' }, `keep_csrf=${csrf}`);
		assert.equal(sent.status, 303);
		assert.equal(sent.headers.location, want);
		const bare = await post(`/commitments/${X}/edit`, { text: 'anonymous change', status: 'done' });
		assert.equal(bare.status, 403);
		assert.deepEqual(await snapshot(X), before, 'an anonymous POST changed something');

		// The sign-in page keeps where to go, and goes there after.
		const login = await loginCsrf(`/commitments/${X}/edit`);
		assert.match(login.page.body, new RegExp(`name="next" value="/commitments/${X}/edit"`));
		const r = await post(
			'/login',
			{ csrf: login.csrf, email: 'editor@sg.test', password: PASSWORD, next: `/commitments/${X}/edit` },
			`keep_csrf=${login.csrf}`,
		);
		assert.equal(r.status, 303);
		assert.equal(r.headers.location, `/commitments/${X}/edit`);
		const form = await get(`/commitments/${X}/edit`, { cookie: `keep_session=${setCookies(r).keep_session}` });
		assert.equal(form.status, 200);
	});

	test('GET /commitments/X/edit: 403 for viewer, board and another organisation\'s editor; 200 for its editor, staff and admin', async () => {
		const X = pick.x.id;
		for (const r of ROLES) {
			const page = await get(`/commitments/${X}/edit`, sessions[r.name]);
			assert.equal(page.status, r.may ? 200 : 403, `${r.name}: GET /commitments/${X}/edit`);
			assert.equal(page.headers['cache-control'], 'no-store', `${r.name}: a page for a signed-in person is not cached`);
			if (r.may) {
				assert.match(page.body, /<h1>Change a commitment of Scottish Government<\/h1>/);
				assert.ok(page.body.includes(`action="/commitments/${X}/edit"`), 'the form posts to itself');
				assert.ok(page.body.includes(`name="csrf" value="${sessions[r.name].csrf}"`), 'the form carries the session CSRF token');
				// The form starts from what is stored.
				const v = formValues(page.body);
				assert.equal(v.text, pick.x.text);
				assert.equal(v.action, pick.x.action);
				assert.equal(v.due, pick.x.due ?? '');
				assert.equal(v.due_text, pick.x.due_text ?? '');
				assert.equal(v.status ?? '', pick.x.status ?? '');
				assert.equal(v.note, '');
			} else {
				assert.match(page.body, /You can change only your own organisation&#39;s commitments\./);
				assert.doesNotMatch(page.body, /<textarea/, `${r.name} is shown no form`);
			}
		}
	});

	test('POST /commitments/X/edit: 403 for viewer, board and another organisation\'s editor, and nothing changes', async () => {
		const X = pick.x.id;
		const before = await snapshot(X);
		for (const r of ROLES.filter((x) => !x.may)) {
			const sent = await send(X, sessions[r.name], {
				text: `changed by ${r.name}`,
				action: 'planning',
				due: '2030-01-01',
				due_text: 'soon',
				status: 'dropped',
				note: `a note from ${r.name}`,
			});
			assert.equal(sent.status, 403, `${r.name}: POST /commitments/${X}/edit`);
			assert.match(sent.body, /You can change only your own organisation&#39;s commitments\./);
		}
		assert.deepEqual(await snapshot(X), before, 'a refused POST changed something');
	});

	test('POST /commitments/W/edit: 303 for its editor, staff and admin, each change recorded as theirs', async () => {
		const W = pick.w.id;
		for (const r of ROLES.filter((x) => x.may)) {
			const text = `Kept current by the ${r.name}.`;
			const sent = await send(W, sessions[r.name], {
				text,
				action: pick.w.action,
				due: '2027-06-30',
				due_text: '',
				status: 'under_way',
				note: '',
				// The form has no organisation field: one sent anyway must not move it.
				organisation: 'cosla',
			});
			assert.equal(sent.status, 303, `${r.name}: POST /commitments/${W}/edit: ${sent.body}`);
			assert.equal(sent.headers.location, `/commitments/${W}`);
			const now = commitment(W);
			assert.equal(now.text, text);
			assert.equal(now.organisation, ORG, 'the commitment stays with its organisation');
			const last = audit(['--entity', 'commitment', '--id', W]).at(-1);
			assert.equal(last.actor, r.email);
			assert.equal(last.verb, 'update');
			assert.equal(last.after.text, text);
		}
	});

	test('an editor cannot change another organisation\'s commitment', async () => {
		const C = otherOrg.id;
		const editor = sessions['editor of scottish-government'];
		const page = await get(`/commitments/${C}/edit`, editor);
		assert.equal(page.status, 403);
		const shown = await get(`/commitments/${C}`, editor);
		assert.equal(shown.status, 200);
		assert.doesNotMatch(shown.body, /Change this commitment/);
		const before = await snapshot(C);
		const sent = await send(C, editor, { text: 'taken over', action: '', due: '', due_text: '', status: 'dropped', note: 'x' });
		assert.equal(sent.status, 403);
		assert.deepEqual(await snapshot(C), before);
	});

	test('GET /commitments/X is 200 for everyone; "Change this commitment" only for those who may', async () => {
		const X = pick.x.id;
		for (const who of [{ name: 'anonymous', may: false }, ...ROLES]) {
			const page = await get(`/commitments/${X}`, sessions[who.name]);
			assert.equal(page.status, 200, `${who.name}: GET /commitments/${X}`);
			assert.match(page.body, /<h1>Commitment of Scottish Government<\/h1>/);
			assert.ok(page.body.includes(`<p class="lede">${escapeHtml(pick.x.text)}</p>`), `${who.name}: the page shows what was committed`);
			assert.match(page.body, /<h2 id="timeline">Updates<\/h2>/);
			assert.match(page.body, /<h2 id="history">History of changes<\/h2>/);
			const link = `<a class="button-link" href="/commitments/${X}/edit">Change this commitment</a>`;
			assert.equal(page.body.includes(link), who.may, `${who.name}: the link to change it is ${who.may ? 'missing' : 'shown'}`);
			if (!who.may) assert.doesNotMatch(page.body, /Change this commitment/);
		}
	});

	test('a commitment that does not exist, or cannot, is 404', async () => {
		const staff = sessions.staff;
		for (const p of ['/commitments/no-such-commitment', '/commitments/Not_A_Slug', '/commitments/no-such-commitment/edit']) {
			const page = await get(p, staff);
			assert.equal(page.status, 404, p);
		}
		const sent = await send('no-such-commitment', staff, { text: 'x', status: 'done' });
		assert.equal(sent.status, 404);
	});

	// ---- CSRF ----

	test('a POST with no CSRF token, an empty one, a wrong one or another session\'s is refused with 403 and changes nothing', async () => {
		const X = pick.x.id;
		const editor = sessions['editor of scottish-government'];
		const fields = { text: 'forged change', action: 'planning', due: '2031-01-01', due_text: '', status: 'done', note: 'forged note' };
		const before = await snapshot(X);
		const tries = [
			['no token', form(fields)],
			['an empty token', form({ csrf: '', ...fields })],
			['a wrong token', form({ csrf: 'a'.repeat(64), ...fields })],
			['a token one character off', form({ csrf: editor.csrf.slice(0, -1) + (editor.csrf.endsWith('0') ? '1' : '0'), ...fields })],
			['the token of another session', form({ csrf: sessions.admin.csrf, ...fields })],
			['the sign-in form\'s token without its cookie', form({ csrf: 'b'.repeat(64), ...fields })],
		];
		for (const [what, body] of tries) {
			const r = await post(`/commitments/${X}/edit`, body, editor.cookie);
			assert.equal(r.status, 403, `${what}: ${r.status}`);
			assert.match(r.body, /Nothing was changed\./, what);
		}
		assert.deepEqual(await snapshot(X), before, 'a POST without the right token changed something');
	});

	// ---- the checks, field by field ----

	test('a wrong form is shown again (400) with each message beside its field, marked aria-invalid, and nothing saved', async () => {
		const V = pick.valid.id;
		const editor = sessions['editor of scottish-government'];
		const before = await snapshot(V);
		const sent = await send(V, editor, {
			text: '',
			action: 'no-such-action',
			due: '2026-02-30',
			due_text: 'by the end of February',
			status: 'nope',
			note: 'This note must not be saved.',
		});
		assert.equal(sent.status, 400);
		assert.equal(sent.headers['cache-control'], 'no-store');
		const body = sent.body;
		assert.match(body, /<title>Error: /, 'the title says there is an error');
		assert.match(body, /<div class="error-summary" role="alert" aria-labelledby="error-summary-title" tabindex="-1">/);
		const wrong = { text: MSG.text, action: MSG.action, due: MSG.due, status: MSG.status };
		for (const [id, message] of Object.entries(wrong)) {
			assert.ok(body.includes(`<li><a href="#${id}">${escapeHtml(message)}</a></li>`), `the summary links to #${id}`);
			const field = fieldOf(body, id);
			assert.ok(field.includes(`<p class="error-message" id="${id}-error">${escapeHtml(message)}</p>`), `the message for ${id} is beside it:\n${field}`);
			const tag = controlTag(field, id);
			assert.match(tag, /aria-invalid="true"/, `#${id} is marked invalid`);
			assert.match(tag, new RegExp(`aria-describedby="${id}-error"`), `#${id} is described by its message`);
		}
		for (const id of ['due_text', 'note']) {
			const field = fieldOf(body, id);
			assert.doesNotMatch(field, /error-message/, `no message beside ${id}`);
			assert.doesNotMatch(controlTag(field, id), /aria-invalid/, `${id} is not marked invalid`);
		}
		// What was typed is kept.
		const v = formValues(body);
		assert.equal(v.due, '2026-02-30');
		assert.equal(v.due_text, 'by the end of February');
		assert.equal(v.note, 'This note must not be saved.');
		assert.equal(v.text, '');
		assert.deepEqual(await snapshot(V), before, 'a wrong form changed something');
	});

	test('a wrong form keeps the text typed, with its markup as text', async () => {
		const V = pick.valid.id;
		const editor = sessions['editor of scottish-government'];
		const before = await snapshot(V);
		const text = 'We will <em>publish</em> a plan & report "each year" — it\'s agreed.\nSecond line.';
		const sent = await send(V, editor, { text, action: 'advocacy', due: '31/03/2027', due_text: '', status: 'done', note: '' });
		assert.equal(sent.status, 400);
		const v = formValues(sent.body);
		assert.equal(v.text, text);
		assert.equal(v.due, '31/03/2027');
		assert.equal(v.action, 'advocacy');
		assert.equal(v.status, 'done');
		assert.ok(fieldOf(sent.body, 'due').includes(escapeHtml(MSG.due)));
		assert.doesNotMatch(fieldOf(sent.body, 'text'), /error-message/);
		assert.doesNotMatch(mainOf(sent.body), /<em>publish/);
		assert.deepEqual(await snapshot(V), before);
	});

	test('text that is only spaces is not saying what will be done', async () => {
		const V = pick.valid.id;
		const editor = sessions['editor of scottish-government'];
		const before = await snapshot(V);
		const sent = await send(V, editor, { text: '   \r\n\t ', action: pick.valid.action, due: '', due_text: '', status: '', note: '' });
		assert.equal(sent.status, 400, 'blank text was accepted');
		assert.ok(fieldOf(sent.body, 'text').includes(escapeHtml(MSG.text)));
		assert.deepEqual(await snapshot(V), before);
	});

	test('texts too long are refused beside their fields, and nothing saved', async () => {
		const V = pick.valid.id;
		const editor = sessions['editor of scottish-government'];
		const before = await snapshot(V);
		const sent = await send(V, editor, {
			text: 'a'.repeat(10001),
			action: pick.valid.action,
			due: '2027-01-31',
			due_text: 'b'.repeat(201),
			status: 'done',
			note: 'c'.repeat(10001),
		});
		assert.equal(sent.status, 400);
		assert.ok(fieldOf(sent.body, 'text').includes(escapeHtml(MSG.textLong)));
		assert.ok(fieldOf(sent.body, 'due_text').includes(escapeHtml(MSG.dueTextLong)));
		assert.ok(fieldOf(sent.body, 'note').includes(escapeHtml(MSG.noteLong)));
		assert.doesNotMatch(fieldOf(sent.body, 'due'), /error-message/);
		assert.deepEqual(await snapshot(V), before);

		// Right at the limits is fine.
		const ok = await send(V, editor, {
			text: 'a'.repeat(10000),
			action: pick.valid.action,
			due: '2028-02-29',
			due_text: 'b'.repeat(200),
			status: 'done',
			note: 'c'.repeat(10000),
		});
		assert.equal(ok.status, 303, ok.body.slice(0, 2000));
		const now = commitment(V);
		assert.equal(now.text.length, 10000);
		assert.equal(now.due, '2028-02-29');
	});

	test('a field that is not UTF-8 does not lose what was typed in the others', async () => {
		const T = pick.bytes.id;
		const editor = sessions['editor of scottish-government'];
		const before = await snapshot(T);
		// Bytes no browser sends from a UTF-8 page: 0xFF 0xFE. The due date is wrong too.
		const body = `csrf=${editor.csrf}&text=%FF%FEabc&action=${pick.bytes.action}&due=2026-02-30&due_text=by+spring&status=done&note=kept+note`;
		const sent = await post(`/commitments/${T}/edit`, body, editor.cookie);
		assert.equal(sent.status, 400);
		const v = formValues(sent.body);
		assert.equal(v.due, '2026-02-30', 'the due date typed was lost');
		assert.equal(v.due_text, 'by spring', 'the due date in words typed was lost');
		assert.equal(v.note, 'kept note', 'the note typed was lost');
		assert.deepEqual(await snapshot(T), before);
	});

	test('a field that is not UTF-8 is refused or stored as UTF-8, never as the bytes sent', async () => {
		const T = pick.bytes.id;
		const editor = sessions['editor of scottish-government'];
		const body = `csrf=${editor.csrf}&text=%FF%FEabc&action=${pick.bytes.action}&due=&due_text=by+spring%C3&status=done&note=a+note%E2%82`;
		const sent = await post(`/commitments/${T}/edit`, body, editor.cookie);
		assert.ok([303, 400].includes(sent.status), `${sent.status}: ${sent.body.slice(0, 500)}`);
		// What the database holds, byte for byte (the exports repair what they print).
		const hex = sqlite(db, `SELECT hex(text) || ',' || hex(coalesce(due_text, '')) FROM commitment WHERE slug = '${T}';` +
			` SELECT hex(coalesce(u.text, '')) FROM commitment_update u JOIN commitment c ON c.id = u.commitment_id WHERE c.slug = '${T}';`);
		for (const h of hex.split(/[\n,]/).filter(Boolean)) {
			const bytes = Buffer.from(h, 'hex');
			assert.doesNotThrow(() => new TextDecoder('utf-8', { fatal: true }).decode(bytes), `stored bytes that are not UTF-8: ${h}`);
		}
	});

	// ---- a change saved ----

	test('a right form is saved: 303 to the commitment, with its update, its history and its audit record', async () => {
		const X = pick.x.id;
		const old = commitment(X);
		const editor = sessions['editor of scottish-government'];
		const change = {
			text: 'We will scope the service with care experienced people and report to Ministers.',
			action: old.action === 'planning' ? 'advocacy' : 'planning',
			due: '2027-03-31',
			due_text: 'by the end of March 2027',
			status: old.status === 'under_way' ? 'done' : 'under_way',
			note: 'Scoping is finished; the report goes to Ministers in the spring.',
		};
		const others = (list) => list.filter((c) => c.id !== X);
		const othersBefore = others(exportCommitments());
		const auditBefore = audit(['--entity', 'commitment', '--id', X]).length;
		const dayBefore = todayUtc();
		const sent = await send(X, editor, change);
		const dayAfter = todayUtc();
		assert.equal(sent.status, 303, sent.body.slice(0, 2000));
		assert.equal(sent.headers.location, `/commitments/${X}`);

		// Stored.
		const now = commitment(X);
		for (const k of ['text', 'action', 'due', 'due_text', 'status']) assert.equal(now[k], change[k], k);
		assert.equal(now.organisation, ORG);
		assert.equal(now.source, old.source);
		// Every other commitment as it was.
		assert.deepEqual(others(exportCommitments()), othersBefore);

		// Audited, once, with the record before and after.
		const records = audit(['--entity', 'commitment', '--id', X]);
		assert.equal(records.length, auditBefore + 1);
		const rec = records.at(-1);
		assert.equal(rec.actor, editor.email);
		assert.equal(rec.verb, 'update');
		assert.equal(rec.entity, 'commitment');
		assert.equal(rec.entity_id, X);
		for (const k of ['text', 'action', 'due', 'due_text', 'status']) {
			assert.equal(rec.before[k], old[k], `before.${k}`);
			assert.equal(rec.after[k], change[k], `after.${k}`);
		}
		const day = rec.at.slice(0, 10);
		assert.ok([dayBefore, dayAfter].includes(day), `the change is dated today (${day})`);
		const text = keep(['audit', '--db', db, '--entity', 'commitment', '--id', X]);
		assert.equal(text.status, 0, text.stderr);
		assert.match(text.stdout, new RegExp(`${reEscape(editor.email)} changed commitment ${X}: `));
		assert.ok(text.stdout.includes(`status ${old.status ?? 'none'} → ${change.status}`), text.stdout);

		// Shown: for the editor, and to anyone (a page cached before the change is not served).
		for (const who of [editor, undefined]) {
			const page = await get(`/commitments/${X}`, who);
			assert.equal(page.status, 200);
			const body = page.body;
			assert.ok(body.includes(`<p class="lede">${escapeHtml(change.text)}</p>`));
			assert.ok(body.includes(`<dd>${dateWords(change.due)}</dd>`), 'the due date in words');
			assert.ok(body.includes(`<dd>${statusWords(change.status)}</dd>`), 'the status in words');
			assert.ok(body.includes(`href="/actions/${change.action}"`), 'a link to the new action');
			const updates = sectionItems(body, 'timeline');
			assert.ok(
				updates.some((u) => u === `<p><strong>${dateWords(day)}</strong>: ${statusWords(change.status)}</p><p>${escapeHtml(change.note)}</p>`),
				`the updates list today's update:\n${updates.join('\n')}`,
			);
			const history = sectionItems(body, 'history').map(plainText);
			// Who made it is shown to those signed in; the public sees what and when.
			const by = who ? `Changed by ${editor.email} on` : 'Changed on';
			const sentence = history.find((h) => h.startsWith(`${by} ${dateWords(day)}: `));
			if (!who) assert.ok(!body.includes(editor.email), 'the public page does not show who changed it');
			assert.ok(sentence, `the history has the change:\n${history.join('\n')}`);
			for (const part of [
				`text ${old.text} → ${change.text}`,
				`action ${old.action ?? 'none'} → ${change.action}`,
				`due ${old.due ?? 'none'} → ${change.due}`,
				`due_text ${old.due_text ?? 'none'} → ${change.due_text}`,
				`status ${statusWords(old.status)} → ${statusWords(change.status)}`,
			]) {
				assert.ok(sentence.includes(part), `the history names "${part}":\n${sentence}`);
			}
			assert.doesNotMatch(sentence, /\b(created|updated) /, 'the store\'s own times are not named');
		}

		// The form now starts from the saved values, with an empty note.
		const again = formValues((await get(`/commitments/${X}/edit`, editor)).body);
		assert.deepEqual(again, { ...change, note: '' });
	});

	test('a status changed without a note is still an update; a note without a status change is one too', async () => {
		const X = pick.x.id;
		const staff = sessions.staff;
		const cur = commitment(X);
		const count = async () => sectionItems((await get(`/commitments/${X}`)).body, 'timeline').length;
		const n0 = await count();
		const base = { text: cur.text, action: cur.action, due: cur.due ?? '', due_text: cur.due_text ?? '' };
		const next = cur.status === 'done' ? 'dropped' : 'done';
		let r = await send(X, staff, { ...base, status: next, note: '' });
		assert.equal(r.status, 303);
		assert.equal(await count(), n0 + 1);
		r = await send(X, staff, { ...base, status: next, note: 'Signed off by the board.' });
		assert.equal(r.status, 303);
		const items = sectionItems((await get(`/commitments/${X}`)).body, 'timeline');
		assert.equal(items.length, n0 + 2);
		const words = statusWords(next);
		assert.ok(items.some((u) => u.endsWith(`</strong>: ${words}</p>`)), items.join('\n'));
		assert.ok(items.some((u) => u.endsWith(`</strong>: ${words}</p><p>Signed off by the board.</p>`)), items.join('\n'));
	});

	test('saving the form unchanged records no change', async () => {
		const S = pick.same.id;
		const staff = sessions.staff;
		const c = commitment(S);
		const records = audit(['--entity', 'commitment', '--id', S]).length;
		const sent = await send(S, staff, {
			text: c.text,
			action: c.action ?? '',
			due: c.due ?? '',
			due_text: c.due_text ?? '',
			status: c.status ?? '',
			note: '',
		});
		assert.equal(sent.status, 303);
		const history = sectionItems((await get(`/commitments/${S}`)).body, 'history').map(plainText);
		const bare = history.filter((h) => !/: \S/.test(h));
		assert.deepEqual(bare, [], 'the history has a change that names nothing changed');
		assert.equal(audit(['--entity', 'commitment', '--id', S]).length, records, 'an audit record for a save that changed nothing');
	});

	// ---- markup and SQL are only text ----

	test('markup typed into every field is stored exactly and never rendered as markup', async () => {
		const E = pick.escape.id;
		const action = pick.escape.action;
		const editor = sessions['editor of scottish-government'];
		const change = {
			text: '<script>alert(1)</script><b onmouseover="alert(2)">bold</b>',
			action,
			due: '', // so the due date in words is what the pages show
			due_text: '<img src=x onerror=alert(3)>',
			status: 'done',
			note: '<script>alert(4)</script><a href="javascript:alert(5)">x</a>',
		};
		const sent = await send(E, editor, change);
		assert.equal(sent.status, 303, sent.body.slice(0, 2000));
		const now = commitment(E);
		assert.equal(now.text, change.text);
		assert.equal(now.due_text, change.due_text);
		assert.equal(now.due, null);

		const page = await get(`/commitments/${E}`);
		const updates = sectionItems(page.body, 'timeline');
		assert.ok(updates.some((u) => u.includes(`<p>${escapeHtml(change.note)}</p>`)), updates.join('\n'));
		const history = sectionItems(page.body, 'history');
		assert.ok(history.some((h) => h.includes(escapeHtml(change.text))), 'the history shows the text, escaped');

		const pages = [
			[`/commitments/${E}`, undefined],
			[`/commitments/${E}`, editor],
			[`/organisations/${ORG}`, undefined],
			[`/organisations/${ORG}`, editor],
			[`/actions/${action}`, undefined],
			[`/commitments/${E}/edit`, editor],
		];
		for (const [p, who] of pages) {
			const page = await get(p, who);
			assert.equal(page.status, 200, p);
			const main = mainOf(page.body);
			assert.doesNotMatch(page.body, /<script/i, `${p}: a <script> element`);
			assert.doesNotMatch(main, /<b onmouseover|<img src=x|<a href="javascript:/i, `${p}: markup from a field`);
			assert.ok(main.includes(escapeHtml(change.text)), `${p}: the text is shown, escaped`);
			assert.ok(main.includes(escapeHtml(change.due_text)), `${p}: the due date in words is shown, escaped`);
		}
	});

	test('quote-and-comment SQL in every field is stored and found as plain text, and the table is still there', async () => {
		const Z = pick.inject.id;
		const action = pick.inject.action;
		const editor = sessions['editor of scottish-government'];
		const change = {
			text: "'; DROP TABLE commitment; --",
			action,
			due: '',
			due_text: "x' OR '1'='1' /*",
			status: 'not_started',
			note: '"); DELETE FROM commitment_update; --',
		};
		const sent = await send(Z, editor, change);
		assert.equal(sent.status, 303, sent.body.slice(0, 2000));
		const all = exportCommitments();
		assert.equal(all.length, original.length, 'every commitment is still there');
		const now = all.find((c) => c.id === Z);
		assert.equal(now.text, change.text);
		assert.equal(now.due_text, change.due_text);
		assert.equal(now.status, 'not_started');

		// Wrong input with SQL in it changes nothing either.
		const before = await snapshot(Z);
		const wrong = await send(Z, editor, { ...change, due: "2027-01-01'; --", action: "x' OR 1=1 --", status: "done'--" });
		assert.equal(wrong.status, 400);
		assert.equal(formValues(wrong.body).due, "2027-01-01'; --");
		assert.deepEqual(await snapshot(Z), before);

		for (const p of [`/commitments/${Z}`, `/organisations/${ORG}`, `/actions/${action}`]) {
			const page = await get(p);
			assert.equal(page.status, 200, p);
			assert.ok(mainOf(page.body).includes(escapeHtml(change.text)), `${p} shows the text`);
		}
		const page = await get(`/commitments/${Z}`);
		assert.ok(sectionItems(page.body, 'timeline').some((u) => u.includes(`<p>${escapeHtml(change.note)}</p>`)), 'the note is an update');

		// Search: the words are found, and the quote-and-comment input is only words.
		for (const q of ['DROP TABLE commitment', change.text, '" OR 1=1 --', "commitment'; --"]) {
			const found = await get(`/search?q=${encodeURIComponent(q)}`);
			assert.equal(found.status, 200, `search for ${q}`);
		}
		const found = await get(`/search?q=${encodeURIComponent(change.text)}`);
		const results = [...mainOf(found.body).matchAll(/<li class="result">([\s\S]*?)<\/li>/g)].map((m) => m[1]);
		const hit = results.find((r) => /<p class="kind">Commitment<\/p>/.test(r) && plainText(r).includes('DROP TABLE commitment; --'));
		assert.ok(hit, `the search finds the commitment as plain text:\n${results.join('\n')}`);
		assert.match(hit, /<mark>DROP<\/mark>/, 'the words searched for are marked');
		assert.equal(exportCommitments().length, original.length, 'every commitment is still there after the searches');
	});

	// ---- other programs ----

	test('a change saved while another keep command writes to the database is seen by every program', async () => {
		const A = pick.links.id;
		const staff = sessions.staff;
		// Both of the server's threads have their connection open (as after any busy minute).
		for (let i = 0; i < 3; i++) await Promise.all(Array.from({ length: 8 }, () => get('/organisations')));
		const base = { action: pick.links.action, due: '', due_text: '', status: 'under_way', note: '' };
		let r = await send(A, staff, { ...base, text: 'Saved before the other command ran.' });
		assert.equal(r.status, 303);
		assert.equal(commitment(A).text, 'Saved before the other command ran.');
		// Another program writes (it ends the viewer's sessions), and exits.
		const other = keep(['user', 'disable', 'viewer@keep.test', '--db', db]);
		assert.equal(other.status, 0, other.stderr);
		r = await send(A, staff, { ...base, text: 'Saved after the other command ran.' });
		assert.equal(r.status, 303);
		assert.equal(commitment(A).text, 'Saved after the other command ran.', 'keep export does not see what the server saved');
		assert.equal(audit(['--entity', 'commitment', '--id', A]).at(-1).after.text, 'Saved after the other command ran.');
		const page = await get(`/commitments/${A}`);
		assert.ok(page.body.includes('Saved after the other command ran.'));
	});

	// ---- links ----

	test('the commitment page is linked from its organisation\'s page and its action\'s page, and links back', async () => {
		const L = pick.links;
		const org = await get(`/organisations/${ORG}`);
		assert.equal(org.status, 200);
		for (const c of original.filter((x) => x.organisation === ORG)) {
			assert.ok(org.body.includes(`<a href="/commitments/${c.id}">`), `the organisation page links to ${c.id}`);
		}
		const action = await get(`/actions/${L.action}`);
		assert.equal(action.status, 200);
		assert.ok(action.body.includes(`<a href="/commitments/${L.id}">`), `the action page links to ${L.id}`);
		const page = await get(`/commitments/${L.id}`);
		assert.ok(page.body.includes(`<a href="/organisations/${ORG}">Scottish Government</a>`));
		assert.ok(page.body.includes(`href="/actions/${L.action}"`));
	});
});
