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
		// priced by the default unit costs (data/unit-costs.csv)
		assert.equal(p.costed, true);
		assert.ok(p.years.length >= 6 && p.years[0].year === '2024-25' && p.years.at(-1).year === '2029-30');
		for (const y of p.years) assert.ok(y.cost.p5 > 0 && y.cost.p5 <= y.cost.p50 && y.cost.p50 <= y.cost.p95, y.year);
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
		assert.equal(lines.length, 1 + 6 * 15);
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
		assert.match(t.stdout, /The cost of the placements by financial year/);
		assert.match(t.stdout, /2024-25 +£[0-9]+ \(£[0-9]+ to £[0-9]+\) \(part of the year\)/);
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

	test('--scenario: the demo scenario beside the baseline, from the same draws', () => {
		const base = ['money', 'project', '--area', EDINBURGH, '--draws', '100', '--seed', '3', '--format', 'json', '--db', db];
		const b = JSON.parse(keep(base).stdout);
		const r = keep([...base, '--scenario', 'whole-family-wellbeing-fund']);
		assert.equal(r.status, 0, r.stderr);
		const p = JSON.parse(r.stdout);
		// the baseline is the same figures with or without a scenario (common random numbers)
		assert.deepEqual(p.months, b.months);
		assert.deepEqual(p.years, b.years);
		const sc = p.scenario;
		assert.equal(sc.slug, 'whole-family-wellbeing-fund');
		assert.equal(sc.name, 'Whole Family Wellbeing Fund');
		assert.equal(sc.made_up, true);
		assert.equal(sc.months.length, p.months.length);
		assert.deepEqual(sc.years.map((y) => y.year), p.years.map((y) => y.year));
		// the investment: £150m a year from 1 April 2023 to 31 March 2026 (the same in every draw)
		const y = Object.fromEntries(sc.years.map((x) => [x.year, x]));
		assert.deepEqual(y['2025-26'].investment, { p5: 150e6, p50: 150e6, p95: 150e6 });
		assert.equal(y['2027-28'].investment.p50, 0);
		// 2024-25 from 31 July 2024: 244 days of £150m a year
		assert.ok(Math.abs(y['2024-25'].investment.p50 - (150e6 / 365) * 244) < 1);
		for (const x of sc.years) {
			for (const k of ['cost', 'gross_saving', 'net_saving', 'net_position_at_year_end'])
				assert.ok(x[k].p5 <= x[k].p50 && x[k].p50 <= x[k].p95, `${x.year} ${k}`);
			assert.ok(x.cost.p5 > 0, x.year);
		}
		// the net position at the last year's end is that of the last month
		assert.deepEqual(sc.years.at(-1).net_position_at_year_end, sc.months.at(-1).net_position);
		// August 2024: 31 days of £150m a year
		assert.ok(sc.months[1].investment.p50 > 12e6 && sc.months[1].investment.p50 < 13e6);
		for (const k of ['p5', 'p50', 'p95']) assert.match(sc.break_even[k], /^(\d{4}-\d{2}|never)$/);
		assert.ok(sc.break_even.never_share >= 0 && sc.break_even.never_share <= 1);

		const t = keep(['money', 'project', '--area', EDINBURGH, '--draws', '100', '--months', '24', '--scenario',
			'whole-family-wellbeing-fund', '--db', db]);
		assert.equal(t.status, 0, t.stderr);
		assert.match(t.stdout, /The scenario "Whole Family Wellbeing Fund" beside the baseline .*its figures are made up/);
		assert.match(t.stdout, new RegExp(`It was written for Scotland: here its whole investment is set against the children of ${EDINBURGH}\\.`));
		const ts = keep(['money', 'project', '--area', 'scotland', '--draws', '20', '--months', '3', '--scenario',
			'whole-family-wellbeing-fund', '--db', db]);
		assert.equal(ts.status, 0, ts.stderr);
		assert.doesNotMatch(ts.stdout, /It was written for/);
		assert.match(t.stdout, /2025-26 +cost, baseline +£[\d,]+ \(£[\d,]+ to £[\d,]+\)/);
		assert.match(t.stdout, /investment +£150,000,000 \(£150,000,000 to £150,000,000\)/);
		for (const w of ['cost, scenario', 'gross saving', 'net saving', 'net position, to date'])
			assert.ok(t.stdout.includes(w), w);
		assert.match(t.stdout, /Break-even \(the month from whose end the cumulative net position stays at or above £0\): (\d{4}-\d{2} \(\d{4}-\d{2} to (\d{4}-\d{2}|never)\); none by the end of the projection in \d+% of the draws|none by the end of the projection)\.\n/);
		assert.match(t.stdout, /gross saving +-?£[\d,]+ \(-?£[\d,]+ to -?£[\d,]+\)/);

		const c = keep(['money', 'project', '--area', EDINBURGH, '--draws', '50', '--months', '3', '--scenario',
			'whole-family-wellbeing-fund', '--format', 'csv', '--db', db]);
		assert.equal(c.status, 0, c.stderr);
		assert.match(c.stdout, /\n2024-08-01,investment,,12739726,12739726,12739726\n/);
		for (const f of ['scenario_looked_after', 'scenario_cost', 'gross_saving', 'net_saving', 'net_position'])
			assert.match(c.stdout, new RegExp(`\\n2024-08-01,${f},,`), f);
		assert.match(c.stdout, /\n2024-08-01,scenario_children,kinship,/);
		assert.match(c.stdout, /\n,break_even,,\S+,\S+,\S+\n$/);
	});

	test('--price-year, --inflation and --discount: the same draws in other pounds', () => {
		const base = ['money', 'project', '--area', EDINBURGH, '--draws', '100', '--seed', '3', '--format', 'json', '--db', db];
		const b = JSON.parse(keep(base).stdout);
		assert.equal(b.price_year, null);
		assert.equal(b.discount_pct, 0);
		const d = JSON.parse(keep([...base, '--discount', '3.5']).stdout);
		assert.equal(d.discount_pct, 3.5);
		const year = (p, fy) => p.years.find((x) => x.year === fy).cost;
		// the first projected year (2024-25) is not discounted; 2026-27 is ÷ 1.035²
		assert.deepEqual(year(d, '2024-25'), year(b, '2024-25'));
		for (const k of ['p5', 'p50', 'p95'])
			assert.ok(Math.abs(year(d, '2026-27')[k] - year(b, '2026-27')[k] / 1.035 ** 2) < 1e-6 * year(b, '2026-27')[k], k);
		// inflation of 2% a year after the price year 2024-25: 2026-27 is × 1.02²; the
		// weekly costs are moved into 2024-25 pounds first
		const i = JSON.parse(keep([...base, '--price-year', '2024-25', '--inflation', '2']).stdout);
		assert.equal(i.price_year, '2024-25');
		assert.equal(i.inflation_pct, 2);
		const ratio = year(i, '2026-27').p50 / year(i, '2024-25').p50;
		const plain = JSON.parse(keep([...base, '--price-year', '2024-25']).stdout);
		assert.equal(plain.price_year, '2024-25');
		assert.deepEqual(plain.years, b.years, 'at 0% the weekly costs keep their figures');
		const ratio0 = year(plain, '2026-27').p50 / year(plain, '2024-25').p50;
		// (not exactly: each type's weekly cost is moved from its own price year, so the
		// types weigh a little differently in each draw's total)
		assert.ok(Math.abs(ratio / ratio0 - 1.02 ** 2) < 0.002, `${ratio} ${ratio0}`);
		assert.ok(year(i, '2024-25').p50 > year(b, '2024-25').p50, 'the weekly costs of earlier years, inflated to 2024-25');

		const t = keep(['money', 'project', '--area', EDINBURGH, '--draws', '50', '--months', '12', '--price-year', '2025-26',
			'--inflation', '2', '--discount', '3.5', '--db', db]);
		assert.equal(t.status, 0, t.stderr);
		assert.match(t.stdout, /in pounds of 2025-26 \(each weekly cost moved to them at 2% a year\), each later year's inflated at 2% a year, discounted to 2024-25 at 3\.5% a year \(HM Treasury's Green Book rate\):/);
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
			[['money', 'forecast'], 2, /'forecast' is not a money command/],
			[['money', 'project', '--area', EDINBURGH, '--scenario', 'no-such-scenario', '--db', db], 1, /--scenario: there is no scenario called 'no-such-scenario'/],
			[['money', 'project', '--area', EDINBURGH, '--price-year', '2024-26', '--db', db], 2, /--price-year '2024-26' is not a financial year such as 2024-25/],
			[['money', 'project', '--area', EDINBURGH, '--price-year', 'soon', '--db', db], 2, /--price-year 'soon'/],
			[['money', 'project', '--area', EDINBURGH, '--inflation', 'two', '--db', db], 2, /--inflation 'two' is not a percentage a year \(-50 to 100\)/],
			[['money', 'project', '--area', EDINBURGH, '--inflation', '101', '--db', db], 2, /--inflation '101'/],
			[['money', 'project', '--area', EDINBURGH, '--discount', '-1', '--db', db], 2, /--discount '-1' is not a percentage a year \(0 to 100\)/],
			[['money', 'project', '--area', EDINBURGH, '--discount', '', '--db', db], 2, /--discount ''/],
			[['money', 'project', '--area', EDINBURGH, '--discount', '--db', db], 2, /--discount '--db'/],
			[['money', 'backtest', '--area', EDINBURGH, '--at', '2023-07-01', '--scenario', 'whole-family-wellbeing-fund', '--db', db], 2, /--scenario.* are for keep money project/],
			[['money', 'backtest', '--area', EDINBURGH, '--at', '2023-07-01', '--discount', '3.5', '--db', db], 2, /--discount are for keep money project/],
		];
		for (const [args, status, message] of cases) {
			const r = keep(args);
			assert.equal(r.status, status, `${args.join(' ')}: ${r.stderr}`);
			assert.match(r.stderr, message, args.join(' '));
			assert.equal(r.stdout, '', args.join(' '));
		}
		const h = keep(['money', '--help']);
		assert.equal(h.status, 0);
		assert.match(h.stdout, /backtest +how the projection would have done/);
		const hp = keep(['money', 'project', '--help']);
		assert.equal(hp.status, 0);
		assert.match(hp.stdout, /^usage: keep money project --area/);
		for (const o of ['--scenario SLUG', '--price-year Y', '--inflation PCT', '--discount PCT', "HM Treasury's Green Book"])
			assert.ok(hp.stdout.includes(o), o);
		const hb = keep(['money', 'backtest', '-h']);
		assert.match(hb.stdout, /^usage: keep money backtest --area/);
	});
});
