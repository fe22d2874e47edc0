// Accounts and the audit log from the command line (issue 3): keep user add, passwd,
// list and disable; keep audit with its filters and formats; exit codes (0 done,
// 1 failed and nothing changed, 2 bad usage or a value that breaks a rule); and that a
// password is never shown, stored or recorded, except a generated one printed once.
//
// The tests in the first block run in order on one demo database, each building on
// the one before. One Argon2id hash costs about 100 ms, so accounts are few.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';

import { demoDb, keep, tempDir } from './helpers.mjs';

const PW = 'staple battery horse correct 42';
const PW2 = 'a second passphrase, longer';
const SHORT = 'tiny-pw-9';
const SUBCOMMANDS = ['add', 'passwd', 'list', 'disable'];

// Every output of keep in this file, to check at the end that no password leaked.
const outputs = [];
function run(args, opts) {
	const r = keep(args, opts);
	outputs.push({ args, stdout: r.stdout, stderr: r.stderr });
	return r;
}

function sqlite(db, sql) {
	const r = spawnSync('sqlite3', [db, sql], { encoding: 'utf8' });
	if (r.error) throw new Error(`sqlite3: ${r.error.message} (scripts/setup test installs it)`);
	assert.equal(r.status, 0, `sqlite3 ${db} "${sql}": ${r.stderr}`);
	return r.stdout.trim();
}

// keep user list as [{email, role, organisation, state}] (the header row checked).
function userList(db) {
	const r = run(['user', 'list', '--db', db]);
	assert.equal(r.status, 0, r.stderr);
	assert.equal(r.stderr, '');
	if (/^No accounts yet\./.test(r.stdout)) return [];
	const lines = r.stdout.trimEnd().split('\n');
	assert.deepEqual(lines[0].split(/\s+/), ['EMAIL', 'ROLE', 'ORGANISATION', 'STATE'], r.stdout);
	return lines.slice(1).map((l) => {
		const [email, role, organisation, state, ...rest] = l.split(/\s+/);
		assert.equal(rest.length, 0, `an account line with more than four columns: '${l}'`);
		return { email, role, organisation, state };
	});
}

// keep audit with more arguments, as JSON.
function auditJson(db, args = []) {
	const r = run(['audit', '--db', db, '--format', 'json', ...args]);
	assert.equal(r.status, 0, r.stderr);
	assert.equal(r.stderr, '');
	const rows = JSON.parse(r.stdout);
	assert.ok(Array.isArray(rows), r.stdout);
	return rows;
}

function auditText(db, args = []) {
	const r = run(['audit', '--db', db, ...args]);
	assert.equal(r.status, 0, r.stderr);
	assert.equal(r.stderr, '');
	return r.stdout;
}

function addUser(db, email, args, input) {
	return run(['user', 'add', email, '--db', db, ...args], { input });
}

// The database as it is on disk: the file and its write-ahead log, if any.
function dbBytes(db) {
	const parts = [readFileSync(db)];
	for (const ext of ['-wal', '-journal']) if (existsSync(db + ext)) parts.push(readFileSync(db + ext));
	return Buffer.concat(parts);
}

function todayUtc() {
	return new Date().toISOString().slice(0, 10);
}

