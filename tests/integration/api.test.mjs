// The JSON API against the real server: a fresh demo database, the real binary, real
// HTTP. Every path in data/openapi.json is fetched and every response it documents is
// checked against its schema, so the description and the server cannot drift apart.
//
//   KEEP_BIN=build/keep node --test tests/integration/api.test.mjs
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { closeSync, fstatSync, openSync, readFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import Ajv2020 from 'ajv/dist/2020.js';

import { ROOT, demoDb, keep, postForm, sleep, signIn, startServer } from './helpers.mjs';

const docBytes = readFileSync(join(ROOT, 'data/openapi.json'));
const doc = JSON.parse(docBytes.toString('utf8'));
const plan = JSON.parse(readFileSync(join(ROOT, 'data/plan.json'), 'utf8'));
const demo = JSON.parse(readFileSync(join(ROOT, 'data/demo.json'), 'utf8'));

// The resources of store.h's store_resources, in its order.
const RESOURCES = [
	'foundations', 'fundamentals', 'phases', 'plans', 'priorities', 'actions', 'organisations',
	'commitments', 'leads', 'heard', 'assessments', 'milestones', 'council-areas', 'evidence',
	'board-members', 'indicators', 'targets', 'observations', 'vision-statements', 'vision-outcomes',
	'scenarios', 'spend',
];
// The paths that also take writes (api_write.c), with every method they document.
const WRITES = {
	'/api/v1/organisations': ['get', 'post'],
	'/api/v1/organisations/{id}': ['get', 'patch', 'delete'],
	'/api/v1/commitments': ['get', 'post'],
	'/api/v1/commitments/{id}': ['get', 'patch', 'delete'],
	'/api/v1/leads': ['get', 'post'],
	'/api/v1/heard': ['get', 'post'],
	'/api/v1/heard/{id}': ['get', 'delete'],
	'/api/v1/evidence': ['get', 'post'],
	'/api/v1/assessments': ['get', 'post'],
	'/api/v1/evidence/{id}': ['get', 'patch', 'delete'],
	'/api/v1/indicators': ['get', 'post'],
	'/api/v1/indicators/{id}': ['get', 'patch'],
	'/api/v1/targets': ['get', 'post'],
	'/api/v1/targets/{id}': ['get', 'patch', 'delete'],
	'/api/v1/actions/{id}': ['get', 'patch'],
	'/api/v1/observations': ['get', 'post'],
	'/api/v1/observations/{id}': ['get', 'delete'],
	'/api/v1/plans': ['get', 'post'],
	'/api/v1/plans/{id}': ['get', 'patch', 'delete'],
	'/api/v1/phases': ['get', 'post'],
	'/api/v1/phases/{id}': ['get', 'patch', 'delete'],
	'/api/v1/priorities': ['get', 'post'],
	'/api/v1/priorities/{id}': ['get', 'patch', 'delete'],
	'/api/v1/actions': ['get', 'post'],
	'/api/v1/actions/{id}': ['get', 'patch', 'delete'],
	'/api/v1/milestones': ['get', 'post'],
	'/api/v1/milestones/{id}': ['get', 'patch', 'delete'],
	'/api/v1/scenarios': ['get', 'post'],
	'/api/v1/scenarios/{id}': ['get', 'patch', 'delete'],
	'/api/v1/spend': ['get', 'post'],
	'/api/v1/spend/{id}': ['get', 'patch', 'delete'],
};
// The paths that are neither a list nor a get of a resource.
const OTHER_PATHS = {
	'/api/openapi.json': ['get'],
	'/api/v1/session': ['post', 'delete'],
	'/api/v1/commitments/{id}/updates': ['post'],
	'/api/v1/redactions': ['post'],
	'/api/v1/actions/{action}/leads/{organisation}': ['get', 'patch', 'delete'],
	'/api/v1/review': ['get'],
	'/api/v1/gaps': ['get'],
	'/api/v1/projection': ['get'],
	'/api/v1/sufficiency': ['get'],
	'/api/v1/unit-costs': ['get', 'post'],
	'/api/v1/place-plans': ['get', 'post'],
	'/api/v1/place-plans/{plan}': ['get'],
	'/api/v1/place-plans/{plan}/decisions': ['post'],
};
const JSON_TYPE = 'application/json; charset=utf-8';
const LIMIT_MESSAGE = (got) => `limit must be a whole number from 1 to 500 (got '${got}')`;
const INTERNAL_MESSAGE = 'the server could not answer; the failure has been logged';

// ---- the server ----

let server;
before(async () => {
	// The demo data ships no evidence: a member of staff submits and publishes one piece
	// and leaves another unpublished, so that the evidence resource has items to check
	// and one it must never show.
	const db = demoDb();
	const password = 'a long enough password';
	const added = keep(['user', 'add', 'staff@example.org', '--role', 'staff', '--db', db], { input: `${password}\n` });
	assert.equal(added.status, 0, added.stderr);
	server = await startServer(db);
	const s = await signIn(server.url, 'staff@example.org', password);
	for (const title of ['Published plan', 'Unpublished plan']) {
		const r = await postForm(`${server.url}/organisations/cosla/evidence/new`,
			{ csrf: s.csrf, kind: 'plan', title, will_do: 'Listen.', actions: 'planning' }, s.cookie);
		assert.equal(r.status, 303, r.body);
	}
	const p = await postForm(`${server.url}/evidence/cosla-published-plan/publish`, { csrf: s.csrf, publish: '1' }, s.cookie);
	assert.equal(p.status, 303, p.body);
});
after(async () => { await server?.stop(); });

/* GETs path (relative to the server) and returns {status, type, body, json}. Every
 * response under /api is JSON, errors included: that is checked here, for all. */
async function get(path, init) {
	const r = await fetch(server.url + path, init);
	const body = await r.text();
	const type = r.headers.get('content-type');
	let json;
	if (path.startsWith('/api/')) {
		assert.equal(type, JSON_TYPE, `${path}: Content-Type`);
		json = JSON.parse(body);
	}
	return { status: r.status, type, body, json };
}

async function expectError(path, status, code, message) {
	const r = await get(path);
	assert.equal(r.status, status, `${path}: status (body ${r.body})`);
	assert.deepEqual(r.json, { error: { code, message } }, path);
	return r;
}

/* Every item of a resource, unpaginated (the demo database is far below 500 of each). */
async function all(resource, query = '') {
	const r = await get(`/api/v1/${resource}?limit=500${query}`);
	assert.equal(r.status, 200, r.body);
	assert.equal(r.json.next, null, `${resource} has more than 500 items`);
	return r.json.data;
}

// ---- the description ----

// Formats (date, date-time) are annotations here: the schemas' patterns hold the rule.
const ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: false });
ajv.addSchema(doc, 'openapi');

