// keep import records DIR|FILE... --council CODE --year YYYY (issue 5, "Data in" and
// "Privacy"; docs/data-spec.md): through the command line, as a council's data team uses
// it. keep init makes the key file (32 bytes, mode 0600); an import writes every file's
// rows under one import and one audit record of counts; importing the same council and
// year again replaces it, another year stays; a bad directory, a misnamed file or a
// missing key writes nothing; and neither the database file nor the audit log holds a
// raw child id, a full date of birth or a full postcode. Child ids here use letters that
// hex never does, so a hash cannot hold one by chance.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { closeSync, existsSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, statSync, unlinkSync, writeFileSync, writeSync } from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';

import { assertNoSanitizerReport, keep, KEEP_BIN, ROOT, sleep, tempDir } from './helpers.mjs';

const ENV = { KEEP_TODAY: '2026-01-15' };
const COUNCIL = 'S12000036';

const FILES = {
	'children.csv': [
		'child,council,date_of_birth,sex,ethnic_group,disability',
		'KID-QX-1001,S12000036,2010-03-15,female,white_scottish,no',
		'KID-QX-1002,S12000036,2012-07-01,male,mixed,not_known',
		'KID-QX-1003,S12000036,2008-01-20,other,asian,yes',
	],
	'episodes.csv': [
		'child,start,end,end_reason',
		'KID-QX-1001,2020-01-01,2021-06-30,home',
		'KID-QX-1001,2022-01-01,,',
		'KID-QX-1002,2019-05-05,,',
		'KID-QX-1003,2018-02-02,2023-12-31,continuing_care',
	],
	'placements.csv': [
		'child,start,end,type,provider,council,outside_scotland,location',
		'KID-QX-1001,2020-01-01,2020-06-01,foster_council,P1,S12000036,no,EH4 1AB',
		'KID-QX-1001,2020-06-01,2021-06-30,kinship,,S12000036,no,EH4',
		'KID-QX-1001,2022-01-01,,residential_council_home,"Home, ""Oak""",S12000036,no,NT 24567 73456',
		'KID-QX-1002,2019-05-05,,foster_purchased,P2,,yes,',
		'KID-QX-1003,2018-02-02,2023-12-31,secure,,S12000033,no,AB10 1XG',
	],
	'siblings.csv': ['child,sibling,relationship', 'KID-QX-1001,KID-QX-1002,half', 'KID-QX-1002,KID-QX-1001,half'],
	'restraints.csv': ['child,date,setting', 'KID-QX-1001,2023-03-03,residential'],
};
const RAW_IDS = ['KID-QX-1001', 'KID-QX-1002', 'KID-QX-1003', 'KID-QX-1004'];
const BIRTHS = ['2010-03-15', '2012-07-01', '2008-01-20', '2013-09-09'];
const TABLES = [
	'records_import',
	'care_child',
	'care_episode',
	'care_placement',
	'care_legal',
	'care_sibling',
	'care_school_change',
	'care_adoption_breakdown',
	'care_restraint',
	'audit',
];

function writeDir(dir, files) {
	mkdirSync(dir, { recursive: true });
	for (const [name, lines] of Object.entries(files)) writeFileSync(path.join(dir, name), lines.join('\n') + '\n');
	return dir;
}

function sqlite(db, sql) {
	const r = spawnSync('sqlite3', [db, sql], { encoding: 'utf8' });
	if (r.error) throw new Error(`sqlite3: ${r.error.message} (scripts/setup test installs it)`);
	assert.equal(r.status, 0, `sqlite3 ${db} "${sql}": ${r.stderr}`);
	return r.stdout.trim();
}

// Every care table's row count and the audit log's, as one string.
function counts(db) {
	return TABLES.map((t) => `${t}=${sqlite(db, `SELECT count(*) FROM ${t}`)}`).join(' ');
}