describe('keep user and keep audit on one database', () => {
	const db = demoDb();
	let generated = null;
	let auditCount = 0;

	test('a new database has no accounts and no changes recorded', () => {
		const r = run(['user', 'list', '--db', db]);
		assert.equal(r.status, 0, r.stderr);
		assert.match(r.stdout, /^No accounts yet\. Add one with 'keep user add EMAIL --role ROLE'\.\n$/);
		assert.equal(auditText(db), 'No changes recorded.\n');
		assert.deepEqual(auditJson(db), []);
	});

	test('user add with the password on standard input adds the account', () => {
		const r = addUser(db, 'a@example.org', ['--role', 'staff'], PW + '\n');
		assert.equal(r.status, 0, r.stderr);
		assert.equal(r.stdout, 'Added a@example.org (staff).\n');
		assert.equal(r.stderr, '');
		assert.deepEqual(userList(db), [{ email: 'a@example.org', role: 'staff', organisation: '-', state: 'enabled' }]);
		const rows = auditJson(db);
		assert.equal(rows.length, 1);
		assert.equal(rows[0].verb, 'create');
		auditCount = 1;
		assert.match(auditText(db), /^\d{4}-\d\d-\d\dT[\d:.]+Z {2}command line \(.+\) created account a@example\.org\n$/);
	});

	test('adding the same email again, in any case, exits 1 and changes nothing', () => {
		for (const email of ['a@example.org', 'A@Example.ORG']) {
			const r = addUser(db, email, ['--role', 'viewer'], PW2 + '\n');
			assert.equal(r.status, 1, `${email}: ${r.stderr}`);
			assert.match(r.stderr, /there is already an account for '/);
			assert.equal(r.stdout, '');
		}
		assert.deepEqual(userList(db), [{ email: 'a@example.org', role: 'staff', organisation: '-', state: 'enabled' }]);
		assert.equal(auditJson(db).length, auditCount);
	});

	test('a password that breaks a rule exits 2 with the rule, and nothing is added', () => {
		const before = userList(db);
		let r = addUser(db, 'b@example.org', ['--role', 'staff'], SHORT + '\n');
		assert.equal(r.status, 2, r.stderr);
		assert.match(r.stderr, /the password is too short: use at least 12 characters/);
		assert.equal(r.stdout, '');

		r = addUser(db, 'b@example.org', ['--role', 'staff'], 'B@EXAMPLE.ORG\n');
		assert.equal(r.status, 2, r.stderr);
		assert.match(r.stderr, /the password must not be the email address/);

		r = addUser(db, 'b@example.org', ['--role', 'staff'], 'x'.repeat(257) + '\n');
		assert.equal(r.status, 2, r.stderr);
		assert.match(r.stderr, /the password is too long: use at most 256 characters/);

		assert.deepEqual(userList(db), before);
		assert.equal(auditJson(db).length, auditCount);
	});

	test('no password at all on standard input fails and adds nothing', () => {
		const r = addUser(db, 'b@example.org', ['--role', 'staff'], '');
		assert.equal(r.status, 1, r.stderr);
		assert.match(r.stderr, /password/);
		assert.equal(userList(db).length, 1);
	});

	test('a bad email or role, or no role, exits 2 and adds nothing', () => {
		let r = addUser(db, 'not-an-address', ['--role', 'staff'], PW + '\n');
		assert.equal(r.status, 2, r.stderr);
		assert.match(r.stderr, /'not-an-address' is not an email address/);

		r = addUser(db, 'b@example.org', ['--role', 'superuser'], PW + '\n');
		assert.equal(r.status, 2, r.stderr);
		assert.match(r.stderr, /there is no role 'superuser'/);

		r = addUser(db, 'b@example.org', [], PW + '\n');
		assert.equal(r.status, 2, r.stderr);
		assert.match(r.stderr, /--role is required/);

		assert.equal(userList(db).length, 1);
		assert.equal(auditJson(db).length, auditCount);
	});

	test('an editor needs --organisation', () => {
		const r = addUser(db, 'ed@example.org', ['--role', 'editor'], PW + '\n');
		assert.equal(r.status, 2, r.stderr);
		assert.match(r.stderr, /an editor changes one organisation's records: say which with --organisation/);
		assert.equal(r.stdout, '');
		assert.equal(userList(db).length, 1);
		assert.equal(auditJson(db).length, auditCount);
	});

	test('an editor with --organisation cosla is added, and the list shows cosla', () => {
		const r = addUser(db, 'ed@example.org', ['--role', 'editor', '--organisation', 'cosla'], PW + '\n');
		assert.equal(r.status, 0, r.stderr);
		assert.equal(r.stdout, 'Added ed@example.org (editor).\n');
		auditCount++;
		assert.deepEqual(userList(db), [
			{ email: 'a@example.org', role: 'staff', organisation: '-', state: 'enabled' },
			{ email: 'ed@example.org', role: 'editor', organisation: 'cosla', state: 'enabled' },
		]);
		const rows = auditJson(db, ['--entity', 'account', '--id', 'ed@example.org']);
		assert.equal(rows.length, 1);
		assert.equal(rows[0].after.organisation, 'cosla');
		assert.equal(rows[0].after.role, 'editor');
	});

	test('an unknown organisation exits 1 and adds nothing', () => {
		const r = addUser(db, 'ed2@example.org', ['--role', 'editor', '--organisation', 'nobody-here'], PW + '\n');
		assert.equal(r.status, 1, r.stderr);
		assert.match(r.stderr, /there is no organisation called 'nobody-here'/);
		assert.equal(r.stdout, '');
		assert.equal(userList(db).length, 2);
		assert.equal(auditJson(db).length, auditCount);
	});

	test('--generate-password prints a 24-hex-digit password once', () => {
		const r = run(['user', 'add', 'gen@example.org', '--role', 'viewer', '--generate-password', '--db', db], {
			input: '',
		});
		assert.equal(r.status, 0, r.stderr);
		const m = /^Added gen@example\.org \(viewer\)\. Sign in with this password, shown only now: ([0-9a-f]{24})\n$/.exec(
			r.stdout,
		);
		assert.ok(m, `unexpected output: ${r.stdout}`);
		generated = m[1];
		assert.equal(r.stdout.split(generated).length - 1, 1, 'the password is printed exactly once');
		assert.ok(!r.stderr.includes(generated));
		auditCount++;
		assert.deepEqual(
			userList(db).map((u) => u.email),
			['a@example.org', 'ed@example.org', 'gen@example.org'],
		);
		// A second one is another password.
		const r2 = run(['user', 'passwd', 'gen@example.org', '--generate-password', '--db', db], { input: '' });
		assert.equal(r2.status, 0, r2.stderr);
		const m2 = /shown only now: ([0-9a-f]{24})\n$/.exec(r2.stdout);
		assert.ok(m2, r2.stdout);
		assert.notEqual(m2[1], generated);
		outputs.push({ generated: m2[1] });
		auditCount++;
	});

	test('user passwd changes the password, ends its sessions, and the audit says so', () => {
		// A session as the web's login will make one; the other account's must stay.
		sqlite(
			db,
			"INSERT INTO session(token_hash, user_id, expires) SELECT 'tok-a', id, '2999-01-01T00:00:00Z' " +
				"FROM user WHERE email = 'a@example.org';" +
				"INSERT INTO session(token_hash, user_id, expires) SELECT 'tok-ed', id, '2999-01-01T00:00:00Z' " +
				"FROM user WHERE email = 'ed@example.org';",
		);
		const hashBefore = sqlite(db, "SELECT pw_hash FROM user WHERE email = 'a@example.org'");
		const r = run(['user', 'passwd', 'a@example.org', '--db', db], { input: PW2 + '\n' });
		assert.equal(r.status, 0, r.stderr);
		assert.equal(r.stdout, 'Changed the password of a@example.org; its sessions have ended.\n');
		assert.equal(r.stderr, '');
		auditCount++;
		const hashAfter = sqlite(db, "SELECT pw_hash FROM user WHERE email = 'a@example.org'");
		assert.match(hashAfter, /^\$argon2id\$/);
		assert.notEqual(hashAfter, hashBefore);
		assert.equal(sqlite(db, "SELECT token_hash FROM session ORDER BY token_hash"), 'tok-ed');

		const text = auditText(db);
		assert.match(text, /changed account a@example\.org: password changed\n/);
		assert.equal(text.trimEnd().split('\n').length, auditCount);
		assert.deepEqual(userList(db)[0], { email: 'a@example.org', role: 'staff', organisation: '-', state: 'enabled' });
	});

	test('user passwd refuses a bad password (2) or an unknown account (1) and changes nothing', () => {
		const hashBefore = sqlite(db, "SELECT pw_hash FROM user WHERE email = 'a@example.org'");
		let r = run(['user', 'passwd', 'a@example.org', '--db', db], { input: SHORT + '\n' });
		assert.equal(r.status, 2, r.stderr);
		assert.match(r.stderr, /the password is too short/);
		r = run(['user', 'passwd', 'nobody@example.org', '--db', db], { input: PW + '\n' });
		assert.equal(r.status, 1, r.stderr);
		assert.match(r.stderr, /there is no account for 'nobody@example\.org'/);
		r = run(['user', 'passwd', 'a@example.org', '--role', 'admin', '--db', db], { input: PW + '\n' });
		assert.equal(r.status, 2, r.stderr);
		assert.equal(sqlite(db, "SELECT pw_hash FROM user WHERE email = 'a@example.org'"), hashBefore);
		assert.equal(auditJson(db).length, auditCount);
	});

	test('user disable disables the account, and the audit says so', () => {
		sqlite(
			db,
			"INSERT INTO session(token_hash, user_id, expires) SELECT 'tok-a2', id, '2999-01-01T00:00:00Z' " +
				"FROM user WHERE email = 'a@example.org';",
		);
		const r = run(['user', 'disable', 'a@example.org', '--db', db]);
		assert.equal(r.status, 0, r.stderr);
		assert.match(r.stdout, /^Disabled a@example\.org/);
		auditCount++;
		assert.deepEqual(userList(db), [
			{ email: 'a@example.org', role: 'staff', organisation: '-', state: 'disabled' },
			{ email: 'ed@example.org', role: 'editor', organisation: 'cosla', state: 'enabled' },
			{ email: 'gen@example.org', role: 'viewer', organisation: '-', state: 'enabled' },
		]);
		assert.equal(sqlite(db, "SELECT token_hash FROM session ORDER BY token_hash"), 'tok-ed');
		const text = auditText(db);
		assert.match(text, /changed account a@example\.org: disabled no \u2192 yes\n$/);
		assert.equal(text.trimEnd().split('\n').length, auditCount);
	});

	test('disabling an unknown account exits 1 and records nothing', () => {
		const r = run(['user', 'disable', 'nobody@example.org', '--db', db]);
		assert.equal(r.status, 1, r.stderr);
		assert.match(r.stderr, /there is no account for 'nobody@example\.org'/);
		assert.equal(r.stdout, '');
		assert.equal(auditJson(db).length, auditCount);
		assert.equal(run(['user', 'disable', '--db', db]).status, 2);
		assert.equal(run(['user', 'disable', 'a@example.org', 'b@example.org', '--db', db]).status, 2);
	});

	test('audit --entity account --id EMAIL --format json gives that account, oldest first', () => {
		const r = run(['audit', '--db', db, '--entity', 'account', '--id', 'a@example.org', '--format', 'json']);
		assert.equal(r.status, 0, r.stderr);
		assert.ok(!r.stdout.includes('$argon2'), 'a hash in the audit output');
		assert.ok(!r.stdout.includes('pw_hash'));
		const rows = JSON.parse(r.stdout);
		assert.ok(Array.isArray(rows));
		assert.deepEqual(
			rows.map((x) => x.verb),
			['create', 'update', 'update'],
		);
		let prev = '';
		for (const x of rows) {
			assert.equal(x.entity, 'account');
			assert.equal(x.entity_id, 'a@example.org');
			assert.match(x.actor, /^command line \(.+\)$/);
			assert.match(x.at, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/);
			assert.ok(prev <= x.at, `not oldest first: ${prev} then ${x.at}`);
			prev = x.at;
			assert.equal(typeof x.after, 'object');
			assert.notEqual(x.after, null);
		}
		const [created, passwd, disabled] = rows;
		assert.equal(created.before, null);
		assert.deepEqual(Object.keys(created.after).sort(), ['created', 'disabled', 'email', 'organisation', 'role']);
		assert.equal(created.after.email, 'a@example.org');
		assert.equal(created.after.role, 'staff');
		assert.equal(created.after.organisation, null);
		assert.equal(created.after.disabled, false);

		assert.deepEqual(passwd.before, created.after);
		assert.equal(passwd.after.password, 'changed');
		const { password, ...rest } = passwd.after;
		assert.deepEqual(rest, created.after);

		assert.equal(disabled.before.disabled, false);
		assert.equal(disabled.after.disabled, true);
		assert.equal(disabled.after.password, undefined);

		// --entity alone: every account's records; the whole log holds no hash either.
		const accounts = auditJson(db, ['--entity', 'account']);
		assert.equal(accounts.length, auditCount);
		assert.deepEqual(
			[...new Set(accounts.map((x) => x.entity_id))].sort(),
			['a@example.org', 'ed@example.org', 'gen@example.org'],
		);
		assert.deepEqual(auditJson(db, ['--entity', 'organisation']), []);
		assert.deepEqual(auditJson(db, ['--entity', 'account', '--id', 'nobody@example.org']), []);
		assert.ok(!JSON.stringify(auditJson(db)).includes('$argon2'));
	});

	test('audit --since filters by date and checks it', () => {
		assert.equal(auditText(db, ['--since', '2999-01-01']), 'No changes recorded.\n');
		assert.deepEqual(auditJson(db, ['--since', '2999-01-01']), []);
		assert.equal(auditJson(db, ['--since', todayUtc()]).length, auditCount);
		assert.equal(auditJson(db, ['--since', '2000-01-01']).length, auditCount);
		for (const bad of ['2024-13-01', '2024-02-30', 'yesterday', '2024-1-5']) {
			const r = run(['audit', '--db', db, '--since', bad]);
			assert.equal(r.status, 2, `--since ${bad}: ${r.stderr}`);
			assert.match(r.stderr, /--since/);
			assert.equal(r.stdout, '');
		}
	});

	test('audit refuses bad usage with 2', () => {
		for (const args of [
			['--id', 'x'],
			['--id', 'a@example.org', '--format', 'json'],
			['--format', 'xml'],
			['--entity'],
			['--frobnicate'],
			['extra'],
		]) {
			const r = run(['audit', '--db', db, ...args]);
			assert.equal(r.status, 2, `keep audit ${args.join(' ')}: ${r.stderr}`);
			assert.equal(r.stdout, '');
		}
		const r = run(['audit', '--db', db, '--id', 'x']);
		assert.match(r.stderr, /--id needs --entity/);
	});

	test('no password is shown or stored, except a generated one printed once', () => {
		const secrets = [PW, PW2, SHORT];
		const generatedOnes = [generated, ...outputs.filter((o) => o.generated).map((o) => o.generated)];
		for (const g of generatedOnes) assert.match(g, /^[0-9a-f]{24}$/);
		let shown = 0;
		for (const o of outputs) {
			if (o.generated) continue;
			for (const s of secrets) {
				assert.ok(!o.stdout.includes(s), `keep ${o.args.join(' ')} printed a password on stdout`);
				assert.ok(!o.stderr.includes(s), `keep ${o.args.join(' ')} printed a password on stderr`);
			}
			assert.ok(!o.stdout.includes('$argon2') && !o.stderr.includes('$argon2'), `keep ${o.args.join(' ')}`);
			for (const g of generatedOnes) {
				assert.ok(!o.stderr.includes(g));
				shown += o.stdout.split(g).length - 1;
			}
		}
		assert.equal(shown, generatedOnes.length, 'each generated password is printed once');

		const bytes = dbBytes(db);
		for (const s of [...secrets, ...generatedOnes]) {
			assert.ok(!bytes.includes(s), `the database file holds a password in the clear`);
		}
		// The hashes are there, and only in the user table.
		assert.ok(bytes.includes('$argon2id$'));
		assert.equal(sqlite(db, "SELECT count(*) FROM user WHERE pw_hash LIKE '$argon2id$%'"), '3');
		assert.equal(
			sqlite(db, "SELECT count(*) FROM audit WHERE coalesce(before_json, '') || coalesce(after_json, '') LIKE '%argon2%'"),
			'0',
		);
	});
});

describe('keep user and keep audit: usage', () => {
	test('keep user alone exits 2 and names the sub-commands', () => {
		const r = keep(['user']);
		assert.equal(r.status, 2);
		for (const sub of SUBCOMMANDS) assert.match(r.stderr, new RegExp(`\\b${sub}\\b`));
		assert.equal(r.stdout, '');
	});

	test('keep user frobnicate exits 2 and names it', () => {
		const r = keep(['user', 'frobnicate']);
		assert.equal(r.status, 2);
		assert.match(r.stderr, /'user frobnicate'/);
		assert.equal(r.stdout, '');
	});

	test('keep user --help exits 0 and shows every sub-command', () => {
		const r = keep(['user', '--help']);
		assert.equal(r.status, 0, r.stderr);
		assert.equal(r.stderr, '');
		for (const sub of SUBCOMMANDS) assert.match(r.stdout, new RegExp(`keep user ${sub}\\b`));
		for (const role of ['admin', 'staff', 'board', 'editor', 'viewer']) assert.match(r.stdout, new RegExp(role));
		assert.equal(keep(['help', 'user']).stdout, r.stdout);
		assert.equal(keep(['user', 'add', '--help']).stdout, r.stdout);
	});

	test('keep audit --help exits 0 and shows its options', () => {
		const r = keep(['audit', '--help']);
		assert.equal(r.status, 0, r.stderr);
		for (const opt of ['--entity', '--id', '--since', '--format', '--db']) assert.ok(r.stdout.includes(opt), opt);
	});

	test('keep help lists user and audit', () => {
		const r = keep(['help']);
		assert.equal(r.status, 0, r.stderr);
		assert.match(r.stdout, /^\s+user\s+\S/m);
		assert.match(r.stdout, /^\s+audit\s+\S/m);
	});

	test('sub-command usage errors exit 2', () => {
		const db = path.join(tempDir(), 'none.db');
		for (const args of [
			['user', 'add'],
			['user', 'add', 'a@example.org', 'b@example.org', '--role', 'staff'],
			['user', 'add', 'a@example.org', '--role'],
			['user', 'add', 'a@example.org', '--role', 'staff', '--colour', 'red'],
			['user', 'passwd'],
			['user', 'list', 'extra'],
			['user', 'list', '--role', 'staff'],
			['user', 'disable', 'a@example.org', '--generate-password'],
		]) {
			const r = keep([...args, '--db', db], { input: PW + '\n' });
			assert.equal(r.status, 2, `keep ${args.join(' ')}: ${r.stderr}`);
			assert.equal(r.stdout, '');
		}
		assert.ok(!existsSync(db), 'a usage error created the database');
	});

	test('a database that does not exist is a failure (1), and is not created', () => {
		const db = path.join(tempDir(), 'none.db');
		for (const args of [
			['user', 'list'],
			['user', 'add', 'a@example.org', '--role', 'staff'],
			['user', 'passwd', 'a@example.org'],
			['user', 'disable', 'a@example.org'],
			['audit'],
		]) {
			const r = keep([...args, '--db', db], { input: PW + '\n' });
			assert.equal(r.status, 1, `keep ${args.join(' ')}: ${r.stderr}`);
			assert.ok(!r.stderr.includes(PW));
		}
		assert.ok(!existsSync(db), 'a failed command created the database');
	});
});

describe('keep user and keep audit: edge cases', () => {
	const db = demoDb();

	test('a password is measured in characters, not bytes', () => {
		// Six characters, twelve bytes: too short.
		const r = keep(['user', 'add', 'u@example.org', '--role', 'viewer', '--db', db], { input: 'éééééé\n' });
		assert.equal(r.status, 2);
		assert.match(r.stderr, /the password is too short: use at least 12 characters/);
		// Twelve characters of two bytes each: long enough (different ones: twelve of the
		// same is refused as trivial).
		const twelve = 'éàüöçñåøßæœë';
		assert.equal(Buffer.byteLength(twelve), 24);
		const ok = keep(['user', 'add', 'u@example.org', '--role', 'viewer', '--db', db], { input: `${twelve}\n` });
		assert.equal(ok.status, 0, ok.stderr);
	});

	test('disabling a disabled account records nothing the second time', () => {
		assert.equal(keep(['user', 'disable', 'u@example.org', '--db', db]).status, 0);
		const before = keep(['audit', '--db', db, '--format', 'json']).stdout;
		assert.equal(keep(['user', 'disable', 'u@example.org', '--db', db]).status, 0);
		assert.equal(keep(['audit', '--db', db, '--format', 'json']).stdout, before);
	});

	test('keep audit --id matches an email without regard to case, as accounts do', () => {
		const r = keep(['audit', '--db', db, '--entity', 'account', '--id', 'U@EXAMPLE.ORG', '--format', 'json']);
		assert.equal(r.status, 0, r.stderr);
		const rows = JSON.parse(r.stdout);
		assert.deepEqual(
			rows.map((x) => x.verb),
			['create', 'update'],
		);
	});
});

// Common and trivial passwords are refused (NIST SP 800-63B), by user add and
// user passwd alike (one check), with a message that says why, and nothing changes.
describe('common and trivial passwords are refused', () => {
	const db = demoDb();
	const cases = [
		['password1234', /the password is too easy to guess \(The password contains forbidden words in some form\)/],
		['            ', /the password is only spaces/],
		['qwertyuiop12', /too easy to guess/],
		['123456789012', /too easy to guess \(The password fails the dictionary check - it is too simplistic\/systematic\)/],
		['sunshine2024', /too easy to guess \(The password fails the dictionary check - it is based on a dictionary word\)/],
	];
	test('user add refuses each, saying why, and adds no account', () => {
		for (const [pw, why] of cases) {
			const r = run(['user', 'add', 'weak@example.org', '--role', 'viewer', '--db', db], { input: `${pw}\n` });
			assert.equal(r.status, 2, `'${pw}': ${r.stderr}`);
			assert.match(r.stderr, why, pw);
		}
		assert.equal(sqlite(db, "SELECT count(*) FROM user WHERE email = 'weak@example.org'"), '0');
	});
	test('user passwd refuses each and keeps the old password', () => {
		const add = run(['user', 'add', 'strong@example.org', '--role', 'viewer', '--db', db], { input: `${PW}\n` });
		assert.equal(add.status, 0, add.stderr);
		const hash = sqlite(db, "SELECT pw_hash FROM user WHERE email = 'strong@example.org'");
		for (const [pw, why] of cases) {
			const r = run(['user', 'passwd', 'strong@example.org', '--db', db], { input: `${pw}\n` });
			assert.equal(r.status, 2, `'${pw}': ${r.stderr}`);
			assert.match(r.stderr, why, pw);
		}
		assert.equal(sqlite(db, "SELECT pw_hash FROM user WHERE email = 'strong@example.org'"), hash);
	});
});
