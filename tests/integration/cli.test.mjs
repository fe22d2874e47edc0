// The command line's contract: sub-commands, help, exit codes (0 ok, 1 failure,
// 2 usage), keep init, keep export, and refusing files that are not keep databases.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';

import { assertNoSanitizerReport, demoDb, keep, KEEP_BIN, projectVersion, ROOT, tempDir } from './helpers.mjs';

const COMMANDS = ['init', 'serve', 'export', 'import', 'user', 'audit', 'board', 'report', 'synth', 'version', 'help'];

// What the shipped Plan holds, counted from the file keep embeds.
const plan = JSON.parse(readFileSync(path.join(ROOT, 'data', 'plan.json'), 'utf8'));
const ACTIONS = plan.plans.flatMap((p) => (p.priorities || []).flatMap((pr) => pr.actions || [])).length;
const demo = JSON.parse(readFileSync(path.join(ROOT, 'data', 'demo.json'), 'utf8'));
const ORGANISATIONS = demo.organisations.length;

// RFC 4180: quoted fields may hold commas, doubled quotes and line breaks.
function parseCsv(text) {
	const rows = [];
	let row = [];
	let field = '';
	let quoted = false;
	for (let i = 0; i < text.length; i++) {
		const ch = text[i];
		if (quoted) {
			if (ch === '"' && text[i + 1] === '"') {
				field += '"';
				i++;
			} else if (ch === '"') {
				quoted = false;
			} else {
				field += ch;
			}
		} else if (ch === '"') {
			quoted = true;
		} else if (ch === ',') {
			row.push(field);
			field = '';
		} else if (ch === '\n' || ch === '\r') {
			if (ch === '\r' && text[i + 1] === '\n') i++;
			row.push(field);
			rows.push(row);
			row = [];
			field = '';
		} else {
			field += ch;
		}
	}
	assert.equal(quoted, false, 'CSV ends inside a quoted field');
	if (field !== '' || row.length) {
		row.push(field);
		rows.push(row);
	}
	return rows;
}

function sqlite(db, sql) {
	const r = spawnSync('sqlite3', [db, sql], { encoding: 'utf8' });
	if (r.error) throw new Error(`sqlite3: ${r.error.message} (scripts/setup test installs it)`);
	assert.equal(r.status, 0, `sqlite3 ${db} "${sql}": ${r.stderr}`);
	return r.stdout;
}

// What a file is, to prove a command left it alone.
function snapshot(file) {
	const st = statSync(file);
	return { bytes: readFileSync(file), mtimeMs: st.mtimeMs, size: st.size };
}
function assertUnchanged(file, before) {
	const after = snapshot(file);
	assert.equal(after.size, before.size, `${file} changed size`);
	assert.equal(after.mtimeMs, before.mtimeMs, `${file} was written to`);
	assert.ok(after.bytes.equals(before.bytes), `${file} changed`);
}

describe('keep help', () => {
	test('lists every sub-command, one line each, and exits 0', () => {
		const r = keep(['help']);
		assert.equal(r.status, 0, r.stderr);
		for (const cmd of COMMANDS) {
			const lines = r.stdout.split('\n').filter((l) => new RegExp(`^\\s+${cmd}\\s+\\S`).test(l));
			assert.equal(lines.length, 1, `keep help should give '${cmd}' one line:\n${r.stdout}`);
		}
	});

	test('--help and -h at the top are keep help', () => {
		const help = keep(['help']).stdout;
		assert.equal(keep(['--help']).stdout, help);
		assert.equal(keep(['-h']).stdout, help);
	});

	test('no command at all is a usage error that lists the commands', () => {
		const r = keep([]);
		assert.equal(r.status, 2);
		for (const cmd of COMMANDS) assert.match(r.stderr, new RegExp(`^\\s+${cmd}\\s`, 'm'));
	});

	for (const cmd of COMMANDS) {
		test(`keep ${cmd} --help prints its usage and exits 0`, () => {
			const r = keep([cmd, '--help']);
			assert.equal(r.status, 0, r.stderr);
			assert.match(r.stdout, new RegExp(`^usage: keep ${cmd}\\b`, 'm'));
			assert.equal(r.stderr, '');
			assert.equal(keep(['help', cmd]).stdout, r.stdout, `keep help ${cmd} should print the same`);
		});
	}

	test('an unknown command exits 2 and names it', () => {
		const r = keep(['frobnicate']);
		assert.equal(r.status, 2);
		assert.match(r.stderr, /'frobnicate'/);
		assert.match(r.stderr, /keep help/);
		assert.equal(r.stdout, '');
	});

	test('keep help of an unknown command exits 2 and names it', () => {
		const r = keep(['help', 'frobnicate']);
		assert.equal(r.status, 2);
		assert.match(r.stderr, /'frobnicate'/);
	});
});