function newDb() {
	const dir = tempDir();
	const db = path.join(dir, 'keep.db');
	const r = keep(['init', '--db', db], { env: ENV });
	assert.equal(r.status, 0, r.stderr);
	assert.equal(
		r.stdout,
		`Created ${db} with the Plan (Plan 21-24: 15 actions; Plan 24-30: 24 route maps).\n` +
			`Created ${db}.key, the key that pseudonymises child ids in care records: keep it with the database, and private.\n`,
	);
	return { dir, db };
}

function importRecords(db, args) {
	return keep(['import', 'records', ...args, '--db', db], { env: ENV });
}

// Asserts that no byte sequence of the database's files (and the audit log as keep
// prints it) holds any of the strings.
function assertNowhere(db, strings) {
	const audit = keep(['audit', '--db', db, '--format', 'json']);
	assert.equal(audit.status, 0, audit.stderr);
	for (const file of [db, `${db}-wal`]) {
		if (!existsSync(file)) continue;
		const bytes = readFileSync(file);
		for (const s of strings) assert.equal(bytes.indexOf(Buffer.from(s)), -1, `${file} holds '${s}'`);
	}
	for (const s of strings) assert.equal(audit.stdout.includes(s), false, `the audit log holds '${s}'`);
}

describe('keep import records', () => {
	test('keep init makes the key file: 32 bytes, readable by its owner only', () => {
		const { db } = newDb();
		const st = statSync(`${db}.key`);
		assert.equal(st.size, 32);
		assert.equal(st.mode & 0o777, 0o600);
	});

	test('a directory imports whole, pseudonymised, with one audit record of counts', () => {
		const { dir, db } = newDb();
		const data = writeDir(path.join(dir, 'records'), FILES);
		const r = importRecords(db, [data, '--council', COUNCIL, '--year', '2025']);
		assert.equal(r.status, 0, r.stderr);
		assert.equal(r.stderr, '');
		const lines = r.stdout.split('\n');
		assert.equal(
			lines[0],
			'Imported the care records of S12000036 for the year to 31 July 2025: 3 children, 4 episodes, 5 placements, 1 sibling pair, 1 restraint.',
		);
		assert.match(lines[1], /^14 rows in \d+\.\d\d s \(\d+ rows\/s\)\.$/);
		assert.equal(
			counts(db),
			'records_import=1 care_child=3 care_episode=4 care_placement=5 care_legal=0 care_sibling=1 care_school_change=0 care_adoption_breakdown=0 care_restraint=1 audit=1',
		);
		// Files not given are "not collected": no count.
		assert.equal(
			sqlite(db, 'SELECT council, year, children, episodes, placements, legal IS NULL, siblings, restraints FROM records_import'),
			'S12000036|2025|3|4|5|1|1|1',
		);
		// Month of birth, postcode district, 1 km grid square.
		assert.equal(sqlite(db, 'SELECT group_concat(birth_month) FROM (SELECT birth_month FROM care_child ORDER BY child)'), '2010-03,2012-07,2008-01');
		assert.equal(sqlite(db, "SELECT group_concat(coalesce(location, '-')) FROM (SELECT location FROM care_placement ORDER BY child, seq)"), 'EH4,EH4,NT2473,-,AB10');
		// The hash is HMAC-SHA-256(key, council ":" id).
		const key = readFileSync(`${db}.key`);
		const want = RAW_IDS.slice(0, 3).map((id) => createHmac('sha256', key).update(`${COUNCIL}:${id}`).digest('hex'));
		assert.equal(sqlite(db, 'SELECT group_concat(hash) FROM (SELECT hash FROM care_child ORDER BY child)'), want.join(','));
		// The audit record: counts only.
		const audit = JSON.parse(keep(['audit', '--db', db, '--format', 'json']).stdout);
		assert.equal(audit.length, 1);
		assert.equal(audit[0].entity, 'records-import');
		assert.equal(audit[0].entity_id, 'S12000036/2025');
		assert.equal(audit[0].verb, 'create');
		assert.deepEqual(audit[0].after, {
			council: 'S12000036',
			year: 2025,
			files: { 'children.csv': 3, 'episodes.csv': 4, 'placements.csv': 5, 'siblings.csv': 1, 'restraints.csv': 1 },
		});
		assertNowhere(db, [...RAW_IDS, ...BIRTHS, 'EH4 1AB', 'AB10 1XG', 'NT 24567']);
		for (const s of RAW_IDS) assert.equal(r.stdout.includes(s), false);
	});

	test('importing the same council and year again replaces the import; another year stays', () => {
		const { dir, db } = newDb();
		const data = writeDir(path.join(dir, 'records'), FILES);
		assert.equal(importRecords(db, [data, '--council', COUNCIL, '--year', '2025']).status, 0);
		const more = { ...FILES, 'children.csv': [...FILES['children.csv'], 'KID-QX-1004,S12000036,2013-09-09,male,mixed,no'] };
		writeDir(data, more);
		const r = importRecords(db, [data, '--council', COUNCIL, '--year', '2025']);
		assert.equal(r.status, 0, r.stderr);
		assert.equal(r.stdout.split('\n')[1], 'This replaces the earlier import of S12000036 for 2025.');
		assert.equal(sqlite(db, 'SELECT count(*), sum(children) FROM records_import'), '1|4');
		assert.equal(sqlite(db, 'SELECT count(*) FROM care_child'), '4');
		assert.equal(sqlite(db, 'SELECT count(*) FROM care_placement'), '5');
		const audit = JSON.parse(keep(['audit', '--db', db, '--format', 'json']).stdout);
		assert.deepEqual(
			audit.map((a) => a.verb),
			['create', 'update'],
		);
		assert.equal(audit[1].before.files['children.csv'], 3);
		assert.equal(audit[1].after.files['children.csv'], 4);

		// The files named one by one; another year is another import.
		const named = ['children.csv', 'episodes.csv', 'placements.csv'].map((f) => path.join(data, f));
		const y = importRecords(db, [...named, '--council', COUNCIL, '--year', '2024']);
		assert.equal(y.status, 0, y.stderr);
		assert.equal(
			y.stdout.split('\n')[0],
			'Imported the care records of S12000036 for the year to 31 July 2024: 4 children, 4 episodes, 5 placements.',
		);
		assert.equal(sqlite(db, 'SELECT group_concat(year) FROM (SELECT year FROM records_import ORDER BY year)'), '2024,2025');
		assert.equal(sqlite(db, 'SELECT count(*) FROM care_child'), '8');
		assertNowhere(db, [...RAW_IDS, ...BIRTHS]);
	});

	test('a bad directory writes nothing, and says where every problem is', () => {
		const { dir, db } = newDb();
		const good = writeDir(path.join(dir, 'good'), FILES);
		assert.equal(importRecords(db, [good, '--council', COUNCIL, '--year', '2025']).status, 0);
		const before = counts(db);
		const bad = writeDir(path.join(dir, 'bad'), {
			...FILES,
			'episodes.csv': [...FILES['episodes.csv'], 'KID-QX-9999,2020-01-01,,', 'KID-QX-1002,2020-01-01,2019-01-01,home'],
			'sibling.csv': ['child,sibling,relationship'],
		});
		const r = importRecords(db, [bad, '--council', COUNCIL, '--year', '2025']);
		assert.equal(r.status, 1);
		assert.equal(r.stdout, '');
		assert.equal(
			r.stderr,
			`${bad}/sibling.csv: not a file of keep's care records; their names are children.csv, episodes.csv, placements.csv, legal.csv, siblings.csv, school_changes.csv, adoption_breakdowns.csv and restraints.csv (docs/data-spec.md)\n` +
				`${bad}/episodes.csv:6:1: this child is not in children.csv\n` +
				`${bad}/episodes.csv:7:24: the end, 2019-01-01, is before the start, 2020-01-01\n` +
				'keep import: 3 problems in the records: nothing was imported\n',
		);
		assert.equal(counts(db), before);
		assert.equal(r.stderr.includes('KID-QX-9999'), false);
	});

	test('a file in the wrong encoding, or a directory without the required files, writes nothing', () => {
		const { dir, db } = newDb();
		const before = counts(db);
		const data = writeDir(path.join(dir, 'latin1'), FILES);
		writeFileSync(path.join(data, 'children.csv'), Buffer.concat([Buffer.from('child,council,date_of_birth,sex,ethnic_group,disability\nKID-QX-1001,S12000036,2010-03-15,female,white_scottish,no\nMair\xe9'.replace('\xe9', ''), 'utf8'), Buffer.from([0xe9]), Buffer.from('\n')]));
		let r = importRecords(db, [data, '--council', COUNCIL, '--year', '2025']);
		assert.equal(r.status, 1);
		assert.equal(
			r.stderr,
			`${data}/children.csv:3:5: the text is not UTF-8 (save the file as UTF-8 CSV)\n` +
				'keep import: 1 problem in the records: nothing was imported\n',
		);
		const empty = path.join(dir, 'empty');
		mkdirSync(empty);
		r = importRecords(db, [empty, '--council', COUNCIL, '--year', '2025']);
		assert.equal(r.status, 1);
		assert.equal(
			r.stderr,
			['children', 'episodes', 'placements']
				.map((f) => `${empty}/${f}.csv: the file is missing; every import needs children.csv, episodes.csv and placements.csv\n`)
				.join('') + 'keep import: 3 problems in the records: nothing was imported\n',
		);
		assert.equal(counts(db), before);
	});

	test('a directory or file that is not there is named as missing, and nothing is written', () => {
		const { dir, db } = newDb();
		const before = counts(db);
		const gone = path.join(dir, 'no-such-directory');
		const r = importRecords(db, [gone, '--council', COUNCIL, '--year', '2025']);
		assert.equal(r.status, 1);
		assert.equal(r.stderr.split('\n')[0], `${gone}: No such file or directory`);
		const data = writeDir(path.join(dir, 'records'), FILES);
		const typo = path.join(data, 'children.cvs');
		const f = importRecords(db, [typo, path.join(data, 'episodes.csv'), path.join(data, 'placements.csv'), '--council', COUNCIL, '--year', '2025']);
		assert.equal(f.status, 1);
		assert.equal(f.stderr.split('\n')[0], `${typo}: No such file or directory`);
		// A directory where a file is named: said so, and what to do.
		const folder = path.join(dir, 'children.csv');
		mkdirSync(folder);
		const d = importRecords(db, [folder, path.join(data, 'episodes.csv'), path.join(data, 'placements.csv'), '--council', COUNCIL, '--year', '2025']);
		assert.equal(d.status, 1);
		assert.equal(d.stderr, `keep import: ${folder}: a directory, not a file: name the file itself\n`);
		assert.equal(counts(db), before);
	});

	test('a gigabyte of garbage as placements.csv: one message naming where, nothing written', () => {
		const { dir, db } = newDb();
		const before = counts(db);
		const data = writeDir(path.join(dir, 'garbage'), FILES);
		const file = path.join(data, 'placements.csv');
		// 1 GiB of bytes from a fixed generator (the same garbage every run), written 64 MiB
		// at a time.
		const chunk = Buffer.alloc(64 << 20);
		let x = 0x9e3779b9;
		for (let i = 0; i < chunk.length; i++) {
			x ^= x << 13;
			x ^= x >>> 17;
			x ^= x << 5;
			chunk[i] = x & 0xff;
		}
		const fd = openSync(file, 'w');
		for (let i = 0; i < 16; i++) writeSync(fd, chunk);
		closeSync(fd);
		assert.equal(statSync(file).size, 1 << 30);
		try {
			const r = importRecords(db, [data, '--council', COUNCIL, '--year', '2025']);
			assert.equal(r.status, 1);
			const lines = r.stderr.trimEnd().split('\n');
			assert.equal(lines.length, 2, r.stderr.slice(0, 2000));
			assert.match(lines[0], new RegExp(`^${data}/placements\\.csv:1:\\d+: the text is not UTF-8 \\(save the file as UTF-8 CSV\\)$`));
			assert.equal(lines[1], 'keep import: 1 problem in the records: nothing was imported');
			assert.equal(counts(db), before);
		} finally {
			unlinkSync(file);
		}
	});

	test('a database with no care records yet gets its key at the first import; one with records never a new key', () => {
		// A database made before keep kept care records has no key file: the first import
		// makes it, and says so.
		const { dir, db } = newDb();
		const data = writeDir(path.join(dir, 'records'), FILES);
		unlinkSync(`${db}.key`);
		let r = importRecords(db, [data, '--council', COUNCIL, '--year', '2025']);
		assert.equal(r.status, 0, r.stderr);
		assert.equal(
			r.stdout.split('\n')[0],
			`Created ${db}.key, the key that pseudonymises child ids in care records: keep it with the database, and private.`,
		);
		assert.match(r.stdout.split('\n')[1], /^Imported the care records of S12000036/);
		assert.equal(statSync(`${db}.key`).size, 32);
		assert.equal(statSync(`${db}.key`).mode & 0o777, 0o600);
		// Once it holds care records, a lost key is an error: a new one would not match.
		renameSync(`${db}.key`, `${db}.key.away`);
		const before = counts(db);
		r = importRecords(db, [data, '--council', COUNCIL, '--year', '2024']);
		assert.equal(r.status, 1);
		assert.equal(
			r.stderr,
			`keep import: ${db}.key: the records key file is missing, and the database holds care records pseudonymised with it: restore the key from the database's backup (a new key would not match them)\n`,
		);
		assert.equal(existsSync(`${db}.key`), false);
		writeFileSync(`${db}.key`, 'short');
		r = importRecords(db, [data, '--council', COUNCIL, '--year', '2025']);
		assert.equal(r.status, 1);
		assert.equal(r.stderr, `keep import: ${db}.key: the records key file must hold exactly 32 bytes; it holds 5\n`);
		assert.equal(counts(db), before);
	});

	test('usage errors: exit 2, nothing written', () => {
		const { dir, db } = newDb();
		const data = writeDir(path.join(dir, 'records'), FILES);
		const before = counts(db);
		const cases = [
			[[data, '--year', '2025'], '--council is needed: the GSS code of the council whose records these are'],
			[[data, '--council', COUNCIL], '--year is needed: the return year, which ends on 31 July of that year'],
			[[data, '--council', COUNCIL, '--year', '25'], "--year '25' is not a year from 1901 to 2027"],
			[[data, '--council', 'S12000099', '--year', '2025'], "'S12000099' is not a council area's code (data/council-areas.csv lists them)"],
			[['--council', COUNCIL, '--year', '2025'], 'expected a directory or the files: keep import records DIR --council CODE --year YYYY'],
		];
		for (const [args, message] of cases) {
			const r = importRecords(db, args);
			assert.equal(r.status, 2, `${args.join(' ')}: ${r.stderr}`);
			assert.equal(r.stderr.split('\n')[0], `keep import: ${message}`);
		}
		const other = keep(['import', 'commitments', path.join(data, 'children.csv'), '--council', COUNCIL, '--db', db]);
		assert.equal(other.status, 2);
		assert.equal(other.stderr.split('\n')[0], 'keep import: --council and --year are for keep import records');
		assert.equal(counts(db), before);
	});

	const hasScript = spawnSync('script', ['--version'], { encoding: 'utf8' }).status === 0;
	test('on a terminal, progress shows checking and writing, and is wiped before the result', { skip: !hasScript && 'no script(1)' }, () => {
		const { dir, db } = newDb();
		writeDir(path.join(dir, 'records'), FILES);
		// script(1) runs keep on a pseudo-terminal; what keep writes comes back on stdout.
		const cmd = `KEEP_TODAY=2026-01-15 '${KEEP_BIN}' import records records --council ${COUNCIL} --year 2025 --db '${db}'`;
		const r = spawnSync('script', ['-qec', cmd, '/dev/null'], { cwd: dir, encoding: 'utf8', timeout: 60000 });
		assertNoSanitizerReport(r.stdout, cmd);
		assert.equal(r.status, 0, r.stdout + r.stderr);
		assert.match(r.stdout, /^\rrecords checking: 100%\rrecords writing: 100%\r\x1b\[KImported the care records of S12000036 for the year to 31 July 2025: 3 children,/);
	});

	test('SIGKILL in the middle of a large import: integrity_check ok, none of it in the database', async (t) => {
		const { dir, db } = newDb();
		const wal = `${db}-wal`;
		const data = path.join(dir, 'big');
		const gen = spawnSync(process.execPath, [path.join(ROOT, 'bench', 'records', 'gen.mjs'), data, '60000'], { encoding: 'utf8' });
		assert.equal(gen.status, 0, gen.stderr);
		const before = counts(db);
		const size = () => (existsSync(wal) ? statSync(wal).size : 0);
		const walBefore = size();
		const proc = spawn(KEEP_BIN, ['import', 'records', data, '--council', COUNCIL, '--year', '2025', '--db', db], {
			env: { ...process.env, ...ENV },
			stdio: ['ignore', 'pipe', 'pipe'],
		});
		let out = '';
		let err = '';
		proc.stdout.on('data', (c) => (out += c));
		proc.stderr.on('data', (c) => (err += c));
		let exited = null;
		const closed = new Promise((resolve) => proc.on('close', (code, signal) => resolve((exited = { code, signal }))));
		// Only the writing pass writes to the WAL (checking only reads): kill it there.
		const started = Date.now();
		while (exited === null && size() - walBefore < 4 * 1024 * 1024) {
			if (Date.now() - started > 120000) break;
			await sleep(5);
		}
		assert.equal(exited, null, `the import ended before it could be killed in its writing pass (make the data larger)\n${out}${err}`);
		assert.ok(proc.kill('SIGKILL'));
		const end = await closed;
		assert.equal(end.signal, 'SIGKILL');
		assertNoSanitizerReport(err, 'keep import records');
		assert.equal(out, '');
		t.diagnostic(`killed after ${Date.now() - started} ms with ${size() - walBefore} bytes in the WAL`);
		assert.equal(sqlite(db, 'PRAGMA integrity_check'), 'ok');
		assert.equal(counts(db), before);
		// And the database takes the next import.
		const small = writeDir(path.join(dir, 'small'), FILES);
		assert.equal(importRecords(db, [small, '--council', COUNCIL, '--year', '2025']).status, 0);
	});

	test("keep synth's records import as they are, every council's, with every row counted", () => {
		const { dir, db } = newDb();
		const out = path.join(dir, 'synth');
		const g = keep(['synth', '--children', '3000', '--councils', '2', '--seed', '5', '--out', out], { env: ENV });
		assert.equal(g.status, 0, g.stderr);
		for (const council of readdirSync(out).sort()) {
			const r = importRecords(db, [path.join(out, council), '--council', council, '--year', '2025']);
			assert.equal(r.status, 0, r.stderr.split('\n').slice(0, 5).join('\n'));
			const rows = (f) => readFileSync(path.join(out, council, f), 'utf8').trimEnd().split('\n').length - 1;
			assert.equal(
				sqlite(db, `SELECT children || ' ' || episodes || ' ' || placements FROM records_import WHERE council = '${council}'`),
				`${rows('children.csv')} ${rows('episodes.csv')} ${rows('placements.csv')}`,
			);
		}
		assert.equal(sqlite(db, 'SELECT count(*) FROM records_import'), '2');
	});
});
