// The Oversight Board's membership (issue 4): keep board list|add|end, the rule from
// the seeds (at least half of the members serving are care experienced, and so is the
// one Chair) in words, the checks' messages, and the audit record of each change.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { demoDb, keep, postForm, request, signIn, startServer } from './helpers.mjs';

const TODAY = { env: { KEEP_TODAY: '2026-11-25' } };

function lastLine(text) {
	return text.trimEnd().split('\n').at(-1);
}

describe('keep board', () => {
	test('list: the demo members, and the rule holds', () => {
		const db = demoDb();
		const r = keep(['board', 'list', '--db', db], TODAY);
		assert.equal(r.status, 0, r.stderr);
		assert.match(r.stdout, /^demo-member-4\s+Demo member 4\s+member\s+no\s+2024-04-01 2025-03-31$/m);
		assert.match(r.stdout, /^demo-member-1\s+Demo member 1\s+chair\s+yes\s+2024-04-01 -$/m);
		assert.equal(lastLine(r.stdout),
			'The rule holds: at least half of the members are care experienced, and so is the Chair.');
	});

	test('add and end: the rule fails from a later date, with why; both audited', () => {
		const db = demoDb();
		let r = keep(['board', 'add', 'Demo member 6', '--role', 'member', '--care-experienced', 'no',
			'--from', '2027-04-01', '--db', db], TODAY);
		assert.equal(r.status, 0, r.stderr);
		assert.equal(r.stdout, 'Added Demo member 6 (demo-member-6) as a member.\n');
		r = keep(['board', 'end', 'demo-member-2', '--to', '2027-03-31', '--db', db], TODAY);
		assert.equal(r.status, 0, r.stderr);
		assert.equal(r.stdout, "demo-member-2's term ends on 2027-03-31.\n");
		// From 1 April 2027: 1, 3, 5 and 6 serve; 1 and 5 are care experienced: half, so it holds.
		r = keep(['board', 'list', '--db', db], TODAY);
		assert.equal(lastLine(r.stdout),
			'The rule holds: at least half of the members are care experienced, and so is the Chair.');
		r = keep(['board', 'end', 'demo-member-5', '--to', '2027-06-30', '--db', db], TODAY);
		assert.equal(r.status, 0, r.stderr);
		r = keep(['board', 'list', '--db', db], TODAY);
		assert.equal(lastLine(r.stdout), 'The rule holds today but fails later. '
			+ 'From 1 July 2027: 1 of 3 members are care experienced, fewer than half.');
		// The Chair's term ends yesterday: the rule fails today, since today.
		r = keep(['board', 'end', 'demo-member-1', '--to', '2026-11-24', '--db', db], TODAY);
		assert.equal(r.status, 0, r.stderr);
		r = keep(['board', 'list', '--db', db], TODAY);
		assert.equal(lastLine(r.stdout), 'The rule does not hold today. From 25 November 2026: there is no Chair.');

		const audit = keep(['audit', '--entity', 'board_member', '--format', 'json', '--db', db]);
		assert.equal(audit.status, 0, audit.stderr);
		const rows = JSON.parse(audit.stdout);
		assert.deepEqual(rows.map((a) => [a.verb, a.entity_id]), [
			['create', 'demo-member-6'], ['update', 'demo-member-2'], ['update', 'demo-member-5'],
			['update', 'demo-member-1'],
		]);
		assert.deepEqual(rows[0].after, {
			id: 'demo-member-6', name: 'Demo member 6', role: 'member', care_experienced: false,
			starts: '2027-04-01', ends: null,
		});
		assert.equal(rows[1].before.ends, null);
		assert.equal(rows[1].after.ends, '2027-03-31');
	});

	test('bad input: each problem named, exit 2, nothing written', () => {
		const db = demoDb();
		let r = keep(['board', 'add', ' ', '--role', 'boss', '--care-experienced', 'maybe', '--from', '2027-02-30',
			'--to', 'soon', '--db', db]);
		assert.equal(r.status, 2);
		assert.equal(r.stderr, [
			"keep board add: NAME: Enter the member's name.",
			'keep board add: --role: Choose Chair or member.',
			'keep board add: --care-experienced: Say whether the member is care experienced.',
			'keep board add: --from: Enter the start as a real date, like 2026-04-01.',
			'keep board add: --to: Enter the end as a real date, like 2028-03-31.',
		].join('\n') + '\n');
		r = keep(['board', 'end', 'demo-member-2', '--to', '2020-01-01', '--db', db]);
		assert.equal(r.status, 2);
		assert.match(r.stderr, /^keep board end: --to: The end cannot be before the start\.$/m);
		r = keep(['board', 'end', 'nobody', '--to', '2027-01-01', '--db', db]);
		assert.equal(r.status, 1);
		assert.match(r.stderr, /^keep board end: no board member called 'nobody'$/m);
		r = keep(['board', 'end', 'demo-member-2', '--db', db]);
		assert.equal(r.status, 2);
		r = keep(['board', 'retire', '--db', db]);
		assert.equal(r.status, 2);
		assert.match(r.stderr, /there is no 'board retire': expected list, add or end/);
		const audit = keep(['audit', '--entity', 'board_member', '--format', 'json', '--db', db]);
		assert.deepEqual(JSON.parse(audit.stdout), []);
	});
});

