// Nothing lost when a disk dies: keep backup makes a consistent copy while
// keep serve runs and writes, with the records key and a checksum; keep restore checks
// a backup before it replaces anything and refuses a bad one, changing nothing; keep
// serve --backup-every keeps rotating copies.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';

import { KEEP_BIN, assertNoSanitizerReport, demoDb, keep, request, sleep, startServer, tempDir } from './helpers.mjs';

const PASSWORD = 'correct horse battery staple 7';

const sha256 = (file) => crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex');

// keep ARGS without blocking node's event loop (so the server's clients go on).
function keepAsync(args) {
	return new Promise((resolve, reject) => {
		const p = spawn(KEEP_BIN, args, { stdio: ['ignore', 'pipe', 'pipe'] });
		let stdout = '';
		let stderr = '';
		p.stdout.on('data', (c) => (stdout += c));
		p.stderr.on('data', (c) => (stderr += c));
		p.on('error', reject);
		p.on('close', (status) => {
			assertNoSanitizerReport(stderr, `keep ${args.join(' ')}`);
			resolve({ status, stdout, stderr });
		});
	});
}

function organisationNames(db) {
	const r = keep(['export', 'organisations', '--db', db, '--format', 'json']);
	assert.equal(r.status, 0, r.stderr);
	return new Set(JSON.parse(r.stdout).map((o) => o.name));
}

