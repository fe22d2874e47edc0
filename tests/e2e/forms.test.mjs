// The forms in a real browser (Debian's chromium through playwright-core), the way an
// editor meets them: with JavaScript off, signing in, finding a commitment from their
// organisation's page, changing it (wrongly, then rightly) and signing out; then axe, with
// JavaScript on, on the sign-in page, the sign-in page with an error, the commitment's
// page and the form with its errors: nothing serious or critical.
//
// The steps of the first block run in order in one page, each going on from where the
// one before left it.
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';

import { demoDb, keep, startServer } from '../integration/helpers.mjs';
import { axeCheck, follow, openBrowser, signIn as signInAs, submit } from './browser.mjs';

const EMAIL = 'editor@sg.test';
const PASSWORD = 'a passphrase for the browser 9';
const STAFF = 'staff@promise.test';
const BOARD = 'member@board.test';
const ORG = 'scottish-government';
const MONTHS = [
	'January', 'February', 'March', 'April', 'May', 'June',
	'July', 'August', 'September', 'October', 'November', 'December',
];
const STATUS_WORDS = { not_started: 'Not started', under_way: 'Under way', done: 'Done', dropped: 'Dropped' };
const statusWords = (s) => (s ? STATUS_WORDS[s] : 'Not yet recorded');
const dateWords = (iso) => {
	const [y, m, d] = iso.slice(0, 10).split('-').map(Number);
	return `${d} ${MONTHS[m - 1]} ${y}`;
};