// The page's text without tags, spaces run together.
function text(html) {
	return html.replace(/<[^>]*>/g, ' ').replace(/&#39;|&#x27;/g, "'").replace(/\s+/g, ' ');
}

describe('the /board page', () => {
	async function page(db) {
		const server = await startServer(db, { env: { KEEP_TODAY: '2026-11-25' } });
		try {
			const r = await request(`${server.url}/board`);
			assert.equal(r.status, 200);
			return text(r.body);
		} finally {
			const s = await server.stop();
			assert.equal(s.code, 0, s.stderr);
		}
	}

	test('the rule holds: members today, past members, in words', async () => {
		const t = await page(demoDb());
		assert.match(t, /Yes\. The rule holds today and on every date for which members are recorded\./);
		assert.match(t, /Members serving today .*Demo member 1 Chair Yes 1 April 2024 Still serving .*Demo member 5 Member Yes 1 April 2025 Still serving/);
		assert.match(t, /Members not serving today .*Demo member 4 Member No 1 April 2024 31 March 2025/);
		assert.doesNotMatch(t, /Add a board member/);
	});

	test('the rule fails from a later date, and why', async () => {
		const db = demoDb();
		assert.equal(keep(['board', 'end', 'demo-member-1', '--to', '2027-03-31', '--db', db]).status, 0);
		const t = await page(db);
		assert.match(t, /It holds today, but not on every date\. From 1 April 2027: there is no Chair\./);
	});

	test('the rule fails today, and since when', async () => {
		const db = demoDb();
		// 3 of 5 from 1 October; 3 of 7 from 1 November.
		for (const [name, from] of [['Demo member 6', '2026-10-01'], ['Demo member 7', '2026-11-01'],
			['Demo member 8', '2026-11-01']]) {
			assert.equal(keep(['board', 'add', name, '--role', 'member', '--care-experienced', 'no',
				'--from', from, '--db', db]).status, 0);
		}
		const t = await page(db);
		assert.match(t, /No, the rule does not hold today\. From 1 November 2026: 3 of 7 members are care experienced, fewer than half\./);
	});
});

describe('the member forms', () => {
	const PASSWORD = 'a long enough password';
	let server;
	let db;
	const as = {};
	before(async () => {
		db = demoDb();
		const accounts = [
			['staff@example.org', ['--role', 'staff']],
			['viewer@example.org', ['--role', 'viewer']],
			['board@example.org', ['--role', 'board']],
			['cosla@example.org', ['--role', 'editor', '--organisation', 'cosla']],
		];
		for (const [email, args] of accounts) {
			assert.equal(keep(['user', 'add', email, ...args, '--db', db], { input: `${PASSWORD}\n` }).status, 0);
		}
		server = await startServer(db, { env: { KEEP_TODAY: '2026-11-25' } });
		for (const [email] of accounts) as[email] = await signIn(server.url, email, PASSWORD);
	});
	after(async () => {
		const r = await server.stop();
		assert.equal(r.code, 0, r.stderr);
	});
	const audit = () => JSON.parse(keep(['audit', '--entity', 'board_member', '--format', 'json', '--db', db]).stdout);

	test('editors, viewers and board members may not change the membership', async () => {
		for (const who of ['viewer@example.org', 'board@example.org', 'cosla@example.org']) {
			const s = as[who];
			assert.equal((await request(`${server.url}/board/new`, { headers: { Cookie: s.cookie } })).status, 403);
			const r = await postForm(`${server.url}/board/new`, { csrf: s.csrf, name: 'Demo member 9', role: 'chair',
				care_experienced: 'yes', starts: '2026-01-01' }, s.cookie);
			assert.equal(r.status, 403);
			assert.match(r.body, /Only The Promise Scotland&#39;s staff change the Oversight Board&#39;s membership\.|Only The Promise Scotland&#x27;s staff/);
			const e = await postForm(`${server.url}/board/demo-member-1/edit`, { csrf: s.csrf, name: 'X', role: 'member',
				care_experienced: 'no', starts: '2026-01-01' }, s.cookie);
			assert.equal(e.status, 403);
		}
		assert.deepEqual(audit(), []);
	});

	test('a wrong form: 400, each message beside its field, input kept, nothing written', async () => {
		const s = as['staff@example.org'];
		const r = await postForm(`${server.url}/board/new`, { csrf: s.csrf, name: 'Demo member 9', role: 'boss',
			starts: '2026-02-30', ends: '2025-01-01' }, s.cookie);
		assert.equal(r.status, 400);
		assert.equal(r.headers['cache-control'], 'no-store');
		assert.match(r.body, /<title>Error: add a board member/);
		assert.match(r.body, /<p class="error-message" id="role-error">Choose Chair or member\.<\/p>/);
		assert.match(r.body, /id="care_experienced-error">Say whether the member is care experienced\.</);
		assert.match(r.body, /id="starts-error">Enter the start as a real date, like 2026-04-01\.</);
		assert.match(r.body, /<input id="name" name="name" type="text" value="Demo member 9"/);
		assert.match(r.body, /value="2026-02-30"/);
		assert.deepEqual(audit(), []);
	});

	test('staff add a member and end a term; the page and the audit show it', async () => {
		const s = as['staff@example.org'];
		let r = await postForm(`${server.url}/board/new`, { csrf: s.csrf, name: 'Demo member 9', role: 'member',
			care_experienced: 'no', starts: '2026-06-01' }, s.cookie);
		assert.equal(r.status, 303);
		assert.equal(r.headers.location, '/board');
		const edit = await request(`${server.url}/board/demo-member-1/edit`, { headers: { Cookie: s.cookie } });
		assert.equal(edit.status, 200);
		assert.match(edit.body, /value="2024-04-01"/);
		r = await postForm(`${server.url}/board/demo-member-1/edit`, { csrf: s.csrf, name: 'Demo member 1',
			role: 'chair', care_experienced: 'yes', starts: '2024-04-01', ends: '2027-03-31' }, s.cookie);
		assert.equal(r.status, 303);
		const page = await request(`${server.url}/board`, { headers: { Cookie: s.cookie } });
		assert.match(page.body, /From 1 April 2027: there is no Chair\./);
		assert.match(page.body, /<a href="\/board\/demo-member-9\/edit">Change/);
		const rows = audit();
		assert.deepEqual(rows.map((a) => [a.actor, a.verb, a.entity_id]), [
			['staff@example.org', 'create', 'demo-member-9'], ['staff@example.org', 'update', 'demo-member-1'],
		]);
		assert.equal(rows[1].after.ends, '2027-03-31');
	});
});
