// Eight programs writing commitments through the API at once for 30 seconds (issue 3,
// Reliability): nothing is lost (the rows written equal the writes acknowledged with a
// 201) and no request gets a 5xx. Each client keeps one connection of its own and
// writes as fast as the server answers.
//
//   KEEP_LOAD_SECONDS=5 shortens the run while working on it.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import http from 'node:http';
import { after, before, test } from 'node:test';

import { demoDb, keep, startServer } from './helpers.mjs';

const PASSWORD = 'correct horse battery staple 7';
const CLIENTS = 8;
const SECONDS = Number(process.env.KEEP_LOAD_SECONDS ?? 30);
const ORG = 'scottish-government';

let server;
let db;

before(async () => {
	db = demoDb();
	const r = keep(['user', 'add', 'loader@keep.test', '--role', 'staff', '--db', db], { input: `${PASSWORD}\n${PASSWORD}\n` });
	assert.equal(r.status, 0, r.stderr);
	server = await startServer(db);
});
after(async () => {
	await server?.stop();
});

/* One request on agent's connection: {status, body}. */
function send(agent, method, path, headers, body) {
	return new Promise((resolve, reject) => {
		const req = http.request(server.url + path, {
			method, agent, timeout: 30000,
			headers: { ...headers, ...(body ? { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) } : {}) },
		}, (res) => {
			const chunks = [];
			res.on('data', (c) => chunks.push(c));
			res.on('end', () => resolve({ status: res.statusCode, body: Buffer.concat(chunks).toString('utf8') }));
			res.on('error', reject);
		});
		req.on('timeout', () => req.destroy(new Error(`${method} ${path}: no answer in time`)));
		req.on('error', reject);
		if (body) req.write(body);
		req.end();
	});
}

function commitmentsOf(org) {
	const r = spawnSync('sqlite3', ['-readonly', db,
		`SELECT count(*) FROM commitment c JOIN organisation o ON o.id = c.organisation_id WHERE o.slug = '${org}' AND c.text LIKE 'Load %'`],
	{ encoding: 'utf8' });
	if (r.error) throw new Error(`sqlite3: ${r.error.message} (scripts/setup test installs it)`);
	assert.equal(r.status, 0, r.stderr);
	return Number(r.stdout.trim());
}

test(`${CLIENTS} clients writing commitments for ${SECONDS} s: every 201 is a row, no 5xx`, { timeout: (SECONDS + 60) * 1000 }, async () => {
	const agent0 = new http.Agent({ keepAlive: true, maxSockets: 1 });
	const login = await send(agent0, 'POST', '/api/v1/session', {}, JSON.stringify({ email: 'loader@keep.test', password: PASSWORD }));
	assert.equal(login.status, 201, login.body);
	const auth = { Authorization: `Bearer ${JSON.parse(login.body).data.token}` };
	agent0.destroy();

	const until = Date.now() + SECONDS * 1000;
	const statuses = {};
	const failures = [];
	let acknowledged = 0;
	async function client(n) {
		const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
		for (let i = 0; Date.now() < until; i++) {
			const body = JSON.stringify({ organisation: ORG, text: `Load client ${n} write ${i}`, status: 'under_way' });
			const r = await send(agent, 'POST', '/api/v1/commitments', auth, body);
			statuses[r.status] = (statuses[r.status] ?? 0) + 1;
			if (r.status === 201) acknowledged++;
			else if (failures.length < 5) failures.push(`${r.status} ${r.body}`);
			// a reader between the writes, as a page would be
			if (i % 10 === 0) {
				const g = await send(agent, 'GET', `/api/v1/commitments?organisation=${ORG}&limit=5`, {});
				statuses[g.status] = (statuses[g.status] ?? 0) + 1;
				if (g.status !== 200 && failures.length < 5) failures.push(`GET ${g.status} ${g.body}`);
			}
		}
		agent.destroy();
	}
	await Promise.all(Array.from({ length: CLIENTS }, (_, n) => client(n)));

	const fiveHundreds = Object.entries(statuses).filter(([s]) => Number(s) >= 500);
	assert.deepEqual(fiveHundreds, [], `no 5xx (statuses ${JSON.stringify(statuses)}; ${failures.join('\n')})`);
	assert.deepEqual(Object.keys(statuses).sort(), ['200', '201'], `only 200s and 201s: ${JSON.stringify(statuses)}\n${failures.join('\n')}`);
	assert.ok(acknowledged >= CLIENTS, `some writes were made (${acknowledged})`);
	assert.equal(commitmentsOf(ORG), acknowledged, 'rows written equal writes acknowledged');
	const audited = spawnSync('sqlite3', ['-readonly', db,
		"SELECT count(*) FROM audit WHERE entity = 'commitment' AND verb = 'create' AND actor = 'loader@keep.test'"],
	{ encoding: 'utf8' }).stdout.trim();
	assert.equal(Number(audited), acknowledged, 'every write has its audit record');
	console.log(`# ${acknowledged} commitments written by ${CLIENTS} clients in ${SECONDS} s`);
});
