// `keep import plan FILE`: a whole plan from a JSON file in data/plan.json's
// shape or a CSV file of one row per element (docs/plan-format.md). A good file of each
// format is imported, audited, and shown by the plan's page and the API; each kind of bad
// input gets its exact FILE:LINE:COLUMN message and nothing is written; a plan already in
// keep is refused without --replace, and a replace that would delete a route map with a
// commitment is refused naming it; the upload form on /imports takes the same files.
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { after, before, describe, test } from 'node:test';

import { ROOT, demoDb, keep, request, signIn, startServer, tempDir } from './helpers.mjs';

const PASSWORD = 'correct horse battery staple 7';

const GOOD_JSON = `{
  "slug": "imp-plan",
  "title": "Imported Plan",
  "starts": "2024-04-01",
  "ends": "2030-03-31",
  "shape": "route_maps",
  "source": "https://example.org/imported-plan",
  "source_date": "2024-06-20",
  "phases": [
    {"slug": "imp-phase-1", "title": "Phase one", "starts": "2024-04-01", "ends": "2026-03-31"}
  ],
  "priorities": [
    {"slug": "imp-voice", "title": "Voice", "foundation": "voice",
     "actions": [
       {"slug": "imp-advocacy", "title": "Advocacy for every child", "foundations": ["voice"],
        "fundamentals": ["rights"], "now": "Some children have an advocate.",
        "outcomes": "Every child has an advocate.\\nAdvocacy is independent.",
        "timeline": [{"when": "by Spring 2026", "due": "2026-03-31", "text": "Advocacy in every council"}]},
       {"slug": "imp-listening", "title": "Listening", "foundations": ["voice", "people"]}
     ]}
  ]
}
`;

const GOOD_CSV =
	'kind,parent,slug,title,starts,ends,shape,foundation,foundations,fundamentals,now,outcomes,when,due,text\r\n' +
	'plan,,imp-csv,CSV Plan,2024-04-01,2030-03-31,route_maps,,,,,,,,\r\n' +
	'group,imp-csv,imp-csv-family,Family,,,,family,,,,,,,\r\n' +
	'item,imp-csv-family,imp-csv-support,Family support,,,,,family,poverty,Help is patchy.,"Help comes early.\r\nHelp lasts.",,,\r\n' +
	'milestone,imp-csv-support,,,,,,,,,,,by 2027,2027-03-31,Support in place\r\n' +
	'milestone,imp-csv-support,,,,,,,,,,,,2028-03-31,Support reviewed\r\n';

