// The real server (keep serve) from outside: start-up time, the request log, error
// pages, the limits on what a request may send, and that it survives each of them.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import http from 'node:http';
import { after, before, describe, test } from 'node:test';

import { demoDb, rawRequest, request, sleep, startServer } from './helpers.mjs';

// A 200 from /healthz, proof that the server is still there after something rough.
async function assertAlive(server) {
	const r = await request(`${server.url}/healthz`);
	assert.equal(r.status, 200, 'the server no longer answers /healthz');
}

// The request log lines for path (the log holds the path without the query).
function logLines(server, method, path) {
	return server
		.stderr()
		.split('\n')
		.filter((l) => l.includes(` ${method} ${path} `));
}

// Waits up to 2 s for the server's log of a request to reach us (stderr is a pipe)
// and returns the log lines for it; with `status`, waits for a line with that status.
async function waitForLog(server, method, path, status) {
	const seen = () => logLines(server, method, path).filter((l) => status === undefined || l.includes(` ${status} `));
	for (let i = 0; i < 100 && seen().length === 0; i++) await sleep(20);
	return logLines(server, method, path);
}

function assertLayout(body) {
	assert.match(body, /<a [^>]*href="#main"[^>]*>Skip to main content<\/a>/, 'no skip link');
	assert.match(body, /Leave this site quickly/, 'no quick exit');
	assert.match(body, /<nav [^>]*aria-label="Breadcrumb"/, 'no breadcrumb nav');
}