describe('changing a commitment in a browser', () => {
	let server;
	let db;
	let browser;
	let noScript; // JavaScript off: the forms must work without it
	let withScript; // axe needs JavaScript in the page
	let page; // the no-JavaScript page the steps share
	let target; // the commitment the editor changes
	let offSite; // anything a page tried to fetch from elsewhere

	const signIn = (p, password, email = EMAIL) => signInAs(p, email, password);

	before(async () => {
		db = demoDb();
		const add = keep(['user', 'add', EMAIL, '--role', 'editor', '--organisation', ORG, '--db', db], { input: `${PASSWORD}\n` });
		assert.equal(add.status, 0, add.stderr);
		const staff = keep(['user', 'add', STAFF, '--role', 'staff', '--db', db], { input: `${PASSWORD}\n` });
		assert.equal(staff.status, 0, staff.stderr);
		const board = keep(['user', 'add', BOARD, '--role', 'board', '--db', db], { input: `${PASSWORD}\n` });
		assert.equal(board.status, 0, board.stderr);
		const list = JSON.parse(keep(['export', 'commitments', '--db', db, '--format', 'json']).stdout);
		target = list.filter((c) => c.organisation === ORG && c.action).sort((a, b) => a.id.localeCompare(b.id))[0];
		assert.ok(target, 'a Scottish Government commitment linked to an action');
		server = await startServer(db);
		({ browser, noScript, withScript, offSite } = await openBrowser(server));
		page = await noScript.newPage();
	});

	after(async () => {
		await browser?.close();
		const r = await server?.stop();
		if (r) assert.equal(r.code, 0, `keep serve did not stop cleanly (${r.code ?? r.signal}):\n${r.stderr}`);
	});

	// ---- JavaScript off ----

	test('signs in through the sign-in form', { timeout: 30000 }, async () => {
		await page.goto('/');
		await follow(page, page.getByRole('link', { name: 'Sign in', exact: true }));
		assert.equal(new URL(page.url()).pathname, '/login');
		const res = await signIn(page, PASSWORD);
		assert.equal(res.status(), 303);
		assert.equal(new URL(page.url()).pathname, '/');
		assert.equal(await page.getByText(`Signed in as ${EMAIL}`).count(), 1);
		assert.equal(await page.getByRole('link', { name: 'Sign in', exact: true }).count(), 0);
	});

	test('opens a commitment from its organisation\'s page', { timeout: 30000 }, async () => {
		await page.goto(`/organisations/${ORG}`);
		const link = page.locator(`main a[href="/commitments/${target.id}"]`);
		assert.equal(await link.count(), 1, 'the organisation page links to the commitment');
		const res = await follow(page, link);
		assert.equal(res.status(), 200);
		assert.equal(new URL(page.url()).pathname, `/commitments/${target.id}`);
		assert.equal((await page.locator('h1').innerText()).trim(), 'Commitment of Scottish Government');
		assert.equal((await page.locator('main .lede').innerText()).trim(), target.text);
		assert.equal(await page.getByRole('heading', { level: 2, name: 'Updates', exact: true }).count(), 1);
		assert.equal(await page.getByRole('heading', { level: 2, name: 'History of changes', exact: true }).count(), 1);
	});

	test('follows "Change this commitment" to the form, filled in with what is stored', { timeout: 30000 }, async () => {
		const res = await follow(page, page.getByRole('link', { name: 'Change this commitment' }));
		assert.equal(res.status(), 200);
		assert.equal(new URL(page.url()).pathname, `/commitments/${target.id}/edit`);
		assert.equal((await page.locator('h1').innerText()).trim(), 'Change a commitment of Scottish Government');
		// Every field has its label.
		for (const label of ['What will be done', 'Action or route map it serves', 'Due date', 'Due date in words', 'Status', 'What has happened']) {
			assert.equal(await page.getByLabel(label, { exact: false }).count() >= 1, true, `a field labelled "${label}"`);
		}
		assert.equal(await page.locator('#action').inputValue(), target.action);
		assert.equal(await page.locator('#due').inputValue(), target.due ?? '');
		assert.equal(await page.locator('#text').inputValue(), target.text);
	});

	test('a form sent without its text comes back with an error summary that leads to the field', { timeout: 30000 }, async () => {
		// Wherever the step before left it, start from the form.
		if (!new URL(page.url()).pathname.endsWith('/edit')) await page.goto(`/commitments/${target.id}/edit`);
		await page.locator('#text').fill('');
		await page.locator('#due').fill('2027-09-30');
		await page.locator('#status').selectOption({ label: 'Under way' });
		const res = await submit(page, page.getByRole('button', { name: 'Save the changes' }));
		assert.equal(res.status(), 400);
		assert.match(await page.title(), /^Error: /);

		const summary = page.locator('.error-summary');
		assert.equal(await summary.count(), 1, 'an error summary');
		assert.equal(await summary.getAttribute('role'), 'alert');
		assert.equal(await summary.getAttribute('tabindex'), '-1', 'the summary can take focus');
		await summary.focus();
		assert.equal(await summary.evaluate((el) => el === document.activeElement), true, 'the summary takes focus');
		assert.equal((await summary.getByRole('heading', { level: 2 }).innerText()).trim(), 'There is a problem');

		const link = summary.getByRole('link', { name: 'Say what will be done.' });
		assert.equal(await link.count(), 1, 'the summary names the problem as a link');
		assert.equal(await link.getAttribute('href'), '#text');
		await link.click();
		assert.equal(new URL(page.url()).hash, '#text', 'the link leads to the field');

		const text = page.locator('#text');
		assert.equal(await text.getAttribute('aria-invalid'), 'true');
		assert.equal(await text.getAttribute('aria-describedby'), 'text-error');
		assert.equal((await page.locator('#text-error').innerText()).trim(), 'Say what will be done.');
		// What was typed is kept.
		assert.equal(await page.locator('#due').inputValue(), '2027-09-30');
		assert.equal(await page.locator('#status').inputValue(), 'under_way');
		assert.equal(await page.locator('#due').getAttribute('aria-invalid'), null);

		const stored = JSON.parse(keep(['export', 'commitments', '--db', db, '--format', 'json']).stdout).find((c) => c.id === target.id);
		assert.deepEqual(stored, target, 'nothing was saved');
	});

	test('fixed and sent again, it is saved and the commitment\'s page shows the update', { timeout: 30000 }, async () => {
		if (!new URL(page.url()).pathname.endsWith('/edit')) await page.goto(`/commitments/${target.id}/edit`);
		const text = 'We will publish the plan, written with care experienced people.';
		const note = 'The first draft is with the care experienced advisory group.';
		await page.locator('#text').fill(text);
		await page.locator('#due').fill('2027-09-30');
		await page.locator('#status').selectOption({ label: 'Under way' });
		await page.locator('#note').fill(note);
		const res = await submit(page, page.getByRole('button', { name: 'Save the changes' }));
		assert.equal(res.status(), 303);
		assert.equal(new URL(page.url()).pathname, `/commitments/${target.id}`);
		assert.equal((await page.locator('main .lede').innerText()).trim(), text);

		const rec = JSON.parse(keep(['audit', '--db', db, '--entity', 'commitment', '--id', target.id, '--format', 'json']).stdout).at(-1);
		assert.equal(rec.actor, EMAIL);
		const day = dateWords(rec.at);
		const update = page.locator('main ol.timeline li').filter({ hasText: note });
		assert.equal(await update.count(), 1, 'the update is in the timeline');
		assert.match(await update.innerText(), new RegExp(`^${day}: Under way\\s+${note}$`));
		const change = page.locator('main ul.history li').filter({ hasText: `Changed by ${EMAIL} on ${day}: ` });
		assert.equal(await change.count(), 1, 'the change is in the history');
		const sentence = await change.innerText();
		for (const part of [`text ${target.text} → ${text}`, `due ${target.due ?? 'none'} → 2027-09-30`, `status ${statusWords(target.status)} → Under way`]) {
			assert.ok(sentence.includes(part), `the history names "${part}": ${sentence}`);
		}
	});

	test('signs out with the header\'s "Sign out" button', { timeout: 30000 }, async () => {
		const res = await submit(page, page.locator('header').getByRole('button', { name: 'Sign out' }));
		assert.equal(res.status(), 303);
		assert.equal(new URL(page.url()).pathname, '/');
		assert.equal(await page.getByRole('link', { name: 'Sign in', exact: true }).count(), 1, 'the "Sign in" link is back');
		assert.equal(await page.getByText('Signed in as').count(), 0);
		// The form is for signed-in people again.
		await page.goto(`/commitments/${target.id}/edit`);
		assert.equal(new URL(page.url()).pathname, '/login');
		await page.goto(`/commitments/${target.id}`);
		assert.equal(await page.getByRole('link', { name: 'Change this commitment' }).count(), 0);
	});

	// ---- JavaScript on: axe ----

	test('axe: the sign-in page, and the sign-in page with an error', { timeout: 120000 }, async () => {
		const p = await withScript.newPage();
		try {
			const res = await p.goto('/login');
			assert.equal(res.status(), 200);
			await axeCheck(p, '/login');
			const wrong = await signIn(p, 'not the right password at all');
			assert.equal(wrong.status(), 401);
			assert.equal(await p.locator('.error-summary').count(), 1);
			await axeCheck(p, '/login with an error');
		} finally {
			await p.close();
		}
	});

	test('axe: the commitment\'s page and the form with its errors', { timeout: 120000 }, async () => {
		const p = await withScript.newPage();
		try {
			const res = await signIn(p, PASSWORD);
			assert.equal(res.status(), 303);
			const shown = await p.goto(`/commitments/${target.id}`);
			assert.equal(shown.status(), 200);
			assert.ok((await p.locator('main ol.timeline li').count()) > 0, 'the page has updates to check');
			assert.ok((await p.locator('main ul.history li').count()) > 0, 'the page has history to check');
			await axeCheck(p, `/commitments/${target.id}`);
			const form = await p.goto(`/commitments/${target.id}/edit`);
			assert.equal(form.status(), 200);
			await p.locator('#text').fill('');
			await p.locator('#due').fill('2026-02-30');
			const wrong = await submit(p, p.getByRole('button', { name: 'Save the changes' }));
			assert.equal(wrong.status(), 400);
			assert.equal(await p.locator('.error-summary li').count(), 2);
			await axeCheck(p, `/commitments/${target.id}/edit with errors`);
		} finally {
			await p.close();
		}
	});

	test('axe: recording what has been heard (JavaScript off, then axe on it and its error), and the organisation form', { timeout: 120000 }, async () => {
		// Sign in afresh as staff: earlier steps may have left an editor signed in.
		await noScript.clearCookies();
		await withScript.clearCookies();
		const off = await noScript.newPage();
		try {
			assert.equal((await signIn(off, PASSWORD, STAFF)).status(), 303);
			await off.goto('/actions/planning');
			await follow(off, off.getByRole('link', { name: 'Record what has been heard' }));
			await off.locator('#text').fill('Heard in the browser test.');
			assert.equal((await submit(off, off.getByRole('button', { name: 'Add it' }))).status(), 303);
			assert.ok(await off.getByText('Heard in the browser test.', { exact: true }).isVisible());
		} finally {
			await off.close();
		}
		const p = await withScript.newPage();
		try {
			assert.equal((await signIn(p, PASSWORD, STAFF)).status(), 303);
			assert.equal((await p.goto('/actions/planning/heard')).status(), 200);
			await axeCheck(p, '/actions/planning/heard');
			const wrong = await submit(p, p.getByRole('button', { name: 'Add it' }));
			assert.equal(wrong.status(), 400);
			await axeCheck(p, '/actions/planning/heard with an error');
			assert.equal((await p.goto('/organisations/cosla/edit')).status(), 200);
			await axeCheck(p, '/organisations/cosla/edit');
			await p.locator('#name').fill('');
			const bad = await submit(p, p.getByRole('button', { name: 'Save the changes' }));
			assert.equal(bad.status(), 400);
			await axeCheck(p, '/organisations/cosla/edit with an error');
			assert.equal((await p.goto('/board/new')).status(), 200);
			await axeCheck(p, '/board/new');
			await p.locator('#name').fill('Demo member 9');
			const noAnswers = await submit(p, p.getByRole('button', { name: 'Add the member' }));
			assert.equal(noAnswers.status(), 400);
			assert.equal(await p.locator('#name').inputValue(), 'Demo member 9');
			assert.equal((await p.locator('#starts-error').innerText()).trim(), 'Enter the date the member starts, like 2026-04-01.');
			await axeCheck(p, '/board/new with errors');
		} finally {
			await p.close();
		}
	});

	test('the new forms without JavaScript: add an organisation, give it a lead role, update and delete a commitment', { timeout: 120000 }, async () => {
		await noScript.clearCookies();
		const off = await noScript.newPage();
		try {
			assert.equal((await signIn(off, PASSWORD, STAFF)).status(), 303);
			await off.goto('/organisations');
			await follow(off, off.getByRole('link', { name: 'Add an organisation' }));
			assert.equal(new URL(off.url()).pathname, '/organisations/new');
			await off.locator('#name').fill('Browser Test Trust');
			await off.locator('#sector').selectOption('third');
			assert.equal((await submit(off, off.getByRole('button', { name: 'Add the organisation' }))).status(), 303);
			assert.equal(new URL(off.url()).pathname, '/organisations/browser-test-trust');

			await off.goto('/actions/planning');
			await follow(off, off.getByRole('link', { name: 'Change the lead roles' }));
			assert.equal(new URL(off.url()).pathname, '/actions/planning/leads');
			await off.locator('#organisation').selectOption('browser-test-trust');
			await off.locator('#role').selectOption('key');
			assert.equal((await submit(off, off.getByRole('button', { name: 'Give the role' }))).status(), 303);
			const item = off.locator('main ul.leads li', { hasText: 'Browser Test Trust' });
			assert.equal(await item.count(), 1);
			assert.match(await item.innerText(), /Key role/);
			assert.equal((await submit(off, item.getByRole('button', { name: 'Remove the role of Browser Test Trust' }))).status(), 303);
			assert.equal(await off.locator('main ul.leads li', { hasText: 'Browser Test Trust' }).count(), 0);

			await off.goto(`/commitments/${target.id}`);
			await follow(off, off.getByRole('link', { name: 'Add an update to the timeline' }));
			await off.locator('#date').fill('2026-01-20');
			await off.locator('#status').selectOption('done');
			await off.locator('#text').fill('Finished in the browser test.');
			assert.equal((await submit(off, off.getByRole('button', { name: 'Add the update' }))).status(), 303);
			assert.equal(new URL(off.url()).pathname, `/commitments/${target.id}`);
			assert.ok(await off.getByText('Finished in the browser test.').isVisible());
			assert.ok(await off.locator('main ol.timeline').getByText('20 January 2026').isVisible());

			await follow(off, off.getByRole('link', { name: 'Delete this commitment' }));
			assert.equal((await submit(off, off.getByRole('button', { name: 'Yes, delete this commitment' }))).status(), 303);
			assert.equal(new URL(off.url()).pathname, `/organisations/${ORG}`);
			assert.equal(await off.locator(`main a[href="/commitments/${target.id}"]`).count(), 0);
		} finally {
			await off.close();
		}
	});

	test('axe: the new forms, and each with its errors', { timeout: 180000 }, async () => {
		await withScript.clearCookies();
		const p = await withScript.newPage();
		try {
			assert.equal((await signIn(p, PASSWORD, STAFF)).status(), 303);
			const other = JSON.parse(keep(['export', 'commitments', '--db', db, '--format', 'json']).stdout).find((c) => c.organisation === ORG);
			assert.equal((await p.goto('/organisations/new')).status(), 200);
			await axeCheck(p, '/organisations/new');
			assert.equal((await submit(p, p.getByRole('button', { name: 'Add the organisation' }))).status(), 400);
			await axeCheck(p, '/organisations/new with an error');
			assert.equal((await p.goto('/actions/planning/leads')).status(), 200);
			await axeCheck(p, '/actions/planning/leads');
			assert.equal((await submit(p, p.getByRole('button', { name: 'Give the role' }))).status(), 400);
			assert.equal(await p.locator('.error-summary li').count(), 1);
			await axeCheck(p, '/actions/planning/leads with an error');
			assert.equal((await p.goto(`/commitments/${other.id}/updates`)).status(), 200);
			await axeCheck(p, `/commitments/${other.id}/updates`);
			await p.locator('#date').fill('2999-01-01');
			await p.locator('#text').fill('');
			assert.equal((await submit(p, p.getByRole('button', { name: 'Add the update' }))).status(), 400);
			assert.equal(await p.locator('.error-summary li').count(), 2);
			await axeCheck(p, `/commitments/${other.id}/updates with errors`);
			assert.equal((await p.goto(`/commitments/${other.id}/delete`)).status(), 200);
			await axeCheck(p, `/commitments/${other.id}/delete`);
		} finally {
			await p.close();
		}
	});

	test('importing a file in a browser: JavaScript off, a file with problems, then a good one; axe on each', { timeout: 180000 }, async () => {
		const dir = mkdtempSync(path.join(tmpdir(), 'keep-e2e-import-'));
		const bad = path.join(dir, 'bad.csv');
		const good = path.join(dir, 'good.csv');
		writeFileSync(bad, 'id,name,sector\nbrowser-trust,,charity\n');
		writeFileSync(good, 'id,name,sector\nbrowser-trust,Browser Trust,third\n');
		const plan = path.join(dir, 'plan.json');
		writeFileSync(plan, JSON.stringify({
			slug: 'browser-plan', title: 'Browser Plan', starts: '2024-04-01', ends: '2030-03-31',
			priorities: [{ slug: 'browser-area', title: 'An area', actions: [{ slug: 'browser-action', title: 'An action' }] }],
		}));
		for (const [context, scripted] of [[noScript, false], [withScript, true]]) {
			await context.clearCookies();
			const p = await context.newPage();
			try {
				assert.equal((await signIn(p, PASSWORD, STAFF)).status(), 303);
				assert.equal((await p.goto('/imports')).status(), 200);
				if (scripted) await axeCheck(p, '/imports');
				await p.locator('#kind').selectOption('organisations');
				assert.equal((await submit(p, p.getByRole('button', { name: 'Import it' }))).status(), 400);
				assert.equal(await p.locator('#file-error').textContent(), 'Choose a CSV file to import.');
				if (scripted) await axeCheck(p, '/imports with an error');
				await p.locator('#kind').selectOption('organisations');
				await p.locator('#file').setInputFiles(bad);
				assert.equal((await submit(p, p.getByRole('button', { name: 'Import it' }))).status(), 400);
				assert.deepEqual(await p.locator('ul.problems li').allTextContents(), [
					"bad.csv:2:15: name is empty: Enter the organisation's name.",
					"bad.csv:2:16: sector 'charity': Choose one of the sectors listed.",
					'bad.csv: 2 problems; nothing was imported',
				]);
				if (scripted) await axeCheck(p, '/imports with problems in the file');
				await p.locator('#kind').selectOption('organisations');
				await p.locator('#file').setInputFiles(good);
				assert.equal((await submit(p, p.getByRole('button', { name: 'Import it' }))).status(), 200);
				const done = scripted ? '0 new, 0 changed, 1 unchanged' : '1 new, 0 changed, 0 unchanged';
				assert.equal(await p.locator('.notice p').textContent(), `Imported good.csv: 1 row; ${done}.`);
				if (scripted) await axeCheck(p, '/imports done');
				// A whole plan: the same form, the replace box ticked the second time.
				await p.locator('#kind').selectOption('plan');
				await p.locator('#file').setInputFiles(plan);
				if (scripted) await p.locator('#replace').check();
				assert.equal((await submit(p, p.getByRole('button', { name: 'Import it' }))).status(), 200);
				assert.equal(await p.locator('.notice p').textContent(),
					`Browser Plan: 0 phases, 1 priority area, 1 action, 0 milestones ${scripted ? 'replaced' : 'imported'}.`);
				if (scripted) await axeCheck(p, '/imports done, a whole plan');
			} finally {
				await p.close();
			}
		}
	});

	test('recording an assessment in a browser: JavaScript off, a wrong form, then a right one; axe on each', { timeout: 180000 }, async () => {
		for (const [context, scripted] of [[noScript, false], [withScript, true]]) {
			await context.clearCookies();
			const p = await context.newPage();
			try {
				assert.equal((await signIn(p, PASSWORD, BOARD)).status(), 303);
				await p.goto('/actions/planning');
				await follow(p, p.getByRole('link', { name: 'Record an assessment' }));
				if (scripted) await axeCheck(p, '/actions/planning/assess');
				assert.equal((await submit(p, p.getByRole('button', { name: 'Record the assessment' }))).status(), 400);
				assert.equal(await p.locator('.error-summary li').count(), 2);
				if (scripted) await axeCheck(p, '/actions/planning/assess with errors');
				await p.getByLabel('Under way but not yet sufficient').check();
				await p.locator('#text').fill(scripted ? 'Second look: not yet enough.' : 'Not enough yet.');
				assert.equal((await submit(p, p.getByRole('button', { name: 'Record the assessment' }))).status(), 303);
				assert.ok(p.url().endsWith('/actions/planning#assessment'), p.url());
				assert.equal(await p.locator('.assessment .badge').first().textContent(), 'Assessment: Under way but not yet sufficient');
			} finally {
				await p.close();
			}
		}
	});

	test('no page asked for anything from another site', () => {
		assert.deepEqual(offSite, []);
	});
});
