// The Money's scenarios: keep money scenario list|show|import|export, the
// forms at /money/scenarios, the API's /api/v1/scenarios, and the pages in words. Bad
// input gets its messages (FILE:LINE:COLUMN, the field, a 422 naming the path) and
// nothing is written; every write is audited.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';

import { ROOT, demoDb, keep, postForm, request, signIn, startServer, tempDir } from './helpers.mjs';

const WFWF = 'whole-family-wellbeing-fund';
const PASSWORD = 'a long enough password';

function sqlite(db, sql) {
	const r = spawnSync('sqlite3', ['-readonly', db, sql], { encoding: 'utf8' });
	if (r.error) throw new Error(`sqlite3: ${r.error.message} (scripts/setup test installs it)`);
	assert.equal(r.status, 0, r.stderr);
	return r.stdout.trim();
}

// What a scenario's tables hold, to show that a refused write left them as they were.
function tables(db) {
	return sqlite(db, 'SELECT (SELECT count(*) FROM scenario) || "/" || (SELECT count(*) FROM scenario_investment) || '
		+ '"/" || (SELECT count(*) FROM scenario_effect) || "/" || (SELECT count(*) FROM audit)');
}

function text(html) {
	return html.replace(/<[^>]*>/g, ' ').replace(/&#39;|&#x27;/g, "'").replace(/&amp;/g, '&').replace(/\s+/g, ' ');
}

const GOOD = {
	slug: 'fife-family-support',
	name: 'Fife family support',
	area: 'S12000047',
	owner: 'scottish-government',
	description: 'A test scenario.',
	made_up: true,
	investments: [
		{ what: 'Family support workers', per_year: 2500000, from: '2025-04-01', to: null, payer: 'Fife Council', pooled: true, pooled_with: 'NHS Fife' },
	],
	effects: [
		{ kind: 'entries', type: null, band: 'under_1', low_pct: -15, high_pct: -5, starts_after_months: 18, ramp_months: 6 },
		{ kind: 'move', from_type: 'residential_council_home', to_type: 'foster_council', band: null, low_pct: 5, high_pct: 12.5, starts_after_months: 0, ramp_months: 0 },
	],
};

describe('keep money scenario', () => {
	test('the demo holds the Whole Family Wellbeing Fund, made up, with what was spent', () => {
		const db = demoDb();
		let r = keep(['money', 'scenario', 'list', '--db', db]);
		assert.equal(r.status, 0, r.stderr);
		assert.match(r.stdout, /^whole-family-wellbeing-fund\s+S92000003\s+2\s+3\s+Whole Family Wellbeing Fund \(made-up figures\)$/m);
		r = keep(['money', 'scenario', 'show', WFWF, '--db', db]);
		assert.equal(r.status, 0, r.stderr);
		assert.match(r.stdout, /Its effects are made up/);
		assert.match(r.stdout, /only £148m had been spent/);
		assert.match(r.stdout, /£50m a year from 2022-04-01 to 2023-03-31, paid by Scottish Government/);
		assert.match(r.stdout, /fewer children coming into care: 2% to 10% fewer, from 24 months after the money starts/);
		r = keep(['money', 'scenario', 'list', '--format', 'json', '--db', db]);
		assert.deepEqual(JSON.parse(r.stdout), [{ slug: WFWF, name: 'Whole Family Wellbeing Fund', area: 'S92000003', owner: null, made_up: true, investments: 2, effects: 3 }]);
		r = keep(['money', 'scenario', 'list', '--format', 'csv', '--db', db]);
		assert.equal(r.stdout.split('\r\n')[0], 'slug,name,area,owner,made_up,investments,effects');
	});

	test('import then export gives the same file; the same file again changes nothing; audited', () => {
		const db = demoDb();
		const dir = tempDir();
		const file = path.join(dir, 'fife.json');
		writeFileSync(file, JSON.stringify(GOOD, null, 2));
		let r = keep(['money', 'scenario', 'import', file, '--db', db]);
		assert.equal(r.status, 0, r.stderr);
		assert.equal(r.stdout, "Added the scenario 'fife-family-support' (Fife family support): 1 investment, 2 effects.\n");
		r = keep(['money', 'scenario', 'export', GOOD.slug, '--db', db]);
		assert.equal(r.status, 0, r.stderr);
		assert.deepEqual(JSON.parse(r.stdout), GOOD);
		const out = path.join(dir, 'again.json');
		writeFileSync(out, r.stdout);
		const before = tables(db);
		r = keep(['money', 'scenario', 'import', out, '--db', db]);
		assert.equal(r.status, 0, r.stderr);
		assert.match(r.stdout, /^Replaced the scenario 'fife-family-support'/);
		assert.equal(tables(db), before, 'the same scenario again writes nothing and records nothing');
		// The demo's own exported and imported again: the same.
		r = keep(['money', 'scenario', 'export', WFWF, '--db', db]);
		const wfwf = JSON.parse(readFileSync(path.join(ROOT, 'data/demo-scenarios.json'), 'utf8')).scenarios[0];
		assert.deepEqual(JSON.parse(r.stdout), wfwf);
		// The file is always JSON: a --format it would not honour is refused, not ignored.
		for (const sub of [['export', WFWF], ['import', 'x.json']]) {
			r = keep(['money', 'scenario', ...sub, '--format', 'csv', '--db', db]);
			assert.equal(r.status, 2, r.stderr);
			assert.equal(r.stdout, '');
			assert.match(r.stderr, /takes no --format: the scenario's file is always JSON/);
		}
		const audit = JSON.parse(keep(['audit', '--entity', 'scenario', '--format', 'json', '--db', db]).stdout);
		assert.deepEqual(audit.map((a) => [a.verb, a.entity_id]), [['create', GOOD.slug]]);
		assert.equal(audit[0].after.effects[1].high_pct, 12.5);
	});

	test('a bad file: every problem with its line and column, exit 1, nothing written', () => {
		const db = demoDb();
		const file = path.join(tempDir(), 'bad.json');
		writeFileSync(file, [
			'{"slug": "bad", "name": "Bad",',
			' "investments": [{"what": "x", "per_year": -5, "from": "2025-04-01", "to": "2024-04-01"}],',
			' "effects": [{"kind": "entries", "low_pct": -120, "high_pct": -5},',
			'   {"kind": "move", "from_type": "castle", "to_type": "kinship", "low_pct": 10, "high_pct": 5},',
			'   {"kind": "leaving", "band": "18_25", "low_pct": 1, "high_pct": 2}]}',
		].join('\n'));
		const before = tables(db);
		const r = keep(['money', 'scenario', 'import', file, '--db', db]);
		assert.equal(r.status, 1);
		assert.equal(r.stderr, [
			`${file}:2:44: investment 1: the pounds a year must be 0 or more`,
			`${file}:2:76: investment 1: it ends before it starts`,
			`${file}:3:45: effect 1: a change of -120% is impossible: a rate cannot fall by more than 100% (-100 means none at all)`,
			`${file}:4:34: 'from_type': no such placement type (the care records' types: home_parents, kinship, foster_council, ...)`,
			`${file}:4:93: effect 2: the low end of the range (10%) is above its high end (5%)`,
			`${file}:5:32: effect 3: no such age band (under_1, 1_4, 5_9, 10_15 or 16_17, or none for all)`,
			`keep money scenario import: ${file}: 6 problems; nothing was imported`,
		].join('\n') + '\n');
		assert.equal(tables(db), before);
		// What only the store knows: an area and an owner that do not exist, placed too.
		writeFileSync(file, '{"slug": "x", "name": "X",\n "area": "S12000999",\n "owner": "nobody"}');
		const r2 = keep(['money', 'scenario', 'import', file, '--db', db]);
		assert.equal(r2.status, 1);
		assert.match(r2.stderr, new RegExp(`^${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:2:10: the area must be Scotland`, 'm'));
		assert.match(r2.stderr, /:3:11: no organisation keep knows has this short name$/m);
		assert.equal(tables(db), before);
		// Not JSON at all; no such file; no such scenario.
		writeFileSync(file, '{"slug": ');
		assert.match(keep(['money', 'scenario', 'import', file, '--db', db]).stderr, /bad\.json:1:9: unexpected token near end of file$/m);
		assert.equal(keep(['money', 'scenario', 'import', '/nonexistent.json', '--db', db]).status, 1);
		const r3 = keep(['money', 'scenario', 'show', 'nope', '--db', db]);
		assert.equal(r3.status, 1);
		assert.match(r3.stderr, /no scenario called 'nope'/);
		assert.equal(keep(['money', 'scenario', 'frobnicate', '--db', db]).status, 2);
		const help = keep(['money', 'scenario', '--help']);
		assert.equal(help.status, 0);
		assert.match(help.stdout, /^usage: keep money scenario list/);
		assert.match(help.stdout, /nothing is written/);
		assert.equal(keep(['money', 'scenario', 'list', '--format', 'xml', '--db', db]).status, 2);
		assert.equal(tables(db), before);
	});
});

describe('the pages, the forms and the API', () => {
	let server;
	let db;
	let staff;
	let editor;
	let other;
	before(async () => {
		db = demoDb();
		for (const [email, role, org] of [['staff@x.test', 'staff'], ['ed@sg.test', 'editor', 'scottish-government'],
			['ed@cosla.test', 'editor', 'cosla']]) {
			const args = ['user', 'add', email, '--role', role, '--db', db];
			if (org) args.push('--organisation', org);
			assert.equal(keep(args, { input: `${PASSWORD}\n` }).status, 0);
		}
		server = await startServer(db);
		staff = await signIn(server.url, 'staff@x.test', PASSWORD);
		editor = await signIn(server.url, 'ed@sg.test', PASSWORD);
		other = await signIn(server.url, 'ed@cosla.test', PASSWORD);
	});
	after(async () => {
		const r = await server?.stop();
		if (r) assert.equal(r.code, 0, r.stderr);
	});

	test('the list and a scenario in plain words, made up said so, with its projection', async () => {
		let r = await request(`${server.url}/money/scenarios`);
		assert.equal(r.status, 200);
		let t = text(r.body);
		assert.match(t, /Whole Family Wellbeing Fund Scotland The Promise Scotland 2 3 Made up : for showing how keep works, not real/);
		assert.doesNotMatch(r.body, /\/money\/scenarios\/new/, 'no link to add one for those who may not');
		r = await request(`${server.url}/money/scenarios/${WFWF}`);
		assert.equal(r.status, 200);
		t = text(r.body);
		assert.match(t, /Made up\. The effects of this scenario are assumptions made up/);
		assert.match(t, /Audit Scotland reported in October 2025 that only £148m had been spent/);
		assert.match(t, /Whole Family Wellbeing Fund, its first year £50,000,000 1 April 2022 31 March 2023 Scottish Government Not pooled/);
		assert.match(t, /fewer children coming into care: 2% to 10% fewer, from 24 months after the money starts, growing to its full size over 24 months/);
		assert.match(r.body, new RegExp(`href="/money/projection\\?scenario=${WFWF}"`));
		assert.doesNotMatch(r.body, /\/edit"/);
		assert.equal((await request(`${server.url}/money/scenarios/no-such`)).status, 404);
	});

	test('the form: an editor adds one (their organisation\'s) from rows, blank rows ignored', async () => {
		const page = await request(`${server.url}/money/scenarios/new`, { headers: { Cookie: editor.cookie } });
		assert.equal(page.status, 200);
		assert.match(page.body, /name="inv2_what"/);
		assert.match(page.body, /name="eff3_kind"/);
		const r = await postForm(`${server.url}/money/scenarios/new`, {
			csrf: editor.csrf, slug: 'sg-early-help', name: 'Early help', area: 'S92000003', owner: 'cosla', description: '',
			inv0_what: '', inv0_per_year: '', inv0_from: '', inv0_to: '', inv0_payer: '', inv0_pooled_with: '',
			inv1_what: 'Family hubs', inv1_per_year: '1,000,000', inv1_from: '2026-04-01', inv1_to: '', inv1_payer: 'SG', inv1_pooled_with: '',
			eff0_kind: '', eff0_type: '', eff0_to_type: '', eff0_band: '', eff0_low_pct: '', eff0_high_pct: '', eff0_starts_after_months: '', eff0_ramp_months: '',
			eff1_kind: 'leaving', eff1_type: 'kinship', eff1_to_type: '', eff1_band: '', eff1_low_pct: '2', eff1_high_pct: '8', eff1_starts_after_months: '6', eff1_ramp_months: '',
		}, editor.cookie);
		assert.equal(r.status, 303, r.body);
		assert.equal(r.headers.location, '/money/scenarios/sg-early-help');
		const got = JSON.parse(keep(['money', 'scenario', 'export', 'sg-early-help', '--db', db]).stdout);
		assert.equal(got.owner, 'scottish-government', 'an editor\'s scenario is their organisation\'s, whatever the form says');
		assert.deepEqual(got.investments, [{ what: 'Family hubs', per_year: 1000000, from: '2026-04-01', to: null, payer: 'SG', pooled: false, pooled_with: null }]);
		assert.deepEqual(got.effects, [{ kind: 'leaving', type: 'kinship', band: null, low_pct: 2, high_pct: 8, starts_after_months: 6, ramp_months: 0 }]);
		const p = await request(`${server.url}/money/scenarios/sg-early-help`, { headers: { Cookie: editor.cookie } });
		assert.match(text(p.body), /more children leaving care \(placement: with kinship carers\): 2% to 8% more, from 6 months after the money starts/);
		assert.match(p.body, /href="\/money\/scenarios\/sg-early-help\/edit"/);
		// Another organisation's editor may not change it; staff may.
		assert.equal((await request(`${server.url}/money/scenarios/sg-early-help/edit`, { headers: { Cookie: other.cookie } })).status, 403);
		assert.equal((await request(`${server.url}/money/scenarios/sg-early-help/edit`, { headers: { Cookie: staff.cookie } })).status, 200);
	});

	test('the form: each problem on its field, the rows kept, nothing written', async () => {
		const before = tables(db);
		const r = await postForm(`${server.url}/money/scenarios/new`, {
			csrf: staff.csrf, slug: 'Bad Slug', name: '', area: 'S92000003', owner: '',
			inv0_what: 'Money', inv0_per_year: 'lots', inv0_from: '2026-04-01', inv0_to: '2025-04-01', inv0_payer: '', inv0_pooled_with: '',
			eff0_kind: 'entries', eff0_type: '', eff0_to_type: '', eff0_band: '', eff0_low_pct: '-150', eff0_high_pct: '-5', eff0_starts_after_months: '', eff0_ramp_months: '',
			eff1_kind: 'move', eff1_type: 'kinship', eff1_to_type: 'kinship', eff1_band: '', eff1_low_pct: '20', eff1_high_pct: '10', eff1_starts_after_months: '1.5', eff1_ramp_months: '',
		}, staff.cookie);
		assert.equal(r.status, 400);
		const t = text(r.body);
		assert.match(r.body, /<title>Error: add a scenario/);
		for (const [field, message] of [
			['slug', 'the short name may hold only small letters, digits and hyphens'],
			['name', 'give the scenario a name'],
			['inv0_per_year', 'Enter the pounds a year as a number, for example 50000000'],
			['inv0_to', 'Investment 1: it ends before it starts'],
			['eff0_low_pct', 'Effect 1: a change of -150% is impossible'],
			['eff1_to_type', 'Effect 2: a move must be to another placement type than the one it is from'],
			['eff1_high_pct', 'Effect 2: the low end of the range (20%) is above its high end (10%)'],
			['eff1_starts_after_months', 'Enter a whole number of months, for example 18'],
		]) {
			assert.match(r.body, new RegExp(`<a href="#${field}">${message.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`), `${field} in the summary`);
			assert.match(r.body, new RegExp(`id="${field}-error"`), `${field}'s message by its field`);
		}
		assert.match(r.body, /id="inv0_per_year"[^>]*value="lots"/, 'what was typed is shown again');
		assert.match(t, /There is a problem/);
		assert.equal(tables(db), before);
	});

	test('the API: create, read, change, refuse with paths, delete; each audited', async () => {
		const headers = (who) => ({ Cookie: who.cookie, 'X-CSRF-Token': who.csrf, 'Content-Type': 'application/json' });
		const send = (method, p, who, body) => request(`${server.url}${p}`, {
			method, headers: { ...headers(who), 'Content-Length': Buffer.byteLength(JSON.stringify(body ?? {})) }, body: JSON.stringify(body ?? {}),
		});
		const before = tables(db);
		let r = await send('POST', '/api/v1/scenarios', staff, { ...GOOD, effects: [{ ...GOOD.effects[0], low_pct: -101 }], made_up: 'yes' });
		assert.equal(r.status, 400, r.body);
		assert.match(JSON.parse(r.body).error.message, /field 'made_up' must be true or false/);
		r = await send('POST', '/api/v1/scenarios', staff, { ...GOOD, effects: [{ ...GOOD.effects[0], low_pct: -101, type: 'castle' }] });
		assert.equal(r.status, 422, r.body);
		assert.deepEqual(JSON.parse(r.body).error.fields, {
			'effects[0].type': "'type': no such placement type (the care records' types: home_parents, kinship, foster_council, ...)",
			'effects[0].low_pct': 'effect 1: a change of -101% is impossible: a rate cannot fall by more than 100% (-100 means none at all)',
		});
		assert.equal(tables(db), before, 'nothing written');
		r = await send('POST', '/api/v1/scenarios', staff, GOOD);
		assert.equal(r.status, 201, r.body);
		assert.equal(r.headers.location, `/api/v1/scenarios/${GOOD.slug}`);
		const item = JSON.parse(r.body).data;
		const { id, created, updated, ...fields } = item;
		const { slug, ...sent } = GOOD;
		assert.equal(id, slug);
		assert.match(created, /^\d{4}-\d\d-\d\dT/);
		assert.equal(updated, created);
		assert.deepEqual(fields, sent, 'read back as it was sent');
		r = await send('POST', '/api/v1/scenarios', staff, GOOD);
		assert.equal(r.status, 409, r.body);
		// A change sends only what changes.
		r = await send('PATCH', `/api/v1/scenarios/${GOOD.slug}`, staff, { name: 'Fife, renamed', effects: [] });
		assert.equal(r.status, 200, r.body);
		assert.equal(JSON.parse(r.body).data.name, 'Fife, renamed');
		assert.deepEqual(JSON.parse(r.body).data.effects, []);
		assert.equal(JSON.parse(r.body).data.investments.length, 1);
		// Another organisation's editor may not change or delete it (it is scottish-government's).
		r = await send('PATCH', `/api/v1/scenarios/${GOOD.slug}`, other, { name: 'Mine now' });
		assert.equal(r.status, 403);
		r = await send('DELETE', `/api/v1/scenarios/${GOOD.slug}`, other);
		assert.equal(r.status, 403);
		// Its own organisation's editor may only for their organisation's area: the
		// Scottish Government is a national body, so Scotland's and not Fife's.
		r = await send('DELETE', `/api/v1/scenarios/${GOOD.slug}`, editor);
		assert.equal(r.status, 403, r.body);
		r = await send('PATCH', `/api/v1/scenarios/${GOOD.slug}`, editor, { area: 'S92000003' });
		assert.equal(r.status, 403, 'nor move it to an area that is theirs');
		// A new one of theirs for an area not theirs: a problem with the area.
		r = await send('POST', '/api/v1/scenarios', editor, { ...GOOD, slug: 'sg-in-fife' });
		assert.equal(r.status, 422, r.body);
		assert.match(JSON.parse(r.body).error.fields.area, /only for your own organisation's area/);
		assert.equal((await request(`${server.url}/api/v1/scenarios/sg-in-fife`)).status, 404);
		r = await send('PATCH', `/api/v1/scenarios/${GOOD.slug}`, staff, { area: 'S92000003' });
		assert.equal(r.status, 200, r.body);
		r = await send('DELETE', `/api/v1/scenarios/${GOOD.slug}`, editor);
		assert.equal(r.status, 204, r.body);
		assert.equal((await request(`${server.url}/api/v1/scenarios/${GOOD.slug}`)).status, 404);
		const audit = JSON.parse(keep(['audit', '--entity', 'scenario', '--format', 'json', '--db', db]).stdout)
			.filter((a) => a.entity_id === GOOD.slug);
		assert.deepEqual(audit.map((a) => [a.verb, a.actor]), [['create', 'staff@x.test'], ['update', 'staff@x.test'], ['update', 'staff@x.test'], ['delete', 'ed@sg.test']]);
		assert.equal(sqlite(db, `SELECT count(*) FROM scenario_effect WHERE scenario_id NOT IN (SELECT id FROM scenario)`), '0');
		assert.equal(sqlite(db, `SELECT count(*) FROM scenario_investment WHERE scenario_id NOT IN (SELECT id FROM scenario)`), '0');
	});

	test('an organisation that owns a scenario is not deleted (nor the scenario given away)', async () => {
		const headers = { Cookie: staff.cookie, 'X-CSRF-Token': staff.csrf, 'Content-Type': 'application/json' };
		const send = (method, p, body) => request(`${server.url}${p}`, {
			method, headers: { ...headers, 'Content-Length': Buffer.byteLength(JSON.stringify(body ?? {})) }, body: JSON.stringify(body ?? {}),
		});
		let r = await send('POST', '/api/v1/organisations', { name: 'A short-lived trust' });
		assert.equal(r.status, 201, r.body);
		const org = JSON.parse(r.body).data.id;
		r = await send('POST', '/api/v1/scenarios', { slug: 'trust-plan', name: 'Trust plan', owner: org });
		assert.equal(r.status, 201, r.body);
		const before = tables(db);
		r = await send('DELETE', `/api/v1/organisations/${org}`);
		assert.equal(r.status, 409, r.body);
		assert.match(JSON.parse(r.body).error.message, /still has 1 scenario\b/);
		assert.equal(tables(db), before);
		assert.equal(JSON.parse(keep(['money', 'scenario', 'export', 'trust-plan', '--db', db]).stdout).owner, org);
	});

	test('the form deletes, after asking', async () => {
		const file = path.join(tempDir(), 'doomed.json');
		writeFileSync(file, JSON.stringify({ slug: 'doomed', name: 'Doomed', investments: [], effects: [] }));
		assert.equal(keep(['money', 'scenario', 'import', file, '--db', db]).status, 0);
		const ask = await request(`${server.url}/money/scenarios/doomed/delete`, { headers: { Cookie: staff.cookie } });
		assert.equal(ask.status, 200);
		assert.match(text(ask.body), /Delete the scenario Doomed\?/);
		const r = await postForm(`${server.url}/money/scenarios/doomed/delete`, { csrf: staff.csrf }, staff.cookie);
		assert.equal(r.status, 303);
		assert.equal(r.headers.location, '/money/scenarios');
		assert.equal(sqlite(db, "SELECT count(*) FROM scenario WHERE slug = 'doomed'"), '0');
	});
});
