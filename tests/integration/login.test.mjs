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

	test('after 5 failures from one address, that address waits, even with the right password', async () => {
		const victim = 'board@example.org';
		const add = keep(['user', 'add', victim, '--role', 'board', '--db', db], { input: `${PASSWORD}\n` });
		assert.equal(add.status, 0, add.stderr);
		const csrf = await loginForm();
		const cookie = `keep_csrf=${csrf}`;
		let sent = 0;
		for (let i = 0; i < 5; i++) {
			sent = Date.now();
			const r = await postForm(`${server.url}/login`, { csrf, email: victim, password: `wrong guess ${i}` }, cookie);
			assert.equal(r.status, 401);
		}
		const locked = await postForm(`${server.url}/login`, { csrf, email: victim, password: PASSWORD }, cookie);
		// The wait is 30 seconds from the last failure, on a clock of whole seconds: less
		// each second boundary crossed since that failure was sent, never more.
		const crossed = Math.ceil((Date.now() - sent) / 1000);
		assert.equal(locked.status, 429);
		const wait = Number(locked.headers['retry-after']);
		assert.ok(wait <= 30 && wait >= 30 - crossed, `Retry-After ${wait}, ${crossed} s after the last failure`);
		assert.match(locked.body, new RegExp(`Too many failed attempts to sign in from here\\. Try again in ${wait} seconds\\.`));
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

	// ---- throttling that cannot be turned on the account's owner ----

	// A form POST to /login sent from address (one of 127/8).
	async function loginFrom(address, email, password) {
		const page = await request(`${server.url}/login`, { localAddress: address });
		const csrf = setCookies(page).keep_csrf.value;
		return request(`${server.url}/login`, {
			method: 'POST',
			localAddress: address,
			headers: { 'Content-Type': 'application/x-www-form-urlencoded', Cookie: `keep_csrf=${csrf}` },
			body: new URLSearchParams({ csrf, email, password }).toString(),
		});
	}

	test('the right password from another address still signs in while an attacker hammers the account', async () => {
		const victim = 'hammered@example.org';
		assert.equal(keep(['user', 'add', victim, '--role', 'admin', '--db', db], { input: `${PASSWORD}\n` }).status, 0);
		const attacker = [];
		for (let i = 0; i < 8; i++) {
			attacker.push((await loginFrom('127.0.0.2', victim, `guess number ${i}`)).status);
			// the owner, elsewhere, signs in between the attacker's tries
			if (i === 6) {
				const owner = await loginFrom('127.0.0.3', victim, PASSWORD);
				assert.equal(owner.status, 303, owner.body);
				assert.match(setCookies(owner).keep_session.value, /^[0-9a-f]{64}$/);
			}
		}
		assert.deepEqual(attacker, [401, 401, 401, 401, 401, 429, 429, 429]);
		// the attacker's address waits even with the right password
		const still = await loginFrom('127.0.0.2', victim, PASSWORD);
		assert.equal(still.status, 429);
		assert.ok(Number(still.headers['retry-after']) > 0);
	});

	test('tries sent all at once get no more than the five free failures', async () => {
		const email = 'parallel@example.org';
		assert.equal(keep(['user', 'add', email, '--role', 'viewer', '--db', db], { input: `${PASSWORD}\n` }).status, 0);
		const all = await Promise.all(Array.from({ length: 12 }, (_, i) => loginFrom('127.0.0.6', email, `parallel guess ${i}`)));
		const statuses = all.map((r) => r.status).sort();
		assert.deepEqual(statuses, [...Array(5).fill(401), ...Array(7).fill(429)]);
	});

	test('failed sign-ins are kept in the database: they survive a restart', async () => {
		const email = 'restarted@example.org';
		assert.equal(keep(['user', 'add', email, '--role', 'viewer', '--db', db], { input: `${PASSWORD}\n` }).status, 0);
		for (let i = 0; i < 5; i++) assert.equal((await loginFrom('127.0.0.4', email, `wrong ${i}`)).status, 401);
		const r = await server.stop();
		assert.equal(r.code, 0, r.stderr);
		server = await startServer(db);
		const again = await loginFrom('127.0.0.4', email, PASSWORD);
		assert.equal(again.status, 429, 'the count was lost when the server restarted');
		assert.match(again.body, /Try again in \d+ seconds?\./);
		assert.equal((await loginFrom('127.0.0.5', email, PASSWORD)).status, 303);
	});

	// ---- form tokens bound to the session; cookies and bearer tokens apart ----

	test('a keep_csrf cookie the server did not make is refused, with or without a session', async () => {
		for (const forged of ['x', 'a'.repeat(64)]) {
			const r = await postForm(`${server.url}/login`, { csrf: forged, email: EMAIL, password: PASSWORD }, `keep_csrf=${forged}`);
			assert.equal(r.status, 403, forged);
			assert.equal(setCookies(r).keep_session, undefined);
		}
		const token = await signIn();
		const out = await postForm(`${server.url}/logout`, { csrf: 'x' }, `keep_session=${token}; keep_csrf=x`);
		assert.equal(out.status, 403);
		const still = await request(`${server.url}/`, { headers: { Cookie: `keep_session=${token}` } });
		assert.match(still.body, /Signed in as/);
	});

	test("a session's form token does not work with another session", async () => {
		const a = await signIn();
		const b = await signIn();
		const page = await request(`${server.url}/`, { headers: { Cookie: `keep_session=${b}` } });
		const csrfB = /name="csrf" value="([0-9a-f]{64})"/.exec(page.body)[1];
		const r = await postForm(`${server.url}/logout`, { csrf: csrfB }, `keep_session=${a}`);
		assert.equal(r.status, 403);
		const still = await request(`${server.url}/`, { headers: { Cookie: `keep_session=${a}` } });
		assert.match(still.body, /Signed in as/);
	});

	test('an API token is never a session cookie, and a session cookie never a bearer token', async () => {
		const body = JSON.stringify({ email: EMAIL, password: PASSWORD });
		const api = await request(`${server.url}/api/v1/session`, {
			method: 'POST',
			headers: { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) },
			body,
		});
		assert.equal(api.status, 201, api.body);
		const bearer = JSON.parse(api.body).data.token;
		const ok = await request(`${server.url}/api/v1/organisations`, { headers: { Authorization: `Bearer ${bearer}` } });
		assert.equal(ok.status, 200);
		const asCookie = await request(`${server.url}/`, { headers: { Cookie: `keep_session=${bearer}` } });
		assert.doesNotMatch(asCookie.body, /Signed in as/);
		const cookie = await signIn();
		const asBearer = await request(`${server.url}/api/v1/organisations`, { headers: { Authorization: `Bearer ${cookie}` } });
		assert.equal(asBearer.status, 401);
	});
});