describe('keep serve', () => {
	let server;
	before(async () => {
		server = await startServer(demoDb());
	});
	after(async () => {
		const r = await server.stop();
		assert.equal(r.code, 0, `keep serve did not stop cleanly on SIGTERM (${r.code ?? r.signal}):\n${r.stderr}`);
	});

	test('says where it serves', () => {
		assert.match(server.stderr(), new RegExp(`http://127\\.0\\.0\\.1:${server.port}/`));
	});

	// How soon /healthz answers after start (issue 2: within 100 ms) is a speed, so it is
	// timed by bench/http on the release build (its "start-up to the first /healthz 200",
	// median of 5), not here under the sanitizers on a shared machine; here: that it answers.
	test('/healthz answers 200 once started', async () => {
		const r = await request(`${server.url}/healthz`);
		assert.equal(r.status, 200);
		assert.ok(Number.isFinite(server.startedMs) && server.startedMs >= 0);
	});

	test('logs one line per request: method, path, status and time', async () => {
		const path = `/no-such-page-${Date.now()}`;
		const r = await request(`${server.url}${path}?secret=words`);
		assert.equal(r.status, 404);
		const lines = await waitForLog(server, 'GET', path, 404);
		assert.equal(lines.length, 1, `expected one log line for ${path}:\n${server.stderr()}`);
		assert.match(lines[0], new RegExp(`GET ${path} 404 \\d+(\\.\\d+)?ms`));
		assert.ok(!lines[0].includes('secret'), 'the query string (what someone searched for) must not be logged');

		await request(`${server.url}/healthz`);
		await request(`${server.url}/healthz`);
		assert.ok((await waitForLog(server, 'GET', '/healthz')).length >= 2);
	});

	test('the log writes control characters and other unprintable bytes as escapes, never as sent', async () => {
		const sent = '/a\x1b[31mred\x07\x7f\xe9\\z';
		const r = await rawRequest(server.port, Buffer.from(`GET ${sent} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`, 'latin1'));
		assert.equal(r.status, 404, r.head);
		const shown = '/a\\x1b[31mred\\x07\\x7f\\xe9\\\\z';
		const lines = await waitForLog(server, 'GET', shown, 404);
		assert.equal(lines.length, 1, `no log line with the path escaped:\n${JSON.stringify(server.stderr().slice(-2000))}`);
		assert.doesNotMatch(server.stderr(), /[\x00-\x08\x0b-\x1f\x7f-\xff]/, 'a raw control character or unprintable byte reached the log');
	});

	test('a request with two Content-Length headers, or Content-Length with Transfer-Encoding, gets 400 and its connection is closed', async () => {
		const cases = [
			'POST /login HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 3\r\nContent-Length: 40\r\n\r\na=b',
			'POST /login HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 3\r\nContent-Length: 3\r\n\r\na=b',
			'POST /login HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 6\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\nGET /healthz HTTP/1.1\r\nHost: x\r\n\r\n',
			'POST /login HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\nTransfer-Encoding: chunked\r\nContent-Length: 6\r\n\r\n0\r\n\r\nGET /healthz HTTP/1.1\r\nHost: x\r\n\r\n',
			'GET /healthz HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\nContent-Length: 0\r\n\r\n',
		];
		for (const data of cases) {
			const r = await rawRequest(server.port, data, { timeout: 3000 });
			assert.equal(r.status, 400, `${JSON.stringify(data)}:\n${r.raw}`);
			assert.match(r.head, /\r\nConnection: close/i, `the connection is kept open, so what follows the headers could be read as a request:\n${r.head}`);
			await assertAlive(server);
		}
	});

	// The cache is keyed by the parameters a page reads, so a parameter it does not read
	// (a tracking parameter, or a random one sent to make the server work) is answered
	// from the cache, never built again. The log line says when an answer came from it.
	test('a query parameter a page does not read is ignored: answered from the cache, whatever the order or repeats', async () => {
		const lastLine = async (path, before) => {
			for (let i = 0; i < 100 && logLines(server, 'GET', path).length <= before; i++) await sleep(20);
			const lines = logLines(server, 'GET', path);
			assert.ok(lines.length > before, `no log line for ${path}`);
			return lines[lines.length - 1];
		};
		const fetchLogged = async (path, query) => {
			const n = logLines(server, 'GET', path).length;
			const r = await request(`${server.url}${path}${query}`);
			return { r, line: await lastLine(path, n) };
		};
		for (const [path, first, same] of [
			['/measures', '', ['?x=1', `?x=${Math.random()}`, '?utm_source=a&utm_campaign=b', '?x=1&x=2']],
			['/review', '?area=S92000003', ['?area=S92000003&x=1', '?x=1&area=S92000003', '?area=S12000036&area=S92000003', `?fbclid=${Math.random()}&area=S92000003`]],
			['/organisations', '', [`?${Math.random()}=1`, '?page=2']],
		]) {
			const base = await fetchLogged(path, first);
			assert.equal(base.r.status, 200, `${path}${first}`);
			for (const q of same) {
				const { r, line } = await fetchLogged(path, q);
				assert.equal(r.status, 200, `${path}${q}`);
				assert.equal(r.body, base.r.body, `${path}${q} is not the page of ${path}${first}`);
				assert.match(line, / cached$/, `${path}${q} was built again, not answered from the cache: ${line}`);
			}
		}
		// The API refuses a parameter it does not take, from the cache or not.
		assert.equal((await request(`${server.url}/api/v1/organisations`)).status, 200);
		const bad = await request(`${server.url}/api/v1/organisations?x=1`);
		assert.equal(bad.status, 400, bad.body);
		assert.match(bad.body, /unknown parameter 'x'/);
		assert.equal((await request(`${server.url}/api/v1/organisations?limit=5&limit=5`)).status, 400);
	});

	test('an unknown path gets an HTML 404 page in the layout', async () => {
		const r = await request(`${server.url}/nothing/here`);
		assert.equal(r.status, 404);
		assert.match(r.headers['content-type'], /^text\/html/);
		assertLayout(r.body);
	});

	test('HEAD answers like GET, without a body', async () => {
		const get = await request(`${server.url}/`);
		assert.equal(get.status, 200);
		const head = await request(`${server.url}/`, { method: 'HEAD' });
		assert.equal(head.status, 200);
		assert.equal(head.body, '');
		assert.match(head.headers['content-type'], /^text\/html/);
		const raw = await rawRequest(server.port, 'HEAD /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
		assert.equal(raw.status, 200);
		assert.equal(raw.raw.slice(raw.head.length + 4), '', 'HEAD sent a body');
	});

	test('an over-long URL gets 414', async () => {
		const r = await rawRequest(server.port, `GET /${'a'.repeat(20000)} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`);
		assert.equal(r.status, 414, r.head);
		await assertAlive(server);
	});

	test('an over-long query string gets 414', async () => {
		const r = await rawRequest(server.port, `GET /search?q=${'b'.repeat(20000)} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`);
		assert.equal(r.status, 414, r.head);
		await assertAlive(server);
	});

	test('one 40 KB header gets 431', async () => {
		const r = await rawRequest(server.port, `GET / HTTP/1.1\r\nHost: x\r\nX-Big: ${'c'.repeat(40 * 1024)}\r\nConnection: close\r\n\r\n`);
		assert.equal(r.status, 431, r.head);
		await assertAlive(server);
	});

	test('many headers get 431', async () => {
		let headers = '';
		for (let i = 0; i < 2000; i++) headers += `X-Header-${i}: value-${i}\r\n`;
		const r = await rawRequest(server.port, `GET / HTTP/1.1\r\nHost: x\r\n${headers}Connection: close\r\n\r\n`);
		assert.equal(r.status, 431, r.head);
		await assertAlive(server);
	});

	test('a body over the limit gets 413 before it is sent', async () => {
		const r = await rawRequest(
			server.port,
			'POST / HTTP/1.1\r\nHost: x\r\nContent-Type: application/octet-stream\r\nContent-Length: 30000000\r\nConnection: close\r\n\r\nabc',
		);
		assert.equal(r.status, 413, r.head);
		assert.ok(r.raw.includes('The request body is too large: keep takes at most 28 MiB (a file of up to 20 MiB with its form).'), r.raw);
		await assertAlive(server);
	});

	test('a form without a file over 1 MiB gets its page again, in the layout, saying the limit', async () => {
		const body = `text=${'a'.repeat(1024 * 1024 + 1)}`;
		const r = await request(`${server.url}/login`, {
			method: 'POST', body,
			headers: { 'Content-Type': 'application/x-www-form-urlencoded', 'Content-Length': Buffer.byteLength(body) },
		});
		assert.equal(r.status, 413);
		assert.match(r.headers['content-type'], /^text\/html/);
		assertLayout(r.body);
		assert.match(r.body, /<div class="error-summary" role="alert"[^>]*>\s*<h2[^>]*>There is a problem<\/h2>\s*<ul><li>The form was too large to send: a form without a file may be at most 1 MiB\. Nothing was saved, and what you typed is not shown here\. Go back in your browser to find it, shorten it and send the form again\./);
		assert.match(r.body, /<form[^>]*action="\/login"/, 'the sign-in form is shown again');
		await assertAlive(server);
	});

	test('a form with a file over 28 MiB gets a page in the layout naming that limit, before the body is sent', async () => {
		const r = await rawRequest(
			server.port,
			'POST /login HTTP/1.1\r\nHost: x\r\nContent-Type: multipart/form-data; boundary=x\r\nContent-Length: 30000000\r\nConnection: close\r\n\r\n--x',
		);
		assert.equal(r.status, 413, r.head);
		assertLayout(r.raw);
		assert.match(r.raw, /a form with a file may be at most 28 MiB, and the file at most 20 MiB\. Nothing was saved, and what you typed is not shown here\. Go back in your browser to find it, choose a smaller file and send the form again\./);
		await assertAlive(server);
	});

	test('a JSON body over 28 MiB gets a JSON 413 naming the JSON limit, with or without Content-Length', async () => {
		const want = 'The body is too large: a JSON body may be at most 28 MiB (a file of up to 20 MiB, in base64, with its fields).';
		const declared = await rawRequest(
			server.port,
			'POST /api/v1/commitments HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 30000000\r\nConnection: close\r\n\r\n{',
		);
		assert.equal(declared.status, 413, declared.head);
		assert.match(declared.head, /content-type: application\/json/i);
		assert.equal(JSON.parse(declared.raw.slice(declared.head.length + 4)).error.message, want);
		// Chunked: the length is known only as it arrives.
		const chunked = await new Promise((resolve, reject) => {
			const req = http.request(`${server.url}/api/v1/commitments`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, agent: false }, (res) => {
				const parts = [];
				res.on('data', (c) => parts.push(c));
				res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(parts).toString() }));
			});
			req.on('error', reject);
			const chunk = Buffer.alloc(1024 * 1024, 0x20);
			req.write('{"text": "');
			let n = 0;
			const more = () => {
				while (n < 29) {
					n++;
					if (!req.write(chunk)) return req.once('drain', more);
				}
				req.end('"}');
			};
			more();
		});
		assert.equal(chunked.status, 413, chunked.body.slice(0, 300));
		assert.match(chunked.headers['content-type'], /^application\/json/);
		assert.equal(JSON.parse(chunked.body).error.message, want);
		await assertAlive(server);
	});

	test('requests that are not HTTP/1.x are refused and the server carries on', async () => {
		const cases = [
			['GET / HTTP/9.9\r\nHost: x\r\n\r\n', 505],
			['GET /\r\n\r\n', 400],
			['HELLO\r\n\r\n', null], // closed without an answer
			['\x00\x01\x02 hello\r\n\r\n', null], // held until it times out: we stop waiting first
		];
		for (const [data, status] of cases) {
			const r = await rawRequest(server.port, data, { timeout: 2000 });
			assert.equal(r.status, status, `${JSON.stringify(data)}: ${r.head}`);
			await assertAlive(server);
		}
	});

	test('many requests at once all get answers', async () => {
		const paths = ['/', '/healthz', '/organisations', '/plans/plan-21-24', '/actions/planning', '/nope'];
		const all = await Promise.all(Array.from({ length: 60 }, (_, i) => request(`${server.url}${paths[i % paths.length]}`)));
		for (const [i, r] of all.entries()) assert.equal(r.status, paths[i % paths.length] === '/nope' ? 404 : 200, paths[i % paths.length]);
	});
});

