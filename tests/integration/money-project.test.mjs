// keep money project and keep money backtest: the projection of children looked after
// from the stored care records, with bands, as table, csv and json; the same seed gives
// the same figures; Scotland adds the councils up; bad input gets a message and a
// non-zero exit. The data is keep synth's: two councils.
import assert from 'node:assert/strict';
import path from 'node:path';
import { before, describe, test } from 'node:test';

import { demoDb, keep, tempDir } from './helpers.mjs';

const YEAR = '2024';
const EDINBURGH = 'S12000036';
const GLASGOW = 'S12000049';

describe('keep money project and backtest', () => {
	let db;

	before(() => {
		db = demoDb();
		const data = path.join(tempDir(), 'synth');
		const s = keep(['synth', '--children', '3000', '--councils', '2', '--seed', '5', '--year', YEAR, '--out', data]);
		assert.equal(s.status, 0, s.stderr);
		for (const c of [GLASGOW, EDINBURGH]) {
			const r = keep(['import', 'records', path.join(data, c), '--council', c, '--year', YEAR, '--db', db]);
			assert.equal(r.status, 0, r.stderr);
		}
	});

	test('json: months to March 2030 from the records, bands in order, the same seed the same figures', () => {
		const args = ['money', 'project', '--area', EDINBURGH, '--draws', '200', '--seed', '3', '--format', 'json', '--db', db];
		const r = keep(args);
		assert.equal(r.status, 0, r.stderr);
		const p = JSON.parse(r.stdout);
		// rates from the three years to the day before the records' last (31 July 2024)
		assert.equal(p.from, '2021-07-31');
		assert.equal(p.to, '2024-07-30');
		assert.equal(p.months[0].start, '2024-07-31');
		assert.equal(p.months[1].start, '2024-08-01');
		assert.equal(p.months.at(-1).start, '2030-03-01');
		assert.equal(p.costed, false);
		assert.ok(p.children_in_period > 0);
		for (const m of p.months) {
			const b = m.looked_after;
			assert.ok(b.p5 <= b.p50 && b.p50 <= b.p95, m.start);
			const sum = Object.values(m.children).reduce((a, x) => a + x.p50, 0);
			assert.ok(Math.abs(sum - b.p50) <= 0.1 * b.p50 + 5, `${m.start}: the types' medians add up to about the total`);
		}
		assert.ok(p.months[0].looked_after.p50 > 0);
		assert.deepEqual(Object.keys(p.months[0].children).length, 13);
		assert.equal(keep(args).stdout, r.stdout);
		const other = keep(['money', 'project', '--area', EDINBURGH, '--draws', '200', '--seed', '4', '--format', 'json', '--db', db]);
		assert.notEqual(other.stdout, r.stdout);
	});

	test('csv and table; Scotland is both councils together', () => {
		const r = keep(['money', 'project', '--area', 'scotland', '--months', '6', '--draws', '100', '--format', 'csv', '--db', db]);
		assert.equal(r.status, 0, r.stderr);
		const lines = r.stdout.trim().split('\n');
		assert.equal(lines[0], 'month,figure,type,p5,p50,p95');
		assert.equal(lines.length, 1 + 6 * 14);
		const scot = Number(lines[1].split(',')[4]);
		const one = (area) => {
			const x = keep(['money', 'project', '--area', area, '--months', '6', '--draws', '100', '--format', 'csv', '--db', db]);
			return Number(x.stdout.trim().split('\n')[1].split(',')[4]);
		};
		// the first month is one day: its median is about the stock of both
		assert.ok(Math.abs(scot - (one(EDINBURGH) + one(GLASGOW))) <= 3, `${scot}`);
		const t = keep(['money', 'project', '--area', GLASGOW, '--months', '3', '--draws', '50', '--db', db]);
		assert.equal(t.status, 0, t.stderr);
		assert.match(t.stdout, /Children looked after at the end of each month/);
		assert.match(t.stdout, /counted, not costed/);
	});

	test('backtest: 12 and 24 months compared with the records', () => {
		const r = keep(['money', 'backtest', '--area', EDINBURGH, '--at', '2022-07-01', '--draws', '200', '--format', 'json', '--db', db]);
		assert.equal(r.status, 0, r.stderr);
		const b = JSON.parse(r.stdout);
		assert.equal(b.fit_from, '2019-07-01');
		assert.deepEqual(b.horizons.map((h) => [h.months, h.day]), [[12, '2023-07-01'], [24, '2024-07-01']]);
		for (const h of b.horizons) {
			const all = h.types.find((x) => x.type === 'looked_after');
			assert.ok(all.truth > 0);
			assert.ok(Math.abs(all.error_pct) < 25, `${h.months} months: ${all.error_pct}%`);
		}
		const t = keep(['money', 'backtest', '--area', EDINBURGH, '--at', '2023-07-01', '--draws', '50', '--db', db]);
		assert.equal(t.status, 0, t.stderr);
		assert.match(t.stdout, /24 months on \(2025-07-01\): the records do not reach that day/);
	});

	test('bad input: a message and a non-zero exit', () => {
		const cases = [
			[['money', 'project', '--area', 'S12000099', '--db', db], 2, /not a council area's code/],
			[['money', 'project', '--area', 'S12000005', '--db', db], 1, /no care records of S12000005/],
			[['money', 'project', '--db', db], 2, /--area is needed/],
			[['money', 'project', '--area', EDINBURGH, '--from', '2024-01-01', '--to', '2024-07-31', '--db', db], 2, /not inside/],
			[['money', 'project', '--area', EDINBURGH, '--from', '2024-01-01', '--db', db], 2, /both --from and --to/],
			[['money', 'project', '--area', EDINBURGH, '--draws', '0', '--db', db], 2, /--draws '0'/],
			[['money', 'project', '--area', EDINBURGH, '--format', 'xml', '--db', db], 2, /--format 'xml'/],
			[['money', 'backtest', '--area', EDINBURGH, '--at', '2024-01-01', '--db', db], 2, /outside what the records can test/],
			[['money', 'backtest', '--area', EDINBURGH, '--db', db], 2, /--at is needed/],
			[['money', 'forecast'], 2, /no 'keep money forecast'/],
		];
		for (const [args, status, message] of cases) {
			const r = keep(args);
			assert.equal(r.status, status, `${args.join(' ')}: ${r.stderr}`);
			assert.match(r.stderr, message, args.join(' '));
			assert.equal(r.stdout, '', args.join(' '));
		}
		const h = keep(['money', '--help']);
		assert.equal(h.status, 0);
		assert.match(h.stdout, /keep money backtest --area/);
	});
});
