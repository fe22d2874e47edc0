// Shared helpers for the node tests (tests/integration/*.test.mjs, tests/e2e/*.test.mjs).
//
// They run the real program: KEEP_BIN (scripts/run-tests sets it to the sanitizer build,
// build-test/keep) or, when run by hand, build-test/keep, then build/keep.
//
//   import { keep, tempDir, demoDb, startServer, request } from '../integration/helpers.mjs';
//
// Anything a sanitizer reports on keep's stderr fails the test that ran it.

import { spawn, spawnSync } from 'node:child_process';
import { accessSync, constants, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

function findKeep() {
	if (process.env.KEEP_BIN) return process.env.KEEP_BIN;
	for (const dir of ['build-test', 'build']) {
		const p = path.join(ROOT, dir, 'keep');
		if (existsSync(p)) return p;
	}
	return path.join(ROOT, 'build-test', 'keep');
}

export const KEEP_BIN = findKeep();

function checkKeepBin() {
	try {
		accessSync(KEEP_BIN, constants.X_OK);
	} catch {
		throw new Error(`no keep program at ${KEEP_BIN}: build it first (make test builds build-test/keep)`);
	}
}

// The version meson.build gives the project: what `keep version` must print.
export function projectVersion() {
	const m = /version\s*:\s*'([^']+)'/.exec(readFileSync(path.join(ROOT, 'meson.build'), 'utf8'));
	if (!m) throw new Error('meson.build names no version');
	return m[1];
}

// Lines that AddressSanitizer, LeakSanitizer or UBSan print when they find something,
// and what their runtime says about itself ("==123==WARNING: invalid path to external
// symbolizer!", "==123==ERROR: External symbolizer path is set to ..."): neither may ever
// reach a test's stderr unremarked.
const SANITIZER = /ERROR: (AddressSanitizer|LeakSanitizer)|runtime error:|SUMMARY: (Address|Undefined|Leak)Sanitizer/;
const SANITIZER_WARNING = /^==\d+==(?:WARNING|ERROR): .*$/m;

// Throws if stderr holds a sanitizer report or warning, quoting it, so a finding is never
// missed and a warning never passes for the program's own output.
export function assertNoSanitizerReport(stderr, what = 'keep') {
	if (SANITIZER.test(stderr)) {
		throw new Error(`${what}: sanitizer report on stderr:\n${stderr}`);
	}
	const w = SANITIZER_WARNING.exec(stderr);
	if (w) {
		const hint = /symbolizer/.test(w[0])
			? ' (no llvm-symbolizer where the sanitizers look: scripts/setup test installs it, llvm-14, and scripts/run-tests sets ASAN_SYMBOLIZER_PATH)'
			: '';
		throw new Error(`${what}: the sanitizer runtime's own message on stderr${hint}: ${w[0]}\nstderr:\n${stderr}`);
	}
}

// The CRC-32 of a Buffer (ISO 3309, as ZIP files and PNG use it: reflected, polynomial
// 0xEDB88320, start and end inverted). Node has its own only from 20.15.
const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
	let c = n;
	for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
	return c >>> 0;
});
export function crc32(buf) {
	let c = 0xffffffff;
	for (const byte of buf) c = CRC_TABLE[(c ^ byte) & 0xff] ^ (c >>> 8);
	return (c ^ 0xffffffff) >>> 0;
}

// Runs keep with args and waits for it. Returns {status, signal, stdout, stderr}.
// opts: {input, env (added to process.env), cwd, timeout (ms, default 30 s)}.
// Throws on a signal (a crash, an abort from a sanitizer, a timeout) or a sanitizer
// report: those are never what a test expects.
export function keep(args, opts = {}) {
	checkKeepBin();
	const r = spawnSync(KEEP_BIN, args, {
		input: opts.input,
		cwd: opts.cwd,
		env: { ...process.env, ...(opts.env || {}) },
		encoding: 'utf8',
		timeout: opts.timeout ?? 30000,
		maxBuffer: 64 * 1024 * 1024,
	});
	if (r.error) throw new Error(`keep ${args.join(' ')}: ${r.error.message}\n${r.stderr || ''}`);
	const what = `keep ${args.join(' ')}`;
	assertNoSanitizerReport(r.stderr, what);
	if (r.signal) throw new Error(`${what}: killed by ${r.signal}\nstderr:\n${r.stderr}`);
	return { status: r.status, signal: r.signal, stdout: r.stdout, stderr: r.stderr };
}

