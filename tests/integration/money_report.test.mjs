// The Money in the annual report and as the Board's indicator (docs/money.md, "In the
// annual report and on /review"): keep money spend --publish writes the share of
// community-based health and social care spend on preventative whole family support as
// Scotland's figures (audited, once), /review shows the demo's target with them, and the
// annual report has the section The Money, with placement costs from keep synth's
// records of three councils to 31 July 2025.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';

import { demoDb, keep, request, startServer, tempDir } from './helpers.mjs';

const TODAY = { env: { KEEP_TODAY: '2026-06-01' } };

function sqlite(db, sql) {
	const r = spawnSync('sqlite3', [db, sql], { encoding: 'utf8' });
	if (r.error) throw new Error(`sqlite3: ${r.error.message} (scripts/setup test installs it)`);
	assert.equal(r.status, 0, r.stderr);
	return r.stdout.trim();
}

const figures = (db) => sqlite(db, "SELECT o.period || ' ' || o.value || ' ' || o.source FROM observation o " +
	"JOIN indicator i ON i.id = o.indicator_id WHERE i.slug = 'money-prevention-share' AND o.area = 'S92000003' ORDER BY o.period");
const audits = (db) => Number(sqlite(db, "SELECT count(*) FROM audit WHERE entity = 'observation' AND entity_id LIKE 'money-prevention-share/%'"));