describe('keep version', () => {
	test(`prints "keep VERSION" and exits 0`, () => {
		const r = keep(['version']);
		assert.equal(r.status, 0, r.stderr);
		assert.match(r.stdout, new RegExp(`^keep ${projectVersion().replaceAll('.', '\\.')}(\\s|$)`));
	});

	test('--version is the same', () => {
		assert.equal(keep(['--version']).stdout, keep(['version']).stdout);
	});

	test('an argument is a usage error', () => {
		assert.equal(keep(['version', 'extra']).status, 2);
	});
});

describe('usage errors exit 2 and say what was wrong', () => {
	for (const cmd of ['init', 'serve', 'export']) {
		test(`keep ${cmd} --no-such-option`, () => {
			const r = keep([cmd, '--no-such-option']);
			assert.equal(r.status, 2);
			assert.match(r.stderr, /--no-such-option/);
			assert.equal(r.stdout, '');
		});
	}

	test('keep serve --listen without a port', () => {
		const r = keep(['serve', '--listen', 'localhost']);
		assert.equal(r.status, 2);
		assert.match(r.stderr, /--listen/);
	});

	test('keep export --format xml', () => {
		const r = keep(['export', 'actions', '--format', 'xml']);
		assert.equal(r.status, 2);
		assert.match(r.stderr, /xml/);
	});
});

describe('keep init', () => {
	test('creates a database, and a second init on the same file refuses and leaves it alone', () => {
		const db = path.join(tempDir(), 'new.db');
		const first = keep(['init', '--db', db]);
		assert.equal(first.status, 0, first.stderr);
		assert.ok(statSync(db).size > 0, 'keep init made no file');
		const before = snapshot(db);

		const second = keep(['init', '--db', db]);
		assert.equal(second.status, 1);
		assert.match(second.stderr, /exists/);
		assert.ok(second.stderr.includes(db), `the message should name the file:\n${second.stderr}`);
		assertUnchanged(db, before);
	});

	test('refuses a file that exists even when it is not a database', () => {
		const file = path.join(tempDir(), 'notes.txt');
		writeFileSync(file, 'my notes\n');
		const before = snapshot(file);
		const r = keep(['init', '--db', file]);
		assert.equal(r.status, 1);
		assert.match(r.stderr, /exists/);
		assertUnchanged(file, before);
	});

	test('without --demo the Plan is there but no organisations', () => {
		const db = path.join(tempDir(), 'plain.db');
		assert.equal(keep(['init', '--db', db]).status, 0);
		const actions = JSON.parse(keep(['export', 'actions', '--db', db, '--format', 'json']).stdout);
		assert.equal(actions.length, ACTIONS);
		const orgs = JSON.parse(keep(['export', 'organisations', '--db', db, '--format', 'json']).stdout);
		assert.equal(orgs.length, 0);
	});

	test('--demo adds the demo organisations', () => {
		const db = demoDb();
		const r = keep(['export', 'organisations', '--db', db, '--format', 'json']);
		assert.equal(r.status, 0, r.stderr);
		const orgs = JSON.parse(r.stdout);
		assert.equal(orgs.length, ORGANISATIONS);
		const names = orgs.map((o) => o.name);
		assert.ok(names.includes('Scottish Government'), `no Scottish Government in ${names.join(', ')}`);
	});

	test('uses $KEEP_DB when there is no --db', () => {
		const dir = tempDir();
		const r = keep(['init'], { env: { KEEP_DB: path.join(dir, 'env.db') } });
		assert.equal(r.status, 0, r.stderr);
		assert.ok(statSync(path.join(dir, 'env.db')).size > 0);
	});
});

describe('keep export', () => {
	const db = demoDb();

	test('actions as CSV: a header row and one row per action of data/plan.json', () => {
		const r = keep(['export', 'actions', '--db', db, '--format', 'csv']);
		assert.equal(r.status, 0, r.stderr);
		const rows = parseCsv(r.stdout);
		assert.ok(rows.length > 0, 'no output');
		const header = rows[0];
		// The API's shape: an action's id is its slug.
		assert.ok(header.includes('id') && header.includes('title'), `header: ${header.join(',')}`);
		assert.equal(rows.length - 1, ACTIONS, `expected ${ACTIONS} actions`);
		for (const row of rows) assert.equal(row.length, header.length, `row ${row.join(',')} has the wrong width`);
		const slugs = rows.slice(1).map((row) => row[header.indexOf('id')]);
		assert.ok(slugs.includes('planning'), `no 'planning' action among ${slugs.join(', ')}`);
	});

	test('an empty table still gets its header row', () => {
		const db = path.join(tempDir(), 'plain.db');
		assert.equal(keep(['init', '--db', db]).status, 0);
		const r = keep(['export', 'commitments', '--db', db]);
		assert.equal(r.status, 0, r.stderr);
		assert.equal(r.stdout, 'id,organisation,action,text,due,due_text,status,source,created,updated\r\n');
		assert.equal(keep(['export', 'commitments', '--db', db, '--format', 'json']).stdout, '[]\n');
	});

	test('CSV is the default format', () => {
		assert.equal(keep(['export', 'actions', '--db', db]).stdout, keep(['export', 'actions', '--db', db, '--format', 'csv']).stdout);
	});

	test('actions as JSON: an array with one object per action', () => {
		const r = keep(['export', 'actions', '--db', db, '--format', 'json']);
		assert.equal(r.status, 0, r.stderr);
		const rows = JSON.parse(r.stdout);
		assert.ok(Array.isArray(rows));
		assert.equal(rows.length, ACTIONS);
		const planning = rows.find((a) => a.id === 'planning');
		assert.ok(planning, 'no planning action');
		assert.equal(planning.title, 'Planning');
	});

	test('an unknown table exits 2 naming it and the tables there are', () => {
		const r = keep(['export', 'nosuchtable', '--db', db]);
		assert.equal(r.status, 2);
		assert.match(r.stderr, /'nosuchtable'/);
		for (const t of ['actions', 'organisations', 'commitments', 'foundations', 'plans']) {
			assert.match(r.stderr, new RegExp(`\\b${t}\\b`), `the message should name the table ${t}`);
		}
		assert.equal(r.stdout, '');
	});

	test('a database that does not exist is a failure (exit 1) and is not created', () => {
		const missing = path.join(tempDir(), 'missing.db');
		const r = keep(['export', 'actions', '--db', missing]);
		assert.equal(r.status, 1);
		assert.match(r.stderr, /does not exist/);
		assert.throws(() => statSync(missing));
	});
});

