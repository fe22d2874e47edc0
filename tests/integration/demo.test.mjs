// The demo as `make run` makes it: `keep init --demo`, then scripts/demo-records
// (keep synth --places, keep place import services and vacancies, keep import records for each council, keep measures --publish for five
// years, keep money spend --publish). The Board's demo targets sit on keep's computed
// measures (and two on the computed share of spend), so /review, the
// measures and the annual report give the same figures, and each target's baseline is the
// measures' figure for its date. DEMO_MEASURES, which other tests publish without making
// the records, is checked against the real thing here.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';

import { DEMO_MEASURES, KEEP_BIN, ROOT, assertNoSanitizerReport, keep, request, startServer, tempDir } from './helpers.mjs';

const ENV = { KEEP_TODAY: '2026-11-25' };

describe('the demo made by make run', () => {
	let db;
	let server;
	const measures = {}; // year -> keep measures --format json

	before(async () => {
		db = path.join(tempDir(), 'keep.db');
		assert.equal(keep(['init', '--demo', '--db', db]).status, 0);
		const r = spawnSync('sh', [path.join(ROOT, 'scripts', 'demo-records'), KEEP_BIN, db], {
			encoding: 'utf8', env: { ...process.env, ...ENV }, timeout: 600000,
		});
		assert.equal(r.status, 0, r.stderr);
		assertNoSanitizerReport(r.stderr, 'scripts/demo-records');
		for (let y = 2021; y <= 2025; y++) {
			const m = keep(['measures', '--year', String(y), '--format', 'json', '--db', db], { env: ENV });
			assert.equal(m.status, 0, m.stderr);
			measures[y] = JSON.parse(m.stdout);
		}
		server = await startServer(db, { env: ENV });
	});

	after(async () => {
		const r = await server?.stop();
		if (r) assert.equal(r.code, 0, r.stderr);
	});

	// The measures' cell for an indicator "measure-<key>" in area on period's year.
	const cell = (indicator, area, period) => {
		const key = indicator.replace(/^measure-/, '').replaceAll('-', '_');
		const a = measures[Number(period.slice(0, 4))].areas.find((x) => x.area === area);
		return a.cells.find((c) => c.key === key);
	};

	test('every demo target is on a computed measure, and /review shows the measures\' figures', { timeout: 120000 }, async () => {
		const all = JSON.parse((await request(`${server.url}/api/v1/review`)).body).data;
		assert.equal(all.length, 7);
		// Two are on the share of spend on preventative whole family support, computed from
		// the demo's spend lines (scripts/demo-records: keep money spend --publish): one on
		// Plan 24-30's route map, one on Plan 21-24's action, each with the four years'
		// figures and the 2023-24 figure as its baseline.
		const money = all.filter((t) => t.indicator.id === 'money-prevention-share');
		assert.deepEqual(money.map((t) => t.action).sort(), ['investment', 'money-and-commissioning']);
		for (const t of money) {
			const ind = JSON.parse((await request(`${server.url}/api/v1/indicators/${t.indicator.id}`)).body).data;
			assert.equal(ind.computed, true, t.id);
			assert.deepEqual(t.observations.map((o) => [o.period, o.value]),
				[['2023-03-31', 42.8], ['2024-03-31', 13.3], ['2025-03-31', 14], ['2026-03-31', 14.7]]);
			assert.equal(t.baseline, 13.3);
			assert.equal(t.baseline_at, '2024-03-31');
		}
		const review = all.filter((t) => t.indicator.id !== 'money-prevention-share');
		assert.equal(review.length, 5);
		for (const t of review) {
			assert.match(t.indicator.id, /^measure-/, t.id);
			const ind = JSON.parse((await request(`${server.url}/api/v1/indicators/${t.indicator.id}`)).body).data;
			assert.equal(ind.computed, true, t.id);
			assert.equal(t.observations.length, 5, `${t.id}: a figure for each of the five years`);
			for (const o of t.observations) {
				const c = cell(t.indicator.id, t.area, o.period);
				assert.equal(o.suppressed, c.suppressed, `${t.id} ${o.period}`);
				assert.equal(o.value, c.suppressed ? null : Number(c.value), `${t.id} ${o.period}`);
			}
			// The baseline is the measures' figure for the baseline's date.
			assert.equal(t.baseline, Number(cell(t.indicator.id, t.area, t.baseline_at).value), `${t.id} baseline`);
		}
		// What the other tests publish without making the records is what the records give.
		for (const [indicator, area, values] of DEMO_MEASURES) {
			values.forEach((v, i) => {
				const c = cell(indicator, area, `${2021 + i}-07-31`);
				assert.equal(c.suppressed ? null : Number(c.value), v, `${indicator} ${area} ${2021 + i}`);
			});
		}
	});

	test('/measures and the annual report say the same figures as /review', { timeout: 120000 }, async () => {
		const page = (await request(`${server.url}/measures?year=2025`)).body;
		const la = cell('measure-looked-after', 'S92000003', '2025-07-31').value;
		assert.equal(la, '12073');
		assert.match(page, /12,?073/);
		const review = (await request(`${server.url}/review`)).body;
		assert.match(review, /The latest figure, 12073 on 31 July 2025, is on or ahead of the straight line/);
		const r = keep(['report', 'annual', '--year', '2025', '--format', 'html', '--out', '-', '--db', db], { env: ENV });
		assert.equal(r.status, 0, r.stderr);
		assert.match(r.stdout, /Baseline 12203 on 31 July 2021; target 12000 by 31 July 2030; 4 observations, the latest 12073 on 31 July 2025; On track\./);
		assert.match(r.stdout, /Baseline 41 on 31 July 2021; target 75 by 31 July 2030; 4 observations, the latest 41 on 31 July 2025; Off track\./);
	});

	test('the demo has made-up care services, 58 fostering services, vacancy returns, and placements in them', () => {
		// scripts/demo-records: keep synth --places (docs/places.md "Synthetic services,
		// vacancies and requests"), imported with keep place import.
		const r = keep(['place', 'services', '--format', 'json', '--db', db], { env: ENV });
		assert.equal(r.status, 0, r.stderr);
		const all = JSON.parse(r.stdout);
		assert.ok(all.length >= 1350 && all.length <= 1650, `${all.length} services`);
		assert.ok(all.every((s) => s.made_up), 'every service made up');
		assert.equal(all.filter((s) => s.type === 'fostering' && !s.outside_scotland).length, 58);
		const returns = spawnSync('sqlite3', [db, 'SELECT count(*) FROM place_vacancy;'], { encoding: 'utf8' });
		assert.equal(returns.status, 0, returns.stderr);
		assert.ok(Number(returns.stdout) >= 800 && Number(returns.stdout) <= 1000, `${returns.stdout} vacancy returns`);
		// The placements name them: every placement a service provides.
		const p = spawnSync('sqlite3', [db, "SELECT count(*), count(service), sum(service IS NOT NULL AND service NOT IN (SELECT regno FROM place_service)) FROM care_placement WHERE type NOT IN ('home_parents', 'kinship', 'crisis_care', 'young_offender_institution');"], { encoding: 'utf8' });
		assert.equal(p.status, 0, p.stderr);
		const [n, named, unknown] = p.stdout.trim().split('|').map(Number);
		assert.ok(n > 0);
		assert.equal(named, n);
		assert.equal(unknown, 0);
	});
});
