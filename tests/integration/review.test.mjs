// Pace and performance and the gaps (issue 4, items 4 and 5): /review lists every target
// by status with its finding in words and its chart, /review/priorities groups the same
// targets by priority area beside the Board's assessments, and /gaps lists the Change
// Programme's five gaps. The demo data seen on 1 November 2025 (the date of
// tests/unit/test_target.c and test_gaps.c, where the findings are worked by hand).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { after, before, describe, test } from 'node:test';

import { demoDb, demoDbMeasured, request, startServer } from './helpers.mjs';

const TODAY = { env: { KEEP_TODAY: '2025-11-01' } };

// Runs sqlite3 on the database (scripts/setup test installs it).
function sqlite(db, sql) {
	const r = spawnSync('sqlite3', [db, sql], { encoding: 'utf8' });
	if (r.error) throw new Error(`sqlite3: ${r.error.message} (scripts/setup test installs it)`);
	assert.equal(r.status, 0, `sqlite3 ${db} "${sql}": ${r.stderr}`);
	return r.stdout.trim();
}

// What a person reads of some HTML: tags dropped, entities decoded, spaces collapsed.
function words(html) {
	return html
		.replace(/<svg[\s\S]*?<\/svg>/g, ' ')
		.replace(/<[^>]+>/g, ' ')
		.replace(/&#39;/g, "'")
		.replace(/&quot;/g, '"')
		.replace(/&amp;/g, '&')
		.replace(/\s+/g, ' ')
		.replace(/ ([,;])/g, '$1')
		.trim();
}

// The HTML of the element opened by the first match of open, up to its closing tag
// (sections may nest: they are counted).
function element(html, open) {
	const start = html.search(open);
	assert.ok(start >= 0, `no ${open} in the page`);
	const tag = /^<([a-z0-9]+)/.exec(html.slice(start))[1];
	const re = new RegExp(`<(/?)${tag}[\\s>]`, 'g');
	re.lastIndex = start + 1;
	let depth = 1;
	let m;
	while ((m = re.exec(html))) {
		depth += m[1] ? -1 : 1;
		if (depth === 0) return html.slice(start, m.index + tag.length + 3);
	}
	assert.fail(`${open} is not closed`);
}

// A target's section on /review.
const targetSection = (html, id) => element(html, new RegExp(`<section class="target" id="${id}"`));
// A status group's section on /review: the ids of its targets in order.
function groupIds(html, key) {
	const g = element(html, new RegExp(`<section class="status-group" aria-labelledby="group-${key}"`));
	return [...g.matchAll(/<section class="target" id="([^"]+)"/g)].map((m) => m[1]);
}

const FIGURES_NOTE = 'The square is the baseline, circles are the figures, the solid line is the target, long dashes the straight line to it and dots the trend.';

describe('pace and performance and the gaps', () => {
	let server;
	let get;

	before(async () => {
		server = await startServer(demoDbMeasured(), TODAY);
		get = (path) => request(server.url + path);
	});

	after(async () => {
		const r = await server?.stop();
		if (r) assert.equal(r.code, 0, `keep serve did not stop cleanly:\n${r.stderr}`);
	});

	test('/review: every demo target under its status, worst first', async () => {
		const r = await get('/review');
		assert.equal(r.status, 200);
		assert.match(r.headers['content-type'], /^text\/html/);
		const html = r.body;
		assert.match(html, /<h1>Pace and performance<\/h1>/);
		// The groups in the order a reader needs them, each with its count.
		const headings = [...html.matchAll(/<h2 id="group-([a-z-]+)">([^<]+) <span class="count">\((\d+)\)<\/span><\/h2>/g)]
			.map((m) => [m[1], m[2], Number(m[3])]);
		assert.deepEqual(headings, [
			['off-track', 'Off track', 3], ['at-risk', 'At risk', 0], ['on-track', 'On track', 2],
			['reached', 'Reached', 2], ['no-data', 'No data yet', 0],
		]);
		assert.deepEqual(groupIds(html, 'off-track'), ['demo-siblings-scotland', 'demo-siblings-clackmannanshire', 'demo-restraint-scotland']);
		assert.deepEqual(groupIds(html, 'at-risk'), []);
		assert.deepEqual(groupIds(html, 'on-track'), ['demo-looked-after-scotland', 'demo-continuing-care-scotland']);
		// The share of spend on preventative whole family support (keep money spend --publish),
		// on Plan 24-30's route map and on Plan 21-24's action: 14 in 2024-25 against 5.
		assert.deepEqual(groupIds(html, 'reached'), ['demo-prevention-share-investment', 'demo-prevention-share-money-and-commissioning']);
		assert.deepEqual(groupIds(html, 'no-data'), []);
	});

	test('/review: each target says why, in words and with a badge, with its figures and chart', async () => {
		const html = (await get('/review')).body;
		const why = {
			'demo-siblings-scotland': 'The latest figure, 41 on 31 July 2025, is behind the straight line from the baseline to the target (56.11 by then). At the current trend it does not reach the target of 75.',
			'demo-siblings-clackmannanshire': 'The latest figure, 44 on 31 July 2025, is behind the straight line from the baseline to the target (57.22 by then). At the current trend it does not reach the target of 70.',
			'demo-restraint-scotland': 'The latest figure, 63.7 on 31 July 2025, is behind the straight line from the baseline to the target (47.55 by then). At the current trend it does not reach the target of 30.',
			'demo-looked-after-scotland': 'The latest figure, 12073 on 31 July 2025, is on or ahead of the straight line from the baseline to the target (12112.77 by then). At the current trend it reaches the target of 12000 on 11 May 2027, by the due date of 31 July 2030.',
			'demo-continuing-care-scotland': 'The latest figure, 35 on 31 July 2025, is on or ahead of the straight line from the baseline to the target (34.63 by then). At the current trend it reaches the target of 39 on 8 November 2028, by the due date of 31 July 2030.',
		};
		const status = {
			'demo-siblings-scotland': ['off-track', 'Off track'],
			'demo-siblings-clackmannanshire': ['off-track', 'Off track'],
			'demo-restraint-scotland': ['off-track', 'Off track'],
			'demo-looked-after-scotland': ['on-track', 'On track'],
			'demo-continuing-care-scotland': ['on-track', 'On track'],
		};
		for (const [id, sentence] of Object.entries(why)) {
			const s = targetSection(html, id);
			assert.ok(s.includes(`<p class="why">${sentence}</p>`), `${id}: ${words(s)}`);
			const [key, text] = status[id];
			assert.ok(s.includes(`<span class="status status-${key}"><span class="visually-hidden">Status: </span>${text}</span>`), `${id} has the ${text} badge`);
			// Every demo target says it is a demo.
			assert.match(words(s), /A demo target for trying keep; the Oversight Board has not set it\./);
			// One chart each, an image with a title and a description.
			assert.equal([...s.matchAll(/<svg class="chart" role="img"/g)].length, 1, `${id}: one chart`);
			assert.match(s, new RegExp(`aria-labelledby="chart-${id}-t chart-${id}-d"`));
		}

		const sib = words(targetSection(html, 'demo-siblings-scotland'));
		assert.match(sib, /^Children in a sibling group placed with all their brothers and sisters: Scotland /);
		assert.match(sib, /Area Scotland Baseline 41 % on 31 July 2021 Target 75 % by 31 July 2030 Better Higher is better Latest figure 41 % on 31 July 2025 Reaches the target Not at the current trend Source keep measures Action Planning/);
		assert.match(sib, /Period Figure Used Source 31 July 2021 41 No: on or before the baseline date keep measures \(demo\) 31 July 2022 42 Yes keep measures \(demo\)/);
		assert.ok(sib.includes(FIGURES_NOTE));

		const restraint = words(targetSection(html, 'demo-restraint-scotland'));
		assert.match(restraint, /Baseline 61\.6 per 100 on 31 July 2021 Target 30 per 100 by 31 July 2030 Better Lower is better/);
		assert.match(restraint, /Reaches the target Not at the current trend Source/);

		const lookedAfter = targetSection(html, 'demo-looked-after-scotland');
		assert.match(words(lookedAfter), /Baseline 12203 children on 31 July 2021 Target 12000 children by 31 July 2030/);
		assert.match(lookedAfter, /<desc id="chart-demo-looked-after-scotland-d">Baseline 12203 on 31 July 2021; target 12000 by 31 July 2030; 4 observations, the latest 12073 on 31 July 2025; On track\.<\/desc>/);

		// Figures up to the baseline's date are listed and not used (a suppressed one is
		// tested below, under Reached).
		const care = words(targetSection(html, 'demo-continuing-care-scotland'));
		assert.match(care, /31 July 2021 30 No: on or before the baseline date keep measures \(demo\) 31 July 2022 32 No: on or before the baseline date/);
	});

	test('/review?area=: one area\'s targets; an area with none says so; an unknown one is 404', async () => {
		let r = await get('/review?area=S12000005');
		assert.equal(r.status, 200);
		assert.match(r.body, /<h1>Pace and performance: Clackmannanshire<\/h1>/);
		assert.deepEqual([...r.body.matchAll(/<section class="target" id="([^"]+)"/g)].map((m) => m[1]),
			['demo-siblings-clackmannanshire']);
		assert.match(r.body, /<option value="S12000005" selected>Clackmannanshire<\/option>/);

		r = await get('/review?area=S92000003');
		assert.equal(r.status, 200);
		assert.equal([...r.body.matchAll(/<section class="target" id="/g)].length, 6);

		r = await get('/review?area=S12000006');
		assert.equal(r.status, 200);
		assert.match(words(r.body), /No targets are set for Dumfries and Galloway yet\./);
		assert.doesNotMatch(r.body, /<section class="target"/);

		// The form: a GET to /review with a select of all areas, Scotland and the 32 council areas.
		const form = element(r.body, /<form class="filter"/);
		assert.match(form, /method="get" action="\/review"/);
		const options = [...form.matchAll(/<option value="([^"]*)"/g)].map((m) => m[1]);
		assert.equal(options.length, 34);
		assert.deepEqual(options.slice(0, 3), ['', 'S92000003', 'S12000033']); // All, Scotland, then by name: Aberdeen City

		r = await get('/review?area=nowhere');
		assert.equal(r.status, 404);
		assert.match(words(r.body), /No area has the code 'nowhere'\. Choose Scotland or a council area from the list on the review page\./);
	});

	test('/review/priorities: the targets by priority area, with counts, beside the Board\'s assessments', async () => {
		const r = await get('/review/priorities');
		assert.equal(r.status, 200);
		const html = r.body;
		assert.match(html, /<h1>Good enough and fast enough\?<\/h1>/);
		const groups = [...html.matchAll(/<section class="priority-review" aria-labelledby="([^"]+)">/g)].map((m) => m[1]);
		// The plan in force on 1 November 2025 first (Plan 24-30's foundation groups of route
		// maps), then Plan 21-24's priority areas.
		assert.deepEqual(groups, ['priority-voice-route-maps', 'priority-family-route-maps', 'priority-care-route-maps',
			'priority-people-route-maps', 'priority-scaffolding-route-maps', 'priority-a-good-childhood',
			'priority-whole-family-support', 'priority-supporting-the-workforce', 'priority-planning',
			'priority-building-capacity', 'priority-none']);
		const counts = (id) => Object.fromEntries([...element(html, new RegExp(`<section class="priority-review" aria-labelledby="${id}"`))
			.matchAll(/<span class="status status-[a-z-]+">([^<]+)<\/span><\/th><td>(\d+)<\/td>/g)].map((m) => [m[1], Number(m[2])]));
		assert.deepEqual(counts('priority-planning'), { 'Off track': 2, 'At risk': 0, 'On track': 0, Reached: 1, 'No data yet': 0 });
		assert.deepEqual(counts('priority-scaffolding-route-maps'), { 'Off track': 0, 'At risk': 0, 'On track': 0, Reached: 1, 'No data yet': 0 });
		assert.deepEqual(counts('priority-a-good-childhood'), { 'Off track': 1, 'At risk': 0, 'On track': 0, Reached: 0, 'No data yet': 0 });
		assert.deepEqual(counts('priority-none'), { 'Off track': 0, 'At risk': 0, 'On track': 2, Reached: 0, 'No data yet': 0 });
		assert.deepEqual(counts('priority-whole-family-support'), { 'Off track': 0, 'At risk': 0, 'On track': 0, Reached: 0, 'No data yet': 0 });

		const planning = words(element(html, /<section class="priority-review" aria-labelledby="priority-planning"/));
		// The targets, worst first, linking to their sections on /review.
		assert.match(planning, /Children in a sibling group placed with all their brothers and sisters: Scotland Status: Off track Children in a sibling group placed with all their brothers and sisters: Clackmannanshire Status: Off track/);
		assert.match(html, /<a href="\/review#demo-siblings-scotland">/);
		// The Board's latest assessment of each action of the priority area.
		assert.match(planning, /The Board's latest assessments Planning Assessment: Under way but not yet sufficient Investment Assessment: Work is underway\. Information sharing Assessment: Under way but not yet sufficient Data Assessment: No assessment yet/);
		const family = words(element(html, /<section class="priority-review" aria-labelledby="priority-whole-family-support"/));
		assert.match(family, /No targets measure this priority area yet\./);
		const none = words(element(html, /<section class="priority-review" aria-labelledby="priority-none"/));
		assert.match(none, /^Not linked to an action /);
		assert.match(none, /Children looked after on 31 July: Scotland Status: On track Eligible care leavers who took up continuing care: Scotland Status: On track/);
		assert.doesNotMatch(none, /assessments/);
	});

	test('/gaps: the five lists with their counts, links and names, and a contents list', async () => {
		const r = await get('/gaps');
		assert.equal(r.status, 200);
		const html = r.body;
		assert.match(words(html), /Where the work to keep The Promise has gaps, as the Change Programme named them, on 1 November 2025: 142 in all\./);
		const contents = words(element(html, /<nav class="contents"/));
		// Plan 21-24's 15 actions (3 with a lead, 10 with a commitment) and Plan 24-30's 24
		// route maps, none with a lead or a commitment in the demo.
		assert.equal(contents, 'Contents Actions with no lead organisation (36) Actions no one has committed to (29) '
			+ 'Commitments past their due date and not done (8) Organisations that have committed to nothing (38) '
			+ 'Council areas with no local target (31)');
		for (const id of ['actions_without_lead', 'actions_without_commitment', 'overdue_commitments',
			'organisations_without_commitments', 'areas_without_target']) {
			assert.match(html, new RegExp(`<a href="#${id}">`));
			assert.match(html, new RegExp(`<h2 id="${id}">`));
		}
		const items = (id) => element(html, new RegExp(`<section class="gap" aria-labelledby="${id}"`)).match(/<li>/g)?.length ?? 0;
		assert.equal(items('actions_without_lead'), 12 + 24);
		assert.equal(items('actions_without_commitment'), 5 + 24);
		assert.equal(items('overdue_commitments'), 8);
		assert.equal(items('organisations_without_commitments'), 38);
		assert.equal(items('areas_without_target'), 31);

		const noLead = element(html, /<section class="gap" aria-labelledby="actions_without_lead"/);
		assert.match(noLead, /<li><a href="\/actions\/advocacy">Advocacy<\/a> <span class="detail">in A good childhood, a priority area of Plan 21-24<\/span><\/li>/);
		const overdue = element(html, /<section class="gap" aria-labelledby="overdue_commitments"/);
		assert.match(overdue, /<li><a href="\/commitments\/sg-girfec-refresh-information-sharing-charter">The Scottish Government has committed to a refresh of GIRFEC/);
		assert.match(words(overdue), /by Scottish Government, for Information sharing; due 31 December 2021; status: Not yet recorded/);
		assert.match(overdue, /<a href="\/organisations\/scottish-government">Scottish Government<\/a>, for <a href="\/actions\/information-sharing">Information sharing<\/a>/);
		// Organisations and council areas by name, not by code.
		const orgs = element(html, /<section class="gap" aria-labelledby="organisations_without_commitments"/);
		assert.match(words(orgs), /Aberdeen City Council Public; Aberdeen City/);
		assert.match(orgs, /<a href="\/organisations\/aberdeen-city-council">/);
		assert.doesNotMatch(orgs, /S12\d{6}/);
		const areas = words(element(html, /<section class="gap" aria-labelledby="areas_without_target"/));
		assert.match(areas, /Dumfries and Galloway/);
		assert.doesNotMatch(areas, /Clackmannanshire|S12\d{6}/);
	});

	test('the API gives the same findings: /api/v1/review and /api/v1/gaps', async () => {
		const r = await get('/api/v1/review');
		assert.equal(r.status, 200);
		const review = JSON.parse(r.body);
		assert.equal(review.date, '2025-11-01');
		assert.deepEqual(Object.fromEntries(review.data.map((t) => [t.id, t.pace.status])), {
			'demo-siblings-scotland': 'off-track',
			'demo-siblings-clackmannanshire': 'off-track',
			'demo-looked-after-scotland': 'on-track',
			'demo-restraint-scotland': 'off-track',
			'demo-continuing-care-scotland': 'on-track',
			'demo-prevention-share-investment': 'reached',
			'demo-prevention-share-money-and-commissioning': 'reached',
		});
		assert.equal(review.data.find((t) => t.id === 'demo-looked-after-scotland').pace.reach_at, '2027-05-11');
		const restraint = review.data.find((t) => t.id === 'demo-restraint-scotland');
		assert.equal(restraint.pace.reach_at, null);
		assert.equal(restraint.action, 'safe-loving-relationships');
		assert.equal(restraint.priority, 'a-good-childhood');

		const g = JSON.parse((await get('/api/v1/gaps')).body);
		assert.equal(g.date, '2025-11-01');
		assert.deepEqual(Object.fromEntries(Object.entries(g.data).map(([k, v]) => [k, Array.isArray(v) ? v.length : v])), {
			actions_without_lead: 12 + 24, actions_without_commitment: 5 + 24, overdue_commitments: 8,
			organisations_without_commitments: 38, areas_without_target: 31, total: 142,
		});
	});

	test('the site navigation leads to Review and Gaps', async () => {
		const home = (await get('/')).body;
		assert.match(home, /<li><a href="\/review">Review<\/a><\/li>/);
		assert.match(home, /<li><a href="\/gaps">Gaps<\/a><\/li>/);
		assert.match((await get('/review')).body, /<li><a href="\/review" aria-current="page">Review<\/a><\/li>/);
		assert.match((await get('/gaps')).body, /<li><a href="\/gaps" aria-current="page">Gaps<\/a><\/li>/);
	});
});

describe('a target reached, with a suppressed figure', () => {
	let server;

	before(async () => {
		// A local target in Dumfries and Galloway, a figure for 2023 that meets it and a
		// suppressed one for 2024.
		const db = demoDb();
		sqlite(db, "INSERT INTO target(slug, indicator_id, area, note, baseline, baseline_at, value, due, better) "
			+ "SELECT 'test-siblings-dg', id, 'S12000006', NULL, 40, '2021-07-31', 70, '2030-07-31', 'higher' "
			+ "FROM indicator WHERE slug = 'measure-siblings-all-share'; "
			+ "INSERT INTO observation(indicator_id, area, period, value, suppressed, source) "
			+ "SELECT id, 'S12000006', '2023-07-31', 72, 0, 'a test' FROM indicator WHERE slug = 'measure-siblings-all-share'; "
			+ "INSERT INTO observation(indicator_id, area, period, value, suppressed, source) "
			+ "SELECT id, 'S12000006', '2024-07-31', NULL, 1, 'keep measures (demo)' FROM indicator WHERE slug = 'measure-siblings-all-share';");
		server = await startServer(db, TODAY);
	});

	after(async () => {
		const r = await server?.stop();
		if (r) assert.equal(r.code, 0, `keep serve did not stop cleanly:\n${r.stderr}`);
	});

	test('is under Reached; the suppressed figure shows as Suppressed and is not used', async () => {
		const r = await request(`${server.url}/review?area=S12000006`);
		assert.equal(r.status, 200);
		assert.deepEqual(groupIds(r.body, 'reached'), ['test-siblings-dg']);
		const s = targetSection(r.body, 'test-siblings-dg');
		assert.ok(s.includes('<p class="why">The latest figure, 72 on 31 July 2023, meets the target of 70 due by 31 July 2030.</p>'), words(s));
		assert.match(words(s), /Period Figure Used Source 31 July 2023 72 Yes a test 31 July 2024 Suppressed No: suppressed figures are not used keep measures \(demo\)/);
		assert.doesNotMatch(s, /<p class="note">/);
		assert.match(words(s), /Latest figure 72 % on 31 July 2023 Reaches the target Already reached: the latest figure meets the target Source/);
		// One figure after the baseline: the chart says so.
		assert.ok(words(s).includes(`One observation so far: the trend is the line from the baseline through it. ${FIGURES_NOTE}`));
		// The gap closes: Dumfries and Galloway now has a local target.
		const gaps = (await request(`${server.url}/gaps`)).body;
		assert.match(words(gaps), /Council areas with no local target \(30\)/);
	});
});

describe('a gap list that is empty', () => {
	let server;

	before(async () => {
		// A local target in every council area, and every commitment done.
		const db = demoDb();
		sqlite(db, "INSERT INTO target(slug, indicator_id, area, baseline, baseline_at, value, due, better) "
			+ "SELECT 'test-' || lower(ca.code), i.id, ca.code, 1, '2024-01-01', 2, '2030-01-01', 'higher' "
			+ "FROM council_area ca, indicator i WHERE i.slug = 'measure-restraint-rate' "
			+ "AND NOT EXISTS (SELECT 1 FROM target t WHERE t.area = ca.code); "
			+ "UPDATE commitment SET status = 'done';");
		server = await startServer(db, TODAY);
	});

	after(async () => {
		const r = await server?.stop();
		if (r) assert.equal(r.code, 0, `keep serve did not stop cleanly:\n${r.stderr}`);
	});

	test('says there is none, and counts 0', async () => {
		const html = (await request(`${server.url}/gaps`)).body;
		const areas = element(html, /<section class="gap" aria-labelledby="areas_without_target"/);
		assert.equal(words(areas), 'Council areas with no local target (0) Every council area has a local target.');
		assert.doesNotMatch(areas, /<ul/);
		const overdue = element(html, /<section class="gap" aria-labelledby="overdue_commitments"/);
		assert.equal(words(overdue), 'Commitments past their due date and not done (0) No commitment is past its due date without being done.');
		assert.match(words(element(html, /<nav class="contents"/)), /Council areas with no local target \(0\)$/);
		// A target with no figures since its baseline: still a chart, and it says so.
		const none = words(targetSection((await request(`${server.url}/review?area=S12000033`)).body, 'test-s12000033'));
		assert.ok(none.includes(`No observations yet: the chart shows only the baseline and the target. ${FIGURES_NOTE}`));
		assert.match(none, /Latest figure No figures since the baseline yet Reaches the target Not known until there are figures/);
	});
});