describe('files that are not keep databases are refused and left alone', () => {
	const dir = tempDir();

	const text = path.join(dir, 'notes.txt');
	writeFileSync(text, 'This is not a database.\n'.repeat(10));

	const foreign = path.join(dir, 'other.sqlite');
	// An SQLite file another program made (application_id 0, a table of its own).
	const makeForeign = () =>
		sqlite(foreign, "CREATE TABLE IF NOT EXISTS recipes(name TEXT); INSERT INTO recipes SELECT 'soup' WHERE NOT EXISTS (SELECT 1 FROM recipes);");

	const cases = [
		{ name: 'a text file', file: text, make: () => {}, says: /not a keep database \(it is not an SQLite file\)/ },
		{
			name: 'an SQLite file made by another program',
			file: foreign,
			make: makeForeign,
			says: /not a keep database \(it is an SQLite file made by another program\)/,
		},
	];

	for (const c of cases) {
		for (const args of [['export', 'actions'], ['serve', '--listen', '127.0.0.1:1']]) {
			test(`keep ${args[0]} --db <${c.name}> exits 1 with a clear message`, () => {
				c.make();
				const before = snapshot(c.file);
				// serve must refuse before it listens (port 1 would fail later anyway,
				// with another message); the timeout catches one that serves regardless.
				const r = keep([...args, '--db', c.file], { timeout: 15000 });
				assert.equal(r.status, 1, r.stderr);
				assert.match(r.stderr, c.says);
				assert.ok(r.stderr.includes(c.file), `the message should name the file:\n${r.stderr}`);
				assert.equal(r.stdout, '');
				assertUnchanged(c.file, before);
			});
		}
	}

	// A database this user may read but not write: keep serve would start and then
	// answer every write, signing in included, with a 500. It must say so at start.
	// As root every file is writable, so the server then runs as nobody.
	test('keep serve refuses, before it listens, a database file or folder it cannot write', () => {
		const asUser = (args) => {
			const cmd = process.getuid() === 0 ? ['setpriv', '--reuid=65534', '--regid=65534', '--clear-groups', KEEP_BIN] : [KEEP_BIN];
			const r = spawnSync(cmd[0], [...cmd.slice(1), ...args], { encoding: 'utf8', timeout: 15000 });
			assert.equal(r.error, undefined, String(r.error));
			assertNoSanitizerReport(r.stderr);
			return r;
		};
		for (const [name, fileMode, dirMode, says] of [
			['a read-only file', 0o444, 0o777, /keep\.db cannot be written by this user[^\n]*signing in and every change write to it/],
			['a read-only folder', 0o666, 0o555, /the folder [^\n]* which holds [^\n]*keep\.db, cannot be written by this user/],
		]) {
			const db = demoDb();
			const dir = path.dirname(db);
			chmodSync(db, fileMode);
			chmodSync(dir, dirMode);
			try {
				const r = asUser(['serve', '--db', db, '--listen', '127.0.0.1:1']);
				assert.equal(r.status, 1, `${name}: ${r.stderr}`);
				assert.match(r.stderr, says, name);
				assert.doesNotMatch(r.stderr, /not a keep database|serving/, name);
			} finally {
				chmodSync(dir, 0o700);
			}
		}
	});

	test('a database from a newer keep is refused and left alone', () => {
		const db = demoDb('newer.db');
		sqlite(db, 'PRAGMA user_version = 999;');
		const before = snapshot(db);
		for (const args of [['export', 'actions'], ['serve', '--listen', '127.0.0.1:1']]) {
			const r = keep([...args, '--db', db], { timeout: 15000 });
			assert.equal(r.status, 1, `keep ${args[0]}: ${r.stderr}`);
			assert.match(r.stderr, /comes from a newer version of keep/);
			assert.match(r.stderr, /999/);
			assertUnchanged(db, before);
		}
	});
});
