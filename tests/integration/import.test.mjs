// keep import commitments FILE.csv (issue 3, section 4 and "Reliability"): what keep
// export writes imports back unchanged; new rows arrive with exactly the values given
// (an empty field is null) and are audited; importing the same file again changes
// nothing; a changed field changes that row only and the audit says so; every problem
// in a bad file is reported as FILE:LINE:COLUMN (up to 100, then how many more) and
// then nothing at all is written; usage errors exit 2; progress only on a terminal;
// and SIGKILL in the middle of a large import leaves the database intact without any
// of it.
//
// "Nothing is written" is checked each time as the whole commitments table exported as
// CSV and as JSON, and the whole audit log as JSON, byte for byte before and after.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';

import { assertNoSanitizerReport, demoDb, keep, KEEP_BIN, request, ROOT, sleep, startServer, tempDir } from './helpers.mjs';

const demo = JSON.parse(readFileSync(path.join(ROOT, 'data', 'demo.json'), 'utf8'));
const DEMO_COMMITMENTS = demo.commitments.length;

const HEADER = 'id,organisation,action,text,due,due_text,status,source';
const FIELDS = HEADER.split(',');
const ISO_SECOND = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/;

// ---------------------------------------------------------------- helpers

function exportOf(db, format) {
	const r = keep(['export', 'commitments', '--db', db, '--format', format]);
	assert.equal(r.status, 0, `keep export commitments --format ${format}: ${r.stderr}`);
	assert.equal(r.stderr, '');
	return r.stdout;
}

function auditOf(db, args = []) {
	const r = keep(['audit', '--db', db, '--format', 'json', ...args]);
	assert.equal(r.status, 0, `keep audit: ${r.stderr}`);
	assert.equal(r.stderr, '');
	return r.stdout;
}

// What an import may change, as keep prints it.
function state(db) {
	return { csv: exportOf(db, 'csv'), json: exportOf(db, 'json'), audit: auditOf(db) };
}

// Asserts that db's state is still `before`, saying briefly what differs if it is not
// (the whole state is too long to read in a diff).
function assertUnchanged(db, before, what) {
	const now = state(db);
	for (const part of ['csv', 'json', 'audit']) {
		if (now[part] === before[part]) continue;
		const count = (s) => (part === 'csv' ? s.split('\n').length : JSON.parse(s).length);
		assert.fail(
			`${what}: the database changed: the ${part === 'audit' ? 'audit log' : `${part} export`} differs ` +
				`(${count(before[part])} ${part === 'csv' ? 'lines' : 'records'} before, ${count(now[part])} after)`,
		);
	}
}

function rowsOf(db) {
	return JSON.parse(exportOf(db, 'json'));
}

function byId(rows) {
	return Object.fromEntries(rows.map((r) => [r.id, r]));
}

// Writes content (a string or a Buffer) to dir/name, unless undefined, and imports it
// by that relative name, so that keep's messages start with exactly "name:".
function importFile(db, dir, name, content) {
	if (content !== undefined) writeFileSync(path.join(dir, name), content);
	return keep(['import', 'commitments', name, '--db', db], { cwd: dir });
}

function importedLine(name, rows, created, changed, unchanged) {
	return `Imported ${name}: ${rows} row${rows === 1 ? '' : 's'}; ${created} new, ${changed} changed, ${unchanged} unchanged.\n`;
}

// The stderr of an import that found problems: one line each, then keep's summary.
function problemsText(name, lines, count = lines.length) {
	const summary = `keep import: ${name}: ${count} problem${count === 1 ? '' : 's'}; nothing was imported\n`;
	return lines.map((l) => `${name}:${l}\n`).join('') + summary;
}

// A commitment as keep export --format json gives it, from the values of a row of
// HEADER ('' = null), created and updated aside.
function expected(values) {
	assert.equal(values.length, FIELDS.length);
	return Object.fromEntries(FIELDS.map((f, i) => [f, values[i] === '' ? null : values[i]]));
}

function withoutTimes(row) {
	const { created, updated, ...rest } = row;
	assert.match(created, ISO_SECOND);
	assert.match(updated, ISO_SECOND);
	return rest;
}

function sqlite(db, sql) {
	const r = spawnSync('sqlite3', [db, sql], { encoding: 'utf8' });
	if (r.error) throw new Error(`sqlite3: ${r.error.message} (scripts/setup test installs it)`);
	assert.equal(r.status, 0, `sqlite3 ${db} "${sql}": ${r.stderr}`);
	return r.stdout.trim();
}

function sizeOf(file) {
	return existsSync(file) ? statSync(file).size : 0;
}

// N generated rows of commitments for cosla, ids c-000001 up, each text about 60
// characters: "id,organisation,text" and one line per row.
function generated(n) {
	const lines = ['id,organisation,text'];
	for (let i = 1; i <= n; i++) {
		const id = String(i).padStart(6, '0');
		lines.push(`c-${id},cosla,Commitment ${id}: a line of generated text about sixty chars`);
	}
	return lines.join('\n') + '\n';
}

// The three rows of a new file, as values of HEADER.
const NEW_ROWS = [
	['t-one', 'cosla', 'planning', 'Agree a shared plan, with every council', '2025-03-31', 'by March 2025', 'under_way', 'import test'],
	['t-two', 'scottish-government', '', 'Publish the guidance', '', '', '', ''],
	['t-three', 'the-promise-scotland', 'data', 'Say "what" we will do\nover two lines', '2026-01-01', '', 'not_started', ''],
];
const NEW_CSV =
	`${HEADER}\n` +
	't-one,cosla,planning,"Agree a shared plan, with every council",2025-03-31,by March 2025,under_way,import test\n' +
	't-two,scottish-government,,Publish the guidance,,,,\n' +
	't-three,the-promise-scotland,data,"Say ""what"" we will do\nover two lines",2026-01-01,,not_started,\n';

// ---------------------------------------------------------------- a good import, in order

