// Keeping the Plan: staff and admins create, change and delete plans,
// phases, priority areas (a route maps plan's foundation groups), actions (route maps)
// and milestones by the forms (without JavaScript) and the JSON API. A wrong form comes
// back with a message by each field and the input kept, and nothing is written (the
// audit log does not grow); a right one is saved, audited and shown; deleting what has
// commitments, evidence or targets is refused naming what hangs off it; a change to a
// published plan shows in its public history.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { after, before, describe, test } from 'node:test';

import { demoDb, keep, request, signIn, startServer } from './helpers.mjs';

const PASSWORD = 'correct horse battery staple 7';

describe('keeping the Plan', () => {
	let server;
	let db;
	const as = {};
	const tokens = {};
	const url = (p) => `${server.url}${p}`;
	const get = (p, who) => request(url(p), { headers: who ? { Cookie: who.cookie } : {} });
	// A form post; fields an object whose array values are sent as several fields.
	const send = (who, p, fields) => {
		const body = new URLSearchParams();
		body.append('csrf', who.csrf);
		for (const [k, v] of Object.entries(fields)) for (const x of [].concat(v)) body.append(k, x);
		return request(url(p), {
			method: 'POST',
			headers: { 'Content-Type': 'application/x-www-form-urlencoded', Cookie: who.cookie },
			body: body.toString(),
		});
	};
	const auditLog = (entity) => JSON.parse(keep(['audit', '--db', db, ...(entity ? ['--entity', entity] : []), '--format', 'json']).stdout);
	const auditCount = () => auditLog().length;
	const api = async (method, p, body, who = 'staff') => {
		const r = await fetch(url(p), {
			method,
			headers: { Authorization: `Bearer ${tokens[who]}`, ...(body ? { 'Content-Type': 'application/json' } : {}) },
			body: body ? JSON.stringify(body) : undefined,
		});
		const text = await r.text();
		return { status: r.status, location: r.headers.get('location'), json: text ? JSON.parse(text) : null };
	};
	// As staff: a draft plan and what is under it are theirs to see.
	const apiGet = async (p) => {
		const r = await api('GET', `/api/v1/${p}`);
		return r.status === 200 ? r.json.data : null;
	};

	before(async () => {
		db = demoDb();
		for (const [email, role] of [['staff@plan.test', 'staff'], ['admin@plan.test', 'admin'], ['board@plan.test', 'board']]) {
			const r = keep(['user', 'add', email, '--role', role, '--db', db], { input: `${PASSWORD}\n` });
			assert.equal(r.status, 0, r.stderr);
		}
		server = await startServer(db);
		as.staff = await signIn(server.url, 'staff@plan.test', PASSWORD);
		as.board = await signIn(server.url, 'board@plan.test', PASSWORD);
		for (const [who, email] of [['staff', 'staff@plan.test'], ['board', 'board@plan.test'], ['admin', 'admin@plan.test']]) {
			const s = await fetch(url('/api/v1/session'), {
				method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ email, password: PASSWORD }),
			});
			tokens[who] = (await s.json()).data.token;
		}
	});
	after(async () => {
		const r = await server?.stop();
		if (r) assert.equal(r.code, 0, r.stderr);
	});

	test('the plan and action pages offer the forms to staff only', async () => {
		const staff = (await get('/plans/plan-21-24', as.staff)).body;
		for (const href of ['/plans/plan-21-24/edit', '/plans/plan-21-24/phases/new', '/plans/plan-21-24/priorities/new',
			'/plans/plan-21-24/delete', '/plans/new', '/priorities/a-good-childhood/actions/new', '/priorities/a-good-childhood/edit'])
			assert.ok(staff.includes(`<a href="${href}">`), href);
		assert.ok(staff.includes('>Add a priority area</a>'));
		const action = (await get('/actions/investment', as.staff)).body;
		for (const href of ['/actions/investment/edit', '/actions/investment/milestones/new', '/actions/investment/delete', '/milestones/investment-001/edit', '/milestones/investment-003/delete'])
			assert.ok(action.includes(`<a href="${href}">`), href);
		for (const who of [undefined, as.board]) {
			assert.ok(!(await get('/plans/plan-21-24', who)).body.includes('/plans/plan-21-24/edit'));
			assert.ok(!(await get('/actions/investment', who)).body.includes('/milestones/new'));
		}
		// The Board reads the Plan but does not keep it.
		assert.equal((await get('/plans/new', as.board)).status, 403);
		assert.equal((await send(as.board, '/plans/new', { title: 'x' })).status, 403);
	});

	test('a wrong plan form comes back with a message by each field and the input kept; nothing is written', async () => {
		const before = auditCount();
		const r = await send(as.staff, '/plans/new', {
			title: ' ', slug: 'Plan 24', summary: 'A <b>plan</b>', starts: '2024-02-30', ends: '', status: 'live', shape: 'route_maps',
			source: 'thepromise.scot', source_date: 'June 2024',
		});
		assert.equal(r.status, 400);
		assert.match(r.body, /<title>Error: Add a plan - keep<\/title>/);
		assert.match(r.body, /<a href="#title">Enter the plan&#39;s title, like Plan 24-30\.<\/a>/);
		assert.match(r.body, /<p class="error-message" id="starts-error">Enter the date the plan starts as a real date, like 2024-04-01 \(&#39;2024-02-30&#39; is not one\)\.<\/p>/);
		assert.match(r.body, /<p class="error-message" id="ends-error">Enter the date the plan ends, like 2030-03-31\.<\/p>/);
		assert.match(r.body, /<p class="error-message" id="status-error">Choose whether the plan is a draft, published or ended\.<\/p>/);
		assert.match(r.body, /<p class="error-message" id="source-error">Enter the source as a web address starting https:\/\/ or http:\/\//);
		assert.match(r.body, /id="source_date-error">Enter the date the source was published or read as a real date/);
		assert.match(r.body, /id="slug-error">The plan&#39;s web address name &#39;Plan 24&#39; may hold only/);
		assert.match(r.body, /<textarea id="summary" name="summary" rows="5">A &lt;b&gt;plan&lt;\/b&gt;<\/textarea>/);
		assert.match(r.body, /<input type="radio" id="shape-route_maps" name="shape" value="route_maps" checked>/);
		assert.match(r.body, /<input id="starts" name="starts" type="text" inputmode="numeric" value="2024-02-30" aria-describedby="starts-hint starts-error" aria-invalid="true">/);
		assert.equal(auditCount(), before);
		assert.equal(await apiGet('plans/plan-24'), null);
	});

	test('a plan is added as a draft of route maps, with a foundation group, a route map and a milestone', async () => {
		const form = await get('/plans/new', as.staff);
		assert.equal(form.status, 200);
		assert.match(form.body, /<input type="radio" id="status" name="status" value="draft" checked>/);
		const r = await send(as.staff, '/plans/new', {
			title: 'Plan 25-27', slug: '', summary: '', starts: '2025-04-01', ends: '2027-03-31', status: 'draft', shape: 'route_maps',
			source: 'https://thepromise.scot/plan-25-27', source_date: '2025-06-20',
		});
		assert.equal(r.status, 303, r.body);
		assert.equal(r.headers.location, '/plans/plan-25-27');
		const plan = (await api('GET', '/api/v1/plans/plan-25-27')).json.data;
		assert.equal(plan.status, 'draft');
		assert.equal(plan.shape, 'route_maps');
		assert.equal(plan.source_date, '2025-06-20');
		assert.deepEqual(auditLog('plan').map((a) => [a.verb, a.entity_id, a.actor]), [['create', 'plan-25-27', 'staff@plan.test']]);

		// A group of a route maps plan is one of the foundations.
		const page = (await get('/plans/plan-25-27', as.staff)).body;
		assert.ok(page.includes('<a href="/plans/plan-25-27/priorities/new">Add a foundation</a>'));
		let before = auditCount();
		const noFoundation = await send(as.staff, '/plans/plan-25-27/priorities/new', { foundation: '', title: 'Care', slug: '', text: '' });
		assert.equal(noFoundation.status, 400);
		assert.match(noFoundation.body, /id="foundation-error">Plan 25-27 groups its route maps under the foundations: choose the foundation this group is\.<\/p>/);
		assert.equal(auditCount(), before);
		const g = await send(as.staff, '/plans/plan-25-27/priorities/new', { foundation: 'care', title: 'Care', slug: '', text: '' });
		assert.equal(g.status, 303, g.body);
		assert.equal(g.headers.location, '/plans/plan-25-27#plan-25-27-care');

		// A route map with no foundation, and one put under another plan's priority area.
		const form2 = await get('/priorities/plan-25-27-care/actions/new', as.staff);
		assert.equal(form2.status, 200);
		assert.match(form2.body, /<input type="checkbox" id="foundations-care" name="foundations" value="care" checked>/);
		assert.match(form2.body, /<legend>The fundamentals it serves <span class="hint">\(optional\)<\/span><\/legend>/);
		before = auditCount();
		const bad = await send(as.staff, '/priorities/plan-25-27-care/actions/new', {
			priority: 'plan-25-27-care', title: 'Where children stay', now: 'Where we are <now>', outcomes: 'One\nTwo', foundations: [],
		});
		assert.equal(bad.status, 400);
		assert.match(bad.body, /<a href="#foundations">A route map serves at least one foundation: choose one or more\.<\/a>/);
		assert.match(bad.body, /<textarea id="now" name="now" rows="5">Where we are &lt;now&gt;<\/textarea>/);
		const other = await send(as.staff, '/priorities/plan-25-27-care/actions/new', {
			priority: 'a-good-childhood', title: 'Where children stay', foundations: ['care'],
		});
		assert.equal(other.status, 400);
		assert.match(other.body, /id="priority-error">The foundation &#39;a-good-childhood&#39; belongs to Plan 21-24, not to Plan 25-27: choose one of this plan&#39;s foundations\.<\/p>/);
		assert.equal(auditCount(), before);
		assert.equal(await apiGet('actions/where-children-stay'), null);

		const ok = await send(as.staff, '/priorities/plan-25-27-care/actions/new', {
			priority: 'plan-25-27-care', title: 'Where children stay', slug: '', now: 'Where we are now.', outcomes: 'One\nTwo',
			required: '', committed: '', leads_text: '', next_steps: '', due: '2027-03-31',
			source: 'https://thepromise.scot/plan-25-27/where-children-stay', source_date: '2025-12-01',
			foundations: ['care', 'family'], fundamentals: ['poverty'],
		});
		assert.equal(ok.status, 303, ok.body);
		assert.equal(ok.headers.location, '/actions/where-children-stay');
		const a = (await api('GET', '/api/v1/actions/where-children-stay')).json.data;
		assert.equal(a.plan, 'plan-25-27');
		assert.equal(a.priority, 'plan-25-27-care');
		assert.equal(a.now, 'Where we are now.');
		assert.equal(a.outcomes, 'One\nTwo');
		assert.deepEqual(a.foundations, ['family', 'care']);
		assert.deepEqual(a.fundamentals, ['poverty']);
		const edit = (await get('/actions/where-children-stay/edit', as.staff)).body;
		assert.match(edit, /<input type="checkbox" id="foundations-family" name="foundations" value="family" checked>/);
		assert.match(edit, /<option value="plan-25-27-care" selected>Care<\/option>/);

		// A milestone outside its plan's dates, then one inside.
		before = auditCount();
		const late = await send(as.staff, '/actions/where-children-stay/milestones/new', { text: 'It is done.', when: 'early 2028', due: '2028-01-01' });
		assert.equal(late.status, 400);
		assert.match(late.body, /id="due-error">The due date 2028-01-01 is outside its plan&#39;s dates \(Plan 25-27 runs from 1 April 2025 to 31 March 2027\): enter a date between them\.<\/p>/);
		assert.match(late.body, /value="early 2028"/);
		assert.equal(auditCount(), before);
		const m = await send(as.staff, '/actions/where-children-stay/milestones/new', { text: 'It is done.', when: 'by the end of 2025', due: '2025-12-31' });
		assert.equal(m.status, 303, m.body);
		assert.equal(m.headers.location, '/actions/where-children-stay');
		const ms = await apiGet('milestones/where-children-stay-001');
		assert.equal(ms.text, 'It is done.');
		const c = await send(as.staff, '/milestones/where-children-stay-001/edit', { text: 'It is done in full.', when: 'by the end of 2025', due: '2025-12-31', source: '', source_date: '' });
		assert.equal(c.status, 303, c.body);
		assert.equal((await apiGet('milestones/where-children-stay-001')).text, 'It is done in full.');
		assert.deepEqual(auditLog('milestone').map((x) => [x.verb, x.entity_id]), [['create', 'where-children-stay-001'], ['update', 'where-children-stay-001']]);
		const d = await send(as.staff, '/milestones/where-children-stay-001/delete', {});
		assert.equal(d.status, 303);
		assert.equal(await apiGet('milestones/where-children-stay-001'), null);
	});

	test('a phase outside its plan is refused; one inside is added, changed and deleted', async () => {
		const before = auditCount();
		const bad = await send(as.staff, '/plans/plan-21-24/phases/new', { title: 'Too early', starts: '2020-01-01', ends: '2021-03-31' });
		assert.equal(bad.status, 400);
		assert.match(bad.body, /id="starts-error">The start date 2020-01-01 is outside its plan&#39;s dates \(Plan 21-24 runs from 1 April 2021 to 31 March 2024\)/);
		assert.equal(auditCount(), before);
		const ok = await send(as.staff, '/plans/plan-21-24/phases/new', { title: 'The first year', years: 'Year one', starts: '2021-04-01', ends: '2022-03-31' });
		assert.equal(ok.status, 303, ok.body);
		assert.equal(ok.headers.location, '/plans/plan-21-24');
		const ph = await apiGet('phases/the-first-year');
		assert.equal(ph.plan, 'plan-21-24');
		const c = await send(as.staff, '/phases/the-first-year/edit', { title: 'The first year', years: 'Year one', starts: '2021-04-01', ends: '2022-06-30' });
		assert.equal(c.status, 303, c.body);
		assert.equal((await apiGet('phases/the-first-year')).ends, '2022-06-30');
		// The plan's dates must still hold its phases.
		const shrink = await send(as.staff, '/plans/plan-21-24/edit', { title: 'Plan 21-24', starts: '2021-05-01', ends: '2024-03-31', status: 'published', shape: 'priorities' });
		assert.equal(shrink.status, 400);
		assert.match(shrink.body, /id="starts-error">A phase or milestone of this plan falls on 1 April 2021, before this date/);
		const d = await send(as.staff, '/phases/the-first-year/delete', {});
		assert.equal(d.status, 303);
		assert.deepEqual(auditLog('phase').map((x) => x.verb), ['create', 'update', 'delete']);
	});

	test('deleting what commitments, evidence or targets hang off is refused, naming them; nothing is deleted', async () => {
		const before = auditCount();
		const page = await get('/actions/planning/delete', as.staff);
		assert.equal(page.status, 200);
		assert.match(page.body, /<p>This action still has 4 commitments, 2 targets, 1 assessment by the Oversight Board, 5 notes of what was heard, 6 lead roles\. Delete or move them first; nothing was deleted\.<\/p>/);
		assert.ok(!page.body.includes('Yes, delete this action'));
		const r = await send(as.staff, '/actions/planning/delete', {});
		assert.equal(r.status, 409);
		assert.match(r.body, /This action still has 4 commitments, 2 targets/);
		const p = await send(as.staff, '/priorities/a-good-childhood/delete', {});
		assert.equal(p.status, 409);
		assert.match(p.body, /Records still hang off actions under this priority area: [^<]*&#39;Advocacy&#39; has 1 commitment/);
		const plan = await send(as.staff, '/plans/plan-21-24/delete', {});
		assert.equal(plan.status, 409);
		assert.equal(auditCount(), before);
		assert.ok(await apiGet('actions/planning'));
		assert.ok(await apiGet('priorities/a-good-childhood'));
		// A route map that carries an earlier action on stays while that link does (the
		// link is set here as the forms of carrying on would set it).
		const link = spawnSync('sqlite3', [db, "UPDATE action SET carried_by = (SELECT id FROM action WHERE slug = 'legislation-2030') WHERE slug = 'legislation'"], { encoding: 'utf8' });
		assert.equal(link.status, 0, link.stderr);
		const carried = await api('DELETE', '/api/v1/actions/legislation-2030');
		assert.equal(carried.status, 409);
		assert.match(carried.json.error.message, /^This route map still has [^.]*1 earlier action it carries on\. Delete or move them first; nothing was deleted\.$/);
		assert.ok(await apiGet('actions/legislation-2030'));
		// What nothing hangs off goes, with its milestones, each audited.
		const ok = await send(as.staff, '/actions/family-therapy/delete', {});
		assert.equal(ok.status, 303, ok.body);
		assert.equal(ok.headers.location, '/plans/plan-21-24');
		assert.equal(await apiGet('actions/family-therapy'), null);
		assert.deepEqual(auditLog('action').filter((x) => x.entity_id === 'family-therapy').map((x) => x.verb), ['delete']);
	});

	test('a change to a published plan shows in its public history, without who made it', async () => {
		const a = (await api('GET', '/api/v1/actions/schools-and-exclusion')).json.data;
		const r = await send(as.staff, '/actions/schools-and-exclusion/edit', {
			priority: a.priority, title: 'Schools, exclusion and learning', now: '', outcomes: '', required: '', committed: '',
			leads_text: '', next_steps: '', due: '', source: a.source ?? '', source_date: '', foundations: a.foundations, fundamentals: [],
		});
		assert.equal(r.status, 303, r.body);
		const page = (await get('/actions/schools-and-exclusion')).body;
		assert.match(page, /<li>Changed on \d+ \w+ \d{4}: title Schools and exclusion \u2192 Schools, exclusion and learning<\/li>/);
		// A list changed reads as its items.
		const r2 = await api('PATCH', '/api/v1/actions/schools-and-exclusion', { foundations: ['voice', 'care'] });
		assert.equal(r2.status, 200, JSON.stringify(r2.json));
		assert.match((await get('/actions/schools-and-exclusion')).body, /<li>Changed on \d+ \w+ \d{4}: foundations none \u2192 voice, care<\/li>/);
		assert.ok(!page.includes('staff@plan.test'));
		const p = await send(as.staff, '/plans/plan-21-24/edit', {
			title: 'Plan 21-24', summary: 'Changed summary.', starts: '2021-04-01', ends: '2024-03-31', status: 'ended', shape: 'priorities', source: '', source_date: '',
		});
		assert.equal(p.status, 303, p.body);
		const plan = (await get('/plans/plan-21-24')).body;
		assert.match(plan, /<li>Changed on \d+ \w+ \d{4}: summary [^<]*\u2192 Changed summary\.<\/li>/);
		assert.equal((await apiGet('plans/plan-21-24')).status, 'ended');
	});
	test('what was written while a plan was a draft stays out of the public history once it is published', async () => {
		const p = await api('POST', '/api/v1/plans', { title: 'Plan 28-30', starts: '2028-04-01', ends: '2030-03-31', status: 'draft', shape: 'route_maps' });
		assert.equal(p.status, 201, JSON.stringify(p.json));
		const g = await api('POST', '/api/v1/priorities', { plan: 'plan-28-30', title: 'Care', foundation: 'care' });
		assert.equal(g.status, 201, JSON.stringify(g.json));
		const a = await api('POST', '/api/v1/actions', { priority: g.json.data.id, title: 'Staying close', now: 'Zqdraftnow first words', foundations: ['care'] });
		assert.equal(a.status, 201, JSON.stringify(a.json));
		const slug = a.json.data.id;
		assert.equal((await api('PATCH', `/api/v1/actions/${slug}`, { now: 'Zqdraftlater second words' })).status, 200);
		assert.equal((await api('PATCH', '/api/v1/plans/plan-28-30', { status: 'published' })).status, 200);
		assert.equal((await api('PATCH', `/api/v1/actions/${slug}`, { now: 'Published words' })).status, 200);
		const pub = (await get(`/actions/${slug}`)).body;
		const history = pub.slice(pub.indexOf('<h2 id="history">'));
		assert.match(history, /<li>Changed on \d+ \w+ \d{4}: where Scotland is now Zqdraftlater second words \u2192 Published words<\/li>|<li>Changed on \d+ \w+ \d{4}: now Zqdraftlater second words \u2192 Published words<\/li>/);
		assert.ok(!pub.includes('Zqdraftnow'), 'a value written and changed while the plan was a draft is never public');
		assert.ok(!history.includes('Added on'), 'the route map was added while its plan was a draft');
		const plan = (await get('/plans/plan-28-30')).body;
		assert.match(plan, /<li>Published on \d+ \w+ \d{4}<\/li>/);
		assert.ok(!plan.includes('Zqdraft'));
		// Staff, who saw the draft, see its whole history.
		const staff = (await get(`/actions/${slug}`, as.staff)).body;
		assert.ok(staff.includes('Zqdraftnow first words'));
	});

	test('the API writes plans, phases, groups, route maps and milestones by the same rules, 422 by field', async () => {
		let before = auditCount();
		assert.equal((await api('POST', '/api/v1/plans', { title: 'Plan 27-30', starts: '2027-04-01', ends: '2030-03-31' }, 'board')).status, 403);
		const bad = await api('POST', '/api/v1/plans', { title: 'Plan 27-30', starts: '2027-04-01', ends: '2025-03-31', status: 'live', source: 'ftp://x' });
		assert.equal(bad.status, 422);
		assert.deepEqual(bad.json.error.fields, {
			ends: 'The end date must be on or after the start date (1 April 2027).',
			status: 'Choose whether the plan is a draft, published or ended.',
			source: "Enter the source as a web address starting https:// or http://, like https://thepromise.scot/plan-24-30 ('ftp://x' is not one).",
		});
		assert.equal(auditCount(), before);
		const p = await api('POST', '/api/v1/plans', { title: 'Plan 27-30', starts: '2027-04-01', ends: '2030-03-31', status: 'draft', shape: 'route_maps' });
		assert.equal(p.status, 201, JSON.stringify(p.json));
		assert.equal(p.location, '/api/v1/plans/plan-27-30');
		assert.equal(p.json.data.status, 'draft');
		const taken = await api('POST', '/api/v1/plans', { slug: 'plan-27-30', title: 'Again', starts: '2027-04-01', ends: '2030-03-31' });
		assert.equal(taken.status, 422);
		assert.match(taken.json.error.fields.slug, /^There is already a plan with the web address name 'plan-27-30'/);

		const ph = await api('POST', '/api/v1/phases', { plan: 'plan-27-30', title: 'Year one', starts: '2027-04-01', ends: '2028-03-31' });
		assert.equal(ph.status, 201, JSON.stringify(ph.json));
		assert.equal(ph.json.data.plan, 'plan-27-30');
		// The Promise has a phase called year-one already: ids are unique across plans.
		assert.equal(ph.json.data.id, 'year-one-2');
		const noPlan = await api('POST', '/api/v1/phases', { plan: 'plan-99', title: 'x', starts: '2025-04-01', ends: '2026-03-31' });
		assert.equal(noPlan.status, 422);
		assert.equal(noPlan.json.error.fields.plan, "There is no plan called 'plan-99'.");

		const g = await api('POST', '/api/v1/priorities', { plan: 'plan-27-30', title: 'Voice', foundation: 'voice' });
		assert.equal(g.status, 201, JSON.stringify(g.json));
		assert.equal(g.json.data.id, 'plan-27-30-voice');
		assert.equal(g.json.data.foundation, 'voice');
		const unknown = await api('POST', '/api/v1/priorities', { plan: 'plan-27-30', title: 'Courage', foundation: 'courage' });
		assert.equal(unknown.status, 422);
		assert.equal(unknown.json.error.fields.foundation, "There is no foundation called 'courage': choose one of the foundations listed.");

		before = auditCount();
		const other = await api('POST', '/api/v1/actions', { plan: 'plan-27-30', priority: 'planning', title: 'Being heard', foundations: ['voice'] });
		assert.equal(other.status, 422);
		assert.equal(other.json.error.fields.priority, "The foundation 'planning' belongs to Plan 21-24, not to Plan 27-30: choose one of this plan's foundations.");
		const none = await api('POST', '/api/v1/actions', { priority: 'plan-27-30-voice', title: 'Being heard' });
		assert.equal(none.status, 422);
		assert.equal(none.json.error.fields.foundations, 'A route map serves at least one foundation: choose one or more.');
		const typed = await api('POST', '/api/v1/actions', { priority: 'plan-27-30-voice', title: 'Being heard', foundations: 'voice' });
		assert.equal(typed.status, 400);
		assert.equal(auditCount(), before);
		const a = await api('POST', '/api/v1/actions', {
			priority: 'plan-27-30-voice', title: 'Being heard', now: 'Now.', outcomes: 'Heard\nActed on', foundations: ['voice'], fundamentals: ['listening'],
		});
		assert.equal(a.status, 201, JSON.stringify(a.json));
		assert.equal(a.location, '/api/v1/actions/being-heard');
		assert.deepEqual([a.json.data.plan, a.json.data.now, a.json.data.outcomes, a.json.data.foundations, a.json.data.fundamentals],
			['plan-27-30', 'Now.', 'Heard\nActed on', ['voice'], ['listening']]);
		// Moved under another plan's priority area: refused; its own texts change.
		const moved = await api('PATCH', '/api/v1/actions/being-heard', { priority: 'a-good-childhood' });
		assert.equal(moved.status, 422);
		assert.match(moved.json.error.fields.priority, /belongs to Plan 21-24, not to Plan 27-30/);
		const changed = await api('PATCH', '/api/v1/actions/being-heard', { committed: 'Committed.' });
		assert.equal(changed.status, 200, JSON.stringify(changed.json));
		assert.equal(changed.json.data.committed, 'Committed.');
		assert.equal(changed.json.data.now, 'Now.');

		const late = await api('POST', '/api/v1/milestones', { action: 'being-heard', text: 'Done.', due: '2030-04-01' });
		assert.equal(late.status, 422);
		assert.equal(late.json.error.fields.due, "The due date 2030-04-01 is outside its plan's dates (Plan 27-30 runs from 1 April 2027 to 31 March 2030): enter a date between them.");
		const m = await api('POST', '/api/v1/milestones', { action: 'being-heard', text: 'Done.', due: '2028-04-01', when: 'spring 2028' });
		assert.equal(m.status, 201, JSON.stringify(m.json));
		assert.equal(m.location, '/api/v1/milestones/being-heard-001');
		assert.equal((await api('PATCH', '/api/v1/milestones/being-heard-001', { text: 'Done well.' })).json.data.text, 'Done well.');
		assert.equal((await api('DELETE', '/api/v1/milestones/being-heard-001')).status, 204);
		await api('POST', '/api/v1/milestones', { action: 'being-heard', text: 'Again.' });

		// Deleting: refused while something hangs off, naming it; otherwise all of it goes.
		before = auditCount();
		const refused = await api('DELETE', '/api/v1/actions/planning');
		assert.equal(refused.status, 409);
		assert.match(refused.json.error.message, /^This action still has 4 commitments, 2 targets/);
		assert.equal((await api('DELETE', '/api/v1/plans/plan-27-30', undefined, 'board')).status, 403);
		assert.equal(auditCount(), before);
		assert.equal((await api('DELETE', '/api/v1/plans/plan-27-30', undefined, 'admin')).status, 204);
		for (const gone of ['plans/plan-27-30', 'phases/year-one-2', 'priorities/plan-27-30-voice', 'actions/being-heard', 'milestones/being-heard-002'])
			assert.equal(await apiGet(gone), null, gone);
		const log = auditLog().slice(before);
		assert.deepEqual(log.map((x) => [x.verb, x.entity, x.entity_id, x.actor]), [
			['delete', 'milestone', 'being-heard-002', 'admin@plan.test'],
			['delete', 'action', 'being-heard', 'admin@plan.test'],
			['delete', 'priority', 'plan-27-30-voice', 'admin@plan.test'],
			['delete', 'phase', 'year-one-2', 'admin@plan.test'],
			['delete', 'plan', 'plan-27-30', 'admin@plan.test'],
		]);
	});
});
