// Sufficiency to 2030 (docs/places.md "Sufficiency to 2030", "Commissioning", "Where people
// see it"): keep place sufficiency, the page /places/sufficiency and GET /api/v1/sufficiency
// on keep synth's records of two councils imported as a council imports them. Every figure
// grown from the records is a multiple of 5; the gap is places minus children, band by
// band; commissioning fits every projected group; no child's id is ever shown.
//
//   KEEP_BIN=build-test/keep node --test tests/integration/places_sufficiency.test.mjs
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
const validSufficiency = ajv.compile({ $ref: 'openapi#/components/schemas/Sufficiency' });

let server;
let db;
let childIds;
before(async () => {
	db = demoDb();
	const data = path.join(tempDir(), 'synth');
	const s = keep(['synth', '--children', '3000', '--councils', '2', '--seed', '5', '--year', YEAR, '--out', data]);
	assert.equal(s.status, 0, s.stderr);
	for (const c of [GLASGOW, EDINBURGH]) {
		const r = keep(['import', 'records', path.join(data, c), '--council', c, '--year', YEAR, '--db', db]);
		assert.equal(r.status, 0, r.stderr);
	}
	childIds = readFileSync(path.join(data, GLASGOW, 'children.csv'), 'utf8').split('\n').slice(1, 6)
		.map((l) => l.split(',')[0]);
	server = await startServer(db);
});
after(async () => { await server?.stop(); });