describe('keep backup and keep restore', () => {
	test('a backup taken under write load restores to a database holding every write acknowledged before it began', async () => {
		const db = demoDb();
		assert.equal(keep(['user', 'add', 'staff@keep.test', '--role', 'staff', '--db', db], { input: `${PASSWORD}\n` }).status, 0);
		const server = await startServer(db);
		try {
			const body = JSON.stringify({ email: 'staff@keep.test', password: PASSWORD });
			const s = await request(`${server.url}/api/v1/session`, {
				method: 'POST',
				headers: { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) },
				body,
			});
			assert.equal(s.status, 201, s.body);
			const token = JSON.parse(s.body).data.token;
			const acked = [];
			let stop = false;
			let n = 0;
			const writer = async () => {
				while (!stop) {
					const name = `Load test organisation ${n++}`;
					const payload = JSON.stringify({ name });
					const r = await request(`${server.url}/api/v1/organisations`, {
						method: 'POST',
						headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(payload) },
						body: payload,
					});
					assert.equal(r.status, 201, r.body);
					acked.push(name);
				}
			};
			const writers = [writer(), writer()];
			while (acked.length < 40) await sleep(20);
			const before = [...acked];
			const file = path.join(tempDir(), 'backup.db');
			const b = await keepAsync(['backup', file, '--db', db]);
			const during = acked.length - before.length;
			stop = true;
			await Promise.all(writers);
			assert.equal(b.status, 0, b.stderr);
			assert.ok(acked.length > before.length, 'the writes went on while the backup ran');
			for (const f of [file, `${file}.key`, `${file}.sha256`]) assert.ok(fs.existsSync(f), `${f} made`);
			assert.equal(fs.statSync(`${file}.key`).mode & 0o777, 0o600, 'the key stays private');
			assert.deepEqual(fs.readFileSync(`${file}.key`), fs.readFileSync(`${db}.key`));
			assert.equal(
				fs.readFileSync(`${file}.sha256`, 'utf8'),
				`${sha256(file)}  backup.db\n${sha256(`${file}.key`)}  backup.db.key\n`,
			);

			const restored = path.join(tempDir(), 'restored.db');
			const r = keep(['restore', file, '--db', restored]);
			assert.equal(r.status, 0, r.stderr);
			const names = organisationNames(restored);
			for (const name of before) assert.ok(names.has(name), `${name} was acknowledged before the backup began`);
			assert.deepEqual(fs.readFileSync(`${restored}.key`), fs.readFileSync(`${db}.key`));
			console.log(`# ${before.length} writes before the backup, ${during} while it ran`);
		} finally {
			const r = await server.stop();
			assert.equal(r.code, 0, r.stderr);
		}
	});

	test('a truncated, damaged or foreign backup is refused, saying why, and nothing is changed', () => {
		const dir = tempDir();
		const source = demoDb();
		const file = path.join(dir, 'good.db');
		assert.equal(keep(['backup', file, '--db', source]).status, 0);
		const live = demoDb();
		assert.equal(keep(['user', 'add', 'marker@keep.test', '--role', 'viewer', '--db', live], { input: `${PASSWORD}\n` }).status, 0);
		const liveSum = () => [sha256(live), sha256(`${live}.key`)].join(' ');
		const was = liveSum();

		// a copy of the good backup named name, changed by change(file) before its
		// checksum is (re)written when rehash
		const variant = (name, change, { rehash = false } = {}) => {
			const f = path.join(dir, name);
			fs.copyFileSync(file, f);
			fs.copyFileSync(`${file}.key`, `${f}.key`);
			fs.writeFileSync(`${f}.sha256`, fs.readFileSync(`${file}.sha256`, 'utf8').replaceAll('good.db', name));
			change(f);
			if (rehash) fs.writeFileSync(`${f}.sha256`, `${sha256(f)}  ${name}\n${sha256(`${f}.key`)}  ${name}.key\n`);
			return f;
		};
		const truncate = (f) => fs.truncateSync(f, Math.floor(fs.statSync(f).size / 2));
		const sqlite = (f, sql) => {
			const r = spawnSync('sqlite3', [f, sql], { encoding: 'utf8' });
			assert.equal(r.status, 0, r.stderr);
		};
		const cases = [
			[variant('truncated.db', truncate), /truncated\.db does not match its checksum in .*truncated\.db\.sha256: it is damaged or incomplete/],
			[variant('truncated-rehashed.db', truncate, { rehash: true }), /truncated-rehashed\.db is (damaged|not a database)/],
			[variant('no-sums.db', (f) => fs.rmSync(`${f}.sha256`)), /no-sums\.db\.sha256 is missing/],
			[variant('other-key.db', (f) => fs.writeFileSync(`${f}.key`, crypto.randomBytes(32))), /other-key\.db\.key does not match its checksum/],
			[
				variant('foreign.db', (f) => {
					fs.rmSync(f);
					sqlite(f, 'CREATE TABLE t(x); INSERT INTO t VALUES (1);');
				}, { rehash: true }),
				/foreign\.db is not a keep database/,
			],
			[variant('newer.db', (f) => sqlite(f, 'PRAGMA user_version = 9999;'), { rehash: true }), /newer\.db has schema version 9999/],
		];
		for (const [f, why] of cases) {
			const r = keep(['restore', f, '--db', live]);
			assert.equal(r.status, 1, `${f}: ${r.stderr}`);
			assert.match(r.stderr, why);
			assert.match(r.stderr, /nothing was changed/);
			assert.equal(liveSum(), was, `${f} changed the database or its key`);
		}
		assert.ok(organisationNames(live).size > 0);
		// and the good one is taken
		const ok = keep(['restore', file, '--db', live]);
		assert.equal(ok.status, 0, ok.stderr);
		assert.deepEqual(fs.readFileSync(`${live}.key`), fs.readFileSync(`${source}.key`));
		const users = keep(['user', 'list', '--db', live]);
		assert.doesNotMatch(users.stdout, /marker@keep\.test/, 'the restored database is the backup');
	});

	test('keep serve --backup-every --backup-dir --keep N keeps the N newest backups', async () => {
		const db = demoDb();
		const dir = tempDir();
		const bad = keep(['serve', '--db', db, '--backup-every', '1s']);
		assert.equal(bad.status, 2);
		assert.match(bad.stderr, /--backup-every and --backup-dir go together/);
		assert.equal(keep(['serve', '--db', db, '--backup-every', '1 week', '--backup-dir', dir]).status, 2);
		const server = await startServer(db, { args: ['--backup-every', '1s', '--backup-dir', dir, '--keep', '2'] });
		try {
			await sleep(4500);
		} finally {
			const r = await server.stop();
			assert.equal(r.code, 0, r.stderr);
			assert.match(r.stderr, /backup: made .*keep-\d{8}T\d{6}Z\.db/);
		}
		const files = fs.readdirSync(dir).sort();
		const dbs = files.filter((f) => /^keep-\d{8}T\d{6}Z\.db$/.test(f));
		assert.equal(dbs.length, 2, files.join(' '));
		assert.equal(files.length, 6, `each with its key and checksum: ${files.join(' ')}`);
		for (const f of dbs) {
			const sums = fs.readFileSync(path.join(dir, `${f}.sha256`), 'utf8');
			assert.equal(sums, `${sha256(path.join(dir, f))}  ${f}\n${sha256(path.join(dir, `${f}.key`))}  ${f}.key\n`);
		}
		const restored = path.join(tempDir(), 'r.db');
		const r = keep(['restore', path.join(dir, dbs[1]), '--db', restored]);
		assert.equal(r.status, 0, r.stderr);
	});

	test('a backup holding care records is refused without its key', () => {
		const dir = tempDir();
		const db = demoDb();
		assert.equal(keep(['synth', '--children', '30', '--councils', '1', '--seed', '1', '--out', path.join(dir, 'r')]).status, 0);
		const [council] = fs.readdirSync(path.join(dir, 'r'));
		const imp = keep(['import', 'records', path.join(dir, 'r', council), '--council', council, '--year', '2025', '--db', db]);
		assert.equal(imp.status, 0, imp.stderr);
		const file = path.join(dir, 'records.db');
		assert.equal(keep(['backup', file, '--db', db]).status, 0);
		fs.rmSync(`${file}.key`);
		fs.writeFileSync(`${file}.sha256`, `${sha256(file)}  records.db\n`);
		const live = demoDb();
		const was = sha256(live);
		const r = keep(['restore', file, '--db', live]);
		assert.equal(r.status, 1);
		assert.match(r.stderr, /records\.db holds care records but its records key is not part of the backup/);
		assert.equal(sha256(live), was);
	});

	test('a restore under a running server: it goes on, serving the restored data', async () => {
		const dir = tempDir();
		const live = demoDb();
		const other = path.join(dir, 'other.db');
		assert.equal(keep(['backup', path.join(dir, 'a.db'), '--db', live]).status, 0);
		assert.equal(keep(['restore', path.join(dir, 'a.db'), '--db', other]).status, 0);
		fs.writeFileSync(path.join(dir, 'o.csv'), 'id,name\nrestored-charity,Restored Charity\n');
		assert.equal(keep(['import', 'organisations', path.join(dir, 'o.csv'), '--db', other]).status, 0);
		assert.equal(keep(['backup', path.join(dir, 'b.db'), '--db', other]).status, 0);
		const server = await startServer(live);
		try {
			assert.equal((await request(`${server.url}/api/v1/organisations/restored-charity`)).status, 404);
			const r = keep(['restore', path.join(dir, 'b.db'), '--db', live]);
			assert.equal(r.status, 0, r.stderr);
			const after = await request(`${server.url}/api/v1/organisations/restored-charity`);
			assert.equal(after.status, 200, after.body);
			assert.match((await request(`${server.url}/organisations`)).body, /Restored Charity/);
		} finally {
			const r = await server.stop();
			assert.equal(r.code, 0, r.stderr);
		}
	});

	test('backup and restore have their --help and refuse bad usage', () => {
		for (const cmd of ['backup', 'restore']) {
			const h = keep([cmd, '--help']);
			assert.equal(h.status, 0);
			assert.match(h.stdout, new RegExp(`^usage: keep ${cmd} FILE \\[--db DB\\]`));
			assert.equal(keep([cmd]).status, 2);
		}
		const dir = tempDir();
		const db = demoDb();
		const file = path.join(dir, 'b.db');
		assert.equal(keep(['backup', file, '--db', db]).status, 0);
		const again = keep(['backup', file, '--db', db]);
		assert.equal(again.status, 1);
		assert.match(again.stderr, /b\.db is there already/);
	});
});