describe('importing into one database, step by step', () => {
	const db = demoDb();
	const dir = tempDir();
	let demoState;
	let afterNew;

	test(`keep export commitments imports back as ${DEMO_COMMITMENTS} unchanged rows, and nothing changes`, () => {
		demoState = state(db);
		assert.equal(JSON.parse(demoState.json).length, DEMO_COMMITMENTS);
		writeFileSync(path.join(dir, 'exported.csv'), demoState.csv);
		const r = importFile(db, dir, 'exported.csv');
		assert.equal(r.status, 0, r.stderr);
		assert.equal(r.stdout, importedLine('exported.csv', DEMO_COMMITMENTS, 0, 0, DEMO_COMMITMENTS));
		assert.equal(r.stderr, '');
		assertUnchanged(db, demoState, 'after the import');
		assert.equal(demoState.audit, '[]\n', 'a new demo database has no audit records');
	});

	test('a new file of 3 rows imports: the rows have exactly the values given, an empty field null', () => {
		const r = importFile(db, dir, 'new.csv', NEW_CSV);
		assert.equal(r.status, 0, r.stderr);
		assert.equal(r.stdout, importedLine('new.csv', 3, 3, 0, 0));
		assert.equal(r.stderr, '', 'no progress, nothing else, when stderr is not a terminal');
		afterNew = state(db);
		const rows = JSON.parse(afterNew.json);
		assert.equal(rows.length, DEMO_COMMITMENTS + 3);
		const got = byId(rows);
		for (const values of NEW_ROWS) {
			assert.ok(got[values[0]], `${values[0]} is not in the export`);
			assert.deepEqual(withoutTimes(got[values[0]]), expected(values));
		}
		// The demo's rows are as they were.
		const old = JSON.parse(demoState.json);
		assert.deepEqual(
			rows.filter((x) => !x.id.startsWith('t-')),
			old,
		);
	});

	test('each new row is audited: created by the command line, with the row as it was stored', () => {
		const audit = JSON.parse(afterNew.audit);
		assert.equal(audit.length, 3);
		const rows = byId(JSON.parse(afterNew.json));
		assert.deepEqual(
			audit.map((a) => [a.entity, a.entity_id, a.verb, a.before]),
			NEW_ROWS.map((v) => ['commitment', v[0], 'create', null]),
		);
		for (const a of audit) {
			assert.match(a.actor, /^command line/);
			assert.deepEqual(a.after, rows[a.entity_id]);
		}
	});

	test('importing the same file again changes nothing: same export bytes, same audit, same schema', () => {
		const schema = sqlite(db, 'SELECT group_concat(rowid || name) FROM sqlite_schema');
		const r = importFile(db, dir, 'new.csv');
		assert.equal(r.status, 0, r.stderr);
		assert.equal(r.stdout, importedLine('new.csv', 3, 0, 0, 3));
		assert.equal(r.stderr, '');
		assertUnchanged(db, afterNew, 'after the import');
		assert.equal(sqlite(db, 'SELECT group_concat(rowid || name) FROM sqlite_schema'), schema,
			'the search triggers the import suspends are not even re-made');
	});

	test("the whole table's export, new rows included, imports back unchanged", () => {
		writeFileSync(path.join(dir, 'all.csv'), afterNew.csv);
		const r = importFile(db, dir, 'all.csv');
		assert.equal(r.status, 0, r.stderr);
		assert.equal(r.stdout, importedLine('all.csv', DEMO_COMMITMENTS + 3, 0, 0, DEMO_COMMITMENTS + 3));
		assertUnchanged(db, afterNew, 'after the import');
	});

	test('changing one field updates only that row, and its audit says "status under_way → done"', () => {
		const changed = NEW_CSV.replace(',under_way,import test\n', ',done,import test\n');
		assert.notEqual(changed, NEW_CSV);
		const r = importFile(db, dir, 'changed.csv', changed);
		assert.equal(r.status, 0, r.stderr);
		assert.equal(r.stdout, importedLine('changed.csv', 3, 0, 1, 2));
		assert.equal(r.stderr, '');

		const before = byId(JSON.parse(afterNew.json));
		const rows = JSON.parse(exportOf(db, 'json'));
		assert.equal(rows.length, DEMO_COMMITMENTS + 3);
		for (const row of rows) {
			if (row.id === 't-one') {
				assert.deepEqual(withoutTimes(row), { ...withoutTimes(before['t-one']), status: 'done' });
				assert.equal(row.created, before['t-one'].created);
				assert.ok(row.updated >= before['t-one'].updated, `updated went back: ${row.updated}`);
			} else {
				assert.deepEqual(row, before[row.id], `${row.id} changed, but its row in the file did not`);
			}
		}

		const audit = JSON.parse(auditOf(db));
		assert.deepEqual(audit.slice(0, -1), JSON.parse(afterNew.audit), 'the earlier audit records are untouched');
		const last = audit.at(-1);
		assert.equal(last.entity, 'commitment');
		assert.equal(last.entity_id, 't-one');
		assert.equal(last.verb, 'update');
		assert.deepEqual(last.before, before['t-one']);
		assert.deepEqual(last.after, byId(rows)['t-one']);

		const t = keep(['audit', '--db', db, '--entity', 'commitment', '--id', 't-one']);
		assert.equal(t.status, 0, t.stderr);
		const lines = t.stdout.trimEnd().split('\n');
		assert.equal(lines.length, 2, t.stdout);
		assert.match(lines[0], /created commitment t-one$/);
		// updated changes too when the second turned meanwhile.
		assert.match(lines[1], /changed commitment t-one: status under_way → done(; updated \S+ → \S+)?$/);
	});

	test('emptying a field sets it to null', () => {
		const emptied = NEW_CSV.replace('2025-03-31,by March 2025,under_way,', '2025-03-31,,done,');
		assert.notEqual(emptied, NEW_CSV);
		const r = importFile(db, dir, 'emptied.csv', emptied);
		assert.equal(r.status, 0, r.stderr);
		assert.equal(r.stdout, importedLine('emptied.csv', 3, 0, 1, 2));
		const row = byId(rowsOf(db))['t-one'];
		assert.equal(row.due_text, null);
		assert.equal(row.due, '2025-03-31');
		assert.equal(row.status, 'done');
		const t = keep(['audit', '--db', db, '--entity', 'commitment', '--id', 't-one']);
		assert.match(t.stdout.trimEnd().split('\n').at(-1), /: due_text by March 2025 → none(; updated \S+ → \S+)?$/);
	});
});

// ---------------------------------------------------------------- files that import fine

describe('files as spreadsheets and editors write them', () => {
	const db = demoDb();
	const dir = tempDir();

	test('a byte-order mark and CRLF line ends, the last line without one, import fine', () => {
		const content =
			'\uFEFF' +
			`${HEADER}\r\n` +
			'crlf-one,cosla,planning,First,2025-01-31,,done,a source\r\n' +
			'crlf-two,cosla,,"Second, quoted",,,,last field\r\n' +
			'crlf-three,cosla,,Third,,,dropped,no line end';
		const r = importFile(db, dir, 'bom-crlf.csv', content);
		assert.equal(r.status, 0, r.stderr);
		assert.equal(r.stdout, importedLine('bom-crlf.csv', 3, 3, 0, 0));
		const got = byId(rowsOf(db));
		assert.deepEqual(withoutTimes(got['crlf-one']), expected(['crlf-one', 'cosla', 'planning', 'First', '2025-01-31', '', 'done', 'a source']));
		assert.deepEqual(withoutTimes(got['crlf-two']), expected(['crlf-two', 'cosla', '', 'Second, quoted', '', '', '', 'last field']));
		assert.deepEqual(withoutTimes(got['crlf-three']), expected(['crlf-three', 'cosla', '', 'Third', '', '', 'dropped', 'no line end']));
	});

	test('quoted fields keep commas, quotes, line breaks, spaces and any character exactly', () => {
		const texts = {
			'q-commas': 'one, two, and three,',
			'q-quotes': '"quoted" and a lone " in the middle',
			'q-lines': 'first line\nsecond line\n\nafter a blank line\n',
			'q-spaces': '  leading and trailing spaces  ',
			'q-unicode': 'Gàidhlig, £10 million, “curly quotes”, 子ども, 🧡',
			'q-csv-inside': 'a,"b",c\nd,e',
		};
		const quote = (s) => `"${s.replaceAll('"', '""')}"`;
		const content =
			'id,organisation,text,source\n' +
			Object.entries(texts)
				.map(([id, text]) => `${id},cosla,${quote(text)},${quote(`source of ${id}, quoted`)}\n`)
				.join('') +
			'q-empty-quoted,cosla,plain text,""\n';
		const r = importFile(db, dir, 'quoted.csv', content);
		assert.equal(r.status, 0, r.stderr);
		assert.equal(r.stdout, importedLine('quoted.csv', 7, 7, 0, 0));
		const got = byId(rowsOf(db));
		for (const [id, text] of Object.entries(texts)) {
			assert.equal(got[id].text, text, id);
			assert.equal(got[id].source, `source of ${id}, quoted`, id);
		}
		assert.equal(got['q-empty-quoted'].source, null, 'an empty quoted field is null too');
		// And keep's own export of them imports back unchanged.
		const before = state(db);
		writeFileSync(path.join(dir, 'quoted-export.csv'), before.csv);
		const again = importFile(db, dir, 'quoted-export.csv');
		assert.equal(again.status, 0, again.stderr);
		assert.match(again.stdout, / 0 new, 0 changed, \d+ unchanged\.\n$/);
		assertUnchanged(db, before, 'after the import');
	});

	test('a line break inside quotes in a CRLF file is stored as \\n', () => {
		const r = importFile(db, dir, 'crlf-inside.csv', 'id,organisation,text\r\nq-crlf,cosla,"one\r\ntwo"\r\n');
		assert.equal(r.status, 0, r.stderr);
		assert.equal(byId(rowsOf(db))['q-crlf'].text, 'one\ntwo');
	});

	test('columns in any order, optional ones left out; blank lines are skipped', () => {
		const r = importFile(db, dir, 'order.csv', 'text,organisation,id\n\nOrdered text,cosla,o-one\n\n\nMore,cosla,o-two\n');
		assert.equal(r.status, 0, r.stderr);
		assert.equal(r.stdout, importedLine('order.csv', 2, 2, 0, 0));
		const got = byId(rowsOf(db));
		assert.deepEqual(withoutTimes(got['o-one']), expected(['o-one', 'cosla', '', 'Ordered text', '', '', '', '']));
		assert.deepEqual(withoutTimes(got['o-two']), expected(['o-two', 'cosla', '', 'More', '', '', '', '']));
	});

	test('a last line ending in an empty field without a line end imports', () => {
		const r = importFile(db, dir, 'no-line-end.csv', `${HEADER}\ne-one,cosla,,Ends in an empty field,,,,`);
		assert.equal(r.status, 0, r.stderr);
		assert.equal(r.stdout, importedLine('no-line-end.csv', 1, 1, 0, 0));
		assert.deepEqual(withoutTimes(byId(rowsOf(db))['e-one']), expected(['e-one', 'cosla', '', 'Ends in an empty field', '', '', '', '']));
	});

	test('a text of a million characters, and a row just under 1 MiB, imports', () => {
		const text = 'x'.repeat(1000000);
		const r = importFile(db, dir, 'big-text.csv', `id,organisation,text\nbig-text,cosla,${text}\n`);
		assert.equal(r.status, 0, r.stderr);
		assert.equal(byId(rowsOf(db))['big-text'].text, text);
	});

	test('a file with only the header imports nothing and changes nothing', () => {
		const before = state(db);
		const r = importFile(db, dir, 'header-only.csv', `${HEADER}\n`);
		assert.equal(r.status, 0, r.stderr);
		assert.equal(r.stdout, importedLine('header-only.csv', 0, 0, 0, 0));
		assertUnchanged(db, before, 'after the import');
	});
});