const get = (p) => request(server.url + p);
const getJson = async (p) => { const r = await get(p); return { ...r, json: JSON.parse(r.body) }; };
const text = (html) => html.replace(/<[^>]+>/g, ' ').replace(/&#39;/g, "'").replace(/&quot;/g, '"')
	.replace(/&amp;/g, '&').replace(/\s+/g, ' ');
const bands = (b) => [b.p5, b.p50, b.p95];

/* The fewest homes to add, largest groups first (docs/places.md "Commissioning"), worked
 * here again from the JSON's groups and homes. */
function commission(groups, homes) {
	const add = [0, 0, 0];
	let left = 0;
	for (let k = 2; k >= 0; k--) {
		const have = homes[k] + left;
		add[k] = Math.max(0, groups[k] - have);
		left = Math.max(0, have - groups[k]);
	}
	return add;
}

/* Checks one council's figures by the rules. */
function checkCouncil(c) {
	assert.match(c.council, /^S12\d{6}$/);
	assert.equal(c.years.at(-1).year, '2029-30');
	assert.equal(c.years.at(-1).day, '2030-03-31');
	assert.equal(c.today.children.count % 5, 0);
	assert.ok(c.today.children.count > 0);
	assert.deepEqual(c.today.groups.map((g) => g.size), ['1', '2', '3', '4+']);
	for (const g of c.today.groups) {
		assert.equal(g.groups.count % 5, 0);
		if (g.apart) assert.equal(g.apart.count % 5, 0);
	}
	for (const y of c.years) {
		for (const t of y.types) {
			for (const v of bands(t.children)) assert.equal(v % 5, 0, `${c.name} ${y.year} ${t.type}`);
			assert.deepEqual(bands(t.gap), [t.places - t.children.p95, t.places - t.children.p50, t.places - t.children.p5]);
			assert.ok(t.children.p5 <= t.children.p50 && t.children.p50 <= t.children.p95);
			assert.deepEqual(t.bands.map((b) => b.band), ['under_1', '1_4', '5_9', '10_15', '16_17']);
		}
		assert.ok(!y.types.some((t) => t.type === 'short_breaks'), 'short breaks are not where a child lives');
		assert.deepEqual(bands(y.placed.gap), [y.placed.places - y.placed.children.p95,
			y.placed.places - y.placed.children.p50, y.placed.places - y.placed.children.p5]);
		for (const g of y.groups) for (const v of bands(g.groups)) assert.equal(v % 5, 0);
		const homes = y.homes.map((h) => h.homes);
		for (const [i, p] of ['p5', 'p50', 'p95'].entries()) {
			const groups = y.groups.slice(1).map((g) => g.groups[p]);
			assert.deepEqual(y.commission.map((a) => a[p]), commission(groups, homes), `${c.name} ${y.year} ${p}`);
			assert.equal(y.commission_places[p], y.commission.reduce((n, a, k) => n + a[p] * (k + 2), 0));
			void i;
		}
	}
}

describe('keep place sufficiency', () => {
	test('json: every council with records, checked by the rules, and the councils without', () => {
		const r = keep(['place', 'sufficiency', '--format', 'json', '--db', db]);
		assert.equal(r.status, 0, r.stderr);
		const j = JSON.parse(r.stdout);
		assert.ok(validSufficiency(j), ajv.errorsText(validSufficiency.errors));
		assert.deepEqual(j.councils.map((c) => c.council), [EDINBURGH, GLASGOW]);
		assert.equal(j.rounded_to, 5);
		assert.equal(j.draws, 1000);
		for (const c of j.councils) checkCouncil(c);
		assert.ok(j.without_records.some((c) => c.council === CLACKS && c.name === 'Clackmannanshire'));
		assert.equal(j.without_records.length, 30);
		for (const id of childIds) assert.ok(!r.stdout.includes(id));
		// the same records give the same figures
		const again = keep(['place', 'sufficiency', '--format', 'json', '--council', GLASGOW, '--db', db]);
		assert.equal(again.status, 0, again.stderr);
		assert.deepEqual(JSON.parse(again.stdout).councils[0], j.councils[1]);
	});

	test('table and csv', () => {
		const t = keep(['place', 'sufficiency', '--council', GLASGOW, '--db', db]);
		assert.equal(t.status, 0, t.stderr);
		assert.match(t.stdout, /^Glasgow City \(S12000049\)$/m);
		assert.match(t.stdout, /2029-30 \(on 2030-03-31\)/);
		assert.match(t.stdout, /fostering service\s+\d+ \d+ \(\d+ to \d+\)/);
		const c = keep(['place', 'sufficiency', '--council', GLASGOW, '--format', 'csv', '--db', db]);
		assert.equal(c.status, 0, c.stderr);
		const lines = c.stdout.trim().split('\n');
		assert.equal(lines[0], 'council,council_name,year,type,places,children_p5,children_p50,children_p95,gap_p5,gap_p50,gap_p95');
		assert.ok(lines.some((l) => l.startsWith(`${GLASGOW},Glasgow City,2029-30,fostering,`)));
		assert.ok(lines.some((l) => l.startsWith(`${GLASGOW},Glasgow City,2029-30,all,`)));
	});

	test('bad usage is refused; a council with no records is a failure', () => {
		const bad = keep(['place', 'sufficiency', '--council', 'S99', '--db', db]);
		assert.equal(bad.status, 2);
		assert.match(bad.stderr, /--council 'S99' is not a council area's code/);
		const fmt = keep(['place', 'sufficiency', '--format', 'xml', '--db', db]);
		assert.equal(fmt.status, 2);
		assert.match(fmt.stderr, /--format 'xml': expected table, csv or json/);
		const none = keep(['place', 'sufficiency', '--council', CLACKS, '--db', db]);
		assert.equal(none.status, 1);
		assert.match(none.stderr, /holds no care records of S12000005/);
		const help = keep(['place', 'sufficiency', '--help']);
		assert.equal(help.status, 0);
		assert.match(help.stdout, /^usage: keep place sufficiency/);
		const place = keep(['place', '--help']);
		assert.match(place.stdout, /sufficiency {2}children needing a place to 2030/);
	});
});

describe('/places/sufficiency', () => {
	test('every council: a section each, the tables with their captions, plain words, the quick exit', async () => {
		const r = await get('/places/sufficiency');
		assert.equal(r.status, 200, r.body);
		assert.match(r.body, /<h1>Enough places to 2030\?<\/h1>/);
		assert.match(r.body, /class="quick-exit"/);
		assert.ok(!/<script/.test(r.body), 'no JavaScript');
		assert.match(r.body, /<h2 id="c-S12000049">Glasgow City<\/h2>/);
		assert.match(r.body, /<h2 id="c-S12000036">City of Edinburgh<\/h2>/);
		const t = text(r.body);
		assert.match(t, /Places and children likely to need them on 31 March 2030/);
		assert.match(t, /Fostering service \d+ \d+ \(\d+ to \d+\) \d+ (short|spare)|none spare/);
		assert.match(t, /Homes where brothers and sisters can live together on 31 March 2030/);
		assert.match(t, /Councils without care records in keep/);
		assert.match(t, /Clackmannanshire/);
		// the year chosen by default is the last
		assert.match(r.body, /<option value="2029-30" selected>2029-30<\/option>/);
		// no internal names, no child's id
		assert.ok(!/sufficiency\.c|place_|docs\/|\.md\b/.test(t), 'no file or function names');
		for (const id of childIds) assert.ok(!r.body.includes(id));
		// a short is said in words, not only in colour
		assert.match(t, /\d+ short/);
	});

	test('filters: one council, another year; a bad council or year', async () => {
		const r = await get(`/places/sufficiency?council=${GLASGOW}&year=2026-27`);
		assert.equal(r.status, 200, r.body);
		assert.match(r.body, /<h2 id="c-S12000049">Glasgow City<\/h2>/);
		assert.ok(!r.body.includes('id="c-S12000036"'));
		assert.match(text(r.body), /on 31 March 2027/);
		assert.match(r.body, /<option value="S12000049" selected>Glasgow City<\/option>/);
		assert.equal((await get('/places/sufficiency?council=S99')).status, 404);
		assert.equal((await get('/places/sufficiency?year=soon')).status, 400);
		assert.equal((await get('/places/sufficiency?year=2040-41')).status, 404);
		const none = await get(`/places/sufficiency?council=${CLACKS}`);
		assert.equal(none.status, 200);
		assert.match(text(none.body), /There are no care records in keep for the councils chosen/);
	});

	test('the page agrees with the API', async () => {
		const api = (await getJson(`/api/v1/sufficiency?council=${GLASGOW}`)).json;
		const y = api.councils[0].years.at(-1);
		const fostering = y.types.find((t) => t.type === 'fostering');
		const page = text((await get(`/places/sufficiency?council=${GLASGOW}`)).body);
		const mid = fostering.gap.p50;
		const words = mid < 0 ? `${-mid} short` : mid > 0 ? `${mid} spare` : 'none spare';
		assert.ok(page.includes(`Fostering service ${fostering.places} ${fostering.children.p50} (${fostering.children.p5} to ${fostering.children.p95}) ${words}`), page.slice(0, 3000));
	});
});

describe('GET /api/v1/sufficiency', () => {
	test('every council, one council, and its refusals', async () => {
		const r = await getJson('/api/v1/sufficiency');
		assert.equal(r.status, 200, r.body);
		assert.ok(validSufficiency(r.json), ajv.errorsText(validSufficiency.errors));
		assert.equal(r.json.councils.length, 2);
		for (const c of r.json.councils) checkCouncil(c);
		const one = await getJson(`/api/v1/sufficiency?council=${EDINBURGH}`);
		assert.equal(one.status, 200);
		// one council's part is what the command line gives for it alone
		const cli = keep(['place', 'sufficiency', '--format', 'json', '--council', EDINBURGH, '--db', db]);
		assert.equal(cli.status, 0, cli.stderr);
		assert.deepEqual(one.json, JSON.parse(cli.stdout));
		assert.deepEqual(one.json.councils.map((c) => c.council), [EDINBURGH]);
		assert.deepEqual(one.json.without_records, []);
		const bad = await getJson('/api/v1/sufficiency?limit=1');
		assert.equal(bad.status, 400);
		assert.equal(bad.json.error.message, "unknown parameter 'limit': sufficiency takes council only");
		const nf = await getJson('/api/v1/sufficiency?council=S99');
		assert.equal(nf.status, 404);
		assert.equal(nf.json.error.code, 'not_found');
	});
});
