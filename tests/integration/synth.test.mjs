// keep synth: its help, its refusals (exact messages and exit codes), and the files it
// writes (one directory per council, each file with its data-spec header, the same
// bytes for the same seed). The rules every row keeps and the calibration are checked
// by tests/unit/test_synth.c.
import assert from 'node:assert/strict';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';

import { keep, tempDir } from './helpers.mjs';

const HEADERS = {
	'children.csv': 'child,council,date_of_birth,sex,ethnic_group,disability',
	'episodes.csv': 'child,start,end,end_reason',
	'placements.csv': 'child,start,end,type,provider,council,outside_scotland,location,home',
	'legal.csv': 'child,start,end,reason',
	'siblings.csv': 'child,sibling,relationship',
	'school_changes.csv': 'child,date,from_school,to_school,with_placement_move',
	'adoption_breakdowns.csv': 'child,order_date,disruption_date',
	'restraints.csv': 'child,date,setting',
};

// KEEP_TODAY fixes "today", so the latest year keep allows is known: 2026.
const ENV = { KEEP_TODAY: '2026-11-25' };

function synth(args, opts = {}) {
	return keep(['synth', ...args], { env: ENV, ...opts });
}

// All the files of a synth directory, as {"CODE/name": text}.
function readAll(dir) {
	const out = {};
	for (const code of readdirSync(dir).sort())
		for (const name of readdirSync(path.join(dir, code)).sort())
			out[`${code}/${name}`] = readFileSync(path.join(dir, code, name), 'utf8');
	return out;
}

