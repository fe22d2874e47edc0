// Keeping the Plan in a real browser (Debian's chromium through playwright-core): a member
// of The Promise Scotland's staff, with JavaScript off, adds a draft plan of route maps (Plan 25-27)
// from the plan page's link (wrongly, then rightly), a foundation group under it, a route
// map serving two foundations (ticked boxes) and a milestone; then axe, with JavaScript
// on, on every form that keeps the Plan, empty and with its errors, and on the pages
// that ask before deleting: nothing serious or critical.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { demoDb, keep, startServer } from '../integration/helpers.mjs';
import { axeCheck, follow, openBrowser, signIn as signInAs, submit } from './browser.mjs';

const STAFF = 'staff@promise.test';
const PASSWORD = 'a passphrase for the browser 9';

describe('keeping the Plan in a browser', () => {
	let server;
	let browser;
	let noScript;
	let withScript;
	let offSite;

	const signIn = (p) => signInAs(p, STAFF, PASSWORD);

	before(async () => {
		const db = demoDb();
		const add = keep(['user', 'add', STAFF, '--role', 'staff', '--db', db], { input: `${PASSWORD}\n` });
		assert.equal(add.status, 0, add.stderr);
		server = await startServer(db);
		({ browser, noScript, withScript, offSite } = await openBrowser(server));
	});

	after(async () => {
		await browser?.close();
		const r = await server?.stop();
		if (r) assert.equal(r.code, 0, `keep serve did not stop cleanly (${r.code ?? r.signal}):\n${r.stderr}`);
	});

	test('without JavaScript: a plan, a foundation group, a route map and a milestone', { timeout: 120000 }, async () => {
		const p = await noScript.newPage();
		try {
			assert.equal((await signIn(p)).status(), 303);
			await p.goto('/plans/plan-21-24');
			await follow(p, p.getByRole('link', { name: 'Add a plan' }));
			assert.equal(new URL(p.url()).pathname, '/plans/new');
			await p.getByLabel('Title', { exact: true }).fill('Plan 25-27');
			await p.getByLabel('Start date', { exact: true }).fill('2025-04-01');
			await p.getByLabel('End date', { exact: true }).fill('2025-03-31');
			const wrong = await submit(p, p.getByRole('button', { name: 'Add the plan' }));
			assert.equal(wrong.status(), 400);
			const summary = p.locator('.error-summary');
			assert.equal(await summary.getByRole('link', { name: 'The end date must be on or after the start date (1 April 2025).' }).getAttribute('href'), '#ends');
			assert.equal(await p.locator('#title').inputValue(), 'Plan 25-27');
			assert.equal(await p.locator('#ends').getAttribute('aria-invalid'), 'true');
			await p.getByLabel('End date', { exact: true }).fill('2027-03-31');
			assert.ok(await p.getByLabel('Draft: seen only by staff, admins and the Oversight Board').isChecked());
			await p.getByLabel('Route maps grouped under the five foundations (as Plan 24-30)').check();
			await p.getByLabel('Source (optional)', { exact: true }).fill('https://thepromise.scot/plan-25-27');
			assert.equal((await submit(p, p.getByRole('button', { name: 'Add the plan' }))).status(), 303);
			assert.equal(new URL(p.url()).pathname, '/plans/plan-25-27');

			await follow(p, p.getByRole('link', { name: 'Add a foundation' }));
			await p.getByLabel('Foundation', { exact: true }).selectOption({ label: 'Care' });
			await p.getByLabel('Title', { exact: true }).fill('Care');
			assert.equal((await submit(p, p.getByRole('button', { name: 'Add it' }))).status(), 303);
			assert.equal(new URL(p.url()).pathname + new URL(p.url()).hash, '/plans/plan-25-27#plan-25-27-care');

			await follow(p, p.getByRole('link', { name: 'Add a route map under Care' }));
			await p.getByLabel('Title', { exact: true }).fill('Where children stay');
			await p.getByLabel('Where is Scotland now', { exact: false }).fill('Too many moves.');
			assert.ok(await p.getByLabel('Care', { exact: true }).isChecked(), 'the group’s foundation starts ticked');
			await p.getByLabel('Care', { exact: true }).uncheck();
			const none = await submit(p, p.getByRole('button', { name: 'Add the route map' }));
			assert.equal(none.status(), 400);
			assert.equal((await p.locator('#foundations-error').innerText()).trim(), 'A route map serves at least one foundation: choose one or more.');
			assert.equal(await p.locator('#now').inputValue(), 'Too many moves.');
			await p.getByLabel('Care', { exact: true }).check();
			await p.getByLabel('Family', { exact: true }).check();
			assert.equal((await submit(p, p.getByRole('button', { name: 'Add the route map' }))).status(), 303);
			assert.equal(new URL(p.url()).pathname, '/actions/where-children-stay');
			assert.equal(await p.getByRole('heading', { level: 1 }).textContent(), 'Where children stay');

			await follow(p, p.getByRole('link', { name: 'Add a milestone' }));
			await p.getByLabel('What is to happen', { exact: true }).fill('Every child is asked where they want to live.');
			await p.getByLabel('Due date', { exact: false }).fill('2028-01-01');
			assert.equal((await submit(p, p.getByRole('button', { name: 'Add the milestone' }))).status(), 400);
			assert.match(await p.locator('#due-error').innerText(), /^The due date 2028-01-01 is outside its plan's dates/);
			await p.getByLabel('Due date', { exact: false }).fill('2026-03-31');
			assert.equal((await submit(p, p.getByRole('button', { name: 'Add the milestone' }))).status(), 303);
			assert.equal(await p.locator('ol.timeline').getByText('Every child is asked where they want to live.').count(), 1);
			assert.match(await p.locator('ul.history').innerText(), /Milestone added by staff@promise.test on /);
			assert.deepEqual(offSite, []);
		} finally {
			await p.close();
		}
	});

	test('axe: every form that keeps the Plan, empty and with its errors, and the delete pages', { timeout: 180000 }, async () => {
		const p = await withScript.newPage();
		try {
			assert.equal((await signIn(p)).status(), 303);
			const forms = [
				['/plans/new', 'Add the plan'],
				['/plans/plan-21-24/edit', 'Save the changes'],
				['/plans/plan-21-24/phases/new', 'Add the phase'],
				['/phases/bedding-down/edit', 'Save the changes'],
				['/plans/plan-21-24/priorities/new', 'Add it'],
				['/priorities/a-good-childhood/edit', 'Save the changes'],
				['/priorities/a-good-childhood/actions/new', 'Add the action'],
				['/actions/investment/edit', 'Save the changes'],
				['/actions/investment/milestones/new', 'Add the milestone'],
				['/milestones/investment-001/edit', 'Save the changes'],
				['/plans/plan-24-30/priorities/new', 'Add it'],
				['/actions/where-children-live/edit', 'Save the changes'],
			];
			for (const [form, button] of forms) {
				assert.equal((await p.goto(form)).status(), 200, form);
				await axeCheck(p, form);
				// Empty the required fields to see the form with its errors.
				for (const id of ['title', 'text', 'starts']) {
					const box = p.locator(`form.form #${id}`);
					if (await box.count()) await box.fill('');
				}
				assert.equal((await submit(p, p.getByRole('button', { name: button }))).status(), 400, `${form} with errors`);
				assert.ok((await p.locator('.error-summary li').count()) >= 1, `${form}: errors to check`);
				await axeCheck(p, `${form} with errors`);
			}
			for (const page of ['/plans/plan-21-24', '/actions/investment', '/plans/plan-21-24/delete', '/phases/bedding-down/delete',
				'/priorities/a-good-childhood/delete', '/actions/planning/delete', '/actions/family-therapy/delete', '/milestones/investment-001/delete']) {
				assert.equal((await p.goto(page)).status(), 200, page);
				await axeCheck(p, page);
			}
		} finally {
			await p.close();
		}
	});
});
