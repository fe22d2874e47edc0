// Signing in and out through the web pages: sessions, CSRF, rate limits (issue 3).
import assert from 'node:assert/strict';
import { describe, test, before, after } from 'node:test';

import { demoDb, keep, postForm, request, startServer } from './helpers.mjs';

const EMAIL = 'staff@example.org';
const PASSWORD = 'a long enough password';

// The cookies a response sets, as {name: {value, attrs}}.
function setCookies(res) {
	const out = {};
	for (const line of [].concat(res.headers['set-cookie'] ?? [])) {
		const [pair, ...attrs] = line.split(';').map((x) => x.trim());
		const i = pair.indexOf('=');
		out[pair.slice(0, i)] = { value: pair.slice(i + 1), attrs };
	}
	return out;
}

describe('signing in and out', () => {
	let server;
	let db;
	before(async () => {
		db = demoDb();
		const r = keep(['user', 'add', EMAIL, '--role', 'staff', '--db', db], { input: `${PASSWORD}\n` });
		assert.equal(r.status, 0, r.stderr);
		server = await startServer(db);
	});
	after(async () => {
		const r = await server.stop();
		assert.equal(r.code, 0, r.stderr);
	});

	// The login form's CSRF cookie and the same value in its hidden field.
	async function loginForm() {
		const page = await request(`${server.url}/login`);
		assert.equal(page.status, 200);
		const csrf = setCookies(page).keep_csrf;
		assert.ok(csrf, 'the form sets a keep_csrf cookie');
		assert.match(page.body, new RegExp(`name="csrf" value="${csrf.value}"`));
		return csrf.value;
	}

	async function signIn() {
		const csrf = await loginForm();
		const r = await postForm(`${server.url}/login`, { csrf, email: EMAIL, password: PASSWORD }, `keep_csrf=${csrf}`);
		assert.equal(r.status, 303, r.body);
		return setCookies(r).keep_session.value;
	}

	test('the sign-in page is in the layout and reachable from every page', async () => {
		const home = await request(`${server.url}/`);
		assert.match(home.body, /<a href="\/login">Sign in<\/a>/);
		const page = await request(`${server.url}/login`);
		assert.match(page.body, /<h1>Sign in<\/h1>/);
		assert.match(page.body, /Leave this site quickly/);
		assert.match(page.body, /<label for="password">Password<\/label>/);
	});

	test('a right password starts a session in an HttpOnly, SameSite=Strict cookie', async () => {
		const csrf = await loginForm();
		const r = await postForm(`${server.url}/login`, { csrf, email: EMAIL, password: PASSWORD }, `keep_csrf=${csrf}`);
		assert.equal(r.status, 303);
		assert.equal(r.headers.location, '/');
		const c = setCookies(r).keep_session;
		assert.match(c.value, /^[0-9a-f]{64}$/);
		assert.ok(c.attrs.includes('HttpOnly'));
		assert.ok(c.attrs.includes('SameSite=Strict'));
		assert.ok(c.attrs.some((a) => /^Max-Age=\d+$/.test(a) && Number(a.slice(8)) > 0), 'the session expires');
		assert.ok(!c.attrs.includes('Secure'), 'not Secure over plain HTTP');
		const home = await request(`${server.url}/`, { headers: { Cookie: `keep_session=${c.value}` } });
		assert.match(home.body, new RegExp(`Signed in as ${EMAIL}`));
		assert.equal(home.headers['cache-control'], 'no-store');
	});

	test('the session cookie is Secure when a TLS proxy says so', async () => {
		const page = await request(`${server.url}/login`, { headers: { 'X-Forwarded-Proto': 'https' } });
		assert.ok(setCookies(page).keep_csrf.attrs.includes('Secure'));
	});

	test('the session id changes at every sign-in, and the old one ends', async () => {
		const first = await signIn();
		const csrf = await loginForm();
		const r = await postForm(
			`${server.url}/login`,
			{ csrf, email: EMAIL, password: PASSWORD },
			`keep_csrf=${csrf}; keep_session=${first}`,
		);
		assert.equal(r.status, 303);
		const second = setCookies(r).keep_session.value;
		assert.notEqual(second, first);
		const old = await request(`${server.url}/`, { headers: { Cookie: `keep_session=${first}` } });
		assert.doesNotMatch(old.body, /Signed in as/);
	});

	test('signing out ends the session on the server, not only in the browser', async () => {
		const token = await signIn();
		const home = await request(`${server.url}/`, { headers: { Cookie: `keep_session=${token}` } });
		const csrf = /name="csrf" value="([0-9a-f]{64})"/.exec(home.body)[1];
		const out = await postForm(`${server.url}/logout`, { csrf }, `keep_session=${token}`);
		assert.equal(out.status, 303);
		assert.equal(setCookies(out).keep_session.value, '');
		// The same token sent again (as a stolen cookie would be) is no longer a session.
		const again = await request(`${server.url}/`, { headers: { Cookie: `keep_session=${token}` } });
		assert.doesNotMatch(again.body, /Signed in as/);
		const audit = keep(['audit', '--db', db, '--entity', 'session']);
		assert.match(audit.stdout, /deleted session staff@example.org/);
	});

	test('a POST without the CSRF token, or with a wrong one, is refused with 403 and changes nothing', async () => {
		const token = await signIn();
		const before = keep(['audit', '--db', db, '--format', 'json']).stdout;
		for (const fields of [{}, { csrf: '' }, { csrf: 'x'.repeat(64) }]) {
			const r = await postForm(`${server.url}/logout`, fields, `keep_session=${token}`);
			assert.equal(r.status, 403, JSON.stringify(fields));
			assert.match(r.body, /Nothing was changed/);
		}
		const csrf = await loginForm();
		const wrong = await postForm(`${server.url}/login`, { csrf: 'f'.repeat(64), email: EMAIL, password: PASSWORD }, `keep_csrf=${csrf}`);
		assert.equal(wrong.status, 403);
		assert.equal(setCookies(wrong).keep_session, undefined);
		assert.equal(keep(['audit', '--db', db, '--format', 'json']).stdout, before);
		const still = await request(`${server.url}/`, { headers: { Cookie: `keep_session=${token}` } });
		assert.match(still.body, /Signed in as/, 'the refused sign-out did not end the session');
	});

	test('a form that is not urlencoded is refused with 415', async () => {
		const r = await request(`${server.url}/login`, { method: 'POST', headers: { 'Content-Type': 'text/plain' }, body: 'x' });
		assert.equal(r.status, 415);
	});

	test('a wrong password says so without telling which part was wrong, and keeps the email', async () => {
		const csrf = await loginForm();
		const r = await postForm(`${server.url}/login`, { csrf, email: 'nobody@example.org', password: 'whatever it is' }, `keep_csrf=${csrf}`);
		assert.equal(r.status, 401);
		assert.match(r.body, /The email address or password is not right\./);
		assert.match(r.body, /value="nobody@example.org"/);
		assert.match(r.body, /aria-invalid="true"/);
	});

	test('after 5 failures an account is locked out for a while, even with the right password', async () => {
		const victim = 'board@example.org';
		const add = keep(['user', 'add', victim, '--role', 'board', '--db', db], { input: `${PASSWORD}\n` });
		assert.equal(add.status, 0, add.stderr);
		const csrf = await loginForm();
		const cookie = `keep_csrf=${csrf}`;
		for (let i = 0; i < 5; i++) {
			const r = await postForm(`${server.url}/login`, { csrf, email: victim, password: `wrong guess ${i}` }, cookie);
			assert.equal(r.status, 401);
		}
		const locked = await postForm(`${server.url}/login`, { csrf, email: victim, password: PASSWORD }, cookie);
		assert.equal(locked.status, 429);
		assert.match(locked.body, /Too many failed attempts to sign in\. Try again in 15 minutes\./);
		assert.equal(setCookies(locked).keep_session, undefined);
	});

	test('a disabled account cannot sign in and its sessions end', async () => {
		const email = 'viewer@example.org';
		assert.equal(keep(['user', 'add', email, '--role', 'viewer', '--db', db], { input: `${PASSWORD}\n` }).status, 0);
		const csrf = await loginForm();
		const ok = await postForm(`${server.url}/login`, { csrf, email, password: PASSWORD }, `keep_csrf=${csrf}`);
		const token = setCookies(ok).keep_session.value;
		assert.equal(keep(['user', 'disable', email, '--db', db]).status, 0);
		const page = await request(`${server.url}/`, { headers: { Cookie: `keep_session=${token}` } });
		assert.doesNotMatch(page.body, /Signed in as/);
		const again = await postForm(`${server.url}/login`, { csrf, email, password: PASSWORD }, `keep_csrf=${csrf}`);
		assert.equal(again.status, 401);
	});
});