describe('keep synth', () => {
	test('--help prints the usage, the same as keep help synth', () => {
		const r = synth(['--help']);
		assert.equal(r.status, 0);
		assert.match(r.stdout, /^usage: keep synth --children N --councils K --seed S --out DIR \[--year YYYY\]\n/);
		assert.match(r.stdout, /--children N {3}how many children, 1 to 5000000\n/);
		assert.equal(r.stderr, '');
		assert.equal(keep(['help', 'synth']).stdout, r.stdout);
		assert.match(keep(['help']).stdout, /\n {2}synth {5}write a synthetic dataset of care records/);
	});

	test('a malformed command line is refused with exit 2, saying what is wrong', () => {
		const out = path.join(tempDir(), 'out');
		const ok = ['--children', '10', '--councils', '2', '--seed', '1', '--out', out];
		const cases = [
			[[], '--children is needed'],
			[['--children', '10'], '--councils is needed'],
			[['--children', '10', '--councils', '2'], '--seed is needed'],
			[['--children', '10', '--councils', '2', '--seed', '1'], '--out is needed'],
			[[...ok, 'extra'], "takes only options, not 'extra'"],
			[[...ok, '--colour'], "unknown option '--colour'"],
			[[...ok, '--year'], '--year needs a value'],
			[['--children', '10', '--councils', '2', '--seed', '1', '--out', ''], '--out needs a directory'],
			...['0', '5000001', 'ten', '-1', '1e3', ' 5', ''].map((v) => [
				['--children', v, '--councils', '2', '--seed', '1', '--out', out],
				`--children must be a whole number from 1 to 5000000, not '${v}'`,
			]),
			...['0', '33', 'all'].map((v) => [
				['--children', '10', '--councils', v, '--seed', '1', '--out', out],
				`--councils must be a whole number from 1 to 32, not '${v}'`,
			]),
			...['-1', '18446744073709551616', '0x10'].map((v) => [
				['--children', '10', '--councils', '2', '--seed', v, '--out', out],
				`--seed must be a whole number from 0 to 18446744073709551615, not '${v}'`,
			]),
			...['1999', '2027', '25'].map((v) => [
				[...ok, '--year', v],
				`--year must be a year from 2000 to 2026 (the last 31 July that has passed), not '${v}'`,
			]),
		];
		for (const [args, message] of cases) {
			const r = synth(args);
			assert.equal(r.status, 2, `keep synth ${args.join(' ')}: ${r.stderr}`);
			assert.equal(r.stdout, '');
			assert.equal(r.stderr, `keep synth: ${message}\nTry 'keep synth --help'.\n`, args.join(' '));
		}
		assert.deepEqual(readdirSync(path.dirname(out)), [], 'nothing was written');
	});

	test('the year that has not ended yet is refused: no date may be in the future', () => {
		const out = path.join(tempDir(), 'out');
		const r = keep(['synth', '--children', '5', '--councils', '1', '--seed', '1', '--out', out, '--year', '2026'], {
			env: { KEEP_TODAY: '2026-07-30' },
		});
		assert.equal(r.status, 2);
		assert.equal(
			r.stderr,
			"keep synth: --year must be a year from 2000 to 2025 (the last 31 July that has passed), not '2026'\n" +
				"Try 'keep synth --help'.\n",
		);
	});

	test('an --out that is a file, a directory with something in it, or under no directory is refused (exit 1)', () => {
		const dir = tempDir();
		const file = path.join(dir, 'a-file');
		writeFileSync(file, 'x');
		const full = path.join(dir, 'full');
		mkdirSync(full);
		writeFileSync(path.join(full, 'keep-me.txt'), 'mine');
		const nowhere = path.join(dir, 'no', 'such');
		const args = (out) => ['--children', '10', '--councils', '2', '--seed', '1', '--out', out];
		let r = synth(args(file));
		assert.equal(r.status, 1);
		assert.equal(r.stderr, `keep synth: ${file} exists and is not a directory: give a new or an empty directory\n`);
		r = synth(args(full));
		assert.equal(r.status, 1);
		assert.equal(r.stderr, `keep synth: ${full} is not empty: give a new or an empty directory\n`);
		assert.deepEqual(readdirSync(full), ['keep-me.txt']);
		r = synth(args(nowhere));
		assert.equal(r.status, 1);
		assert.equal(r.stderr, `keep synth: ${nowhere}: could not make the directory: No such file or directory\n`);
		assert.equal(readFileSync(file, 'utf8'), 'x');
	});

	test('writes one directory per council, largest first, each with every file and its header', () => {
		const out = path.join(tempDir(), 'out');
		const r = synth(['--children', '300', '--councils', '2', '--seed', '9', '--out', out]);
		assert.equal(r.status, 0, r.stderr);
		assert.equal(r.stderr, '', 'no progress when stderr is not a terminal');
		assert.match(
			r.stdout,
			new RegExp(
				`^Wrote ${out.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: 2 councils to 31 July 2025, seed 9\\.\\n` +
					'  300 children, \\d+ episodes, \\d+ placements, \\d+ legal reasons, \\d+ sibling pairs,\\n' +
					'  \\d+ school changes, \\d+ adoption breakdowns, \\d+ restraints\\.\\n' +
					'Took \\d+\\.\\d\\d s\\.\\n$',
			),
		);
		// Glasgow City and the City of Edinburgh, the two largest.
		assert.deepEqual(readdirSync(out).sort(), ['S12000036', 'S12000049']);
		const files = readAll(out);
		let children = 0;
		for (const code of ['S12000036', 'S12000049']) {
			for (const [name, header] of Object.entries(HEADERS)) {
				const text = files[`${code}/${name}`];
				assert.ok(text !== undefined, `${code}/${name} is there`);
				assert.equal(text.split('\n')[0], header, `${code}/${name}'s header`);
				assert.ok(text.endsWith('\n'));
			}
			assert.equal(Object.keys(files).filter((k) => k.startsWith(`${code}/`)).length, 8);
			const rows = files[`${code}/children.csv`].trim().split('\n').slice(1);
			children += rows.length;
			for (const row of rows) assert.equal(row.split(',')[1], code, 'children belong to their directory');
		}
		assert.equal(children, 300);
		const counts = /(\d+) placements/.exec(r.stdout)[1];
		const placements = Object.entries(files)
			.filter(([k]) => k.endsWith('/placements.csv'))
			.reduce((n, [, t]) => n + t.trim().split('\n').length - 1, 0);
		assert.equal(placements, Number(counts), 'the placements printed are the placements written');
	});

	test('the same seed gives the same bytes (into an empty directory too); another seed other ones', () => {
		const a = path.join(tempDir(), 'a');
		const b = tempDir(); // exists, empty
		const c = path.join(tempDir(), 'c');
		assert.equal(synth(['--children', '200', '--councils', '3', '--seed', '42', '--out', a]).status, 0);
		assert.equal(synth(['--seed', '42', '--out', b, '--councils', '3', '--children', '200']).status, 0);
		assert.equal(synth(['--children', '200', '--councils', '3', '--seed', '43', '--out', c]).status, 0);
		assert.deepEqual(readAll(b), readAll(a));
		assert.notDeepEqual(readAll(c), readAll(a));
	});

	test('--year: no date after 31 July of that year', () => {
		const out = path.join(tempDir(), 'out');
		const r = synth(['--children', '400', '--councils', '1', '--seed', '3', '--out', out, '--year', '2020']);
		assert.equal(r.status, 0, r.stderr);
		assert.match(r.stdout, /to 31 July 2020, seed 3\./);
		const dates = Object.values(readAll(out)).flatMap((t) => t.match(/\d{4}-\d\d-\d\d/g) || []);
		assert.ok(dates.length > 1000);
		assert.ok(dates.every((d) => d <= '2020-07-31'), dates.filter((d) => d > '2020-07-31').slice(0, 3).join(' '));
		assert.ok(dates.some((d) => d.startsWith('2020-')));
	});
});
