// keep measures and /measures (issue 5, items 5-7): the published measures from the
// database and straight from files, as table, csv and json; suppressed cells marked and
// never shown; a council with no import is "no data"; --publish writes observations with
// one audit record; the page shows the same figures. The data is keep synth's: two
// councils, small enough that some counts are 1 to 4.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';

import { demoDb, keep, request, startServer, tempDir } from './helpers.mjs';

const YEAR = '2024';
const EDINBURGH = 'S12000036';
const GLASGOW = 'S12000049';

// A CSV line's fields (RFC 4180: quoted fields may hold commas and doubled quotes).
function fields(line) {
	const out = [];
	let rest = line;
	for (;;) {
		const m = rest.match(/^("(?:[^"]|"")*"|[^,]*)(,|$)/);
		out.push(m[1].startsWith('"') ? m[1].slice(1, -1).replaceAll('""', '"') : m[1]);
		rest = rest.slice(m[0].length);
		if (!m[2]) return out;
	}
}

function csvRows(text) {
	const lines = text.trim().split('\n');
	const head = fields(lines[0]);
	return lines.slice(1).map((l) => Object.fromEntries(fields(l).map((v, i) => [head[i], v])));
}

describe('keep measures', () => {
	let db;
	let data;
	let councils;

	before(() => {
		db = demoDb();
		data = path.join(tempDir(), 'synth');
		const s = keep(['synth', '--children', '1500', '--councils', '3', '--seed', '11', '--year', YEAR, '--out', data]);
		assert.equal(s.status, 0, s.stderr);
		councils = [GLASGOW, EDINBURGH];
		for (const c of councils) {
			const r = keep(['import', 'records', path.join(data, c), '--council', c, '--year', YEAR, '--db', db]);
			assert.equal(r.status, 0, r.stderr);
		}
	});

	test('csv: every council area, Scotland the sum of the councils with data, suppressed cells marked', () => {
		const r = keep(['measures', '--year', YEAR, '--format', 'csv', '--db', db]);
		assert.equal(r.status, 0, r.stderr);
		const rows = csvRows(r.stdout);
		assert.deepEqual(Object.keys(rows[0]), ['area', 'name', 'year', 'measure', 'key', 'label', 'value', 'unit', 'status']);
		// 32 council areas: two with data, the rest one "no_data" row each; then Scotland.
		const noData = rows.filter((x) => x.status === 'no_data');
		assert.equal(noData.length, 30);
		assert.ok(noData.some((x) => x.area === 'S12000047' && x.name === 'Fife'));
		const get = (area, key) => rows.find((x) => x.area === area && x.key === key);
		for (const key of ['looked_after', 'mix_foster', 'started', 'moves', 'placed']) {
			const g = get(GLASGOW, key), e = get(EDINBURGH, key), s = get('S92000003', key);
			if ([g, e, s].every((x) => x.status === 'published'))
				assert.equal(Number(s.value), Number(g.value) + Number(e.value), key);
		}
		assert.equal(get('S92000003', 'looked_after').name, 'Scotland');
		// Every suppressed cell shows [c] and no figure; every published count is 0 or 5+.
		const hidden = rows.filter((x) => x.status === 'primary' || x.status === 'secondary');
		assert.ok(hidden.length > 0, 'some cells are suppressed');
		for (const x of hidden) assert.equal(x.value, '[c]', `${x.area} ${x.key}`);
		for (const x of rows.filter((y) => y.status === 'published' && y.unit !== '%' && !y.key.endsWith('_rate') && y.key !== 'moves_per_child' && y.key !== 'population'))
			assert.ok(Number(x.value) === 0 || Number(x.value) >= 5, `${x.area} ${x.key} = ${x.value} is published`);
		// A council's rate per 1,000: its 2017 population (NRS, ages 0 to 17: 110,863)
		// scaled by Scotland's 1,030,055 (2017) to 1,012,300 (2024): 108,952.06 -> 108,952.
		assert.equal(get(GLASGOW, 'population').value, '108952');
		assert.equal(get(GLASGOW, 'population').status, 'published');
		const la = get(GLASGOW, 'looked_after');
		if (la.status === 'published') {
			const rate = Math.round((Number(la.value) * 1000 * 10) / 108952) / 10;
			assert.equal(Number(get(GLASGOW, 'looked_after_rate').value), rate);
		}
		// Scotland with two of 32 councils: their counts and their populations summed.
		const pe = get(EDINBURGH, 'population').value;
		assert.equal(pe, '84987');
		assert.equal(get('S92000003', 'population').value, String(108952 + 84987));
		// 2023: Scotland's latest figure by then is 2017's, used as it is.
		const y23 = csvRows(keep(['measures', '--year', '2023', '--format', 'csv', '--db', db]).stdout);
		assert.equal(y23.find((x) => x.area === EDINBURGH && x.key === 'population').value, '86478');
		// 2016: before any figure keep has, the population and the rate are not available,
		// and the table says why, for the council and for Scotland.
		const y16 = keep(['measures', '--year', '2016', '--council', EDINBURGH, '--db', db]);
		assert.equal(y16.status, 0, y16.stderr);
		assert.match(y16.stdout, /^City of Edinburgh[^\n]*\n {2}Population aged 0 to 17: not available: keep has no figure for the year or before it$/m);
		assert.match(y16.stdout, /^Scotland[^\n]*\n {2}Population aged 0 to 17: not available: a council with data has none$/m);
		assert.match(y16.stdout, /Looked after per 1,000 aged 0 to 17 +not available/);
	});

	test('--council: the same figures as in the whole table (it is protected whole), with Scotland', () => {
		const all = csvRows(keep(['measures', '--year', YEAR, '--format', 'csv', '--db', db]).stdout);
		const r = keep(['measures', '--year', YEAR, '--council', EDINBURGH, '--format', 'csv', '--db', db]);
		assert.equal(r.status, 0, r.stderr);
		const one = csvRows(r.stdout);
		assert.deepEqual([...new Set(one.map((x) => x.area))], [EDINBURGH, 'S92000003']);
		assert.deepEqual(one, all.filter((x) => x.area === EDINBURGH || x.area === 'S92000003'));
	});

	test('json and table agree with csv', () => {
		const csv = csvRows(keep(['measures', '--year', YEAR, '--council', GLASGOW, '--format', 'csv', '--db', db]).stdout);
		const j = JSON.parse(keep(['measures', '--year', YEAR, '--council', GLASGOW, '--format', 'json', '--db', db]).stdout);
		assert.equal(j.year, 2024);
		const g = j.areas.find((a) => a.area === GLASGOW);
		assert.equal(g.import, `${GLASGOW}/2024`);
		for (const c of g.cells) {
			const x = csv.find((y) => y.area === GLASGOW && y.key === c.key);
			assert.equal(c.status, x.status, c.key);
			assert.equal(c.suppressed ? '[c]' : (c.value ?? ''), x.value, c.key);
		}
		const t = keep(['measures', '--year', YEAR, '--council', GLASGOW, '--db', db]);
		assert.equal(t.status, 0, t.stderr);
		assert.match(t.stdout, /^Glasgow City \(S12000049\), the year to 31 July 2024, from the import S12000049\/2024$/m);
		assert.match(t.stdout, /^Scotland \(S92000003\), the year to 31 July 2024, the sum of 2 councils$/m);
		assert.match(t.stdout, /^ {2}Population aged 0 to 17: the 2017 figure, scaled by the change in Scotland's from 2017 to 2024$/m);
		assert.match(t.stdout, /^ {2}Population aged 0 to 17: the sum of the 2 councils' populations$/m);
		assert.equal(g.population, "the 2017 figure, scaled by the change in Scotland's from 2017 to 2024");
		const la = g.cells.find((c) => c.key === 'looked_after');
		assert.match(t.stdout, new RegExp(`Looked after on 31 July +${la.value} children`));
		assert.match(t.stdout, /\[c\]: confidential/);
		if (g.cells.some((c) => c.status === 'primary')) assert.match(t.stdout, /\[c\] \(primary\)/);
	});

	test('a council with no import has no data; the latest import of the year or later is used', () => {
		const r = keep(['measures', '--year', YEAR, '--council', 'S12000047', '--db', db]);
		assert.equal(r.status, 0, r.stderr);
		assert.match(r.stdout, /^Fife \(S12000047\): no data for the year to 31 July 2024$/m);
		// 2023 comes from the 2024 imports (records hold the history).
		const y = JSON.parse(keep(['measures', '--year', '2023', '--format', 'json', '--db', db]).stdout);
		assert.equal(y.areas.find((a) => a.area === GLASGOW).import, `${GLASGOW}/2024`);
		// 2025: no import that late.
		const z = JSON.parse(keep(['measures', '--year', '2025', '--format', 'json', '--db', db]).stdout);
		assert.equal(z.areas.filter((a) => a.data).length, 0);
		const none = keep(['measures', '--year', '2025', '--db', db]);
		assert.equal(none.status, 0, none.stderr);
		assert.equal(none.stdout, 'No council has care records for the year to 31 July 2025.\n');
	});

	test('--from DIR: the same council figures straight from the files, nothing written', () => {
		const before = keep(['audit', '--format', 'json', '--db', db]).stdout;
		const r = keep(['measures', '--from', path.join(data, 'S12000047'), '--council', 'S12000047', '--year', YEAR, '--format', 'json']);
		assert.equal(r.status, 0, r.stderr);
		const j = JSON.parse(r.stdout);
		assert.equal(j.areas.length, 1);
		assert.equal(j.areas[0].area, 'S12000047');
		assert.ok(j.areas[0].cells.find((c) => c.key === 'looked_after').value > 0);
		assert.equal(keep(['audit', '--format', 'json', '--db', db]).stdout, before);
		// Glasgow from its files gives its own figures as the database does for the
		// counts published in both (its table alone is protected alone).
		const f = JSON.parse(keep(['measures', '--from', path.join(data, GLASGOW), '--council', GLASGOW, '--year', YEAR, '--format', 'json']).stdout);
		const d = JSON.parse(keep(['measures', '--year', YEAR, '--council', GLASGOW, '--format', 'json', '--db', db]).stdout);
		const dg = d.areas.find((a) => a.area === GLASGOW);
		for (const c of f.areas[0].cells) {
			const other = dg.cells.find((x) => x.key === c.key);
			if (c.status === 'published' && other.status === 'published') assert.equal(c.value, other.value, c.key);
		}
	});

	test('--from with the database: nothing the national table hides of the council is shown', () => {
		// The national table hides cells of Glasgow to protect Edinburgh's (Scotland is
		// their sum); Glasgow's files alone would publish them, and with the national
		// table Edinburgh's hidden counts would follow by subtraction.
		const national = JSON.parse(keep(['measures', '--year', YEAR, '--format', 'json', '--db', db]).stdout);
		const g = national.areas.find((a) => a.area === GLASGOW);
		const r = keep(['measures', '--from', path.join(data, GLASGOW), '--council', GLASGOW, '--year', YEAR, '--format', 'json', '--db', db]);
		assert.equal(r.status, 0, r.stderr);
		const f = JSON.parse(r.stdout);
		assert.deepEqual(f.areas.map((a) => a.area), [GLASGOW]);
		let hiddenThere = 0;
		for (const c of g.cells) {
			const mine = f.areas[0].cells.find((x) => x.key === c.key);
			if (c.suppressed) {
				hiddenThere++;
				assert.equal(mine.suppressed, true, `${c.key} is hidden in the national table`);
				assert.equal(mine.value, null, c.key);
			} else {
				// The files are the import: the same figure, shown as the national table shows it.
				assert.equal(mine.suppressed, false, c.key);
				assert.equal(mine.value, c.value, c.key);
			}
		}
		assert.ok(hiddenThere > 0);
		assert.equal(f.national, true);
		// The table says what it is.
		const t = keep(['measures', '--from', path.join(data, GLASGOW), '--council', GLASGOW, '--year', YEAR, '--db', db]);
		assert.equal(t.status, 0, t.stderr);
		assert.match(t.stdout, /as the national table of the database would show them with these files in place of the council's import/);
		// No database at the default place: as the national table would be with no other
		// council, and it says so; a database named with --db that is not there fails.
		const none = keep(['measures', '--from', path.join(data, GLASGOW), '--council', GLASGOW, '--year', YEAR], { env: { KEEP_DB: path.join(tempDir(), 'none.db') } });
		assert.equal(none.status, 0, none.stderr);
		assert.match(none.stdout, /if no other council's figures were in it \(there is no database\)/);
		const missing = keep(['measures', '--from', path.join(data, GLASGOW), '--council', GLASGOW, '--year', YEAR, '--db', path.join(tempDir(), 'none.db')]);
		assert.equal(missing.status, 1);
		assert.equal(missing.stdout, '');
	});

	test('--from with a broken file: the problems, exit 1, no measures', () => {
		const dir = path.join(tempDir(), 'broken');
		keep(['synth', '--children', '50', '--councils', '1', '--seed', '2', '--year', YEAR, '--out', dir]);
		const c = path.join(dir, GLASGOW);
		const ep = readFileSync(path.join(c, 'episodes.csv'), 'utf8').split('\n');
		ep[1] = ep[1].replace(/^([^,]*),[^,]*/, '$1,2024-02-30');
		writeFileSync(path.join(c, 'episodes.csv'), ep.join('\n'));
		const r = keep(['measures', '--from', c, '--council', GLASGOW, '--year', YEAR]);
		assert.equal(r.status, 1);
		assert.match(r.stderr, /episodes\.csv:2:\d+: /);
		assert.match(r.stderr, /keep measures: problems in the records: no measures were worked out/);
		assert.equal(r.stdout, '');
	});

	test('bad usage says what is wrong', () => {
		const cases = [
			[['--format', 'xml'], /--format 'xml': expected table, csv or json/],
			[['--year', '19x'], /--year '19x' is not a year from 1901 to/],
			[['--from', '/tmp'], /--from DIR needs --council CODE and --year YYYY/],
			[['--council', 'S99999999', '--year', YEAR], /--council 'S99999999' is not a council area's code/],
			[['--publish'], /--publish needs --year YYYY/],
			[['extra'], /unexpected 'extra'/],
		];
		for (const [args, re] of cases) {
			const r = keep(['measures', ...args, '--db', db]);
			assert.equal(r.status, 2, args.join(' '));
			assert.match(r.stderr, re);
			assert.match(r.stderr, /Try 'keep measures --help'/);
		}
		const empty = demoDb('empty.db');
		const r = keep(['measures', '--db', empty]);
		assert.equal(r.status, 1);
		assert.match(r.stderr, /holds no care records: import them with 'keep import records' first/);
	});

	test('--publish: observations for every published cell, suppressed ones as suppressed, one audit record', () => {
		const r = keep(['measures', '--publish', '--year', YEAR, '--db', db]);
		assert.equal(r.status, 0, r.stderr);
		assert.match(r.stdout, /^Published the measures for the year to 31 July 2024 as oversight observations: \d+ written \(\d+ suppressed\), 2 councils with data, \d+ new indicators\.$/m);
		const obs = JSON.parse(keep(['export', 'observations', '--format', 'json', '--db', db]).stdout)
			.filter((o) => o.indicator.startsWith('measure-'));
		const j = JSON.parse(keep(['measures', '--year', YEAR, '--format', 'json', '--db', db]).stdout);
		const g = j.areas.find((a) => a.area === GLASGOW);
		const la = obs.find((o) => o.indicator === 'measure-looked-after' && o.area === GLASGOW);
		assert.equal(la.period, '2024-07-31');
		assert.equal(la.value, Number(g.cells.find((c) => c.key === 'looked_after').value));
		assert.equal(la.source, `keep measures (import ${GLASGOW}/2024)`);
		assert.equal(la.suppressed, false);
		const sc = obs.find((o) => o.indicator === 'measure-looked-after' && o.area === 'S92000003');
		assert.equal(sc.source, "keep measures (the sum of 2 councils' imports)");
		for (const c of g.cells.filter((x) => x.suppressed)) {
			const o = obs.find((x) => x.indicator === `measure-${c.key.replaceAll('_', '-')}` && x.area === GLASGOW);
			assert.equal(o.suppressed, true, c.key);
			assert.equal(o.value, null, c.key);
		}
		let audit = JSON.parse(keep(['audit', '--entity', 'measures', '--format', 'json', '--db', db]).stdout);
		assert.equal(audit.length, 1);
		assert.equal(audit[0].verb, 'create');
		assert.equal(audit[0].entity_id, '2024');
		assert.deepEqual(audit[0].after.imports, [EDINBURGH, GLASGOW].map((c) => `${c}/2024`).sort());
		// Again: the same observations, an update.
		assert.equal(keep(['measures', '--publish', '--year', YEAR, '--db', db]).status, 0);
		audit = JSON.parse(keep(['audit', '--entity', 'measures', '--format', 'json', '--db', db]).stdout);
		assert.equal(audit.length, 2);
		assert.equal(audit[1].verb, 'update');
		const again = JSON.parse(keep(['export', 'observations', '--format', 'json', '--db', db]).stdout)
			.filter((o) => o.indicator.startsWith('measure-'));
		assert.equal(again.length, obs.length);
		// The measures' indicators are computed (no figure of them typed by hand)
		// and say which count children (their hand-typed figures would be protected too).
		const inds = JSON.parse(keep(['export', 'indicators', '--format', 'json', '--db', db]).stdout)
			.filter((x) => x.id.startsWith('measure-'));
		assert.ok(inds.length > 40);
		assert.ok(inds.every((x) => x.computed === true));
		const children = inds.filter((x) => x.counts_children).map((x) => x.id);
		for (const id of ['measure-looked-after', 'measure-secure-16-17', 'measure-siblings-all', 'measure-continuing-care']) {
			assert.ok(children.includes(id), id);
		}
		for (const id of ['measure-population', 'measure-moves', 'measure-siblings-all-share', 'measure-restraint-rate', 'measure-restraints']) {
			assert.ok(!children.includes(id), id);
		}
		const file = path.join(tempDir(), 'typed.csv');
		writeFileSync(file, `indicator,area,period,value,suppressed,source\nmeasure-looked-after,${GLASGOW},2024-07-31,12,no,Board\n`);
		const typed = keep(['import', 'observations', file, '--db', db]);
		assert.equal(typed.status, 1);
		assert.match(typed.stderr, /indicator 'measure-looked-after': The figures of 'Children looked after on 31 July' are worked out by keep from the councils' care records and published with keep measures --publish; they cannot be typed in\. The figure for this area and date came from keep measures \(import S12000049\/2024\)\./);
	});
});

describe('/measures', () => {
	let server;
	let db;

	before(async () => {
		db = demoDb();
		const data = path.join(tempDir(), 'synth');
		assert.equal(keep(['synth', '--children', '1500', '--councils', '2', '--seed', '11', '--year', YEAR, '--out', data]).status, 0);
		assert.equal(keep(['import', 'records', path.join(data, GLASGOW), '--council', GLASGOW, '--year', YEAR, '--db', db]).status, 0);
		server = await startServer(db);
	});
	after(async () => server && (await server.stop()));

	test('the table of the chosen council beside Scotland, as keep measures gives it', async () => {
		const r = await request(`${server.url}/measures?year=2024&council=${GLASGOW}`);
		assert.equal(r.status, 200);
		const j = JSON.parse(keep(['measures', '--year', YEAR, '--council', GLASGOW, '--format', 'json', '--db', db]).stdout);
		const g = j.areas.find((a) => a.area === GLASGOW);
		const la = g.cells.find((c) => c.key === 'looked_after').value;
		assert.match(r.body, new RegExp(`<tr><th scope="row">Looked after on 31 July</th>\\n<td class="num">${la}</td>\\n<td class="num">${la}</td></tr>`));
		assert.match(r.body, /<caption>The measures for the year to 31 July 2024: Glasgow City and Scotland \(the sum of 1 council with data\)<\/caption>/);
		const hidden = g.cells.filter((c) => c.suppressed).length;
		assert.ok(hidden > 0);
		// Each suppressed cell twice (the council and Scotland, the same sums) at most, each with its reason.
		const marks = r.body.match(/\[c\]<span class="visually-hidden"> \(confidential: [^)]*\)<\/span>/g) || [];
		assert.ok(marks.length >= hidden);
		assert.match(r.body, /<dt>\[c\]<\/dt><dd>Confidential\./);
		// The council's rate per 1,000, and where its population came from.
		const rate = g.cells.find((c) => c.key === 'looked_after_rate');
		assert.equal(rate.status, 'published');
		assert.match(r.body, new RegExp(`<tr><th scope="row">Looked after per 1,000 aged 0 to 17</th>\\n<td class="num">${rate.value}</td>`));
		assert.match(r.body, /<p>Population aged 0 to 17 used here: Glasgow City, the 2017 figure, scaled by the change in Scotland&#39;s from 2017 to 2024; Scotland, that of the one council with data\.<\/p>/);
		assert.match(r.body, /<li>Fife<\/li>/); // no data
		assert.match(r.body, /<option value="S12000047">Fife \(no data\)<\/option>/);
	});

	test('the council\'s cells exactly as the national table shows them', async () => {
		const j = JSON.parse(keep(['measures', '--year', YEAR, '--format', 'json', '--db', db]).stdout);
		const g = j.areas.find((a) => a.area === GLASGOW);
		const r = await request(`${server.url}/measures?year=2024&council=${GLASGOW}`);
		assert.equal(r.status, 200);
		const esc = (x) => x.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
		for (const c of g.cells) {
			const shown = c.suppressed ? '\\[c\\]<span' : c.missing ? 'not available' : esc(c.value + (c.unit === '%' ? '%' : '')) + '</td>';
			assert.match(r.body, new RegExp(`<tr><th scope="row">${esc(c.label)}</th>\\n<td class="num">${shown}`), c.key);
		}
	});

	test('placed far from home (measure 12) in the table, the CSV, the JSON and the page', async () => {
		const j = JSON.parse(keep(['measures', '--year', YEAR, '--council', GLASGOW, '--format', 'json', '--db', db]).stdout);
		const g = j.areas.find((a) => a.area === GLASGOW);
		const far = g.cells.find((c) => c.key === 'far_from_home');
		assert.equal(far.measure, 12);
		assert.equal(far.title, 'Placed far from home');
		// keep synth gives every placement a home and a real district: distances are known.
		const unknown = g.cells.find((c) => c.key === 'distance_not_known');
		assert.equal(unknown.status, 'published');
		assert.equal(unknown.value, '0');
		assert.ok(['published', 'primary', 'secondary'].includes(far.status));
		const shown = far.suppressed ? '\\[c\\]' : far.value;
		const t = keep(['measures', '--year', YEAR, '--council', GLASGOW, '--db', db]).stdout;
		assert.match(t, /^ {2}12\. Placed far from home$/m);
		assert.match(t, new RegExp(`Placed more than 20 miles from home +${shown}`));
		const csv = csvRows(keep(['measures', '--year', YEAR, '--council', GLASGOW, '--format', 'csv', '--db', db]).stdout);
		const row = csv.find((x) => x.area === GLASGOW && x.key === 'far_from_home');
		assert.equal(row.measure, '12');
		assert.equal(row.value, far.suppressed ? '[c]' : far.value);
		const r = await request(`${server.url}/measures?year=2024&council=${GLASGOW}`);
		assert.match(r.body, new RegExp(`<tr><th scope="row">Placed more than 20 miles from home</th>\\n<td class="num">${shown}`));
	});

	test('the latest year by default; a bad year is 400, an unknown council 404', async () => {
		const r = await request(`${server.url}/measures`);
		assert.equal(r.status, 200);
		assert.match(r.body, /<option value="2024" selected>2024<\/option>/);
		assert.equal((await request(`${server.url}/measures?year=twenty`)).status, 400);
		assert.equal((await request(`${server.url}/measures?council=S99999999`)).status, 404);
	});

	// The page reads the table that the import worked out and stored; it never works
	// a table out per view. Taking the records away behind keep's back shows it: the
	// page is the stored table still, while keep measures (which works it out) has none.
	test('reads the table stored at import and publication, not the records', async () => {
		const before = await request(`${server.url}/measures?year=2024&council=${GLASGOW}`);
		assert.equal(before.status, 200);
		const none = await request(`${server.url}/measures?year=2019`);
		assert.equal(none.status, 200);
		assert.match(none.body, /No council has records for the year to 31 July 2019\./);
		const worked = () => keep(['measures', '--year', YEAR, '--council', GLASGOW, '--format', 'json', '--db', db]).stdout;
		const was = worked();
		const r = spawnSync('sqlite3', [db, 'DELETE FROM care_restraint; DELETE FROM care_school_change;'], { encoding: 'utf8' });
		assert.equal(r.status, 0, r.stderr);
		assert.notEqual(worked(), was, 'the records were not changed');
		const after = await request(`${server.url}/measures?year=2024&council=${GLASGOW}&x=${Math.random()}`);
		assert.equal(after.status, 200);
		assert.equal(after.body, before.body, 'the page worked the table out again from the records');
	});

	test('a database with records but no stored tables (made by an older keep) says so, until the measures are published', async () => {
		const copy = path.join(tempDir(), 'older.db');
		const c = spawnSync('sqlite3', [db, `VACUUM INTO '${copy}'`], { encoding: 'utf8' });
		assert.equal(c.status, 0, c.stderr);
		assert.equal(spawnSync('sqlite3', [copy, 'DELETE FROM measures_stored;']).status, 0);
		const older = await startServer(copy);
		try {
			const r = await request(`${older.url}/measures`);
			assert.equal(r.status, 200);
			assert.match(r.body, /Councils have brought their care records, but the measures have not been worked out since keep was last updated\./);
			const p = keep(['measures', '--publish', '--year', YEAR, '--db', copy]);
			assert.equal(p.status, 0, p.stderr);
			const after = await request(`${older.url}/measures?council=${GLASGOW}`);
			assert.match(after.body, /<caption>The measures for the year to 31 July 2024: Glasgow City and Scotland/);
		} finally {
			await older.stop();
		}
	});

	test('with no care records, the page says so', async () => {
		const empty = await startServer(demoDb('empty.db'));
		try {
			const r = await request(`${empty.url}/measures`);
			assert.equal(r.status, 200);
			assert.match(r.body, /No council has brought its care records to keep yet/);
		} finally {
			await empty.stop();
		}
	});
});
