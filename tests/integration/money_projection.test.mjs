// /money/projection and GET /api/v1/projection (docs/money.md, "Where people see the projection"): the
// projection of children by placement type and of cost to March 2030 from imported care
// records, its charts with their words and tables, the table by year, the backtest; the
// API's JSON against data/openapi.json; an area with no records, an unknown area or
// scenario, draws out of range. The data is keep synth's: two councils.
//
//   KEEP_BIN=build-test/keep node --test tests/integration/money_projection.test.mjs
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import Ajv2020 from 'ajv/dist/2020.js';

import { ROOT, demoDb, keep, request, startServer, tempDir } from './helpers.mjs';

const YEAR = '2025';
const GLASGOW = 'S12000049';
const EDINBURGH = 'S12000036';
const CLACKS = 'S12000005'; // no records imported

const doc = JSON.parse(readFileSync(path.join(ROOT, 'data/openapi.json'), 'utf8'));
const ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: false });
ajv.addSchema(doc, 'openapi');
const validProjection = ajv.compile({ $ref: 'openapi#/components/schemas/Projection' });

let server;
let childIds;
before(async () => {
	const db = demoDb();
	const data = path.join(tempDir(), 'synth');
	const s = keep(['synth', '--children', '3000', '--councils', '2', '--seed', '5', '--year', YEAR, '--out', data]);
	assert.equal(s.status, 0, s.stderr);
	for (const c of [GLASGOW, EDINBURGH]) {
		const r = keep(['import', 'records', path.join(data, c), '--council', c, '--year', YEAR, '--db', db]);
		assert.equal(r.status, 0, r.stderr);
	}
	// A few of the council's own child ids, which must never be shown.
	childIds = readFileSync(path.join(data, GLASGOW, 'children.csv'), 'utf8').split('\n').slice(1, 6)
		.map((l) => l.split(',')[0]);
	server = await startServer(db);
});
after(async () => { await server?.stop(); });