// ---------------------------------------------------------------- bad files

const row = (...fields) => fields.join(',');
// A file of HEADER and these lines, each ended by \n.
const csv = (...lines) => [HEADER, ...lines].map((l) => `${l}\n`).join('');
// Text and bytes (arrays of numbers) as one Buffer.
const bytes = (...parts) => Buffer.concat(parts.map((p) => Buffer.from(p)));
const GOOD = row('g-ok', 'cosla', 'planning', 'A good row', '2025-06-30', 'by June 2025', 'under_way', 'src');

// [file name, content, problem lines ("LINE:COLUMN: what is wrong")]
const BAD = [
	['unknown-column.csv', 'id,organisation,text,colour\nx-1,cosla,Some text,red\n', [
		"1:22: unknown column 'colour': the columns are id, organisation, action, text, due, due_text, status, source",
	]],
	['column-twice.csv', 'id,organisation,text,text\nx-1,cosla,Some text,More\n', [
		"1:22: the column 'text' is there twice",
	]],
	['missing-column.csv', 'id,text\nx-1,Some text\n', [
		"1:1: the column 'organisation' is missing; it is required",
	]],
	['missing-columns.csv', 'organisation,due\ncosla,2025-01-01\n', [
		"1:1: the column 'id' is missing; it is required",
		"1:1: the column 'text' is missing; it is required",
	]],
	['empty.csv', '', ['1:1: the file is empty: it needs a header row (id,organisation,text,...)']],
	['only-bom.csv', '\uFEFF', ['1:1: the file is empty: it needs a header row (id,organisation,text,...)']],
	['bad-id.csv', csv('Bad_Id,cosla,,Some text,,,,', 'two--hyphens,cosla,,x,,,,', '-edge,cosla,,x,,,,'), [
		"2:1: id 'Bad_Id' is not an id: use lowercase letters, digits and single hyphens",
		"3:1: id 'two--hyphens' is not an id: use lowercase letters, digits and single hyphens",
		"4:1: id '-edge' is not an id: use lowercase letters, digits and single hyphens",
	]],
	['empty-id.csv', csv(',cosla,,Some text,,,,'), [
		'2:1: id is empty: every row needs one, so that importing again finds it',
	]],
	['duplicate-id.csv', csv('x-1,cosla,,a,,,,', 'x-2,cosla,,b,,,,', 'x-1,cosla,,c,,,,', 'x-1,cosla,,d,,,,'), [
		"4:1: id 'x-1' is already on line 2",
		"5:1: id 'x-1' is already on line 2",
	]],
	['unknown-organisation.csv', csv('x-1,nobody,,Some text,,,,'), [
		"2:5: there is no organisation 'nobody'",
	]],
	['empty-organisation.csv', csv('x-1,,,Some text,,,,'), [
		'2:5: organisation is empty',
	]],
	['unknown-action.csv', csv('x-1,cosla,nothing,Some text,,,,'), [
		"2:11: there is no action 'nothing'",
	]],
	['empty-text.csv', csv('x-1,cosla,,,,,,'), [
		'2:12: text is empty: say what will be done',
	]],
	['bad-due.csv', csv('x-1,cosla,,Some text,2025-02-30,,,', 'x-2,cosla,,Some text,31/03/2025,,,', 'x-3,cosla,,Some text,March 2025,,,'), [
		"2:22: due '2025-02-30' is not a date: write it as YYYY-MM-DD",
		"3:22: due '31/03/2025' is not a date: write it as YYYY-MM-DD",
		"4:22: due 'March 2025' is not a date: write it as YYYY-MM-DD",
	]],
	['bad-status.csv', csv('x-1,cosla,,Some text,,,finished,', 'x-2,cosla,,Some text,,,Done,'), [
		"2:24: status 'finished' is not one of not_started, under_way, done, dropped",
		"3:24: status 'Done' is not one of not_started, under_way, done, dropped",
	]],
	['columns-in-characters.csv', csv('x-1,cosla,,Café 🧡,,,finished,'), [
		// 'x-1,cosla,,Café 🧡,,,' is 20 characters (26 bytes)
		"2:21: status 'finished' is not one of not_started, under_way, done, dropped",
	]],
	['field-count.csv', csv('x-1,cosla,,Some text,,,', 'x-2,cosla,,Some text,,,,,extra', 'lonely'), [
		'2:1: expected 8 fields as in the header, found 7',
		'3:1: expected 8 fields as in the header, found 9',
		'4:1: expected 8 fields as in the header, found 1',
	]],
	['unclosed-quote.csv', csv(GOOD, 'x-1,cosla,,"Some text,,,,', 'x-2,cosla,,More,,,,'), [
		'3:12: a quoted field is never closed (a " is missing)',
	]],
	['quote-inside.csv', csv('x-1,cosla,,Some "text",,,,'), [
		'2:17: a quote inside a field that does not start with one (quote the whole field)',
	]],
	['after-quote.csv', csv('x-1,cosla,,"Some" text,,,,'), [
		'2:18: text after a closing quote (a quote inside a quoted field must be doubled)',
	]],
	['latin1.csv', bytes(`${HEADER}\nx-1,cosla,,Caf`, [0xe9], ' text,,,,\n'), [
		'2:15: the text is not UTF-8 (save the file as UTF-8 CSV)',
	]],
	['latin1-after-utf8.csv', bytes(`${HEADER}\nx-1,cosla,,"Café `, [0xe9], '",,,,\n'), [
		// in a quoted field, after a two-byte character: 'x-1,cosla,,"Café ' is 17 characters
		'2:18: the text is not UTF-8 (save the file as UTF-8 CSV)',
	]],
	['latin1-header.csv', bytes('id,organisation,text,cl', [0xe9], '\nx-1,cosla,t,v\n'), [
		'1:24: the text is not UTF-8 (save the file as UTF-8 CSV)',
	]],
	['nul.csv', bytes(`${HEADER}\nx-1,cosla,,Some`, [0], 'text,,,,\n'), [
		'2:16: a NUL byte: this is not a text file',
	]],
	['row-problems-then-unreadable.csv', csv('x-1,cosla,,Some text,,,finished,', 'x-2,cosla,,"never closed'), [
		"2:24: status 'finished' is not one of not_started, under_way, done, dropped",
		'3:12: a quoted field is never closed (a " is missing)',
	]],
	['every-problem-in-one-row.csv', csv('Bad_Id,nobody,nothing,,2025-13-01,,finished,'), [
		"2:1: id 'Bad_Id' is not an id: use lowercase letters, digits and single hyphens",
		"2:8: there is no organisation 'nobody'",
		"2:15: there is no action 'nothing'",
		'2:23: text is empty: say what will be done',
		"2:24: due '2025-13-01' is not a date: write it as YYYY-MM-DD",
		"2:36: status 'finished' is not one of not_started, under_way, done, dropped",
	]],
	['lines-after-a-quoted-break.csv', csv('x-1,cosla,,"two\nlines",,,,', '', 'x-2,cosla,,"three\n\nlines",,,finished,'), [
		// x-2 starts on line 5; its status field is on line 7, after 'lines",,,'
		"7:10: status 'finished' is not one of not_started, under_way, done, dropped",
	]],
	['crlf-last-column.csv', `${HEADER},extra\r\nx-1,cosla,,Some text,,,done,,v\r\nx-2,cosla,,t,,,finished\r\n`, [
		"1:56: unknown column 'extra': the columns are id, organisation, action, text, due, due_text, status, source",
		'3:1: expected 9 fields as in the header, found 7',
	]],
	['crlf-status.csv', 'id,organisation,text,status\r\nx-1,cosla,Some text,finished\r\n', [
		"2:21: status 'finished' is not one of not_started, under_way, done, dropped",
	]],
	['too-many-fields.csv', csv(`${'a,'.repeat(1000)}a`), [
		// the 1001st field starts after 1000 fields of 'a,'
		'2:2001: more than 1000 fields in one row',
	]],
	['long-row.csv', csv(`x-1,cosla,,${'a'.repeat(1 << 20)},,,,`), ['2:1: a row longer than 1 MiB']],
	['long-quoted-row.csv', csv(`x-1,cosla,,"${'a, '.repeat(350000)}",,,,`), ['2:1: a row longer than 1 MiB']],
	['long-row-of-quotes.csv', csv(`x-1,cosla,,"${'""'.repeat((1 << 20) + 1)}",,,,`), ['2:1: a row longer than 1 MiB']],
	['good-row-then-bad-row.csv', csv(GOOD, 'x-1,cosla,,Some text,,,finished,'), [
		"3:24: status 'finished' is not one of not_started, under_way, done, dropped",
	]],
];