const escape = (s) => s.replace(/~/g, '~0').replace(/\//g, '~1');
const pointer = (...parts) => '#/' + parts.map(escape).join('/');

/* Follows OpenAPI $refs ("#/components/...") within the document: {value, at}. */
function deref(value, at) {
	while (value && typeof value.$ref === 'string') {
		assert.ok(value.$ref.startsWith('#/'), `${at}: only local $refs are expected`);
		at = value.$ref;
		value = value.$ref
			.slice(2)
			.split('/')
			.map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'))
			.reduce((o, k) => (o === undefined ? undefined : o[k]), doc);
		assert.ok(value !== undefined, `${at} does not resolve`);
	}
	return { value, at };
}

const validators = new Map();
/* A validator for the JSON Schema at pointer `at` in the document. */
function validatorAt(at) {
	if (!validators.has(at)) validators.set(at, ajv.compile({ $ref: 'openapi' + at }));
	return validators.get(at);
}

function assertValid(at, value, what) {
	const v = validatorAt(at);
	if (!v(value)) {
		assert.fail(`${what} does not match ${at}:\n${ajv.errorsText(v.errors, { separator: '\n' })}\n` +
			JSON.stringify(value).slice(0, 2000));
	}
}

/* The schema pointer of path's GET response for status, or undefined if not documented. */
function responseSchema(path, status) {
	const op = doc.paths[path].get;
	const resp = op.responses[String(status)];
	if (!resp) return undefined;
	const { value, at } = deref(resp, pointer('paths', path, 'get', 'responses', String(status)));
	assert.ok(value.content?.['application/json']?.schema, `${at}: no application/json schema`);
	return deref(value.content['application/json'].schema, at + '/content/application~1json/schema').at;
}

/* The query parameter names path's GET takes, in the document's order. */
function queryParams(path) {
	const op = doc.paths[path].get;
	return (op.parameters ?? []).map((p) => deref(p, path).value).filter((p) => p.in === 'query')
		.map((p) => p.name);
}

const listPaths = Object.keys(doc.paths).filter((p) => /^\/api\/v1\/[a-z-]+$/.test(p) && doc.paths[p].get && !OTHER_PATHS[p]);
const getPaths = Object.keys(doc.paths).filter((p) => /^\/api\/v1\/[a-z-]+\/\{id\}$/.test(p) && doc.paths[p].get);
const resourceOf = (path) => path.split('/')[3];

describe('the OpenAPI description', () => {
	test('is served as it is shipped, and is OpenAPI 3.1.0', async () => {
		const r = await get('/api/openapi.json');
		assert.equal(r.status, 200);
		assert.equal(r.body, docBytes.toString('utf8'));
		assert.equal(r.json.openapi, '3.1.0');
		assert.equal(r.json.info.title, 'keep API');
		assert.equal(r.json.info.version, '1');
	});

	test('describes a list and a get for every resource, the writes, and nothing else under /api/v1', () => {
		assert.deepEqual(listPaths.map(resourceOf).sort(), [...RESOURCES].sort());
		assert.deepEqual(getPaths.map(resourceOf).sort(), [...RESOURCES].sort());
		const others = Object.keys(doc.paths).filter((p) => !listPaths.includes(p) && !getPaths.includes(p));
		assert.deepEqual(others.sort(), Object.keys(OTHER_PATHS).sort());
		for (const p of Object.keys(doc.paths)) {
			const methods = WRITES[p] ?? OTHER_PATHS[p] ?? ['get'];
			assert.deepEqual(Object.keys(doc.paths[p]), methods, `${p} documents ${methods.join(', ')}`);
			for (const m of methods) {
				const op = doc.paths[p][m];
				assert.ok(op.operationId, `${m} ${p} has an operationId`);
				if (m !== 'get' && op.operationId !== 'startSession')
					assert.deepEqual(op.security, [{ bearer: [] }], `${m} ${p} says it needs a token`);
				// the statuses the tests produce and check (500 is checked on a broken server)
				// (the projection's GET also answers 422: draws out of range, an area with no records)
				// (plans for requests for a place are never public: their GETs answer 401 and 403)
				const allowed = m === 'get' ? ['200', '400', ...(p.startsWith('/api/v1/place-plans') ? ['401', '403'] : []), '404', ...(p === '/api/v1/projection' ? ['422'] : []), '500'] : ['200', '201', '204', '400', '401', '403', '404', '409', '422', '429', '500'];
				for (const status of Object.keys(op.responses)) {
					assert.ok(allowed.includes(status), `${m} ${p} documents ${status}`);
				}
			}
		}
		assert.deepEqual(doc.components.securitySchemes.bearer, {
			type: 'http', scheme: 'bearer', description: doc.components.securitySchemes.bearer.description,
		});
	});

	test('every schema compiles and every item schema is closed, with every field required', () => {
		for (const name of Object.keys(doc.components.schemas)) validatorAt(pointer('components', 'schemas', name));
		for (const path of listPaths) {
			const at = responseSchema(path, 200);
			const item = itemSchemaOf(at);
			assert.equal(item.value.type, 'object', `${item.at} is an object`);
			assert.equal(item.value.additionalProperties, false, `${item.at} forbids other fields`);
			assert.deepEqual([...item.value.required].sort(), Object.keys(item.value.properties).sort(),
				`${item.at}: every field is always present (null when unknown)`);
		}
	});
});

/* The item schema of a list response schema: {value, at}. List responses are an allOf
 * of the list envelope and {properties: {data: {items: {$ref: item}}}}. */
function itemSchemaOf(listAt) {
	const list = deref({ $ref: listAt }, listAt).value;
	const part = list.allOf.find((s) => s.properties?.data?.items);
	assert.ok(part, `${listAt}: no data.items`);
	return deref(part.properties.data.items, listAt);
}

describe('every documented response is what the server sends', () => {
	for (const path of listPaths) {
		const resource = resourceOf(path);
		test(`GET ${path}`, async () => {
			const r = await get(path);
			assert.equal(r.status, 200, r.body);
			assertValid(responseSchema(path, 200), r.json, `GET ${path}`);
			assert.ok(r.json.data.length > 0, `the demo database has some ${resource}`);
			// every item, not just the first page
			const items = await all(resource);
			assertValid(responseSchema(path, 200), { data: items, next: null, links: { self: `${path}?limit=500`, next: null } },
				`all of ${resource}`);
			assert.ok(responseSchema(path, 400), `${path} documents 400`);
			assertValid(responseSchema(path, 400), (await get(`${path}?limit=abc`)).json, `400 from ${path}`);
			assert.ok(responseSchema(path, 404), `${path} documents 404`);
			const nf = await get(`${path}?after=no-such-item`);
			assert.equal(nf.status, 404, nf.body);
			assertValid(responseSchema(path, 404), nf.json, `404 from ${path}`);
		});
	}

	for (const path of getPaths) {
		const resource = resourceOf(path);
		test(`GET ${path}`, async () => {
			const items = await all(resource);
			if (responseSchema(path, 200)) {
				// every item fetched alone is the item as listed
				for (const item of items) {
					const r = await get(`/api/v1/${resource}/${encodeURIComponent(item.id)}`);
					assert.equal(r.status, 200, r.body);
					assertValid(responseSchema(path, 200), r.json, `GET /api/v1/${resource}/${item.id}`);
					assert.deepEqual(r.json, { data: item });
				}
				assertValid(responseSchema(path, 400), (await get(`/api/v1/${resource}/${items[0].id}?x=1`)).json,
					`400 from ${path}`);
			} else {
				assert.equal(resource, 'leads', `only leads have no single-item address`);
			}
			const nf = await get(`/api/v1/${resource}/no-such-item`);
			assert.equal(nf.status, 404, nf.body);
			assertValid(responseSchema(path, 404), nf.json, `404 from ${path}`);
		});
	}

	test('GET /api/v1/projection: the demo has no care records (422), and its 400 and 404 (the 200 is in money_projection.test.mjs)', async () => {
		const path = '/api/v1/projection';
		assertValid(responseSchema(path, 422), (await expectError(`${path}?area=S12000005`, 422, 'invalid',
			'Clackmannanshire has no care records in keep, so there is nothing to project from: the projection needs a council\'s care records, brought in by the council')).json, '422 from projection');
		assertValid(responseSchema(path, 422), (await expectError(`${path}?draws=5001`, 422, 'invalid',
			"draws must be a whole number from 1 to 5000, not '5001'")).json, '422 from projection (draws)');
		assertValid(responseSchema(path, 400), (await expectError(`${path}?limit=1`, 400, 'bad_parameter',
			"unknown parameter 'limit': projection takes area, scenario, draws, price_year, inflation and discount")).json, '400 from projection');
		assertValid(responseSchema(path, 404), (await expectError(`${path}?area=S99`, 404, 'not_found',
			"no area has the code 'S99': give Scotland's (S92000003) or a council area's")).json, '404 from projection');
	});

	test('GET /api/v1/review and /api/v1/gaps (not lists of a resource: not paginated)', async () => {
		const review = await get('/api/v1/review');
		assert.equal(review.status, 200, review.body);
		assertValid(responseSchema('/api/v1/review', 200), review.json, 'GET /api/v1/review');
		assert.equal(review.json.data.length, demo.targets.length);
		const one = await get('/api/v1/review?area=S12000005');
		assertValid(responseSchema('/api/v1/review', 200), one.json, 'GET /api/v1/review?area=S12000005');
		assert.deepEqual(one.json.data.map((t) => t.id), ['demo-siblings-clackmannanshire']);
		assertValid(responseSchema('/api/v1/review', 400), (await expectError('/api/v1/review?limit=1', 400, 'bad_parameter',
			"unknown parameter 'limit': review takes area (a GSS code: Scotland or a council area)")).json, '400 from review');
		assertValid(responseSchema('/api/v1/review', 404), (await expectError('/api/v1/review?area=S99', 404, 'not_found',
			"no area has the code 'S99': give Scotland's (S92000003) or a council area's")).json, '404 from review');

		const gaps = await get('/api/v1/gaps');
		assert.equal(gaps.status, 200, gaps.body);
		assertValid(responseSchema('/api/v1/gaps', 200), gaps.json, 'GET /api/v1/gaps');
		const lists = Object.entries(gaps.json.data).filter(([k]) => k !== 'total');
		assert.equal(gaps.json.data.total, lists.reduce((n, [, v]) => n + v.length, 0));
		assertValid(responseSchema('/api/v1/gaps', 400), (await expectError('/api/v1/gaps?after=x', 400, 'bad_parameter',
			"unknown parameter 'after': gaps takes no parameters")).json, '400 from gaps');
	});

	test('GET /api/v1/unit-costs (keep\'s averages, or a council area\'s in force)', async () => {
		const all = await get('/api/v1/unit-costs');
		assert.equal(all.status, 200, all.body);
		assertValid(responseSchema('/api/v1/unit-costs', 200), all.json, 'GET /api/v1/unit-costs');
		assert.equal(all.json.area, 'S92000003');
		assert.equal(all.json.data.length, 13);
		const foster = all.json.data.find((c) => c.type === 'foster_council');
		assert.equal(foster.weekly_cost, 646);
		assert.equal(foster.price_year, '2016-17');
		assert.equal(all.json.data.find((c) => c.type === 'kinship').weekly_cost, null, 'kinship is not priced');
		const one = await get('/api/v1/unit-costs?area=S12000005');
		assertValid(responseSchema('/api/v1/unit-costs', 200), one.json, 'GET /api/v1/unit-costs?area=S12000005');
		assert.deepEqual(one.json.data, all.json.data, 'a council with no figures of its own has keep\'s');
		assertValid(responseSchema('/api/v1/unit-costs', 400), (await expectError('/api/v1/unit-costs?limit=1', 400,
			'bad_parameter', "unknown parameter 'limit': unit-costs takes area (a council area's GSS code), once")).json,
		'400 from unit-costs');
		assertValid(responseSchema('/api/v1/unit-costs', 404), (await expectError('/api/v1/unit-costs?area=S99', 404,
			'not_found', "no council area has the code 'S99'")).json, '404 from unit-costs');
	});

	test('GET /api/openapi.json', async () => {
		const r = await get('/api/openapi.json');
		assertValid(responseSchema('/api/openapi.json', 200), r.json, 'the description');
	});
});

// ---- pagination ----

/* Follows links.next from first until it is null: every page and every item. */
async function walk(first) {
	const pages = [];
	let link = first;
	while (link) {
		const r = await get(link);
		assert.equal(r.status, 200, `${link}: ${r.body}`);
		assert.equal(r.json.links.self, link, 'links.self is the page asked for');
		pages.push(r.json);
		link = r.json.links.next;
		assert.ok(pages.length < 1000, 'pagination ends');
	}
	return pages;
}

describe('pagination', () => {
	test('walking actions two at a time gives every action exactly once, in order', async () => {
		const everything = await all('actions');
		const pages = await walk('/api/v1/actions?limit=2');
		const seen = pages.flatMap((p) => p.data);
		const ids = seen.map((a) => a.id);
		assert.equal(new Set(ids).size, ids.length, 'no action twice');
		assert.deepEqual(seen, everything);
		assert.equal(pages.length, Math.ceil(everything.length / 2));
		for (const [i, p] of pages.entries()) {
			const lastPage = i === pages.length - 1;
			if (!lastPage) assert.equal(p.data.length, 2);
			assert.equal(p.next, lastPage ? null : p.data[p.data.length - 1].id);
			assert.equal(p.links.next, lastPage ? null : `/api/v1/actions?limit=2&after=${encodeURIComponent(p.next)}`);
		}
	});

	test('the default page is 50 and the largest 500', async () => {
		const r = await get('/api/v1/heard');
		assert.equal(r.json.links.self, '/api/v1/heard?limit=50');
		const everything = await all('heard');
		assert.deepEqual(r.json.data, everything.slice(0, 50));
		assert.equal(r.json.next, everything.length > 50 ? everything[49].id : null);
		const big = await get('/api/v1/heard?limit=500');
		assert.equal(big.status, 200);
		const one = await get('/api/v1/heard?limit=1');
		assert.deepEqual(one.json.data, everything.slice(0, 1));
		// a whole number written with leading zeros is still that number
		const seven = await get('/api/v1/heard?limit=007');
		assert.equal(seven.json.links.self, '/api/v1/heard?limit=7');
		assert.deepEqual(seven.json.data, everything.slice(0, 7));
	});

	test('after starts just past the item named', async () => {
		const everything = await all('organisations');
		const r = await get(`/api/v1/organisations?limit=3&after=${everything[4].id}`);
		assert.deepEqual(r.json.data, everything.slice(5, 8));
	});

	test('lead ids hold a slash, percent-encoded in next links, and still walk', async () => {
		const everything = await all('leads');
		assert.ok(everything.every((l) => l.id.includes('/')));
		const pages = await walk('/api/v1/leads?limit=1');
		assert.deepEqual(pages.flatMap((p) => p.data), everything);
		assert.ok(pages[0].links.next.includes('%2F'), pages[0].links.next);
	});

	test('next links keep the filters', async () => {
		const planning = await all('actions', '&priority=planning');
		const pages = await walk('/api/v1/actions?limit=1&priority=planning');
		assert.deepEqual(pages.flatMap((p) => p.data), planning);
		assert.match(pages[0].links.next, /^\/api\/v1\/actions\?limit=1&after=[^&]+&priority=planning$/);
	});
});

// ---- filters ----

describe('filters', () => {
	test('actions?priority=planning gives exactly the planning actions of data/plan.json', async () => {
		const expected = plan.plans.flatMap((p) => p.priorities ?? []).find((p) => p.slug === 'planning')
			.actions.map((a) => a.slug);
		assert.deepEqual(expected, ['planning', 'investment', 'information-sharing', 'data']);
		const got = await all('actions', '&priority=planning');
		assert.deepEqual(got.map((a) => a.id).sort(), [...expected].sort());
		assert.ok(got.every((a) => a.priority === 'planning'));
	});

	test('every priority filter of actions matches data/plan.json', async () => {
		for (const pr of plan.plans.flatMap((p) => p.priorities ?? [])) {
			const got = await all('actions', `&priority=${pr.slug}`);
			assert.deepEqual(got.map((a) => a.id).sort(), pr.actions.map((a) => a.slug).sort(), pr.slug);
		}
	});

	test('commitments?organisation=scottish-government gives its commitments, as many as data/demo.json has', async () => {
		const expected = demo.commitments.filter((c) => c.organisation === 'scottish-government');
		const got = await all('commitments', '&organisation=scottish-government');
		assert.equal(got.length, expected.length);
		assert.ok(got.length > 0);
		assert.ok(got.every((c) => c.organisation === 'scottish-government'));
		assert.deepEqual(got.map((c) => c.id).sort(), expected.map((c) => c.slug).sort());
	});

	test('every filter a list documents gives exactly the items that match, for every value', async () => {
		const priorityOfAction = new Map((await all('actions')).map((a) => [a.id, a.priority]));
		const values = {
			priority: plan.plans.flatMap((p) => p.priorities ?? []).map((p) => p.slug),
			organisation: demo.organisations.map((o) => o.slug),
		};
		let filtered = 0;
		for (const path of listPaths) {
			const resource = resourceOf(path);
			const takes = queryParams(path);
			const everything = await all(resource);
			for (const filter of ['priority', 'organisation']) {
				if (!takes.includes(filter)) continue;
				const of = (item) => {
					if (filter in item) return item[filter];
					if (filter === 'priority' && 'action' in item) return priorityOfAction.get(item.action) ?? null;
					assert.fail(`${resource} items have no ${filter} field to check the filter against`);
				};
				let seen = 0;
				for (const value of values[filter]) {
					const got = await all(resource, `&${filter}=${value}`);
					assert.deepEqual(got, everything.filter((item) => of(item) === value), `${resource}?${filter}=${value}`);
					seen += got.length;
					filtered++;
				}
				// every item with a value for the filter is found under exactly one value
				assert.equal(seen, everything.filter((item) => of(item) !== null).length, `${resource} by ${filter}`);
			}
		}
		assert.ok(filtered > 0);
	});
});

// ---- bad input ----

describe('bad input is a 400 that names the parameter and what is allowed', () => {
	for (const bad of ['abc', '-1', '0', '100000', '1.5', '', '501', ' 5', '+5', '1e2', '99999999999999999999']) {
		test(`limit=${JSON.stringify(bad)}`, async () => {
			await expectError(`/api/v1/actions?limit=${encodeURIComponent(bad)}`, 400, 'bad_parameter',
				LIMIT_MESSAGE(bad));
		});
	}

	test('limit with no = is an empty limit', async () => {
		await expectError('/api/v1/actions?limit', 400, 'bad_parameter', LIMIT_MESSAGE(''));
	});

	test('an unknown parameter names what the endpoint takes, as documented, for every list', async () => {
		for (const path of listPaths) {
			const takes = queryParams(path);
			assert.deepEqual(takes.slice(0, 2), ['limit', 'after'], path);
			await expectError(`${path}?x=1`, 400, 'bad_parameter',
				`unknown parameter 'x': this endpoint takes ${takes.join(', ')}`);
		}
		await expectError('/api/v1/actions?limit=2&sort=title', 400, 'bad_parameter',
			"unknown parameter 'sort': this endpoint takes limit, after, " +
			queryParams('/api/v1/actions').slice(2).join(', '));
	});

	test('a filter the resource does not take is refused, for every list', async () => {
		let refused = 0;
		for (const path of listPaths) {
			const resource = resourceOf(path);
			const takes = queryParams(path);
			for (const filter of ['priority', 'organisation']) {
				if (takes.includes(filter)) continue;
				await expectError(`${path}?${filter}=planning`, 400, 'bad_parameter',
					`parameter '${filter}' does not apply to ${resource}: this endpoint takes ${takes.join(', ')}`);
				refused++;
			}
		}
		assert.ok(refused > 0);
	});

	test('empty after, priority and organisation', async () => {
		await expectError('/api/v1/actions?after=', 400, 'bad_parameter',
			"after must be the id of an item of actions (got '')");
		await expectError('/api/v1/actions?priority=', 400, 'bad_parameter',
			"priority must be the slug of a priority area (got '')");
		await expectError('/api/v1/commitments?organisation=', 400, 'bad_parameter',
			"organisation must be the slug of an organisation (got '')");
	});

	test('a parameter given twice', async () => {
		await expectError('/api/v1/actions?limit=2&limit=3', 400, 'bad_parameter',
			'limit is given more than once: give it once');
	});

	test('a long or non-UTF-8 value is quoted back cut short and as valid text', async () => {
		const long = 'x'.repeat(300);
		await expectError(`/api/v1/actions?limit=${long}`, 400, 'bad_parameter', LIMIT_MESSAGE('x'.repeat(100) + '...'));
		await expectError('/api/v1/actions?limit=%FF', 400, 'bad_parameter', LIMIT_MESSAGE('\uFFFD'));
	});

	test('a query string that cannot be decoded is a 400 as documented', async () => {
		const r = await get('/api/v1/actions?limit=%ZZ');
		assert.equal(r.status, 400);
		assert.equal(r.json.error.code, 'bad_query');
		assertValid(responseSchema('/api/v1/actions', 400), r.json, 'a broken %-escape');
	});

	test('a get takes no parameters', async () => {
		await expectError('/api/v1/actions/planning?limit=1', 400, 'bad_parameter',
			"unknown parameter 'limit': this endpoint takes no parameters");
	});
});

// ---- names that name nothing ----

describe('404s', () => {
	test('an unknown resource', async () => {
		const message = `no resource called 'nope': the resources are ${RESOURCES.join(', ')}`;
		await expectError('/api/v1/nope', 404, 'not_found', message);
		await expectError('/api/v1/nope/planning', 404, 'not_found', message);
		await expectError('/api/v1/nope?limit=abc', 404, 'not_found', message);
	});

	test('an unknown id', async () => {
		await expectError('/api/v1/actions/no-such-action', 404, 'not_found', "no action called 'no-such-action'");
		await expectError('/api/v1/organisations/nobody', 404, 'not_found', "no organisation called 'nobody'");
	});

	test('after, priority or organisation naming nothing', async () => {
		await expectError('/api/v1/actions?after=no-such-action', 404, 'not_found', "no action called 'no-such-action'");
		await expectError('/api/v1/actions?priority=nope', 404, 'not_found', "no priority area called 'nope'");
		await expectError('/api/v1/commitments?organisation=nobody', 404, 'not_found', "no organisation called 'nobody'");
	});

	test('a single lead points to the list', async () => {
		const r = await get('/api/v1/leads/planning');
		assert.equal(r.status, 404);
		assert.equal(r.json.error.code, 'not_found');
		assert.match(r.json.error.message, /^leads cannot be fetched one by one.*\/api\/v1\/leads/);
	});

	test('an address under /api that matches no endpoint, and a method the API does not take', async () => {
		const deep = await get('/api/v1/leads/planning/scottish-government');
		assert.equal(deep.status, 404);
		assert.equal(deep.json.error.code, 'not_found');
		assertValid(pointer('components', 'schemas', 'Error'), deep.json, 'a path too deep');
		const post = await get('/api/v1/foundations', { method: 'POST' });
		assert.equal(post.status, 405);
		assert.equal(post.json.error.code, 'method_not_allowed');
		assertValid(pointer('components', 'schemas', 'Error'), post.json, 'a POST');
	});

	test('the error envelope is exactly {error: {code, message}}', async () => {
		for (const path of ['/api/v1/nope', '/api/v1/actions?limit=0', '/api/v1/actions/nope']) {
			const r = await get(path);
			assert.deepEqual(Object.keys(r.json), ['error']);
			assert.deepEqual(Object.keys(r.json.error), ['code', 'message']);
			assert.equal(typeof r.json.error.message, 'string');
			assertValid(pointer('components', 'schemas', 'Error'), r.json, path);
		}
	});
});

describe('rendering', () => {
	test('compact JSON, the envelope keys in order', async () => {
		const r = await get('/api/v1/foundations?limit=1');
		assert.equal(r.body, JSON.stringify(r.json), 'no whitespace between tokens');
		assert.deepEqual(Object.keys(r.json), ['data', 'next', 'links']);
		assert.deepEqual(Object.keys(r.json.links), ['self', 'next']);
	});

	test('every item has its fields in the order the description lists them', async () => {
		for (const path of listPaths) {
			const props = Object.keys(itemSchemaOf(responseSchema(path, 200)).value.properties);
			const r = await get(`${path}?limit=500`);
			for (const item of r.json.data) assert.deepEqual(Object.keys(item), props, `${path}: ${item.id}`);
			assert.equal(r.body, JSON.stringify(r.json), `${path} is compact`);
		}
	});
});

// ---- the server's own failure ----

describe('a failure of the server', () => {
	let db;
	let broken;
	before(async () => {
		db = demoDb();
		broken = await startServer(db);
	});
	after(async () => { await broken?.stop(); });

	test('is a 500 with the internal error, and the detail goes to the log', async () => {
		// Open the database on as many worker threads as will answer, so that the failure
		// comes from reading, not only from opening.
		await Promise.all(Array.from({ length: 32 }, () => fetch(`${broken.url}/api/v1/foundations`).then((r) => r.text())));
		// Wreck the database under the running server: every page, so that whatever it has
		// cached, the pages it must read now are not SQLite's.
		const fd = openSync(db, 'r+');
		const size = fstatSync(fd).size;
		writeSync(fd, Buffer.alloc(size, 0x5a), 0, size, 0);
		closeSync(fd);
		for (const path of ['/api/v1/actions', '/api/v1/actions/planning', '/api/v1/leads?priority=planning']) {
			const r = await fetch(broken.url + path);
			const body = await r.json();
			assert.equal(r.status, 500, path);
			assert.equal(r.headers.get('content-type'), JSON_TYPE);
			assert.deepEqual(body, { error: { code: 'internal', message: INTERNAL_MESSAGE } }, path);
			assertValid(responseSchema('/api/v1/actions', 500), body, 'the 500');
		}
		for (let i = 0; i < 100 && !/not a database|malformed/.test(broken.stderr()); i++) await sleep(20);
		assert.match(broken.stderr(), /not a database|malformed/, 'the detail is logged');
		assert.doesNotMatch(broken.stderr(), /ZZZZ/, 'the log holds no content of the database');
	});
});
