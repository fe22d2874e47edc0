// Writes through the JSON API (src/web/api_write.c): signing in for programs, every
// write endpoint with its success and each refusal (401, 403, 404, 405, 409, 422, 400),
// editors against another organisation's records, the CSRF rule for cookie writes, the
// audit records with before and after, and the GET afterwards (also through the
// response cache).
//
// The tests run in order on one demo database and one server; each works on records of
// its own so that one test's writes cannot make another pass.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { after, before, describe, test } from 'node:test';

import { demoDb, keep, request, signIn, startServer } from './helpers.mjs';

const PASSWORD = 'correct horse battery staple 7';
const ACCOUNTS = {
	admin: ['admin@keep.test', 'admin'],
	staff: ['staff@keep.test', 'staff'],
	board: ['board@keep.test', 'board'],
	viewer: ['viewer@keep.test', 'viewer'],
	editorSg: ['editor@sg.test', 'editor', 'scottish-government'],
	editorCosla: ['editor@cosla.test', 'editor', 'cosla'],
	locked: ['locked@keep.test', 'viewer'],
};
const JSON_TYPE = 'application/json; charset=utf-8';

let server;
let db;
const tokens = {};

function sqlite(sql) {
	const r = spawnSync('sqlite3', ['-readonly', db, sql], { encoding: 'utf8' });
	if (r.error) throw new Error(`sqlite3: ${r.error.message} (scripts/setup test installs it)`);
	assert.equal(r.status, 0, r.stderr);
	return r.stdout.trim();
}

function audit(entity, id) {
	const r = keep(['audit', '--db', db, '--format', 'json', '--entity', entity, ...(id ? ['--id', id] : [])]);
	assert.equal(r.status, 0, r.stderr);
	return JSON.parse(r.stdout);
}

/* A request to the API: {status, headers, body, json}. body is sent as JSON unless it is
 * a string; who is a key of tokens (sent as a bearer token), or undefined. */
async function api(method, path, { body, who, headers = {} } = {}) {
	const h = { ...headers };
	if (who) h.Authorization = `Bearer ${tokens[who]}`;
	let payload;
	if (body !== undefined) {
		payload = typeof body === 'string' ? body : JSON.stringify(body);
		h['Content-Type'] ??= 'application/json';
		// node sends a DELETE's body with neither a length nor chunks unless told
		h['Content-Length'] = Buffer.byteLength(payload);
	}
	const r = await request(server.url + path, { method, headers: h, body: payload });
	let json;
	if (r.body) {
		assert.equal(r.headers['content-type'], JSON_TYPE, `${method} ${path}: Content-Type`);
		json = JSON.parse(r.body);
	}
	return { ...r, json };
}

function expectError(r, status, code, message) {
	assert.equal(r.status, status, r.body);
	assert.equal(r.json.error.code, code, r.body);
	if (message !== undefined) assert.equal(r.json.error.message, message);
}

function expectInvalid(r, fields) {
	assert.equal(r.status, 422, r.body);
	assert.deepEqual(r.json, {
		error: { code: 'invalid', message: 'Some fields are not right: see fields. Nothing was saved.', fields },
	});
}

const get = async (path) => (await api('GET', path)).json;

before(async () => {
	db = demoDb();
	for (const [email, role, org] of Object.values(ACCOUNTS)) {
		const args = ['user', 'add', email, '--role', role, '--db', db, ...(org ? ['--organisation', org] : [])];
		const r = keep(args, { input: `${PASSWORD}\n${PASSWORD}\n` });
		assert.equal(r.status, 0, r.stderr);
	}
	server = await startServer(db);
	for (const [name, [email]] of Object.entries(ACCOUNTS)) {
		if (name === 'locked') continue;
		const r = await api('POST', '/api/v1/session', { body: { email, password: PASSWORD } });
		assert.equal(r.status, 201, r.body);
		tokens[name] = r.json.data.token;
	}
});
after(async () => {
	await server?.stop();
});