describe('a bad file exits 1, lists every problem as FILE:LINE:COLUMN, and writes nothing', () => {
	const db = demoDb();
	const dir = tempDir();
	let before;

	test('setup: the database holds three imported rows, so its audit is not empty', () => {
		const r = importFile(db, dir, 'new.csv', NEW_CSV);
		assert.equal(r.status, 0, r.stderr);
		before = state(db);
		assert.equal(JSON.parse(before.audit).length, 3);
	});

	for (const [name, content, lines] of BAD) {
		test(name, () => {
			const r = importFile(db, dir, name, content);
			assert.equal(r.status, 1, `exit ${r.status}\nstdout: ${r.stdout}\nstderr: ${r.stderr}`);
			assert.equal(r.stdout, '');
			assert.equal(r.stderr, problemsText(name, lines));
			assertUnchanged(db, before, name);
		});
	}

	test('150 bad rows: exactly 100 problem lines, then "and 50 more problems"', () => {
		let content = `${HEADER}\n`;
		const lines = [];
		for (let i = 1; i <= 150; i++) {
			content += row(`b-${i}`, 'cosla', '', 'Some text', '', '', 'nope', '') + '\n';
			if (i <= 100) lines.push(`${i + 1}:${`b-${i},cosla,,Some text,,,`.length + 1}: status 'nope' is not one of not_started, under_way, done, dropped`);
		}
		const r = importFile(db, dir, 'many.csv', content);
		assert.equal(r.status, 1, r.stderr);
		assert.equal(r.stdout, '');
		const got = r.stderr.split('\n');
		assert.equal(got.length, 103, r.stderr); // 100 problems, "more", the summary, ''
		assert.equal(r.stderr, lines.map((l) => `many.csv:${l}\n`).join('') + 'many.csv: and 50 more problems\n' +
			'keep import: many.csv: 150 problems; nothing was imported\n');
		assertUnchanged(db, before, 'after the import');
	});

	test('100 bad rows: 100 problem lines and no "more"', () => {
		let content = `${HEADER}\n`;
		const lines = [];
		for (let i = 1; i <= 100; i++) {
			content += row(`b-${i}`, 'nobody', '', 'Some text', '', '', '', '') + '\n';
			lines.push(`${i + 1}:${`b-${i},`.length + 1}: there is no organisation 'nobody'`);
		}
		const r = importFile(db, dir, 'hundred.csv', content);
		assert.equal(r.status, 1, r.stderr);
		assert.equal(r.stdout, '');
		assert.equal(r.stderr, problemsText('hundred.csv', lines));
		assertUnchanged(db, before, 'after the import');
	});

	test('a row that is fine before a bad one is not written either', () => {
		// (good-row-then-bad-row.csv above already compared the whole state; this says it plainly)
		assert.equal(byId(rowsOf(db))['g-ok'], undefined);
		assert.equal(JSON.parse(auditOf(db, ['--entity', 'commitment', '--id', 'g-ok'])).length, 0);
	});

	// Every problem counted must be shown: a value quoted in a message is cut to fit, and
	// the cut must not leave half a character (the message would be lost).
	test('a problem quoting a long value of non-ASCII text is still listed', () => {
		const name = 'long-value.csv';
		const r = importFile(db, dir, name, `id,organisation,text,status\nx-1,cosla,Some text,${'é'.repeat(400)}\n`);
		assert.equal(r.status, 1, r.stderr);
		const lines = r.stderr.trimEnd().split('\n');
		assert.equal(lines.at(-1), `keep import: ${name}: 1 problem; nothing was imported`);
		assert.equal(lines.length, 2, `the 1 problem counted is not listed:\n${r.stderr}`);
		assert.ok(lines[0].startsWith(`${name}:2:21: status 'éééé`), lines[0]);
		assertUnchanged(db, before, 'after the import');
	});

	test('an unknown column with a long non-ASCII name is still listed', () => {
		const name = 'long-column.csv';
		const r = importFile(db, dir, name, `id,organisation,text,${'é'.repeat(40)}\nx-1,cosla,t,v\n`);
		assert.equal(r.status, 1, r.stderr);
		const lines = r.stderr.trimEnd().split('\n');
		assert.equal(lines.at(-1), `keep import: ${name}: 1 problem; nothing was imported`);
		assert.equal(lines.length, 2, `the 1 problem counted is not listed:\n${r.stderr}`);
		assert.ok(lines[0].startsWith(`${name}:1:22: unknown column 'éééé`), lines[0]);
		assertUnchanged(db, before, 'after the import');
	});
});