// A new empty directory, removed when the test process exits.
const tempDirs = [];
process.on('exit', () => {
	for (const d of tempDirs) rmSync(d, { recursive: true, force: true });
});
export function tempDir(prefix = 'keep-test-') {
	const d = mkdtempSync(path.join(os.tmpdir(), prefix));
	tempDirs.push(d);
	return d;
}

// A fresh demo database (keep init --demo) in a new temp dir; returns its path.
export function demoDb(name = 'keep.db') {
	const db = path.join(tempDir(), name);
	const r = keep(['init', '--demo', '--db', db]);
	if (r.status !== 0) throw new Error(`keep init --demo --db ${db} exited ${r.status}:\n${r.stderr}`);
	return db;
}

// The figures `keep measures --publish` gives the demo's targets from the demo's care
// records (scripts/demo-records), as it writes them (tests/unit/demodb.h has the same).
export const DEMO_MEASURES = [
	['measure-looked-after', 'S92000003', [12203, 12252, 12144, 12102, 12073]],
	['measure-continuing-care-share', 'S92000003', [30, 32, 33, 35, 35]],
	['measure-siblings-all-share', 'S92000003', [41, 42, 42, 42, 41]],
	['measure-siblings-all-share', 'S12000005', [47, 53, 46, 43, 44]],
	['measure-restraint-rate', 'S92000003', [61.6, 63.7, 61.2, 62.9, 63.7]],
];

// demoDb with DEMO_MEASURES published for 2021 to 2025 and the share of spend on
// preventative whole family support published as on 1 November 2025 (the review tests'
// day: 2022-23 to 2024-25): the demo after `make run`, without making the care records
// (sqlite3, which scripts/setup test installs).
export function demoDbMeasured(name = 'keep.db') {
	const db = demoDb(name);
	const p = keep(['money', 'spend', '--publish', '--db', db], { env: { KEEP_TODAY: '2025-11-01' } });
	if (p.status !== 0) throw new Error(`keep money spend --publish --db ${db} exited ${p.status}:\n${p.stderr}`);
	const rows = DEMO_MEASURES.flatMap(([ind, area, values]) => values.map((v, i) => `((SELECT id FROM indicator WHERE slug = '${ind}'), '${area}', '${2021 + i}-07-31', ${v ?? 'NULL'}, ${v === null ? 1 : 0}, 'keep measures (demo)')`));
	const r = spawnSync('sqlite3', [db, `INSERT INTO observation(indicator_id, area, period, value, suppressed, source) VALUES ${rows.join(', ')};`], { encoding: 'utf8' });
	if (r.status !== 0) throw new Error(`sqlite3 ${db}: ${r.error?.message || r.stderr}`);
	return db;
}

export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

// One HTTP request on a connection of its own (no keep-alive pool).
// Returns {status, headers, body (string)}. opts: {method, headers, body, timeout,
// localAddress (the address to send from, e.g. 127.0.0.2: any of 127/8 on Linux)}.
export function request(url, opts = {}) {
	return new Promise((resolve, reject) => {
		const req = http.request(
			url,
			{
				method: opts.method || 'GET',
				headers: opts.headers,
				agent: false,
				timeout: opts.timeout ?? 10000,
				...(opts.localAddress ? { localAddress: opts.localAddress } : {}),
			},
			(res) => {
				const chunks = [];
				res.on('data', (c) => chunks.push(c));
				res.on('end', () =>
					resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }),
				);
				res.on('error', reject);
			},
		);
		req.on('timeout', () => req.destroy(new Error(`${opts.method || 'GET'} ${url}: no answer in time`)));
		req.on('error', reject);
		if (opts.body !== undefined) req.write(opts.body);
		req.end();
	});
}