const get = (p) => request(server.url + p);
// A page's words: tags dropped, the entities the templates write decoded.
const text = (html) => html.replace(/<[^>]+>/g, ' ').replace(/&#39;/g, "'").replace(/&quot;/g, '"')
	.replace(/&amp;/g, '&').replace(/\s+/g, ' ');

describe('/money/projection', () => {
	test('a council: the two fan charts with their words, the tables by year, the backtest and the assumptions', async () => {
		const r = await get(`/money/projection?area=${GLASGOW}`);
		assert.equal(r.status, 200, r.body);
		assert.match(r.body, /<h1>Children and cost to March 2030: Glasgow City<\/h1>/);
		// Two SVG charts, each an image with a title and a description in words.
		const svgs = r.body.match(/<svg class="chart fan" role="img"[^>]*>/g) ?? [];
		assert.equal(svgs.length, 2);
		assert.match(r.body, /<title id="fan-children-t">Children looked after in Glasgow City, by placement type<\/title>/);
		assert.match(r.body, /<desc id="fan-children-d">[^<]*by month from [A-Z][a-z]+ 2025 to March 2030[^<]*<\/desc>/);
		assert.match(r.body, /<title id="fan-cost-t">The cost of placements a month in Glasgow City<\/title>/);
		// The band and the median of each line; lines told apart by pattern, named in the key.
		assert.ok((r.body.match(/class="fan-band"/g) ?? []).length >= 3);
		assert.match(r.body, /class="fan-median"[^>]*stroke-dasharray="8 4"/);
		// The tables: children by type on 31 March each year, the cost each year.
		const t = text(r.body);
		assert.match(t, /Children looked after on the last day of each year to 31 March, by placement type/);
		assert.match(r.body, /<th scope="col" class="num">31 March 2030<\/th>/);
		assert.match(r.body, /<th scope="row">All children looked after<\/th>/);
		assert.match(r.body, /<th scope="row">2029-30<\/th>/);
		assert.match(t, /\d+ \(\d+ to \d+\)/);
		assert.match(r.body, /£[\d.]+[km]? <span class="band">\(£[\d.]+[km]? to £[\d.]+[km]?\)<\/span>/);
		// The backtest, in plain words.
		assert.match(t, /How far to trust this/);
		assert.match(t, /12 months on, on \d+ [A-Z][a-z]+ 20\d\d, the records show [\d,]+ children looked after; keep's central estimate was [\d,]+\. For \d+ of the 14 figures/);
		assert.match(t, /24 months on/);
		assert.match(t, /The estimates were (close|rough|far off)/);
		// The assumptions, without internal names.
		assert.match(t, /What this assumes/);
		assert.match(t, /in one council's records/);
		// How it is worked out: the rules' own sections, as text, with no file or function named.
		assert.match(r.body, /<summary>How the rates are estimated from the records<\/summary>/);
		assert.match(r.body, /<summary>How the projection is made<\/summary>/);
		assert.match(t, /The age band is by whole years of age on the day \(under 1, 1 to 4/);
		assert.doesNotMatch(r.body, /\.md\b|\.c\b|\.h\b|money_|src\/|`|\*\*|\{\{/);
		// Never a child's own id.
		for (const id of childIds) assert.ok(!r.body.includes(id), `${id} is on the page`);
	});

	test('Scotland (the default) is worked out from every council with records', async () => {
		const r = await get('/money/projection');
		assert.equal(r.status, 200, r.body);
		assert.match(r.body, /<h1>Children and cost to March 2030: Scotland<\/h1>/);
		assert.match(text(r.body), /in 2 councils' records/);
		assert.match(r.body, /<option value="S92000003" selected>Scotland<\/option>/);
	});

	test('a scenario beside the baseline: by year, its investment, savings, net position and break-even, marked made up', async () => {
		const r = await get('/money/projection?area=S92000003&scenario=whole-family-wellbeing-fund');
		assert.equal(r.status, 200, r.body);
		const t = text(r.body);
		assert.match(r.body, /<option value="whole-family-wellbeing-fund" selected>Whole Family Wellbeing Fund<\/option>/);
		assert.match(t, /Made up: the scenario's figures are made up/);
		for (const col of ['Children without', 'Cost without', 'Children with', 'Cost with', 'Investment', 'Gross saving', 'Net saving', 'Net position so far'])
			assert.match(r.body, new RegExp(`<th scope="col" class="num">${col}</th>`), col);
		// 2025-26: the fund's £150m a year to 31 March 2026, for the 244 days projected
		// (31 July 2025 to 31 March 2026): 150m × 244 / 365 = £100.3m; nothing after.
		assert.match(t, /2025-26 [\d,]+ \([\d,]+ to [\d,]+\) £[\d.]+[km]? \(£[\d.]+[km]? to £[\d.]+[km]?\) [\d,]+ \([\d,]+ to [\d,]+\) £[\d.]+[km]? \(£[\d.]+[km]? to £[\d.]+[km]?\) £100.3m /);
		assert.match(t, /2026-27 [\d,]+ \([\d,]+ to [\d,]+\) £[\d.]+[km]? \(£[\d.]+[km]? to £[\d.]+[km]?\) [\d,]+ \([\d,]+ to [\d,]+\) £[\d.]+[km]? \(£[\d.]+[km]? to £[\d.]+[km]?\) £0 /);
		assert.match(t, /The scenario: Whole Family Wellbeing Fund/);
		assert.match(t, /(The savings pay back the investment by \d+ [A-Z][a-z]+ 20\d\d|In the central estimate the savings do not pay back the investment by March 2030)/);
		assert.match(t, /What it invests Whole Family Wellbeing Fund, its first year: £50m a year from 1 April 2022 to 31 March 2023, paid by Scottish Government/);
		assert.match(t, /fewer children coming into care: 2% to 10% fewer/);
		// The cost chart draws both.
		assert.match(r.body, />Without the scenario<\/text>/);
		assert.match(r.body, />With the scenario<\/text>/);
	});

	test('a scenario of another area is a 422 saying whose it is', async () => {
		const r = await get(`/money/projection?area=${GLASGOW}&scenario=whole-family-wellbeing-fund`);
		assert.equal(r.status, 422);
		assert.match(text(r.body), /The scenario 'Whole Family Wellbeing Fund' is for Scotland/);
	});

	test('an area with no records is a 422 page saying so; an unknown area or scenario a 404', async () => {
		const none = await get(`/money/projection?area=${CLACKS}`);
		assert.equal(none.status, 422);
		assert.match(text(none.body), /Clackmannanshire has no care records in keep, so there is nothing to project from/);
		const unknown = await get('/money/projection?area=S99');
		assert.equal(unknown.status, 404);
		assert.match(text(unknown.body), /No area has the code 'S99'/);
		const sc = await get(`/money/projection?area=${GLASGOW}&scenario=no-such-scenario`);
		assert.equal(sc.status, 404);
		assert.match(text(sc.body), /No scenario is called 'no-such-scenario'/);
	});
});

describe('GET /api/v1/projection', () => {
	test('a council: every month to March 2030 with its bands, as the description says, keys in its order', async () => {
		const r = await get(`/api/v1/projection?area=${GLASGOW}&draws=200`);
		assert.equal(r.status, 200, r.body);
		const j = JSON.parse(r.body);
		assert.ok(validProjection(j), ajv.errorsText(validProjection.errors));
		const props = Object.keys(doc.components.schemas.Projection.properties).filter((k) => k !== 'break_even');
		assert.deepEqual(Object.keys(j), props);
		assert.equal(j.area, GLASGOW);
		assert.equal(j.draws, 200);
		assert.equal(j.councils, 1);
		assert.equal(j.scenario, null);
		assert.equal(j.months.at(-1).month, '2030-03-01');
		assert.equal(j.years.at(-1).year, '2029-30');
		for (const m of j.months) {
			for (const b of [m.children, m.cost, ...Object.values(m.children_by_type)])
				assert.ok(b.p5 <= b.p50 && b.p50 <= b.p95, `${m.month}: ${JSON.stringify(b)}`);
		}
		assert.ok(j.months[0].children.p50 > 0);
		// Published: every count of children a multiple of 5, every month's cost of
		// £10,000 and year's of £100,000 ("Publishing a projection").
		for (const m of j.months) {
			for (const b of [m.children, ...Object.values(m.children_by_type)])
				for (const v of [b.p5, b.p50, b.p95]) assert.equal(v % 5, 0, `${m.month}: ${JSON.stringify(b)}`);
			for (const v of [m.cost.p5, m.cost.p50, m.cost.p95]) assert.equal(v % 10000, 0, `${m.month}: ${v}`);
		}
		for (const y of j.years) assert.equal(y.cost.p50 % 100000, 0, y.year);
		assert.equal(j.fitted.children % 5, 0);
		// The same request gives the same answer (a fixed seed).
		const again = await get(`/api/v1/projection?draws=200&area=${GLASGOW}`);
		assert.equal(again.body, r.body);
	});

	test('with a scenario: its figures each month, by year, and the break-even band', async () => {
		const r = await get('/api/v1/projection?scenario=whole-family-wellbeing-fund&draws=100');
		assert.equal(r.status, 200, r.body);
		const j = JSON.parse(r.body);
		assert.ok(validProjection(j), ajv.errorsText(validProjection.errors));
		assert.deepEqual(Object.keys(j), Object.keys(doc.components.schemas.Projection.properties));
		assert.equal(j.scenario, 'whole-family-wellbeing-fund');
		assert.equal(j.area, 'S92000003');
		assert.equal(j.councils, 2);
		for (const m of j.months) {
			assert.ok(m.scenario, m.month);
			const s = m.scenario;
			// gross is the baseline's cost less the scenario's, net less the investment
			assert.ok(s.net_position.p5 <= s.net_position.p50 && s.net_position.p50 <= s.net_position.p95);
		}
		// £150m a year to 31 March 2026, for the 244 days projected in 2025-26; none after.
		const y = j.years.find((x) => x.year === '2025-26');
		assert.ok(Math.abs(y.investment.p50 - 150e6 * 244 / 365) < 0.01 * 150e6, JSON.stringify(y.investment));
		assert.equal(j.years.find((x) => x.year === '2026-27').investment.p95, 0);
		assert.deepEqual(Object.keys(j.break_even), ['p5', 'p50', 'p95', 'never_share']);
	});

	test('prices: one year\'s pounds, inflation and discounting change the cost as the rule says; bad values are 422', async () => {
		const base = JSON.parse((await get(`/api/v1/projection?area=${GLASGOW}&draws=100`)).body);
		// Every priced cost brought to 2024-25 at 2% a year costs more than in its own
		// (earlier) years; the children do not change.
		const up = JSON.parse((await get(`/api/v1/projection?area=${GLASGOW}&draws=100&price_year=2024-25&inflation=2`)).body);
		assert.equal(up.price_year, '2024-25');
		assert.deepEqual(up.months.map((m) => m.children), base.months.map((m) => m.children));
		assert.ok(up.years[0].cost.p50 > base.years[0].cost.p50 * 1.05, `${up.years[0].cost.p50} against ${base.years[0].cost.p50}`);
		// Discounting at 3.5%: the first year as it was, the last smaller by at least 1.035^3.
		const d = JSON.parse((await get(`/api/v1/projection?area=${GLASGOW}&draws=100&discount=3.5`)).body);
		assert.equal(d.years[0].cost.p50, base.years[0].cost.p50);
		const last = d.years.length - 1;
		assert.ok(d.years[last].cost.p50 < base.years[last].cost.p50 / 1.035 ** 3, `${d.years[last].cost.p50}`);
		for (const [k, v] of [['price_year', '2024-26'], ['price_year', '1999'], ['inflation', '-1'], ['inflation', '21'],
			['discount', 'x'], ['discount', '3.5%']]) {
			const r = await get(`/api/v1/projection?area=${GLASGOW}&draws=10&${k}=${encodeURIComponent(v)}`);
			assert.equal(r.status, 422, `${k}=${v}`);
			assert.match(JSON.parse(r.body).error.message, new RegExp(`^${k} must be`));
		}
		const page = await get(`/money/projection?area=${GLASGOW}&price_year=2024-25&inflation=2&discount=3.5`);
		assert.equal(page.status, 200);
		assert.match(text(page.body), /the pounds of 2024-25, each cost brought to that year at 2% a year, and rise at that rate in later years; each year after the first is discounted at 3.5% a year/);
		assert.match(page.body, /<details class="filter-more" open>/);
		assert.match(page.body, /name="discount" type="text" inputmode="decimal" value="3.5"/);
		const bad = await get(`/money/projection?area=${GLASGOW}&inflation=lots`);
		assert.equal(bad.status, 400);
		assert.match(text(bad.body), /How much prices rise must be a percentage a year from 0 to 20, such as 3.5, not 'lots'/);
	});

	test('draws out of range is a 422; another parameter a 400; an area with no records a 422', async () => {
		for (const d of ['0', '5001', 'x', '']) {
			const r = await get(`/api/v1/projection?area=${GLASGOW}&draws=${d}`);
			assert.equal(r.status, 422, `draws=${d}`);
			assert.deepEqual(JSON.parse(r.body), {
				error: { code: 'invalid', message: `draws must be a whole number from 1 to 5000, not '${d}'` },
			});
		}
		const extra = await get(`/api/v1/projection?area=${GLASGOW}&seed=1`);
		assert.equal(extra.status, 400);
		const none = await get(`/api/v1/projection?area=${CLACKS}`);
		assert.equal(none.status, 422);
		assert.equal(JSON.parse(none.body).error.code, 'invalid');
	});
});