// ---------------------------------------------------------------- files and usage

describe('what keep import refuses before reading a row', () => {
	const db = demoDb();
	const dir = tempDir();
	const before = state(db);
	const USAGE = "Try 'keep import --help'.\n";

	test('a file that does not exist: exit 1, naming it, nothing written', () => {
		const r = importFile(db, dir, 'not-there.csv');
		assert.equal(r.status, 1, r.stderr);
		assert.equal(r.stdout, '');
		assert.match(r.stderr, /^keep import: not-there\.csv: .+\n$/);
		assertUnchanged(db, before, 'after the import');
	});

	test('a directory given as the file: exit 1, naming it', () => {
		mkdirSync(path.join(dir, 'a-directory.csv'));
		const r = importFile(db, dir, 'a-directory.csv');
		assert.equal(r.status, 1, r.stderr);
		assert.match(r.stderr, /^keep import: a-directory\.csv: .+\n$/);
		assertUnchanged(db, before, 'after the import');
	});

	test('a database that does not exist is not created', () => {
		writeFileSync(path.join(dir, 'ok.csv'), NEW_CSV);
		const missing = path.join(dir, 'missing.db');
		const r = keep(['import', 'commitments', 'ok.csv', '--db', missing], { cwd: dir });
		assert.equal(r.status, 1, r.stderr);
		assert.equal(r.stdout, '');
		assert.match(r.stderr, /missing\.db does not exist/);
		assert.equal(existsSync(missing), false);
	});

	const EXPECTED_KIND_AND_FILE =
		'expected what to import and a file: keep import commitments FILE.csv, keep import organisations FILE.csv, keep import evidence FILE.csv, keep import observations FILE.csv, keep import spend FILE.csv, keep import plan FILE, or keep import records DIR --council CODE --year YYYY';
	const usage = [
		['no arguments', [], EXPECTED_KIND_AND_FILE],
		['no file', ['commitments'], EXPECTED_KIND_AND_FILE],
		['two files', ['commitments', 'ok.csv', 'ok.csv'], EXPECTED_KIND_AND_FILE],
		['leads (not supported)', ['leads', 'ok.csv'], "keep can import commitments, organisations, evidence, observations, spend lines, a plan and care records; 'leads' is not (yet) one of them"],
		['an unknown long option', ['commitments', 'ok.csv', '--force'], "unknown option '--force'"],
		['an unknown short option', ['commitments', 'ok.csv', '-x'], "unknown option '-x'"],
	];
	for (const [what, args, message] of usage) {
		test(`usage error, ${what}: exit 2, nothing written`, () => {
			writeFileSync(path.join(dir, 'ok.csv'), NEW_CSV);
			const r = keep(['import', ...args, '--db', db], { cwd: dir });
			assert.equal(r.status, 2, r.stderr);
			assert.equal(r.stdout, '');
			assert.equal(r.stderr, `keep import: ${message}\n${USAGE}`);
			assertUnchanged(db, before, 'after the import');
		});
	}

	test('usage error, --db without a value: exit 2, and no keep.db appears', () => {
		const empty = tempDir();
		writeFileSync(path.join(empty, 'ok.csv'), NEW_CSV);
		const r = keep(['import', 'commitments', 'ok.csv', '--db'], { cwd: empty, env: { KEEP_DB: '' } });
		assert.equal(r.status, 2, r.stderr);
		assert.equal(r.stderr, `keep import: --db needs a value\n${USAGE}`);
		assert.deepEqual(readdirSync(empty), ['ok.csv']);
	});

	test('keep import --help and keep help import print the usage', () => {
		for (const args of [['import', '--help'], ['help', 'import']]) {
			const r = keep(args);
			assert.equal(r.status, 0, r.stderr);
			assert.match(r.stdout, /^usage: keep import commitments FILE\.csv \[--db FILE\]\n/);
			assert.match(r.stdout, /FILE:LINE:COLUMN/);
		}
	});
});

// ---------------------------------------------------------------- progress