describe('signing in for programs', () => {
	test('POST /api/v1/session gives a token that works, and never a cookie', async () => {
		const r = await api('POST', '/api/v1/session', { body: { email: 'EDITOR@sg.test', password: PASSWORD } });
		assert.equal(r.status, 201, r.body);
		assert.deepEqual(Object.keys(r.json.data), ['token', 'expires', 'email', 'role', 'organisation']);
		assert.match(r.json.data.token, /^[0-9a-f]{64}$/);
		assert.match(r.json.data.expires, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
		assert.equal(r.json.data.email, 'editor@sg.test');
		assert.equal(r.json.data.role, 'editor');
		assert.equal(r.json.data.organisation, 'scottish-government');
		assert.equal(r.headers['set-cookie'], undefined);
		assert.equal(r.headers['cache-control'], 'no-store');
		const hours = (Date.parse(r.json.data.expires) - Date.now()) / 3600e3;
		assert.ok(hours > 7.9 && hours <= 8, `expires in 8 hours (${hours})`);
		assert.ok(!server.stderr().includes(PASSWORD), 'the password is never logged');
	});

	test('a wrong password is 401, missing fields 422, unknown fields 400', async () => {
		const r = await api('POST', '/api/v1/session', { body: { email: 'viewer@keep.test', password: 'not the password' } });
		expectError(r, 401, 'unauthorized', 'The email address or password is not right.');
		expectInvalid(await api('POST', '/api/v1/session', { body: {} }), {
			email: 'Enter your email address.',
			password: 'Enter your password.',
		});
		expectError(await api('POST', '/api/v1/session', { body: { email: 'x@y.z', password: 'p', remember: 'yes' } }),
			400, 'bad_body', "unknown field 'remember': this request takes email, password");
		expectError(await api('POST', '/api/v1/session', { body: { email: 'x@y.z', password: 12 } }),
			400, 'bad_body', "field 'password' must be a string (or null to leave it not known)");
		assert.ok(!server.stderr().includes('not the password'), 'the password is never logged');
	});

	test('too many failures for one account from one address is 429, as on the sign-in page', async () => {
		const statuses = [];
		for (let i = 0; i < 6; i++) {
			const r = await api('POST', '/api/v1/session', { body: { email: 'locked@keep.test', password: `wrong ${i}` } });
			statuses.push(r.status);
		}
		assert.deepEqual(statuses, [401, 401, 401, 401, 401, 429]);
		const r = await api('POST', '/api/v1/session', { body: { email: 'locked@keep.test', password: PASSWORD } });
		expectError(r, 429, 'too_many_attempts');
		assert.match(r.json.error.message, /^Too many failed attempts to sign in from here\. Try again in \d+ (seconds|minutes?)\.$/);
		assert.ok(Number(r.headers['retry-after']) > 0, 'Retry-After says how long');
	});

	test('DELETE /api/v1/session ends the session of the token: it no longer works', async () => {
		const r = await api('POST', '/api/v1/session', { body: { email: 'board@keep.test', password: PASSWORD } });
		const token = r.json.data.token;
		const headers = { Authorization: `Bearer ${token}` };
		const end = await api('DELETE', '/api/v1/session', { headers });
		assert.equal(end.status, 204);
		assert.equal(end.body, '');
		expectError(await api('DELETE', '/api/v1/session', { headers }), 401, 'unauthorized',
			'The token is not valid or has expired. Sign in again with POST /api/v1/session.');
		expectError(await api('GET', '/api/v1/plans', { headers }), 401, 'unauthorized');
		// the other session of the same account is untouched
		expectError(await api('POST', '/api/v1/heard', { who: 'board', body: {} }), 403, 'forbidden');
	});
});

describe('refusals that come before any record is looked at', () => {
	test('anonymous writes are 401 and change nothing', async () => {
		const before = sqlite('SELECT count(*) FROM audit');
		const writes = [
			['POST', '/api/v1/organisations', { name: 'Nobody' }],
			['PATCH', '/api/v1/organisations/cosla', { name: 'Nobody' }],
			['DELETE', '/api/v1/organisations/cosla'],
			['POST', '/api/v1/commitments', { organisation: 'cosla', text: 'x' }],
			['PATCH', '/api/v1/commitments/anything', { text: 'x' }],
			['DELETE', '/api/v1/commitments/anything'],
			['POST', '/api/v1/commitments/anything/updates', { text: 'x' }],
			['POST', '/api/v1/leads', { action: 'a', organisation: 'cosla', role: 'lead' }],
			['PATCH', '/api/v1/actions/a/leads/cosla', { role: 'key' }],
			['DELETE', '/api/v1/actions/a/leads/cosla'],
			['POST', '/api/v1/heard', { action: 'a', text: 'x' }],
			['DELETE', '/api/v1/heard/a-001'],
			['DELETE', '/api/v1/session'],
		];
		for (const [method, path, body] of writes) {
			const r = await api(method, path, { body });
			expectError(r, 401, 'unauthorized');
			assert.match(r.json.error.message, /^Sign in first: POST \/api\/v1\/session/, `${method} ${path}`);
		}
		assert.equal(sqlite('SELECT count(*) FROM audit'), before);
	});

	test('a resource that cannot be written is 405; one that does not exist 404', async () => {
		expectError(await api('POST', '/api/v1/foundations', { who: 'admin', body: {} }), 405, 'method_not_allowed',
			'foundations cannot be added through the API.');
		expectError(await api('PATCH', '/api/v1/heard/x', { who: 'admin', body: {} }), 405, 'method_not_allowed',
			'heard cannot be changed through the API.');
		expectError(await api('DELETE', '/api/v1/council-areas/x', { who: 'admin' }), 405, 'method_not_allowed',
			'council-areas cannot be deleted through the API.');
		expectError(await api('POST', '/api/v1/nothing', { who: 'admin', body: {} }), 404, 'not_found');
	});

	test('a body that is not a JSON object, or has unknown fields or wrong types, is 400 naming it', async () => {
		const who = 'admin';
		expectError(await api('POST', '/api/v1/organisations', { who, body: '[1]' }), 400, 'bad_json',
			'The body must be a JSON object.');
		expectError(await api('POST', '/api/v1/organisations', { who, body: '{"name": ' }), 400, 'bad_json');
		expectError(await api('POST', '/api/v1/organisations', {
			who, body: 'name=x', headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
		}), 400, 'bad_body', 'Send a JSON object with Content-Type: application/json, for example {"text": "..."}.');
		expectError(await api('POST', '/api/v1/organisations', { who, body: { name: 'X', colour: 'red' } }), 400,
			'bad_body', "unknown field 'colour': this request takes name, sector, scale, council_area");
		expectError(await api('POST', '/api/v1/organisations', { who, body: { name: ['X'] } }), 400, 'bad_body',
			"field 'name' must be a string (or null to leave it not known)");
		expectError(await api('PATCH', '/api/v1/commitments/x', { who, body: { organisation: 'cosla' } }), 400,
			'bad_body', "unknown field 'organisation': this request takes action, text, due, due_text, status, note");
		expectError(await api('DELETE', '/api/v1/commitments/x', { who, body: { really: 'yes' } }), 400, 'bad_body',
			"unknown field 'really': this request takes no fields");
	});

	test('a cookie write without X-CSRF-Token is 403 and changes nothing; with it, it is done', async () => {
		const { cookie, csrf } = await signIn(server.url, 'staff@keep.test', PASSWORD);
		const count = sqlite('SELECT count(*) FROM organisation');
		const body = { name: 'Cookie Trust' };
		const refused = await api('POST', '/api/v1/organisations', { body, headers: { Cookie: cookie } });
		expectError(refused, 403, 'csrf');
		const wrong = await api('POST', '/api/v1/organisations', {
			body, headers: { Cookie: cookie, 'X-CSRF-Token': 'f'.repeat(64) },
		});
		expectError(wrong, 403, 'csrf');
		assert.equal(sqlite('SELECT count(*) FROM organisation'), count);
		const ok = await api('POST', '/api/v1/organisations', { body, headers: { Cookie: cookie, 'X-CSRF-Token': csrf } });
		assert.equal(ok.status, 201, ok.body);
		assert.equal(ok.json.data.id, 'cookie-trust');
	});
});

describe('organisations', () => {
	test('staff add one: 201, Location, the item as GET shows it, audited', async () => {
		const body = { name: 'Fife Young Carers', sector: 'third', scale: 'local', council_area: 'S12000047' };
		const r = await api('POST', '/api/v1/organisations', { who: 'staff', body });
		assert.equal(r.status, 201, r.body);
		assert.equal(r.headers.location, '/api/v1/organisations/fife-young-carers');
		assert.deepEqual(r.json, { data: { id: 'fife-young-carers', ...body } });
		assert.deepEqual(await get('/api/v1/organisations/fife-young-carers'), r.json);
		const same = await api('POST', '/api/v1/organisations', { who: 'admin', body: { name: 'FIFE young carers' } });
		assert.equal(same.status, 422, 'names are unique whatever the case');
		const again = await api('POST', '/api/v1/organisations', { who: 'admin', body: { name: 'Fife Young Carers!' } });
		assert.equal(again.json.data.id, 'fife-young-carers-2', 'the slug is made unique');
		const [rec] = audit('organisation', 'fife-young-carers');
		assert.equal(rec.actor, 'staff@keep.test');
		assert.equal(rec.verb, 'create');
		assert.equal(rec.before, null);
		assert.deepEqual(rec.after, r.json.data);
		const nu = await api('POST', '/api/v1/organisations', { who: 'staff', body: { name: 'New' } });
		assert.equal(nu.json.data.id, 'new-organisation', '/organisations/new is the form, never an organisation');
	});

	test('editors, board members and viewers may not add one (403)', async () => {
		for (const who of ['editorSg', 'board', 'viewer']) {
			expectError(await api('POST', '/api/v1/organisations', { who, body: { name: 'Sneaky' } }), 403, 'forbidden',
				"Only The Promise Scotland's staff add organisations.");
		}
		assert.equal(sqlite("SELECT count(*) FROM organisation WHERE name = 'Sneaky'"), '0');
	});

	test('wrong fields are 422 with a message for each', async () => {
		expectInvalid(await api('POST', '/api/v1/organisations', {
			who: 'staff', body: { name: ' ', sector: 'charity', scale: 'global', council_area: 'S99' },
		}), {
			name: "Enter the organisation's name.",
			sector: 'Choose one of the sectors listed.',
			scale: 'Choose national or local.',
			council_area: 'Choose one of the council areas listed.',
		});
		expectInvalid(await api('PATCH', '/api/v1/organisations/cosla', { who: 'staff', body: { name: 'x'.repeat(301) } }),
			{ name: 'Keep the name under 300 characters.' });
	});

	test('PATCH changes only the fields sent; an editor only their own organisation', async () => {
		const before = await get('/api/v1/organisations/cosla');
		const r = await api('PATCH', '/api/v1/organisations/cosla', { who: 'editorCosla', body: { scale: 'local' } });
		assert.equal(r.status, 200, r.body);
		assert.deepEqual(r.json, { data: { ...before.data, scale: 'local' } });
		const rec = audit('organisation', 'cosla').at(-1);
		assert.equal(rec.verb, 'update');
		assert.deepEqual(rec.before, before.data);
		assert.deepEqual(rec.after, r.json.data);
		const other = await api('PATCH', '/api/v1/organisations/scottish-government', {
			who: 'editorCosla', body: { name: 'Taken over' },
		});
		expectError(other, 403, 'forbidden', "You can change only your own organisation's details.");
		assert.notEqual((await get('/api/v1/organisations/scottish-government')).data.name, 'Taken over');
		expectError(await api('PATCH', '/api/v1/organisations/no-such-org', { who: 'admin', body: { name: 'x' } }),
			404, 'not_found', "no organisation called 'no-such-org'");
		// null makes a field not known
		const cleared = await api('PATCH', '/api/v1/organisations/fife-young-carers', {
			who: 'staff', body: { council_area: null, scale: null },
		});
		assert.equal(cleared.json.data.council_area, null);
		assert.equal(cleared.json.data.scale, null);
		assert.equal(cleared.json.data.sector, 'third');
	});

	test('DELETE is refused (409) while records hold it; an empty one goes (204), audited', async () => {
		const r = await api('DELETE', '/api/v1/organisations/scottish-government', { who: 'staff' });
		expectError(r, 409, 'conflict');
		assert.match(r.json.error.message,
			/^This organisation still has \d+ commitments, \d+ lead roles?, 1 account, 1 spend line \(as payer or partner\)\. Delete or move them first; nothing was deleted\.$/);
		expectError(await api('DELETE', '/api/v1/organisations/fife-young-carers', { who: 'editorSg' }), 403, 'forbidden');
		const gone = await api('DELETE', '/api/v1/organisations/fife-young-carers', { who: 'staff' });
		assert.equal(gone.status, 204, gone.body);
		expectError(await api('GET', '/api/v1/organisations/fife-young-carers'), 404, 'not_found');
		expectError(await api('DELETE', '/api/v1/organisations/fife-young-carers', { who: 'staff' }), 404, 'not_found');
		const rec = audit('organisation', 'fife-young-carers').at(-1);
		assert.equal(rec.verb, 'delete');
		assert.equal(rec.before.name, 'Fife Young Carers');
		assert.equal(rec.after, null);
	});
});

describe('commitments', () => {
	let made;

	test('an editor adds one for their own organisation: 201 and the item as GET shows it', async () => {
		const body = { organisation: 'scottish-government', text: 'We will publish our plan', due: '2027-03-31', status: 'not_started' };
		const r = await api('POST', '/api/v1/commitments', { who: 'editorSg', body });
		assert.equal(r.status, 201, r.body);
		made = r.json.data.id;
		assert.equal(made, 'scottish-government-we-will-publish-our-plan');
		assert.equal(r.headers.location, `/api/v1/commitments/${made}`);
		assert.equal(r.json.data.text, body.text);
		assert.equal(r.json.data.due, body.due);
		assert.equal(r.json.data.status, 'not_started');
		assert.deepEqual(await get(`/api/v1/commitments/${made}`), r.json);
		const rec = audit('commitment', made)[0];
		assert.equal(rec.verb, 'create');
		assert.equal(rec.actor, 'editor@sg.test');
		assert.deepEqual(rec.after, r.json.data);
	});

	test("an editor may not add one for another organisation (403), nor change or delete one of it", async () => {
		expectError(await api('POST', '/api/v1/commitments', {
			who: 'editorCosla', body: { organisation: 'scottish-government', text: 'x' },
		}), 403, 'forbidden', 'You can add commitments only for your own organisation.');
		const refused = "You can change only your own organisation's commitments. Ask The Promise Scotland if this one needs changing.";
		expectError(await api('PATCH', `/api/v1/commitments/${made}`, { who: 'editorCosla', body: { status: 'done' } }),
			403, 'forbidden', refused);
		expectError(await api('DELETE', `/api/v1/commitments/${made}`, { who: 'editorCosla' }), 403, 'forbidden', refused);
		expectError(await api('POST', `/api/v1/commitments/${made}/updates`, { who: 'editorCosla', body: { text: 'x' } }),
			403, 'forbidden', refused);
		for (const who of ['board', 'viewer']) {
			expectError(await api('PATCH', `/api/v1/commitments/${made}`, { who, body: { status: 'done' } }), 403, 'forbidden');
		}
		assert.equal((await get(`/api/v1/commitments/${made}`)).data.status, 'not_started');
	});

	test('wrong fields are 422 with a message for each, and nothing is saved', async () => {
		const count = sqlite('SELECT count(*) FROM commitment');
		expectInvalid(await api('POST', '/api/v1/commitments', { who: 'staff', body: { text: 'x' } }),
			{ organisation: 'Say whose commitment it is.' });
		expectInvalid(await api('POST', '/api/v1/commitments', {
			who: 'staff', body: { organisation: 'no-such-org', text: '', due: '2027-02-30', status: 'finished', action: 'nope' },
		}), {
			organisation: 'Choose one of the organisations listed.',
			text: 'Say what will be done.',
			due: 'Enter a real date as YYYY-MM-DD, for example 2026-03-31.',
			status: 'Choose one of the statuses listed.',
			action: 'Choose one of the actions listed.',
		});
		expectInvalid(await api('PATCH', `/api/v1/commitments/${made}`, { who: 'staff', body: { due_text: 'x'.repeat(201) } }),
			{ due_text: 'Keep it under 200 characters.' });
		assert.equal(sqlite('SELECT count(*) FROM commitment'), count);
		expectError(await api('PATCH', '/api/v1/commitments/no-such', { who: 'staff', body: { text: 'x' } }), 404,
			'not_found', "no commitment called 'no-such'");
	});

	test('PATCH changes only the fields sent; the GET shows it, also through the response cache', async () => {
		const cached = await api('GET', `/api/v1/commitments/${made}`);
		assert.equal((await api('GET', `/api/v1/commitments/${made}`)).body, cached.body, 'the anonymous GET is cached');
		const r = await api('PATCH', `/api/v1/commitments/${made}`, { who: 'editorSg', body: { status: 'under_way', note: 'Drafting' } });
		assert.equal(r.status, 200, r.body);
		assert.equal(r.json.data.status, 'under_way');
		assert.equal(r.json.data.text, 'We will publish our plan');
		assert.equal(r.json.data.due, '2027-03-31');
		const after = await get(`/api/v1/commitments/${made}`);
		assert.deepEqual(after, r.json);
		const rec = audit('commitment', made).at(-1);
		assert.equal(rec.verb, 'update');
		assert.equal(rec.before.status, 'not_started');
		assert.equal(rec.after.status, 'under_way');
		const page = await request(`${server.url}/commitments/${made}`);
		assert.match(page.body, /Drafting/);
	});

	test('a dated update joins the timeline and sets the status; wrong ones are 422', async () => {
		const today = new Date().toISOString().slice(0, 10);
		const tomorrow = new Date(Date.now() + 864e5).toISOString().slice(0, 10);
		expectInvalid(await api('POST', `/api/v1/commitments/${made}/updates`, { who: 'editorSg', body: { date: tomorrow, text: 'x' } }),
			{ date: 'The date cannot be in the future.' });
		expectInvalid(await api('POST', `/api/v1/commitments/${made}/updates`, {
			who: 'editorSg', body: { date: '2026-13-01', status: 'soon' },
		}), { date: 'Enter a real date as YYYY-MM-DD, for example 2026-03-31.', status: 'Choose one of the statuses listed.' });
		expectInvalid(await api('POST', `/api/v1/commitments/${made}/updates`, { who: 'editorSg', body: {} }),
			{ text: 'Write what has happened, or choose a status.' });
		expectError(await api('POST', `/api/v1/commitments/${made}/updates`, { who: 'editorSg', body: { when: 'now' } }),
			400, 'bad_body', "unknown field 'when': this request takes date, status, text");
		expectError(await api('POST', '/api/v1/commitments/no-such/updates', { who: 'staff', body: { text: 'x' } }),
			404, 'not_found');
		const r = await api('POST', `/api/v1/commitments/${made}/updates`, {
			who: 'editorSg', body: { date: '2026-01-15', status: 'done', text: 'Published in January' },
		});
		assert.equal(r.status, 201, r.body);
		assert.equal(r.headers.location, `/api/v1/commitments/${made}`);
		assert.deepEqual(r.json, { data: { commitment: made, at: '2026-01-15', status: 'done', text: 'Published in January' } });
		assert.equal((await get(`/api/v1/commitments/${made}`)).data.status, 'done');
		const plain = await api('POST', `/api/v1/commitments/${made}/updates`, { who: 'staff', body: { text: 'Read by the board' } });
		assert.deepEqual(plain.json.data, { commitment: made, at: today, status: null, text: 'Read by the board' });
		assert.equal(sqlite(`SELECT group_concat(coalesce(u.status, '-') || ' ' || u.text, '|') FROM commitment_update u JOIN commitment c ON c.id = u.commitment_id WHERE c.slug = '${made}' AND u.at LIKE '2026-01-15%'`),
			'done Published in January');
		const recs = audit('commitment_update', made);
		assert.equal(recs.length, 2);
		assert.deepEqual(recs[0].after, r.json.data);
		assert.equal(recs[0].verb, 'create');
		const statusRec = audit('commitment', made).at(-1);
		assert.equal(statusRec.before.status, 'under_way');
		assert.equal(statusRec.after.status, 'done');
	});

	test('DELETE by who may edit it: 204, gone from GET, audited with the record before', async () => {
		const r = await api('DELETE', `/api/v1/commitments/${made}`, { who: 'editorSg' });
		assert.equal(r.status, 204, r.body);
		expectError(await api('GET', `/api/v1/commitments/${made}`), 404, 'not_found');
		assert.equal(sqlite(`SELECT count(*) FROM commitment_update u WHERE NOT EXISTS (SELECT 1 FROM commitment c WHERE c.id = u.commitment_id)`), '0');
		const rec = audit('commitment', made).at(-1);
		assert.equal(rec.verb, 'delete');
		assert.equal(rec.before.text, 'We will publish our plan');
		assert.equal(rec.after, null);
		expectError(await api('DELETE', `/api/v1/commitments/${made}`, { who: 'editorSg' }), 404, 'not_found');
	});
});

describe('lead roles', () => {
	let action;
	const org = 'cosla';

	test('staff give one: 201, Location where it is found, 409 when it exists', async () => {
		const leads = (await get('/api/v1/leads?organisation=cosla&limit=500')).data.map((l) => l.action);
		action = (await get('/api/v1/actions?limit=500')).data.map((a) => a.id).find((a) => !leads.includes(a));
		const r = await api('POST', '/api/v1/leads', { who: 'staff', body: { action, organisation: org, role: 'key' } });
		assert.equal(r.status, 201, r.body);
		assert.equal(r.headers.location, `/api/v1/actions/${action}/leads/${org}`);
		assert.deepEqual(r.json, { data: { id: `${action}/${org}`, action, organisation: org, role: 'key' } });
		assert.deepEqual(await get(r.headers.location), r.json);
		expectError(await api('POST', '/api/v1/leads', { who: 'admin', body: { action, organisation: org, role: 'lead' } }),
			409, 'conflict', `organisation '${org}' already has a role on action '${action}'`);
		const rec = audit('lead', `${action}/${org}`)[0];
		assert.equal(rec.verb, 'create');
		assert.deepEqual(rec.after, r.json.data);
	});

	test('only staff and admins set them (403); wrong fields are 422', async () => {
		for (const who of ['editorCosla', 'board', 'viewer']) {
			expectError(await api('POST', '/api/v1/leads', { who, body: { action, organisation: org, role: 'lead' } }),
				403, 'forbidden', "Only The Promise Scotland's staff set lead roles on actions.");
			expectError(await api('DELETE', `/api/v1/actions/${action}/leads/${org}`, { who }), 403, 'forbidden');
		}
		expectInvalid(await api('POST', '/api/v1/leads', { who: 'staff', body: { action: 'nope', role: 'boss' } }), {
			action: 'Choose one of the actions listed.',
			organisation: 'Choose an organisation.',
			role: 'Choose lead or key role.',
		});
		expectInvalid(await api('PATCH', `/api/v1/actions/${action}/leads/${org}`, { who: 'staff', body: { role: 'chief' } }),
			{ role: 'Choose lead or key role.' });
	});

	test('PATCH changes the role, DELETE removes it; both audited', async () => {
		const r = await api('PATCH', `/api/v1/actions/${action}/leads/${org}`, { who: 'staff', body: { role: 'lead' } });
		assert.equal(r.status, 200, r.body);
		assert.equal(r.json.data.role, 'lead');
		const del = await api('DELETE', `/api/v1/actions/${action}/leads/${org}`, { who: 'admin' });
		assert.equal(del.status, 204);
		expectError(await api('GET', `/api/v1/actions/${action}/leads/${org}`), 404, 'not_found');
		expectError(await api('DELETE', `/api/v1/actions/${action}/leads/${org}`, { who: 'admin' }), 404, 'not_found');
		const recs = audit('lead', `${action}/${org}`);
		assert.deepEqual(recs.map((x) => x.verb), ['create', 'update', 'delete']);
		assert.equal(recs[1].before.role, 'key');
		assert.equal(recs[1].after.role, 'lead');
		assert.equal(recs[2].after, null);
	});
});

describe('heard notes', () => {
	test('staff add one (201), others may not (403), wrong ones are 422, DELETE removes it', async () => {
		const action = (await get('/api/v1/actions?limit=1')).data[0].id;
		for (const who of ['editorSg', 'board', 'viewer']) {
			expectError(await api('POST', '/api/v1/heard', { who, body: { action, text: 'x' } }), 403, 'forbidden',
				"Only The Promise Scotland's staff record what has been heard.");
		}
		expectInvalid(await api('POST', '/api/v1/heard', { who: 'staff', body: { action: 'nope', text: '' } }),
			{ action: 'Choose one of the actions listed.', text: 'Write what has been heard.' });
		const r = await api('POST', '/api/v1/heard', { who: 'staff', body: { action, text: 'Young people asked for it' } });
		assert.equal(r.status, 201, r.body);
		const id = r.json.data.id;
		assert.equal(r.headers.location, `/api/v1/heard/${id}`);
		assert.deepEqual(await get(`/api/v1/heard/${id}`), r.json);
		assert.equal(r.json.data.text, 'Young people asked for it');
		expectError(await api('DELETE', `/api/v1/heard/${id}`, { who: 'editorSg' }), 403, 'forbidden');
		assert.equal((await api('DELETE', `/api/v1/heard/${id}`, { who: 'staff' })).status, 204);
		expectError(await api('GET', `/api/v1/heard/${id}`), 404, 'not_found');
		assert.deepEqual(audit('heard', id).map((x) => x.verb), ['create', 'delete']);
	});
});

describe('evidence', () => {
	const PDF = Buffer.from('%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n', 'latin1');
	const PNG = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex');
	const NOT_A_TYPE =
		'The file must be a PDF, a Word document (DOCX), an OpenDocument text (ODT) or a CSV file. This one is none of those.';
	const body = (extra = {}) => ({
		organisation: 'scottish-government', kind: 'plan', title: 'Our plan for 2027',
		will_do: 'Keep brothers and sisters together.', actions: ['planning'],
		file: { name: 'plan.pdf', base64: PDF.toString('base64') }, ...extra,
	});
	let id;

	test('an editor submits evidence with a file in base64; it is unpublished, so others cannot see it', async () => {
		const r = await api('POST', '/api/v1/evidence', { who: 'editorSg', body: body() });
		assert.equal(r.status, 201, r.body);
		id = r.json.data.id;
		assert.equal(id, 'scottish-government-our-plan-for-2027');
		assert.equal(r.headers.location, `/api/v1/evidence/${id}`);
		assert.equal(r.json.data.published, false);
		assert.deepEqual(r.json.data.actions, ['planning']);
		assert.equal(r.json.data.file_type, 'application/pdf');
		assert.equal(r.json.data.file_size, PDF.length);
		// Unpublished: as if it did not exist to the public and to other organisations.
		expectError(await api('GET', `/api/v1/evidence/${id}`), 404, 'not_found');
		expectError(await api('GET', `/api/v1/evidence/${id}`, { who: 'editorCosla' }), 404, 'not_found');
		assert.equal((await api('GET', `/api/v1/evidence/${id}`, { who: 'board' })).status, 200);
		const file = await request(`${server.url}/evidence/${id}/file`, { headers: { Authorization: `Bearer ${tokens.editorSg}` } });
		assert.equal(file.status, 200);
		assert.equal(file.body, PDF.toString('latin1'));
		const rec = audit('evidence', id);
		assert.equal(rec.length, 1);
		assert.equal(rec[0].verb, 'create');
		assert.equal(rec[0].actor, 'editor@sg.test');
		assert.equal(rec[0].after.title, 'Our plan for 2027');
	});

	test('wrong evidence is refused field by field (422) or for its shape (400), and nothing is written', async () => {
		const before = sqlite('SELECT count(*) FROM audit');
		expectInvalid(await api('POST', '/api/v1/evidence', {
			who: 'editorSg', body: body({ kind: 'poem', title: '', actions: ['no-such-action'], file: { name: 'a.pdf', base64: PNG.toString('base64') } }),
		}), {
			kind: 'Choose what kind of evidence this is: a plan, a report or a survey response.',
			title: 'Enter a title.',
			actions: 'Choose only actions from the list.',
			file: NOT_A_TYPE,
		});
		expectInvalid(await api('POST', '/api/v1/evidence', { who: 'editorSg', body: body({ file: { name: 'a.pdf', base64: '%%%not base64' } }) }),
			{ file: "The file's base64 could not be read." });
		expectError(await api('POST', '/api/v1/evidence', { who: 'editorSg', body: body({ actions: 'planning' }) }),
			400, 'bad_body', "field 'actions' must be an array of strings");
		expectError(await api('POST', '/api/v1/evidence', { who: 'editorSg', body: body({ published: true }) }),
			400, 'bad_body', "unknown field 'published': this request takes organisation, kind, title, will_do, support_needed, help_offered, actions, file");
		expectError(await api('PATCH', `/api/v1/evidence/${id}`, { who: 'staff', body: { published: 'yes' } }),
			400, 'bad_body', "field 'published' must be true or false");
		assert.equal(sqlite('SELECT count(*) FROM audit'), before);
	});

	test('editors change only their own evidence, staff alone publish it, and a cookie write needs the CSRF header', async () => {
		expectError(await api('POST', '/api/v1/evidence', { who: 'editorCosla', body: body() }), 403, 'forbidden',
			'You can add evidence only for your own organisation.');
		// Another organisation's unpublished evidence does not exist for them.
		expectError(await api('PATCH', `/api/v1/evidence/${id}`, { who: 'editorCosla', body: { title: 'Mine now' } }), 404, 'not_found');
		expectError(await api('PATCH', `/api/v1/evidence/${id}`, { who: 'editorSg', body: { published: true } }), 403, 'forbidden',
			"Only The Promise Scotland's staff publish evidence.");
		expectError(await api('DELETE', `/api/v1/evidence/${id}`, { who: 'board' }), 403, 'forbidden');
		const session = await signIn(server.url, 'editor@sg.test', PASSWORD);
		const noHeader = await api('PATCH', `/api/v1/evidence/${id}`, { headers: { Cookie: session.cookie }, body: { title: 'By cookie' } });
		expectError(noHeader, 403, 'csrf');
		assert.equal((await api('GET', `/api/v1/evidence/${id}`, { who: 'editorSg' })).json.data.title, 'Our plan for 2027',
			'refused writes changed nothing');
		assert.equal(sqlite("SELECT count(*) FROM audit WHERE entity = 'evidence'"), '1');
		const withHeader = await api('PATCH', `/api/v1/evidence/${id}`, {
			headers: { Cookie: session.cookie, 'X-CSRF-Token': session.csrf }, body: { title: 'Our plan for 2027, revised' },
		});
		assert.equal(withHeader.status, 200, withHeader.body);
		assert.equal(withHeader.json.data.title, 'Our plan for 2027, revised');
		assert.deepEqual(withHeader.json.data.actions, ['planning'], 'fields not sent keep their values');
		assert.equal(withHeader.json.data.file_type, 'application/pdf');

		const pub = await api('PATCH', `/api/v1/evidence/${id}`, { who: 'staff', body: { published: true } });
		assert.equal(pub.status, 200, pub.body);
		assert.equal(pub.json.data.published, true);
		assert.equal((await api('GET', `/api/v1/evidence/${id}`)).status, 200, 'published: everyone sees it');
		expectError(await api('PATCH', `/api/v1/evidence/${id}`, { who: 'editorCosla', body: { title: 'Mine now' } }), 403, 'forbidden',
			"You can change only your own organisation's evidence.");
	});

	test('file null removes the file; DELETE removes the evidence, audited with what it was', async () => {
		const r = await api('PATCH', `/api/v1/evidence/${id}`, { who: 'editorSg', body: { file: null } });
		assert.equal(r.status, 200, r.body);
		assert.equal(r.json.data.file_name, null);
		assert.equal(r.json.data.file_size, null);
		assert.equal((await request(`${server.url}/evidence/${id}/file`)).status, 404);
		const d = await api('DELETE', `/api/v1/evidence/${id}`, { who: 'editorSg' });
		assert.equal(d.status, 204, d.body);
		expectError(await api('GET', `/api/v1/evidence/${id}`, { who: 'staff' }), 404, 'not_found');
		const last = audit('evidence', id).at(-1);
		assert.equal(last.verb, 'delete');
		assert.equal(last.after, null);
		assert.equal(last.before.title, 'Our plan for 2027, revised');
	});
});