describe('a change made by another program while keep serves', () => {
	let server;
	let db;
	before(async () => {
		db = demoDb();
		server = await startServer(db);
	});
	after(async () => {
		const r = await server.stop();
		assert.equal(r.code, 0, `keep serve did not stop cleanly (${r.code ?? r.signal}):\n${r.stderr}`);
	});

	// Pages may be cached, but never past a change to the database: the next request
	// after it, on whichever worker thread, shows the change. The checkpoints make the
	// writer start the WAL afresh, as a large write by another program would.
	test('shows on the next request', async () => {
		const sql = (q) => {
			const r = spawnSync('sqlite3', [db, q], { encoding: 'utf8' });
			assert.equal(r.status, 0, `sqlite3: ${r.stderr}`);
		};
		for (let i = 0; i < 4; i++) {
			assert.equal((await request(`${server.url}/actions/planning`)).status, 200);
			sql('PRAGMA wal_checkpoint(TRUNCATE);');
		}
		sql("UPDATE action SET title = 'Planning, renamed' WHERE slug = 'planning';");
		for (let i = 0; i < 4; i++) {
			const r = await request(`${server.url}/actions/planning`);
			assert.equal(r.status, 200);
			assert.match(r.body, /<h1>Planning, renamed<\/h1>/, `request ${i + 1} after the change shows the old page`);
		}
	});
});