describe('keep money spend --publish', () => {
	test('publishes each ended year once, audited; a second run writes nothing', () => {
		const db = demoDb();
		assert.equal(figures(db), '');
		let r = keep(['money', 'spend', '--publish', '--db', db], TODAY);
		assert.equal(r.status, 0, r.stderr);
		assert.match(r.stdout, /for 4 financial years: 4 added, 0 changed, 0 as before\./);
		const made = ' spend lines entered in keep for';
		const mark = ' (includes lines made up for the demonstration)';
		assert.equal(figures(db), [
			`2023-03-31 42.8${made} 2022-23${mark}`, `2024-03-31 13.3${made} 2023-24${mark}`,
			`2025-03-31 14.0${made} 2024-25${mark}`, `2026-03-31 14.7${made} 2025-26${mark}`,
		].join('\n'));
		assert.equal(audits(db), 4);
		r = keep(['money', 'spend', '--publish', '--db', db], TODAY);
		assert.equal(r.status, 0, r.stderr);
		assert.match(r.stdout, /0 added, 0 changed, 4 as before\./);
		assert.equal(audits(db), 4);
		// A year still running is not published.
		const early = demoDb();
		r = keep(['money', 'spend', '--publish', '--db', early], { env: { KEEP_TODAY: '2026-03-31' } });
		assert.match(r.stdout, /for 3 financial years: 3 added/);
	});

	test('--publish takes no --area, --year or --format, and writes nothing then', () => {
		const db = demoDb();
		for (const extra of [['--year', '2024-25'], ['--area', 'S12000005'], ['--format', 'json']]) {
			const r = keep(['money', 'spend', '--publish', ...extra, '--db', db], TODAY);
			assert.equal(r.status, 2, r.stderr);
			assert.match(r.stderr, /--publish publishes Scotland's figures of every year/);
		}
		assert.equal(audits(db), 0);
	});

	test('keep money spend --help says what --publish does', () => {
		const r = keep(['money', 'spend', '--help']);
		assert.equal(r.status, 0);
		assert.match(r.stdout, /--publish +publish the Oversight Board's indicator "Share of community-based/);
	});
});

describe('The Money on /review, /indicators and in the annual report', () => {
	let server;
	let db;
	before(async () => {
		db = demoDb();
		const data = path.join(tempDir(), 'synth');
		const s = keep(['synth', '--children', '1500', '--councils', '3', '--seed', '11', '--year', '2025', '--out', data]);
		assert.equal(s.status, 0, s.stderr);
		for (const c of ['S12000036', 'S12000047', 'S12000049']) {
			const r = keep(['import', 'records', path.join(data, c), '--council', c, '--year', '2025', '--db', db]);
			assert.equal(r.status, 0, r.stderr);
		}
		assert.equal(keep(['money', 'spend', '--publish', '--db', db], TODAY).status, 0);
		server = await startServer(db, TODAY);
	});
	after(async () => {
		const r = await server?.stop();
		if (r) assert.equal(r.code, 0, `keep serve did not stop cleanly:\n${r.stderr}`);
	});

	test('/review shows the target of 5% by 2030 with its figures, on Money and commissioning and on Investment', async () => {
		const r = await request(`${server.url}/review`);
		assert.equal(r.status, 200);
		for (const [id, action] of [['demo-prevention-share-money-and-commissioning', 'Money and commissioning'], ['demo-prevention-share-investment', 'Investment']]) {
			const at = r.body.indexOf(`<section class="target" id="${id}"`);
			assert.ok(at >= 0, `${id} is on /review`);
			const text = r.body.slice(at, r.body.indexOf('</section>', r.body.indexOf('<table', at))).replace(/<svg[\s\S]*?<\/svg>/g, ' ')
				.replace(/<[^>]+>/g, ' ').replace(/&#39;/g, "'").replace(/\s+/g, ' ');
			assert.match(text, /Share of community-based health and social care spend on preventative whole family support: Scotland/);
			assert.match(text, /The latest figure, 14\.7 on 31 March 2026, meets the target of 5 due by 31 March 2030\./);
			assert.match(text, new RegExp(`Action ${action}`));
			assert.match(text, /31 March 2025 14 Yes spend lines entered in keep for 2024-25 \(includes lines made up for the demonstration\)/);
		}
		const pr = await request(`${server.url}/review/priorities`);
		const scaffolding = pr.body.slice(pr.body.indexOf('aria-labelledby="priority-scaffolding-route-maps"'));
		assert.match(scaffolding.slice(0, scaffolding.indexOf('</section>')), /href="\/review#demo-prevention-share-money-and-commissioning"/);
	});

	test('the route map Money and commissioning and the action Investment list the target, with its status and figure', async () => {
		for (const [slug, id] of [['money-and-commissioning', 'demo-prevention-share-money-and-commissioning'], ['investment', 'demo-prevention-share-investment']]) {
			const r = await request(`${server.url}/actions/${slug}`);
			assert.equal(r.status, 200);
			assert.match(r.body, /<li><a href="#targets">Targets<\/a><\/li>/);
			const at = r.body.indexOf('<h2 id="targets">');
			assert.ok(at > 0, `${slug} has its targets`);
			const part = r.body.slice(at, r.body.indexOf('</section>', at));
			assert.match(part, new RegExp(`<a href="/review#${id}">Share of community-based health and social care spend on preventative whole family support: Scotland</a>`));
			assert.match(part, /<span class="status status-reached"><span class="visually-hidden">Status: <\/span>Reached<\/span>\. The latest figure, 14\.7 on 31 March 2026, meets the target of 5 due by 31 March 2030\./);
		}
		// An action without a target has no such section.
		const r = await request(`${server.url}/actions/advocacy`);
		assert.equal(r.status, 200);
		assert.doesNotMatch(r.body, /id="targets"/);
	});

	test('/indicators lists the indicator with its latest figure', async () => {
		const r = await request(`${server.url}/indicators`);
		assert.equal(r.status, 200);
		const text = r.body.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');
		assert.match(text, /Share of community-based health and social care spend on preventative whole family support/);
		assert.match(text, /14\.7/);
	});

	test('the annual report has The Money: spend, placement costs from the records, the cost of failure', () => {
		const r = keep(['report', 'annual', '--year', '2024', '--format', 'html', '--out', '-', '--db', db], TODAY);
		assert.equal(r.status, 0, r.stderr);
		const html = r.stdout;
		assert.match(html, /<h2 id="money">The Money<\/h2>/);
		const part = html.slice(html.indexOf('<h2 id="money">'), html.indexOf('<h2 id="gaps">'));
		const text = part.replace(/<[^>]+>/g, ' ').replace(/&#39;/g, "'").replace(/\s+/g, ' ');
		assert.match(text, /Organisations recorded £143,184,000 of spending .* in Scotland in 2024-25, in 28 entries/);
		assert.match(text, /All of these figures are made up for the demonstration/);
		assert.match(text, /14\.5% was spent on early help and prevention/);
		assert.match(text, /In 2023-24 the share on early help and prevention was 13\.7%: it went up by 0\.8 percentage points\./);
		// Placement costs from three councils' records: priced types in pounds, the others said to be unpriced.
		assert.match(text, /From the care records of 3 councils/);
		assert.match(text, /Foster care, council [\d,]+ £[\d,]+ \(2016-17 pounds\)/);
		assert.match(text, /With kinship carers [\d,]+ not priced: no published cost/);
		assert.match(text, /Secure care not shown: too few not shown: too few/);
		assert.match(text, /The Money \(Independent Care Review, 2020\) published about £875m a year/);
		assert.match(text, /keep's figure is smaller because/);
		// No child: no name, id or date of birth of the records.
		assert.doesNotMatch(part, /child_id|date of birth|\bborn\b/i);
	});
});
