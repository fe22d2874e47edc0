// The Plan's pages across plans: the home page names the plan in force and the phase
// Scotland is in; a route map's page shows where Scotland is now, the 2030 outcomes, its
// milestones with dates, who leads and each statement's source, and says "Not yet
// recorded" for what no source states; a plan's page states counts of what it lists.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';

import { ROOT, demoDb, request, startServer } from './helpers.mjs';

const PLAN = JSON.parse(readFileSync(path.join(ROOT, 'data', 'plan.json'), 'utf8'));
const plan = (slug) => PLAN.plans.find((p) => p.slug === slug);
const routeMap = (slug) => plan('plan-24-30').priorities.flatMap((p) => p.actions).find((a) => a.slug === slug);

// The text of an HTML fragment: tags dropped, entities that keep writes undone, white
// space squeezed.
const text = (html) => html.replace(/<[^>]*>/g, ' ').replace(/&#39;|&#x27;/g, "'").replace(/&quot;/g, '"')
	.replace(/&amp;/g, '&').replace(/\s+/g, ' ').trim();
// The part of a page from the heading with id to the next <section> or </main>.
const section = (html, id) => {
	const at = html.indexOf(`id="${id}"`);
	assert.ok(at >= 0, `no element with id ${id}`);
	const rest = html.slice(at);
	const end = rest.search(/<section|<\/main>/);
	return end < 0 ? rest : rest.slice(0, end);
};
const escape = (s) => s.replace(/&/g, '&amp;').replace(/'/g, '&#39;').replace(/"/g, '&quot;');

describe('plans, route maps and the plan in force', () => {
	let server;
	let earlier;

	before(async () => {
		const db = demoDb();
		server = await startServer(db, { env: { KEEP_TODAY: '2026-12-07' } });
		earlier = await startServer(db, { env: { KEEP_TODAY: '2030-04-02' } });
	});

	after(async () => {
		for (const s of [server, earlier]) {
			const r = await s?.stop();
			if (r) assert.equal(r.code, 0, r.stderr);
		}
	});

	test('the home page names the plan in force today and the phase Scotland is in', async () => {
		const r = await request(`${server.url}/`);
		assert.equal(r.status, 200);
		const now = text(section(r.body, 'now'));
		assert.match(now, /The plan in force today is Plan 24-30 \(1 April 2024 to 31 March 2030\)/);
		assert.match(r.body, /<a href="\/plans\/plan-24-30">Plan 24-30<\/a>/);
		assert.match(now, /Scotland is in Consolidation \(Years Five to Seven\)/);
		// Its route maps are listed under their foundations, each linked.
		const work = section(r.body, 'progress');
		assert.match(text(work), /Foundations of Plan 24-30/);
		assert.match(work, /<a href="\/actions\/where-children-live">Where children live<\/a>/);
		assert.doesNotMatch(work, /\/actions\/planning"/, 'an ended plan\'s actions are not the work in force');
		// Earlier plans stay a link away.
		assert.match(text(section(r.body, 'plans')), /Plan 21-24 \(1 April 2021 to 31 March 2024, ended\)/);
		assert.match(section(r.body, 'plans'), /<a href="\/plans\/plan-21-24">/);
	});

	test('outside every published plan\'s dates the home page says so', async () => {
		const r = await request(`${earlier.url}/`);
		assert.equal(r.status, 200);
		assert.match(text(section(r.body, 'now')), /No plan is in force today/);
	});

	test('a route map shows where Scotland is now, its 2030 outcomes, milestones, who leads and its sources', async () => {
		const want = routeMap('legislation-2030');
		const r = await request(`${server.url}/actions/legislation-2030`);
		assert.equal(r.status, 200);
		assert.match(r.body, /<h1>Legislation<\/h1>/);
		assert.match(text(r.body), /Foundation Scaffolding route maps in Plan 24-30/);

		const now = section(r.body, 'now');
		assert.match(text(now), /Where is Scotland now\?/);
		assert.ok(text(now).includes(want.now), 'the text of where Scotland is now');

		const outcomes = section(r.body, 'outcomes');
		assert.match(text(outcomes), /Where should Scotland be by 2030\?/);
		const items = [...outcomes.matchAll(/<li>([\s\S]*?)<\/li>/g)].map((m) => text(m[1]));
		assert.deepEqual(items, want.outcomes.split('\n'));

		const leads = section(r.body, 'leads');
		assert.ok(text(leads).includes(want.leads_text));

		// Each milestone with its date (where the source gives one) and its source.
		const ms = section(r.body, 'milestones');
		const lis = [...ms.matchAll(/<li>([\s\S]*?)<\/li>\s*(?=<li>|<\/ol>)/g)].map((m) => m[1]);
		assert.equal(lis.length, want.timeline.length);
		for (const [i, m] of want.timeline.entries()) {
			assert.ok(text(lis[i]).includes(m.text), `milestone ${i}`);
			assert.match(lis[i], new RegExp(`<a href="${escape(m.source).replace(/[.?*+^$()[\]{}|\\]/g, '\\$&')}">`), `milestone ${i}'s source`);
			if (m.due) assert.match(lis[i], new RegExp(`<time datetime="${m.due}">${m.when}</time>`));
			else if (m.when) assert.ok(text(lis[i]).includes(`When: ${m.when}`), `milestone ${i}'s when`);
			else assert.match(text(lis[i]), /When: Not yet recorded/);
			if (m.source_date) assert.match(text(lis[i]), /page dated December 2025\b/);
			else assert.match(text(lis[i]), /date of the page not recorded/);
		}

		// The route map's own source: the address as a link with readable words, and its date.
		const src = section(r.body, 'source');
		assert.match(src, new RegExp(`<a href="${want.source.replace(/[.?*+^$()[\]{}|\\]/g, '\\$&')}">Plan 24-30 website: route map</a>`));
		assert.match(text(src), /page dated December 2025\b/);
		// The words of Plan 21-24's actions are not used for a route map.
		assert.doesNotMatch(r.body, /What is required by/);
	});

	test('what no source states shows "Not yet recorded"', async () => {
		// For each part a route map page shows, a route map whose sources state nothing there.
		const all = plan('plan-24-30').priorities.flatMap((p) => p.actions);
		const empty = {
			outcomes: [(a) => a.outcomes === null, /Where should Scotland be by 2030\? Not yet recorded\./],
			milestones: [(a) => a.timeline.length === 0, /Not yet recorded\./],
			leads: [(a) => a.leads_text === null, /Not yet recorded\./],
		};
		for (const [id, [isEmpty, says]] of Object.entries(empty)) {
			const want = all.find(isEmpty);
			assert.ok(want, `a route map with no ${id}`);
			const r = await request(`${server.url}/actions/${want.slug}`);
			assert.equal(r.status, 200, want.slug);
			assert.match(text(section(r.body, id)), says, `${want.slug}: ${id}`);
			assert.ok(text(section(r.body, 'now')).includes(want.now), `${want.slug}: where Scotland is now`);
		}
		// Recruitment and retention has milestones and who leads, but no whole outcome.
		const rr = routeMap('recruitment-and-retention');
		assert.equal(rr.outcomes, null);
		const r = await request(`${server.url}/actions/recruitment-and-retention`);
		assert.match(text(section(r.body, 'outcomes')), /Where should Scotland be by 2030\? Not yet recorded\./);
		assert.doesNotMatch(text(section(r.body, 'milestones')), /Not yet recorded\./);
		assert.ok(text(section(r.body, 'leads')).includes(rr.leads_text));
	});

	test('a plan\'s page counts what it lists', async () => {
		for (const [slug, group, item] of [['plan-24-30', 'foundation', 'route map'], ['plan-21-24', 'priority area', 'action']]) {
			const r = await request(`${server.url}/plans/${slug}`);
			assert.equal(r.status, 200, slug);
			const listed = [...r.body.matchAll(/<li><a href="\/actions\/[^"]+">/g)].length;
			const groups = [...r.body.matchAll(/<div class="priority">/g)].length;
			const m = text(r.body).match(new RegExp(`keep holds (\\d+) ${item}s of this plan, under (\\d+) ${group}s`));
			assert.ok(m, `${slug}: a sentence counting its ${item}s`);
			assert.equal(Number(m[1]), listed, `${slug}: the count is what the page lists`);
			assert.equal(Number(m[2]), groups, `${slug}: the groups are what the page lists`);
			const want = plan(slug).priorities.flatMap((p) => p.actions).length;
			assert.equal(listed, want, slug);
		}
		const old = await request(`${server.url}/plans/plan-21-24`);
		assert.doesNotMatch(text(old.body), /25 actions/, 'no typed count');
		assert.match(text(old.body), /This plan has ended\./);
		const live = await request(`${server.url}/plans/plan-24-30`);
		assert.match(text(live.body), /Foundations/);
		assert.match(live.body, /<a href="https:\/\/thepromise\.scot\/news\/[^"]+">The Promise Scotland<\/a>/);
		assert.match(text(live.body), /page dated 18 June 2024/);
	});

	test('every route map is under its foundation, names its source with a date, and shows it', async () => {
		const p = plan('plan-24-30');
		assert.equal(p.status, 'published');
		assert.equal(p.shape, 'route_maps');
		assert.match(p.source, /^https:\/\//);
		assert.match(p.source_date, /^\d{4}-\d{2}-\d{2}$/);
		assert.equal(plan('plan-21-24').status, 'ended');
		for (const group of p.priorities) {
			assert.equal(group.slug, `${group.foundation}-route-maps`);
			for (const a of group.actions) {
				assert.deepEqual(a.foundations, [group.foundation], a.slug);
				assert.match(a.source, /^https:\/\/(www\.)?(plan2430|thepromise)\.scot\//, a.slug);
				// A day, or only the month when the page names no day ("last updated in December 2025").
				assert.match(a.source_date, /^\d{4}-\d{2}(-\d{2})?$/, a.slug);
				for (const m of a.timeline) assert.match(m.source, /^https:\/\//, `${a.slug}: a milestone's source`);
				const r = await request(`${server.url}/actions/${a.slug}`);
				assert.equal(r.status, 200, a.slug);
				assert.ok(section(r.body, 'source').includes(`<a href="${escape(a.source)}">`), `${a.slug}: its source is linked`);
				assert.ok(text(section(r.body, 'now')).includes(a.now), `${a.slug}: where Scotland is now`);
			}
		}
	});

	test('an action of Plan 21-24 keeps its own parts', async () => {
		const r = await request(`${server.url}/actions/planning`);
		assert.equal(r.status, 200);
		assert.match(r.body, /What is required by Plan 21-24\?/);
		assert.doesNotMatch(r.body, /Where should Scotland be by 2030\?/);
	});
});