describe('progress', () => {
	const ROWS = 5000; // progress is reported every 4096 rows

	test('stderr has no progress when it is not a terminal', () => {
		const db = demoDb();
		const dir = tempDir();
		const r = importFile(db, dir, 'progress.csv', generated(ROWS));
		assert.equal(r.status, 0, r.stderr);
		assert.equal(r.stdout, importedLine('progress.csv', ROWS, ROWS, 0, 0));
		assert.equal(r.stderr, '');
	});

	const hasScript = spawnSync('script', ['--version'], { encoding: 'utf8' }).status === 0;
	test('on a terminal, progress shows each pass and is wiped before the result', { skip: !hasScript && 'no script(1)' }, () => {
		const db = demoDb();
		const dir = tempDir();
		writeFileSync(path.join(dir, 'progress.csv'), generated(ROWS));
		// script(1) runs keep on a pseudo-terminal; what keep writes comes back on stdout.
		const cmd = `'${KEEP_BIN}' import commitments progress.csv --db '${db}'`;
		const r = spawnSync('script', ['-qec', cmd, '/dev/null'], { cwd: dir, encoding: 'utf8', timeout: 60000 });
		assertNoSanitizerReport(r.stdout, cmd);
		assert.equal(r.status, 0, r.stdout + r.stderr);
		assert.match(r.stdout, /\rprogress\.csv checking: +\d+%/);
		assert.match(r.stdout, /\rprogress\.csv writing: 100%\r\x1b\[KImported progress\.csv: 5000 rows; 5000 new, 0 changed, 0 unchanged\.\r?\n$/);
		assert.equal(rowsOf(db).length, DEMO_COMMITMENTS + ROWS);
	});

	test('keep import organisations shows its progress on a terminal too', { skip: !hasScript && 'no script(1)' }, () => {
		const db = demoDb();
		const dir = tempDir();
		writeFileSync(path.join(dir, 'orgs.csv'), 'id,name\nterminal-org,Terminal Org\n');
		const cmd = `'${KEEP_BIN}' import organisations orgs.csv --db '${db}'`;
		const r = spawnSync('script', ['-qec', cmd, '/dev/null'], { cwd: dir, encoding: 'utf8', timeout: 60000 });
		assertNoSanitizerReport(r.stdout, cmd);
		assert.equal(r.status, 0, r.stdout + r.stderr);
		assert.match(r.stdout, /^\rorgs\.csv writing: 100%\r\x1b\[KImported orgs\.csv: 1 row; 1 new, 0 changed, 0 unchanged\.\r?\n$/);
	});
});

// ---------------------------------------------------------------- reliability

describe('reliability (issue 3)', () => {
	test('SIGKILL in the middle of a large import: integrity_check ok, none of the import in it', async (t) => {
		const ROWS = 300000;
		// This much written to the WAL before the kill (the rows spill out of SQLite's page
		// cache as they are written): well into the writing pass, past where an import
		// committing in batches would have committed one.
		const WAL_GROWTH = 8 * 1024 * 1024;
		const dir = tempDir();
		const db = path.join(dir, 'keep.db');
		const wal = `${db}-wal`;
		const init = keep(['init', '--demo', '--db', db]);
		assert.equal(init.status, 0, init.stderr);
		const before = state(db);
		writeFileSync(path.join(dir, 'big.csv'), generated(ROWS));
		const walBefore = sizeOf(wal);

		const started = Date.now();
		const proc = spawn(KEEP_BIN, ['import', 'commitments', 'big.csv', '--db', db], {
			cwd: dir,
			stdio: ['ignore', 'pipe', 'pipe'],
		});
		let out = '';
		let err = '';
		proc.stdout.setEncoding('utf8');
		proc.stderr.setEncoding('utf8');
		proc.stdout.on('data', (c) => (out += c));
		proc.stderr.on('data', (c) => (err += c));
		let exited = null;
		const closed = new Promise((resolve) => {
			proc.on('close', (code, signal) => {
				exited = { code, signal };
				resolve(exited);
			});
		});
		proc.on('error', (e) => {
			err += `\n(spawn failed: ${e.message})`;
			exited ??= { code: null, signal: null, error: e.message };
		});

		// Wait for the writing pass: only it writes to the WAL (checking only reads).
		let walAtKill = walBefore;
		for (;;) {
			walAtKill = sizeOf(wal);
			if (exited !== null) break;
			if (walAtKill - walBefore >= WAL_GROWTH) break;
			if (Date.now() - started > 60000) {
				proc.kill('SIGKILL');
				await closed;
				assert.fail(`after 60 s the import had written only ${walAtKill - walBefore} bytes to the WAL\nstderr:\n${err}`);
			}
			await sleep(5);
		}
		if (exited !== null) {
			assert.fail(
				`the import ended (exit ${exited.code ?? exited.signal}) before it could be killed in its writing pass: ` +
					`the test proves nothing; make the file larger than ${ROWS} rows\nstdout: ${out}\nstderr: ${err}`,
			);
		}
		const waited = Date.now() - started;
		assert.ok(proc.kill('SIGKILL'), 'could not send SIGKILL');
		const end = await closed;
		assert.equal(end.signal, 'SIGKILL', `keep was not killed by the signal: ${JSON.stringify(end)}\nstderr: ${err}`);
		assertNoSanitizerReport(err, 'keep import');
		assert.equal(out, '', 'keep said it had imported before it was killed');
		t.diagnostic(`killed ${waited} ms after start, with ${walAtKill - walBefore} bytes in the WAL`);
		assert.ok(sizeOf(wal) >= walAtKill, 'the WAL the killed import wrote is gone before anything opened the database');

		assert.equal(sqlite(db, 'PRAGMA integrity_check'), 'ok');
		const leaked = sqlite(db, "SELECT count(*) FROM commitment WHERE slug LIKE 'c-%'");
		assert.equal(leaked, '0', `${leaked} rows of the killed import are in the database`);
		assert.equal(auditOf(db, ['--entity', 'commitment']), '[]\n', 'the audit has records of the killed import');
		assert.equal(JSON.parse(before.json).length, DEMO_COMMITMENTS);
		assertUnchanged(db, before, 'after the killed import');

		// And the database takes the next import.
		const r = importFile(db, dir, 'new.csv', NEW_CSV);
		assert.equal(r.status, 0, r.stderr);
		assert.equal(r.stdout, importedLine('new.csv', 3, 3, 0, 0));
		assert.equal(sqlite(db, 'PRAGMA integrity_check'), 'ok');
	});
});

describe('a file with fewer columns', () => {
	test('a column left out leaves what is stored as it is', () => {
		const db = demoDb();
		const dir = tempDir();
		const full = `${HEADER}\nkeep-me,cosla,planning,First text,2025-06-30,by June 2025,under_way,a note\n`;
		assert.equal(importFile(db, dir, 'full.csv', full).status, 0);
		const r = importFile(db, dir, 'texts.csv', 'id,organisation,text\nkeep-me,cosla,Mended text\n');
		assert.equal(r.status, 0, r.stderr);
		assert.match(r.stdout, /0 new, 1 changed, 0 unchanged/);
		const row = byId(rowsOf(db))['keep-me'];
		assert.equal(row.text, 'Mended text');
		assert.equal(row.action, 'planning');
		assert.equal(row.due, '2025-06-30');
		assert.equal(row.due_text, 'by June 2025');
		assert.equal(row.status, 'under_way');
		assert.equal(row.source, 'a note');
		// And an empty field in a column that is there does clear the value.
		const clear = importFile(db, dir, 'clear.csv', 'id,organisation,text,status\nkeep-me,cosla,Mended text,\n');
		assert.equal(clear.status, 0, clear.stderr);
		assert.equal(byId(rowsOf(db))['keep-me'].status, null);
	});
});

// ---------------------------------------------------------------- the search index

describe('the search index after an import', () => {
	test('imported text is found, a changed text is found by its new words and not by its old ones', async () => {
		const db = demoDb();
		const dir = tempDir();
		const first = `${HEADER}\nfind-me,cosla,planning,Pilot a zebrafinch scheme in every school,,,,\n` +
			'find-too,scottish-government,,Another quetzal plan,,by spring 2027,,\n';
		assert.equal(importFile(db, dir, 'first.csv', first).status, 0);
		const changed = first.replace('Pilot a zebrafinch scheme', 'Pilot a capybara scheme');
		const r = importFile(db, dir, 'changed.csv', changed);
		assert.equal(r.status, 0, r.stderr);
		assert.equal(r.stdout, importedLine('changed.csv', 2, 0, 1, 1));
		assert.equal(sqlite(db, "SELECT count(*) FROM search WHERE kind = 'commitment'"), String(DEMO_COMMITMENTS + 2));
		const server = await startServer(db);
		try {
			const hits = async (q) => {
				const res = await request(`${server.url}/search?q=${encodeURIComponent(q)}`);
				assert.equal(res.status, 200, q);
				return [...res.body.matchAll(/<a href="(\/commitments\/[^"]+)">/g)].map((m) => m[1]);
			};
			assert.deepEqual(await hits('capybara'), ['/commitments/find-me']);
			assert.deepEqual(await hits('zebrafinch'), []);
			assert.deepEqual(await hits('quetzal'), ['/commitments/find-too']);
			// due_text is indexed too, as the trigger indexes it
			assert.deepEqual(await hits('quetzal spring'), ['/commitments/find-too']);
		} finally {
			await server.stop();
		}
		assert.equal(sqlite(db, "INSERT INTO search(search) VALUES ('integrity-check'); SELECT 'ok'"), 'ok');
		// The triggers the import suspends are back, as they were.
		assert.equal(sqlite(db, "SELECT group_concat(name) FROM (SELECT name FROM sqlite_schema WHERE type = 'trigger' AND tbl_name = 'commitment' ORDER BY name)"),
			'commitment_ad,commitment_ai,commitment_au');
	});
});

// ---------------------------------------------------------------- organisations

const ORG_HEADER = 'id,name,sector,scale,council_area';

function orgExportOf(db, format) {
	const r = keep(['export', 'organisations', '--db', db, '--format', format]);
	assert.equal(r.status, 0, r.stderr);
	return r.stdout;
}

function orgState(db) {
	return { csv: orgExportOf(db, 'csv'), json: orgExportOf(db, 'json'), commitments: exportOf(db, 'json'), audit: auditOf(db) };
}

function assertOrgsUnchanged(db, before, what) {
	const now = orgState(db);
	for (const part of Object.keys(before)) assert.equal(now[part], before[part], `${what}: the ${part} changed`);
}

function importOrgs(db, dir, name, content) {
	if (content !== undefined) writeFileSync(path.join(dir, name), content);
	return keep(['import', 'organisations', name, '--db', db], { cwd: dir });
}

describe('keep import organisations', () => {
	const db = demoDb();
	const dir = tempDir();
	const DEMO_ORGS = demo.organisations.length;
	let start;
	let afterNew;
	const NEW_ORGS =
		`${ORG_HEADER}\n` +
		'new-trust,"A New Trust, for families",third,local,S12000036\n' +
		'bare-org,Bare Organisation,,,\n' +
		'cosla,"COSLA (Convention of Scottish Local Authorities)",public,national,\n';

	test(`keep export organisations imports back as ${DEMO_ORGS} unchanged rows, and nothing changes`, () => {
		start = orgState(db);
		assert.equal(JSON.parse(start.json).length, DEMO_ORGS);
		const r = importOrgs(db, dir, 'exported.csv', start.csv);
		assert.equal(r.status, 0, r.stderr);
		assert.equal(r.stdout, importedLine('exported.csv', DEMO_ORGS, 0, 0, DEMO_ORGS));
		assert.equal(r.stderr, '');
		assertOrgsUnchanged(db, start, 'after the import');
	});

	test('new organisations are added and a known one changed, each audited with before and after', () => {
		const cosla = byId(JSON.parse(start.json)).cosla;
		assert.notEqual(cosla.name, 'COSLA (Convention of Scottish Local Authorities)');
		const r = importOrgs(db, dir, 'new.csv', NEW_ORGS);
		assert.equal(r.status, 0, r.stderr);
		assert.equal(r.stdout, importedLine('new.csv', 3, 2, 1, 0));
		assert.equal(r.stderr, '');
		afterNew = orgState(db);
		const got = byId(JSON.parse(afterNew.json));
		assert.equal(Object.keys(got).length, DEMO_ORGS + 2);
		assert.deepEqual(got['new-trust'], { id: 'new-trust', name: 'A New Trust, for families', sector: 'third', scale: 'local', council_area: 'S12000036' });
		assert.deepEqual(got['bare-org'], { id: 'bare-org', name: 'Bare Organisation', sector: null, scale: null, council_area: null });
		assert.deepEqual(got.cosla, { ...cosla, name: 'COSLA (Convention of Scottish Local Authorities)', scale: 'national', council_area: null });
		assert.equal(afterNew.commitments, start.commitments, 'the commitments are as they were');
		const audit = JSON.parse(afterNew.audit);
		assert.deepEqual(
			audit.map((a) => [a.entity, a.entity_id, a.verb, a.before, a.after]),
			[
				['organisation', 'new-trust', 'create', null, got['new-trust']],
				['organisation', 'bare-org', 'create', null, got['bare-org']],
				['organisation', 'cosla', 'update', cosla, got.cosla],
			],
		);
		for (const a of audit) assert.match(a.actor, /^command line/);
	});

	test('importing the same file again changes nothing', () => {
		const r = importOrgs(db, dir, 'new.csv');
		assert.equal(r.status, 0, r.stderr);
		assert.equal(r.stdout, importedLine('new.csv', 3, 0, 0, 3));
		assertOrgsUnchanged(db, afterNew, 'after importing again');
	});

	test('a column left out leaves what is stored; an empty cell in a column that is there clears it', () => {
		const r = importOrgs(db, dir, 'names.csv', 'id,name\nnew-trust,A Renamed Trust\n');
		assert.equal(r.status, 0, r.stderr);
		assert.equal(r.stdout, importedLine('names.csv', 1, 0, 1, 0));
		assert.deepEqual(byId(JSON.parse(orgExportOf(db, 'json')))['new-trust'],
			{ id: 'new-trust', name: 'A Renamed Trust', sector: 'third', scale: 'local', council_area: 'S12000036' });
		const c = importOrgs(db, dir, 'clear.csv', 'id,name,council_area\nnew-trust,A Renamed Trust,\n');
		assert.equal(c.status, 0, c.stderr);
		assert.equal(byId(JSON.parse(orgExportOf(db, 'json')))['new-trust'].council_area, null);
	});

	test('a new organisation can have commitments imported', () => {
		const r = importFile(db, dir, 'for-new.csv', 'id,organisation,text\nbare-one,bare-org,A first commitment\n');
		assert.equal(r.status, 0, r.stderr);
		assert.equal(byId(rowsOf(db))['bare-one'].organisation, 'bare-org');
	});
});

// [file name, content, problem lines]
const LONG_NAME = 'n'.repeat(301);
const BAD_ORGS = [
	['org-unknown-column.csv', 'id,name,colour\nx-1,X,red\n', [
		"1:9: unknown column 'colour': the columns are id, name, sector, scale, council_area",
	]],
	['org-column-twice.csv', 'id,name,name\nx-1,X,Y\n', ["1:9: the column 'name' is there twice"]],
	['org-missing-name.csv', 'id,sector\nx-1,public\n', ["1:1: the column 'name' is missing; it is required"]],
	['org-empty.csv', '', ['1:1: the file is empty: it needs a header row (id,name,...)']],
	['org-bad-id.csv', `${ORG_HEADER}\nBad_Id,X,,,\n`, ["2:1: id 'Bad_Id' is not an id: use lowercase letters, digits and single hyphens"]],
	['org-empty-id.csv', `${ORG_HEADER}\n,X,,,\n`, ['2:1: id is empty: every row needs one, so that importing again finds it']],
	['org-duplicate-id.csv', `${ORG_HEADER}\nx-1,X,,,\nx-1,Y,,,\n`, ["3:1: id 'x-1' is already on line 2"]],
	['org-empty-name.csv', `${ORG_HEADER}\nx-1,,,,\n`, ["2:5: name is empty: Enter the organisation's name."]],
	['org-blank-name.csv', `${ORG_HEADER}\nx-1,"   ",,,\n`, ["2:5: name '   ': Enter the organisation's name."]],
	['org-long-name.csv', `${ORG_HEADER}\nx-1,${LONG_NAME},,,\n`, [`2:5: name '${'n'.repeat(60)}…': Keep the name under 300 characters.`]],
	['org-bad-sector.csv', `${ORG_HEADER}\nx-1,X,charity,,\n`, ["2:7: sector 'charity': Choose one of the sectors listed."]],
	['org-bad-scale.csv', `${ORG_HEADER}\nx-1,X,,regional,\n`, ["2:8: scale 'regional': Choose national or local."]],
	['org-bad-council-area.csv', `${ORG_HEADER}\nx-1,X,,,S12999999\n`, ["2:9: council_area 'S12999999': Choose one of the council areas listed."]],
	['org-field-count.csv', `${ORG_HEADER}\nx-1,X,,\n`, ['2:1: expected 5 fields as in the header, found 4']],
	['org-every-problem.csv', `${ORG_HEADER}\nx-1,X,,,\nx-1,,private sector,big,Glasgow\n`, [
		"3:1: id 'x-1' is already on line 2",
		"3:5: name is empty: Enter the organisation's name.",
		"3:6: sector 'private sector': Choose one of the sectors listed.",
		"3:21: scale 'big': Choose national or local.",
		"3:25: council_area 'Glasgow': Choose one of the council areas listed.",
	]],
	['org-good-then-bad.csv', `${ORG_HEADER}\ngood-org,Good,third,,\nbad-org,Bad,fourth,,\n`, [
		"3:13: sector 'fourth': Choose one of the sectors listed.",
	]],
];

describe('keep import organisations: a bad file exits 1, lists every problem, and writes nothing', () => {
	const db = demoDb();
	const dir = tempDir();
	const before = orgState(db);
	for (const [name, content, lines] of BAD_ORGS) {
		test(name, () => {
			const r = importOrgs(db, dir, name, content);
			assert.equal(r.status, 1, `exit ${r.status}\nstdout: ${r.stdout}\nstderr: ${r.stderr}`);
			assert.equal(r.stdout, '');
			assert.equal(r.stderr, problemsText(name, lines));
			assertOrgsUnchanged(db, before, name);
		});
	}

	test('150 bad rows: 100 problem lines, then "and 50 more problems"', () => {
		let content = `${ORG_HEADER}\n`;
		const lines = [];
		for (let i = 1; i <= 150; i++) {
			content += `o-${i},Org ${i},,huge,\n`;
			if (i <= 100) lines.push(`many-orgs.csv:${i + 1}:${`o-${i},Org ${i},,`.length + 1}: scale 'huge': Choose national or local.\n`);
		}
		const r = importOrgs(db, dir, 'many-orgs.csv', content);
		assert.equal(r.status, 1, r.stderr);
		assert.equal(r.stderr, lines.join('') + 'many-orgs.csv: and 50 more problems\n' +
			'keep import: many-orgs.csv: 150 problems; nothing was imported\n');
		assertOrgsUnchanged(db, before, 'after the import');
	});
});

// ---------------------------------------------------------------- round trips

describe('keep export X --format csv, then keep import X into another database', () => {
	test('organisations and then commitments arrive as they were exported', () => {
		const a = demoDb('a.db');
		const dir = tempDir();
		// Database a gets records the demo does not have, with every kind of value.
		assert.equal(importOrgs(a, dir, 'orgs.csv', `${ORG_HEADER}\nround-trip,"Round ""Trip"", Ltd",private,local,S12000049\n`).status, 0);
		assert.equal(importFile(a, dir, 'new.csv', NEW_CSV).status, 0);
		assert.equal(importFile(a, dir, 'rt.csv', 'id,organisation,text,due,status\nrt-1,round-trip,"Line one\nline two, with ""quotes""",2027-12-31,done\n').status, 0);
		const orgsCsv = orgExportOf(a, 'csv');
		const commitmentsCsv = exportOf(a, 'csv');

		const b = demoDb('b.db');
		writeFileSync(path.join(dir, 'orgs-a.csv'), orgsCsv);
		writeFileSync(path.join(dir, 'commitments-a.csv'), commitmentsCsv);
		const o = importOrgs(b, dir, 'orgs-a.csv');
		assert.equal(o.status, 0, o.stderr);
		assert.equal(o.stdout, importedLine('orgs-a.csv', demo.organisations.length + 1, 1, 0, demo.organisations.length));
		assert.equal(orgExportOf(b, 'csv'), orgsCsv, 'the organisations export of b is that of a, byte for byte');
		const c = importFile(b, dir, 'commitments-a.csv');
		assert.equal(c.status, 0, c.stderr);
		assert.equal(c.stdout, importedLine('commitments-a.csv', DEMO_COMMITMENTS + 4, 4, 0, DEMO_COMMITMENTS));
		// created and updated are when each record was made in its own database.
		assert.deepEqual(rowsOf(b).map(withoutTimes), rowsOf(a).map(withoutTimes));
		// And back again: b's export imports into a as it is.
		writeFileSync(path.join(dir, 'commitments-b.csv'), exportOf(b, 'csv'));
		const back = importFile(a, dir, 'commitments-b.csv');
		assert.equal(back.stdout, importedLine('commitments-b.csv', DEMO_COMMITMENTS + 4, 0, 0, DEMO_COMMITMENTS + 4));
	});
});

// ---------------------------------------------------------------- evidence

describe('keep import evidence', () => {
	const db = demoDb();
	const dir = tempDir();
	const run = (name, content, args = []) => {
		if (content !== undefined) writeFileSync(path.join(dir, name), content);
		return keep(['import', 'evidence', name, '--db', db, ...args], { cwd: dir });
	};
	const all = () => {
		const r = keep(['export', 'evidence', '--all', '--db', db, '--format', 'json']);
		assert.equal(r.status, 0, r.stderr);
		return JSON.parse(r.stdout);
	};
	const evidenceAudit = () => JSON.parse(auditOf(db, ['--entity', 'evidence']));
	const HEADER = 'id,organisation,kind,title,will_do,support_needed,help_offered,actions';
	const GOOD = `${HEADER}\n` +
		'sg-plan-2027,scottish-government,plan,"Our plan, 2027","Keep brothers and sisters together.\nReport each year.",Training,Rooms,planning; schools-and-exclusion\n' +
		'cosla-survey,cosla,survey-response,What we heard,,,,\n';

	test('every wrong cell is named with its message, and nothing is written', () => {
		const r = run('bad.csv', `${HEADER}\n` +
			'e-1,nobody,poem,,,,,planning;no-such-action\n' +
			`e-2,cosla,report,${'x'.repeat(301)},,,,\n`);
		assert.equal(r.status, 1, r.stderr);
		assert.equal(r.stderr, problemsText('bad.csv', [
			"2:5: there is no organisation 'nobody'",
			"2:12: kind 'poem': Choose what kind of evidence this is: a plan, a report or a survey response.",
			'2:17: title is empty: Enter a title.',
			"2:21: actions 'planning;no-such-action': Choose only actions from the list.",
			`3:18: title '${'x'.repeat(60)}\u2026': Keep the title under 300 characters.`,
		]));
		assert.deepEqual(all(), []);
		assert.deepEqual(evidenceAudit(), []);
	});

	test('a good file adds the evidence unpublished, audited; again, it changes nothing', () => {
		const r = run('good.csv', GOOD);
		assert.equal(r.status, 0, r.stderr);
		assert.equal(r.stdout, importedLine('good.csv', 2, 2, 0, 0));
		const rows = byId(all());
		assert.equal(rows['sg-plan-2027'].title, 'Our plan, 2027');
		assert.equal(rows['sg-plan-2027'].will_do, 'Keep brothers and sisters together.\nReport each year.');
		assert.deepEqual(rows['sg-plan-2027'].actions, ['planning', 'schools-and-exclusion']);
		assert.equal(rows['sg-plan-2027'].published, false);
		assert.deepEqual(rows['cosla-survey'].actions, []);
		// Not published: the public export holds none of it.
		assert.equal(JSON.parse(keep(['export', 'evidence', '--db', db, '--format', 'json']).stdout).length, 0);
		const audit = evidenceAudit();
		assert.deepEqual(audit.map((a) => [a.verb, a.entity_id]), [['create', 'sg-plan-2027'], ['create', 'cosla-survey']]);
		assert.equal(audit[0].after.title, 'Our plan, 2027');

		const again = run('good.csv');
		assert.equal(again.stdout, importedLine('good.csv', 2, 0, 0, 2));
		assert.equal(evidenceAudit().length, 2, 'nothing recorded the second time');
	});

	test('a changed row is changed and audited with before and after; a left-out column keeps its value', () => {
		const r = run('change.csv', 'id,organisation,kind,title,actions\nsg-plan-2027,scottish-government,report,"Our plan, 2027",schools-and-exclusion;planning\n');
		assert.equal(r.status, 0, r.stderr);
		assert.equal(r.stdout, importedLine('change.csv', 1, 0, 1, 0));
		const row = byId(all())['sg-plan-2027'];
		assert.equal(row.kind, 'report');
		assert.equal(row.support_needed, 'Training', 'a column the file leaves out is kept');
		const last = evidenceAudit().at(-1);
		assert.equal(last.verb, 'update');
		assert.equal(last.before.kind, 'plan');
		assert.equal(last.after.kind, 'report');
	});

	test('keep export evidence --all imports as it is, into this database and another', () => {
		const csv = keep(['export', 'evidence', '--all', '--db', db, '--format', 'csv']).stdout;
		assert.match(csv, /^id,organisation,kind,title,will_do,support_needed,help_offered,submitted,published,published_at,actions,file_name,file_type,file_size,created,updated\r\n/);
		const r = run('exported.csv', csv);
		assert.equal(r.stdout, importedLine('exported.csv', 2, 0, 0, 2));
		const other = demoDb('other.db');
		const o = keep(['import', 'evidence', 'exported.csv', '--db', other], { cwd: dir });
		assert.equal(o.stdout, importedLine('exported.csv', 2, 2, 0, 0));
		const strip = ({ created, updated, submitted, ...rest }) => rest;
		const b = JSON.parse(keep(['export', 'evidence', '--all', '--db', other, '--format', 'json']).stdout);
		assert.deepEqual(b.map(strip), all().map(strip));
	});

	test('--all is for evidence only', () => {
		const r = keep(['export', 'commitments', '--all', '--db', db]);
		assert.equal(r.status, 2);
		assert.match(r.stderr, /--all is for evidence only/);
	});
});