// Sends raw bytes on a TCP connection and collects what comes back until the server
// closes it (or `timeout` ms pass). Writes the server refuses to read (it may answer
// and close before the request is over) are not errors. Returns {status, head, raw}:
// status is the number from the first status line, or null if nothing came back.
export function rawRequest(port, data, { timeout = 10000, host = '127.0.0.1' } = {}) {
	return new Promise((resolve) => {
		const chunks = [];
		let done = false;
		const sock = net.connect({ port, host });
		const finish = () => {
			if (done) return;
			done = true;
			clearTimeout(timer);
			sock.destroy();
			const raw = Buffer.concat(chunks).toString('latin1');
			const m = /^HTTP\/1\.[01] (\d{3})/.exec(raw);
			const end = raw.indexOf('\r\n\r\n');
			resolve({ status: m ? Number(m[1]) : null, head: end >= 0 ? raw.slice(0, end) : raw, raw });
		};
		const timer = setTimeout(finish, timeout);
		sock.on('data', (c) => {
			chunks.push(c);
			// One response is all a test wants: stop once its head and body are in.
			const raw = Buffer.concat(chunks).toString('latin1');
			const end = raw.indexOf('\r\n\r\n');
			if (end >= 0) {
				const len = /\r\ncontent-length:\s*(\d+)/i.exec(raw.slice(0, end));
				if (len && raw.length - end - 4 >= Number(len[1])) finish();
			}
		});
		sock.on('error', finish);
		sock.on('close', finish);
		sock.on('connect', () => {
			sock.write(data, () => {});
		});
	});
}

// Polls GET url every 20 ms until it answers 200; throws after timeoutMs, or as soon as
// `alive()` says the process is gone.
export async function waitForOk(url, { timeoutMs = 10000, alive = () => true } = {}) {
	const start = Date.now();
	for (;;) {
		try {
			const r = await request(url, { timeout: 1000 });
			if (r.status === 200) return Date.now() - start;
		} catch {
			// not listening yet
		}
		if (!alive()) throw new Error(`gave up on ${url}: the server exited`);
		if (Date.now() - start > timeoutMs) throw new Error(`${url} did not answer 200 within ${timeoutMs} ms`);
		await sleep(20);
	}
}

// A free TCP port on 127.0.0.1 as the kernel hands it out (another process may still
// take it before keep binds it: startServer retries then).
export function freePort() {
	return new Promise((resolve, reject) => {
		const s = net.createServer();
		s.unref();
		s.on('error', reject);
		s.listen(0, '127.0.0.1', () => {
			const { port } = s.address();
			s.close(() => resolve(port));
		});
	});
}

const ADDRESS_IN_USE = /address already in use|EADDRINUSE|in use/i;

// Starts `keep serve --db db --listen 127.0.0.1:PORT` on a free port and waits until
// GET /healthz answers 200. Returns a server:
//   {url, port, proc, startedMs (spawn to first 200), stderr() (all so far),
//    stop() -> Promise<{code, signal, stderr}> (SIGTERM, then waits)}
// opts: {args (more arguments), env, attempts}.
export async function startServer(db, opts = {}) {
	checkKeepBin();
	const attempts = opts.attempts ?? 5;
	let lastErr;
	for (let i = 0; i < attempts; i++) {
		const port = await freePort();
		try {
			return await startOn(db, port, opts);
		} catch (e) {
			lastErr = e;
			if (!e.addressInUse) throw e;
		}
	}
	throw lastErr;
}