describe('a failure inside keep serve', () => {
	let server;
	let db;
	before(async () => {
		db = demoDb();
		server = await startServer(db);
	});
	after(async () => {
		const r = await server.stop();
		assert.equal(r.code, 0, `keep serve did not stop cleanly (${r.code ?? r.signal}):\n${r.stderr}`);
	});

	// A 500 is hard to cause from outside. Taking the tables away under the running
	// server does it: every page read then fails inside SQLite.
	test('gives a 500 page with no SQL and no stack trace, and logs the cause', async () => {
		const ok = await request(`${server.url}/actions/planning`);
		assert.equal(ok.status, 200);

		const tables = spawnSync('sqlite3', [db, "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND sql NOT LIKE 'CREATE VIRTUAL%';"], {
			encoding: 'utf8',
		});
		assert.equal(tables.status, 0, tables.stderr);
		const names = tables.stdout.split('\n').filter(Boolean);
		assert.ok(names.length > 0, 'no tables found');
		const drop = spawnSync(
			'sqlite3',
			[db, `PRAGMA foreign_keys = OFF; ${names.map((n) => `DROP TABLE IF EXISTS "${n}";`).join(' ')}`],
			{ encoding: 'utf8' },
		);
		assert.equal(drop.status, 0, drop.stderr);

		const r = await request(`${server.url}/actions/planning`);
		assert.equal(r.status, 500, `expected 500, got ${r.status}:\n${r.body.slice(0, 500)}`);
		assert.match(r.headers['content-type'], /^text\/(html|plain)/);
		const body = r.body;
		for (const leak of [/SELECT/i, /\bFROM\b/, /sqlite/i, /no such (table|column)/i, /\.c:\d+/, /\bat \w+ \(/, /0x[0-9a-f]{6,}/i, /#\d+ 0x/]) {
			assert.doesNotMatch(body, leak, `the 500 page gives away internals (${leak}):\n${body}`);
		}
		assert.match(body, /went wrong|problem/i, 'the 500 page should say something went wrong');
		const lines = await waitForLog(server, 'GET', '/actions/planning', 500);
		assert.ok(lines.some((l) => / 500 /.test(l)), 'the 500 is logged');
		assert.match(server.stderr(), /error/i, 'the cause is logged for whoever runs the server');
		assert.equal((await request(`${server.url}/healthz`)).status, 200, '/healthz still answers');
	});
});