describe('keep import plan', () => {
	let db;
	let dir;
	let server;
	let staff;

	const file = (name, text) => {
		const p = path.join(dir, name);
		writeFileSync(p, text);
		return p;
	};
	const imp = (p, ...more) => keep(['import', 'plan', p, '--db', db, ...more]);
	// Everything a plan import could write.
	const snapshot = () =>
		['plans', 'phases', 'priorities', 'actions', 'milestones'].map((t) => keep(['export', t, '--db', db, '--format', 'json']).stdout).join('\n') +
		keep(['audit', '--db', db, '--format', 'json']).stdout;
	const planAudit = (slug) => JSON.parse(keep(['audit', '--db', db, '--format', 'json']).stdout).filter((r) => r.entity === 'plan' && r.entity_id === slug);

	// Runs a bad import and checks its messages, its status and that nothing changed.
	function refused(p, messages, more = []) {
		const before = snapshot();
		const r = imp(p, ...more);
		assert.equal(r.status, 1, r.stderr);
		const lines = r.stderr.trim().split('\n');
		assert.deepEqual(lines.slice(0, -1), messages);
		assert.equal(lines.at(-1), `keep import: ${p}: ${messages.length} problem${messages.length === 1 ? '' : 's'}; nothing was imported`);
		assert.equal(r.stdout, '');
		assert.equal(snapshot(), before, 'nothing is written');
	}

	before(async () => {
		db = demoDb();
		dir = tempDir('keep-import-plan-');
		assert.equal(keep(['user', 'add', 'staff@plan.test', '--role', 'staff', '--db', db], { input: `${PASSWORD}\n` }).status, 0);
	});
	after(async () => {
		const r = await server?.stop();
		if (r) assert.equal(r.code, 0, r.stderr);
	});

	test('keep help import tells of keep import plan, its formats and --replace', () => {
		const r = keep(['help', 'import']);
		assert.equal(r.status, 0, r.stderr);
		assert.match(r.stdout, /^ {7}keep import plan FILE\.json\|FILE\.csv \[--replace\] \[--format json\|csv\] \[--only SLUG\]$/m);
		assert.match(r.stdout, /keep import plan data\/plan\.json --only plan-24-30/);
		assert.match(r.stdout, /^Plan: a whole plan \(its phases, its priority areas or foundation groups, its$/m);
		assert.match(r.stdout, /docs\/plan-format\.md/);
		assert.match(r.stdout, /already in keep is refused unless --replace/);
		assert.match(r.stdout, /\n2 bad usage\.\n$/); // the whole text, to its end
	});

	test('a good JSON file is imported, audited once, and printed', () => {
		const p = file('good.json', GOOD_JSON);
		const r = imp(p);
		assert.equal(r.status, 0, r.stderr);
		assert.equal(r.stdout, 'Imported Plan: 1 phase, 1 foundation, 2 route maps, 1 milestone imported.\n');
		const audit = planAudit('imp-plan');
		assert.equal(audit.length, 1);
		assert.equal(audit[0].verb, 'create');
		assert.equal(audit[0].before, null);
		// the file's name without its folders, which may name a person
		assert.deepEqual(
			{ ...audit[0].after },
			{ file: 'good.json', title: 'Imported Plan', starts: '2024-04-01', ends: '2030-03-31', status: 'published', source: 'https://example.org/imported-plan', shape: 'route_maps', phases: 1, priorities: 1, actions: 2, milestones: 1 },
		);
	});

	test('a good CSV file is imported, with the format taken from its name', () => {
		const r = imp(file('good.csv', GOOD_CSV));
		assert.equal(r.status, 0, r.stderr);
		assert.equal(r.stdout, 'CSV Plan: 0 phases, 1 foundation, 1 route map, 2 milestones imported.\n');
		assert.equal(planAudit('imp-csv').length, 1);
		// --format csv reads a file whatever its name
		const again = imp(file('plan.txt', GOOD_CSV.replaceAll('imp-csv', 'imp-txt')), '--format', 'csv');
		assert.equal(again.status, 0, again.stderr);
	});

	test("the plans' pages and the API show what was imported", async () => {
		server = await startServer(db);
		staff = await signIn(server.url, 'staff@plan.test', PASSWORD);
		const page = await request(`${server.url}/plans/imp-plan`);
		assert.equal(page.status, 200);
		assert.match(page.body, /Imported Plan/);
		assert.match(page.body, /href="\/actions\/imp-advocacy"/);
		const action = await request(`${server.url}/actions/imp-advocacy`);
		assert.equal(action.status, 200);
		assert.match(action.body, /Advocacy for every child/);
		assert.match(action.body, /Advocacy in every council/);

		const api = JSON.parse((await request(`${server.url}/api/v1/actions/imp-advocacy`)).body).data;
		assert.equal(api.title, 'Advocacy for every child');
		assert.equal(api.now, 'Some children have an advocate.');
		assert.equal(api.outcomes, 'Every child has an advocate.\nAdvocacy is independent.');
		assert.equal(api.plan, 'imp-plan');
		assert.equal(api.priority, 'imp-voice');
		assert.deepEqual(api.foundations, ['voice']);
		assert.deepEqual(api.fundamentals, ['rights']);
		const plan = JSON.parse((await request(`${server.url}/api/v1/plans/imp-plan`)).body).data;
		assert.equal(plan.title, 'Imported Plan');
		assert.equal(plan.shape, 'route_maps');
		const csvAction = JSON.parse((await request(`${server.url}/api/v1/actions/imp-csv-support`)).body).data;
		assert.equal(csvAction.outcomes, 'Help comes early.\nHelp lasts.'); // the CSV reader gives a line break as \n
		const milestones = JSON.parse(keep(['export', 'milestones', '--db', db, '--format', 'json']).stdout).filter((m) => m.action === 'imp-csv-support');
		assert.deepEqual(milestones.map((m) => [m.due, m.text]), [['2027-03-31', 'Support in place'], ['2028-03-31', 'Support reviewed']]);
	});

	test("a plan of data/plan.json, as it is there, imports again with --replace", () => {
		const plans = JSON.parse(readFileSync(path.join(ROOT, 'data', 'plan.json'), 'utf8')).plans;
		const routeMaps = plans.find((p) => p.shape === 'route_maps');
		const p = file('from-data.json', JSON.stringify(routeMaps, null, 2));
		const before = JSON.parse(keep(['export', 'actions', '--db', db, '--format', 'json']).stdout);
		const r = imp(p, '--replace');
		assert.equal(r.status, 0, r.stderr);
		assert.match(r.stdout, new RegExp(`^${routeMaps.title}: \\d+ phases?, \\d+ foundations?, \\d+ route maps?, \\d+ milestones? replaced\\.\n$`));
		// the same plan: every action as it was
		assert.deepEqual(JSON.parse(keep(['export', 'actions', '--db', db, '--format', 'json']).stdout), before);
	});

	test('JSON that does not parse: the line and column jansson gives', () => {
		refused(file('syntax.json', '{"slug": "imp-x",\n "title": "X",\n}\n'), [`${dir}/syntax.json:3:1: string or '}' expected near '}'`]);
	});

	test('JSON: a missing key, an unknown foundation and fundamental, a route map with no foundation, a milestone outside the plan, a slug of another plan', () => {
		const text = `{"slug": "imp-bad", "starts": "2024-04-01", "ends": "2030-03-31", "shape": "route_maps",
 "priorities": [
  {"slug": "imp-bad-voice", "title": "Voice", "foundation": "vioce", "actions": [
    {"slug": "imp-bad-one", "title": "One", "foundations": ["voice"], "fundamentals": ["rights", "rihgts"],
     "timeline": [{"due": "2031-01-01", "text": "Too late"}]},
    {"slug": "legislation", "title": "Law"}]}]}
`;
		const p = file('bad.json', text);
		refused(p, [
			`${p}:1:1: title: Enter the plan's title, like Plan 24-30.`,
			`${p}:3:61: foundation: There is no foundation called 'vioce': choose one of the foundations listed.`,
			`${p}:4:98: fundamentals: There is no fundamental called 'rihgts': choose from the fundamentals listed.`,
			`${p}:5:27: due: The due date 2031-01-01 is outside its plan's dates (imp-bad runs from 1 April 2024 to 31 March 2030): enter a date between them.`,
			`${p}:6:5: foundations: A route map serves at least one foundation: choose one or more.`,
			`${p}:6:14: slug: 'legislation' is already taken by an action or route map of Plan 21-24, another plan: choose another (for example 'legislation-2030')`,
		]);
	});

	test('JSON: a value of the wrong type, an unknown key, and the foundations at the top', () => {
		const p = file('keys.json', '{"plans": [{"slug": "imp-k", "title": 7, "starts": "2024-04-01", "ends": "2030-03-31", "colour": "red"}],\n "foundations": []}\n');
		refused(p, [
			`${p}:1:39: title: expected text in quotes`,
			`${p}:1:88: unknown key 'colour': the keys of a plan are slug, title, summary, starts, ends, status, shape, source, source_date, phases, priorities`,
			`${p}:2:2: foundations are keep's own and are not imported: a plan names them by their slugs; leave "foundations" out`,
		]);
	});

	test('CSV: a missing column', () => {
		const p = file('nocol.csv', 'kind,parent,slug,title,ends\nplan,,imp-n,N,2030-03-31\n');
		refused(p, [`${p}:1:1: the column 'starts' is missing: a plan row needs it`]);
	});

	test('CSV: an unknown kind, an unknown foundation and an action under a priority of another plan', () => {
		const p = file('bad.csv',
			'kind,parent,slug,title,starts,ends,foundation,foundations\n' +
			'plan,,imp-c,Plan C,2024-04-01,2030-03-31,,\n' +
			'group,imp-c,imp-c-group,G,,,,\n' +
			'item,imp-c-group,imp-c-one,One,,,,famly\n' +
			'item,a-good-childhood,imp-c-two,Two,,,,\n' +
			'widget,imp-c,imp-c-w,W,,,,\n');
		refused(p, [
			`${p}:4:35: foundations: There is no foundation called 'famly': choose from the foundations listed.`,
			`${p}:5:6: parent: The priority area 'a-good-childhood' belongs to Plan 21-24, not to Plan C: choose one of this plan's priority areas.`,
			`${p}:6:1: unknown kind 'widget': a row is a plan, phase, group, item or milestone`,
		]);
	});

	test('a plan already in keep is refused without --replace', () => {
		const p = file('again.json', GOOD_JSON);
		refused(p, [`${p}:2:11: slug: the plan 'imp-plan' (Imported Plan) is already in keep: to change it, import the file again choosing to replace it (--replace)`]);
	});

	test('--replace keeps what stays, and refuses to delete a route map with a commitment', () => {
		const c = file('commitment.csv', 'id,organisation,action,text\nimp-commitment,cosla,imp-listening,We will listen.\n');
		assert.equal(keep(['import', 'commitments', c, '--db', db]).status, 0);
		const without = file('without.json', GOOD_JSON.replace(/,\n {7}\{"slug": "imp-listening"[^\n]*/, ''));
		assert.doesNotMatch(without.toString(), /imp-listening/);
		refused(without, [
			`${without}:2:11: replacing Imported Plan would delete the route map 'imp-listening' (Listening), which the file leaves out and which has 1 commitment: keep it in the file, or move what hangs off it first`,
		], ['--replace']);

		const changed = file('changed.json', GOOD_JSON.replace('"title": "Listening"', '"title": "Listening well"'));
		const r = imp(changed, '--replace');
		assert.equal(r.status, 0, r.stderr);
		assert.equal(r.stdout, 'Imported Plan: 1 phase, 1 foundation, 2 route maps, 1 milestone replaced.\n');
		const audit = planAudit('imp-plan');
		assert.equal(audit.length, 2);
		assert.equal(audit[1].verb, 'update');
		assert.equal(audit[1].before.title, 'Imported Plan');
		const commitments = JSON.parse(keep(['export', 'commitments', '--db', db, '--format', 'json']).stdout);
		assert.equal(commitments.find((x) => x.id === 'imp-commitment').action, 'imp-listening');
		const actions = JSON.parse(keep(['export', 'actions', '--db', db, '--format', 'json']).stdout);
		assert.equal(actions.find((a) => a.id === 'imp-listening').title, 'Listening well');
	});

	test('staff upload a plan on /imports, with the same report and messages', async () => {
		const upload = async (name, text, fields = {}) => {
			const form = new FormData();
			form.append('csrf', staff.csrf);
			form.append('kind', 'plan');
			for (const [k, v] of Object.entries(fields)) form.append(k, v);
			form.append('file', new Blob([text], { type: 'application/json' }), name);
			const r = await fetch(`${server.url}/imports`, { method: 'POST', body: form, redirect: 'manual', headers: { Cookie: staff.cookie } });
			return { status: r.status, body: await r.text() };
		};
		const page = await request(`${server.url}/imports`, { headers: { Cookie: staff.cookie } });
		assert.match(page.body, /<option value="plan">A whole plan: /);
		assert.match(page.body, /<input type="checkbox" id="replace" name="replace" value="yes">/);

		const good = await upload('web-plan.json', GOOD_JSON.replaceAll('imp-', 'web-'));
		assert.equal(good.status, 200, good.body);
		assert.match(good.body, /<p>Imported Plan: 1 phase, 1 foundation, 2 route maps, 1 milestone imported\.<\/p>/);
		assert.equal(planAudit('web-plan')[0].actor, 'staff@plan.test');

		const before = snapshot();
		const bad = await upload('web-plan.json', GOOD_JSON.replaceAll('imp-', 'web-'));
		assert.equal(bad.status, 400);
		const items = [...bad.body.matchAll(/<ul class="problems">([\s\S]*?)<\/ul>/g)][0][1];
		assert.deepEqual([...items.matchAll(/<li>([^<]*)<\/li>/g)].map((m) => m[1]), [
			'web-plan.json:2:11: slug: the plan &#39;web-plan&#39; (Imported Plan) is already in keep: to change it, import the file again choosing to replace it (--replace)',
			'web-plan.json: 1 problem; nothing was imported',
		]);
		assert.equal(snapshot(), before);

		const replaced = await upload('web-plan.json', GOOD_JSON.replaceAll('imp-', 'web-'), { replace: 'yes' });
		assert.equal(replaced.status, 200, replaced.body);
		assert.match(replaced.body, /2 route maps, 1 milestone replaced\./);
	});
	test('--only takes one plan of a file of several: a database made before Plan 24-30 shipped gets it', () => {
		// A database as an earlier keep made it: the plans without Plan 24-30.
		const old = demoDb();
		const del = spawnSync('sqlite3', [old, `
			DELETE FROM milestone WHERE action_id IN (SELECT a.id FROM action a JOIN priority p ON p.id = a.priority_id JOIN plan pl ON pl.id = p.plan_id WHERE pl.slug = 'plan-24-30');
			DELETE FROM action_foundation WHERE action_id IN (SELECT a.id FROM action a JOIN priority p ON p.id = a.priority_id JOIN plan pl ON pl.id = p.plan_id WHERE pl.slug = 'plan-24-30');
			DELETE FROM action_fundamental WHERE action_id IN (SELECT a.id FROM action a JOIN priority p ON p.id = a.priority_id JOIN plan pl ON pl.id = p.plan_id WHERE pl.slug = 'plan-24-30');
			DELETE FROM action WHERE priority_id IN (SELECT p.id FROM priority p JOIN plan pl ON pl.id = p.plan_id WHERE pl.slug = 'plan-24-30');
			DELETE FROM priority WHERE plan_id = (SELECT id FROM plan WHERE slug = 'plan-24-30');
			DELETE FROM phase WHERE plan_id = (SELECT id FROM plan WHERE slug = 'plan-24-30');
			DELETE FROM plan WHERE slug = 'plan-24-30';`], { encoding: 'utf8' });
		assert.equal(del.status, 0, del.stderr);
		const shipped = path.join(ROOT, 'data', 'plan.json');
		const want = JSON.parse(readFileSync(shipped, 'utf8')).plans.find((p) => p.slug === 'plan-24-30');
		const routeMaps = want.priorities.reduce((n, g) => n + g.actions.length, 0);
		const audits = () => JSON.parse(keep(['audit', '--db', old, '--format', 'json']).stdout).length;

		// Without --only the file's other plans are already in keep: nothing is imported.
		const before = audits();
		const all = keep(['import', 'plan', shipped, '--db', old]);
		assert.equal(all.status, 1);
		assert.match(all.stderr, /the plan 'plan-21-24' \(Plan 21-24\) is already in keep/);
		assert.equal(audits(), before);

		const none = keep(['import', 'plan', shipped, '--db', old, '--only', 'plan-99']);
		assert.equal(none.status, 1);
		assert.match(none.stderr, /holds no plan 'plan-99'; it holds: the-promise, plan-21-24, plan-24-30; nothing was imported/);
		assert.equal(audits(), before);
		assert.equal(keep(['import', 'commitments', shipped, '--db', old, '--only', 'x']).status, 2);

		const r = keep(['import', 'plan', shipped, '--db', old, '--only', 'plan-24-30']);
		assert.equal(r.status, 0, r.stderr);
		assert.match(r.stdout, new RegExp(`^Plan 24-30: .*${routeMaps} route maps.* imported\\.$`, 'm'));
		assert.equal(audits(), before + 1);
		const got = JSON.parse(keep(['export', 'actions', '--db', old, '--format', 'json']).stdout);
		assert.equal(got.filter((a) => a.plan === 'plan-24-30').length, routeMaps);
		// Once in, it is refused again unless replaced, and the message names its place in the file.
		const again = keep(['import', 'plan', shipped, '--db', old, '--only', 'plan-24-30']);
		assert.equal(again.status, 1);
		assert.match(again.stderr, /plan\.json:\d+:\d+: slug: the plan 'plan-24-30' \(Plan 24-30\) is already in keep/);
	});
});