async function startOn(db, port, opts) {
	const args = ['serve', '--db', db, '--listen', `127.0.0.1:${port}`, ...(opts.args || [])];
	const spawnedAt = Date.now();
	const proc = spawn(KEEP_BIN, args, {
		env: { ...process.env, ...(opts.env || {}) },
		stdio: ['ignore', 'pipe', 'pipe'],
	});
	let out = '';
	let err = '';
	proc.stdout.setEncoding('utf8');
	proc.stderr.setEncoding('utf8');
	proc.stdout.on('data', (c) => (out += c));
	proc.stderr.on('data', (c) => (err += c));
	let exited = null;
	const exit = new Promise((resolve) => {
		// 'close', not 'exit': by then stderr has been read to the end.
		proc.on('close', (code, signal) => {
			exited = { code, signal };
			resolve(exited);
		});
	});
	proc.on('error', (e) => {
		err += `\n(spawn failed: ${e.message})`;
	});
	const url = `http://127.0.0.1:${port}`;
	let startedMs;
	try {
		await waitForOk(`${url}/healthz`, { timeoutMs: 10000, alive: () => exited === null });
		startedMs = Date.now() - spawnedAt;
	} catch (e) {
		if (exited === null) proc.kill('SIGKILL');
		await exit;
		const why = new Error(
			`keep ${args.join(' ')}: ${e.message} (exit ${exited.code ?? exited.signal})\nstderr:\n${err}\nstdout:\n${out}`,
		);
		why.addressInUse = ADDRESS_IN_USE.test(err);
		throw why;
	}
	let stopping = null;
	return {
		url,
		port,
		proc,
		startedMs,
		stdout: () => out,
		stderr: () => err,
		// SIGTERM, then up to 10 s for a clean exit (SIGKILL after that). Resolves with
		// {code, signal, stderr}; a sanitizer report found on stderr rejects.
		stop() {
			if (stopping) return stopping;
			stopping = (async () => {
				if (exited === null) proc.kill('SIGTERM');
				const killer = setTimeout(() => {
					if (exited === null) proc.kill('SIGKILL');
				}, 10000);
				const { code, signal } = await exit;
				clearTimeout(killer);
				assertNoSanitizerReport(err, `keep ${args.join(' ')}`);
				return { code, signal, stderr: err };
			})();
			return stopping;
		},
	};
}

// A form POST (application/x-www-form-urlencoded), with a Cookie header when given.
export function postForm(url, fields, cookie) {
	return request(url, {
		method: 'POST',
		headers: { 'Content-Type': 'application/x-www-form-urlencoded', ...(cookie ? { Cookie: cookie } : {}) },
		body: new URLSearchParams(fields).toString(),
	});
}

// The value of cookie `name` that a response sets, or undefined.
export function setCookie(res, name) {
	for (const line of [].concat(res.headers['set-cookie'] ?? [])) {
		const pair = line.split(';')[0].trim();
		const i = pair.indexOf('=');
		if (pair.slice(0, i) === name) return pair.slice(i + 1);
	}
	return undefined;
}

// Signs in as email through the real sign-in form of the server at base and returns
// {cookie, csrf}: the session cookie and the session's form token (from a page it shows).
// Throws when any step does not answer as it should.
export async function signIn(base, email, password) {
	const page = await request(`${base}/login`);
	const csrf = setCookie(page, 'keep_csrf');
	if (page.status !== 200 || !/^[0-9a-f]{64}$/.test(csrf ?? '')) throw new Error(`GET /login: ${page.status}, keep_csrf ${csrf}`);
	const r = await postForm(`${base}/login`, { csrf, email, password }, `keep_csrf=${csrf}`);
	const token = setCookie(r, 'keep_session');
	if (r.status !== 303 || !/^[0-9a-f]{64}$/.test(token ?? '')) throw new Error(`signing in as ${email}: ${r.status}\n${r.body}`);
	const cookie = `keep_session=${token}`;
	const home = await request(`${base}/`, { headers: { Cookie: cookie } });
	const m = /name="csrf" value="([0-9a-f]{64})"/.exec(home.body);
	if (!home.body.includes(`Signed in as ${email}`) || !m) throw new Error(`signed in as ${email}, but / does not say so`);
	return { cookie, csrf: m[1] };
}
