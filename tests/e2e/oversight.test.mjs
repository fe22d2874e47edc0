// Indicators, targets and figures in a real browser (Debian's chromium through
// playwright-core): a member of the Oversight Board, with JavaScript off, adds an
// indicator (wrongly, then rightly), sets a target on it and records a suppressed
// figure, all from /indicators; then axe, with JavaScript on, on /indicators and on each
// of the forms, empty and with errors: nothing serious or critical.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { demoDb, keep, startServer } from '../integration/helpers.mjs';
import { axeCheck, follow, openBrowser, signIn as signInAs, submit } from './browser.mjs';

const BOARD = 'member@board.test';
const PASSWORD = 'a passphrase for the browser 9';

describe('indicators, targets and figures in a browser', () => {
	let server;
	let db;
	let browser;
	let noScript;
	let withScript;

	const signIn = (p) => signInAs(p, BOARD, PASSWORD);

	before(async () => {
		db = demoDb();
		const add = keep(['user', 'add', BOARD, '--role', 'board', '--db', db], { input: `${PASSWORD}\n` });
		assert.equal(add.status, 0, add.stderr);
		server = await startServer(db);
		({ browser, noScript, withScript } = await openBrowser(server));
	});

	after(async () => {
		await browser?.close();
		const r = await server?.stop();
		if (r) assert.equal(r.code, 0, `keep serve did not stop cleanly (${r.code ?? r.signal}):\n${r.stderr}`);
	});

	test('without JavaScript: an indicator, a target on it and a suppressed figure, from /indicators', { timeout: 120000 }, async () => {
		const p = await noScript.newPage();
		try {
			assert.equal((await signIn(p)).status(), 303);
			await p.goto('/');
			await follow(p, p.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Indicators' }));
			assert.equal(new URL(p.url()).pathname, '/indicators');
			await follow(p, p.getByRole('link', { name: 'Add an indicator' }));
			assert.equal(new URL(p.url()).pathname, '/indicators/new');
			await p.getByLabel('Title', { exact: true }).fill('Care leavers in education, work or training');
			const wrong = await submit(p, p.getByRole('button', { name: 'Add the indicator' }));
			assert.equal(wrong.status(), 400);
			const summary = p.locator('.error-summary');
			assert.equal(await summary.getByRole('link', { name: 'Choose how often it is published.' }).getAttribute('href'), '#frequency');
			assert.equal(await p.locator('#title').inputValue(), 'Care leavers in education, work or training');
			assert.equal(await p.locator('#unit').getAttribute('aria-invalid'), 'true');

			await p.getByLabel('What it counts', { exact: true }).fill('per cent');
			await p.getByLabel('Where the figures come from', { exact: true }).fill('Scottish Government');
			await p.getByLabel('How often it is published', { exact: true }).selectOption({ label: 'Every year' });
			await p.getByLabel('The Story of Progress vision statement', { exact: false }).fill('Aftercare');
			assert.equal((await submit(p, p.getByRole('button', { name: 'Add the indicator' }))).status(), 303);
			const slug = 'care-leavers-in-education-work-or-training';
			assert.equal(new URL(p.url()).pathname + new URL(p.url()).hash, `/indicators#${slug}`);
			const section = p.locator(`section[aria-labelledby="${slug}"]`);
			assert.equal((await section.getByRole('heading', { level: 2 }).innerText()).trim(), 'Care leavers in education, work or training');

			await follow(p, section.getByRole('link', { name: 'Set a target for Care leavers in education, work or training' }));
			assert.equal(await p.locator('#indicator').inputValue(), slug, 'the form starts with the indicator chosen');
			await p.locator('#area').selectOption({ label: 'Fife' });
			await p.getByLabel('Baseline figure', { exact: true }).fill('60');
			await p.getByLabel('Date of the baseline figure', { exact: true }).fill('2024-07-31');
			await p.getByLabel('Target figure', { exact: true }).fill('75.5');
			await p.getByLabel('Due date', { exact: true }).fill('2024-07-31');
			await p.getByLabel('Which way is better', { exact: true }).selectOption('higher');
			const early = await submit(p, p.getByRole('button', { name: 'Set the target' }));
			assert.equal(early.status(), 400);
			assert.equal((await p.locator('#due-error').innerText()).trim(), 'The due date must be after the baseline date (31 July 2024).');
			assert.equal(await p.locator('#value').inputValue(), '75.5');
			await p.getByLabel('Due date', { exact: true }).fill('2030-07-31');
			assert.equal((await submit(p, p.getByRole('button', { name: 'Set the target' }))).status(), 303);
			const target = section.locator('ul.targets li');
			assert.match(await target.innerText(), /^Fife: from 60 per cent on 31 July 2024 to 75\.5 per cent by 31 July 2030 \(a higher figure is better\)/);
			assert.equal(await target.getByRole('link').first().getAttribute('href'), `/review#${slug}-fife`);

			await p.goto('/indicators');
			await follow(p, p.getByRole('link', { name: 'Add a figure' }));
			await p.locator('#indicator').selectOption(slug);
			await p.locator('#area').selectOption({ label: 'Fife' });
			await p.getByLabel('Period', { exact: true }).fill('2025-07-31');
			await p.getByLabel('The figure is suppressed', { exact: false }).check();
			await p.getByLabel('Where the figure comes from', { exact: true }).fill('Scottish Government');
			assert.equal((await submit(p, p.getByRole('button', { name: 'Save the figure' }))).status(), 303);
			const row = p.locator(`section[aria-labelledby="${slug}"] table tbody tr`);
			assert.deepEqual(await row.locator('td').allInnerTexts(), ['Fife', '31 July 2025', 'Suppressed', 'Scottish Government', 'Delete\nthe figure for Fife on 31 July 2025']);
		} finally {
			await p.close();
		}
	});

	test('a figure is deleted from /indicators, after its confirmation page, without JavaScript', { timeout: 120000 }, async () => {
		const p = await noScript.newPage(); // signed in by the test before
		try {
			assert.equal((await p.goto('/indicators')).status(), 200);
			const section = p.locator('section[aria-labelledby="child-protection"]');
			const link = section.getByRole('link', { name: 'Delete the figure for Scotland on 31 July 2024' });
			assert.equal((await follow(p, link)).status(), 200);
			assert.equal(await p.getByRole('heading', { level: 1 }).textContent(), 'Delete this figure?');
			assert.equal((await submit(p, p.getByRole('button', { name: 'Yes, delete this figure' }))).status(), 303);
			assert.equal(new URL(p.url()).pathname + new URL(p.url()).hash, '/indicators#child-protection');
			assert.equal(await section.getByRole('link', { name: 'Delete the figure for Scotland on 31 July 2024' }).count(), 0);
			assert.equal(await section.getByRole('link', { name: 'Delete the figure for Scotland on 31 July 2023' }).count(), 1);
		} finally {
			await p.close();
		}
	});

	test('an older figure is deleted from the list of every figure of its indicator, without JavaScript', { timeout: 120000 }, async () => {
		const p = await noScript.newPage(); // signed in by the tests before
		try {
			assert.equal((await p.goto('/observations/new')).status(), 200);
			await p.getByLabel('Indicator', { exact: true }).selectOption('child-protection');
			await p.getByLabel('Area', { exact: true }).selectOption({ label: 'Scotland' });
			await p.getByLabel('Period', { exact: true }).fill('2021-07-31');
			await p.getByLabel('Figure', { exact: true }).fill('2200');
			await p.getByLabel('Where the figure comes from', { exact: true }).fill('A typo');
			assert.equal((await submit(p, p.getByRole('button', { name: 'Save the figure' }))).status(), 303);
			assert.equal((await p.goto('/indicators')).status(), 200);
			const section = p.locator('section[aria-labelledby="child-protection"]');
			const name = 'Delete the figure for Scotland on 31 July 2021';
			assert.equal(await section.getByRole('link', { name }).count(), 0, 'not the latest: not on /indicators');
			await follow(p, section.getByRole('link', { name: /^Every figure of Children on the child protection register/ }));
			assert.equal(new URL(p.url()).pathname, '/indicators/child-protection/figures');
			assert.equal((await follow(p, p.getByRole('link', { name }))).status(), 200);
			assert.equal(await p.getByRole('heading', { level: 1 }).textContent(), 'Delete this figure?');
			assert.equal((await submit(p, p.getByRole('button', { name: 'Yes, delete this figure' }))).status(), 303);
			assert.equal((await p.goto('/indicators/child-protection/figures')).status(), 200);
			assert.equal(await p.getByRole('link', { name }).count(), 0);
		} finally {
			await p.close();
		}
	});

	test('axe: /indicators and every form, empty and with its errors', { timeout: 180000 }, async () => {
		const p = await withScript.newPage();
		try {
			assert.equal((await signIn(p)).status(), 303);
			assert.equal((await p.goto('/indicators')).status(), 200);
			await axeCheck(p, '/indicators');
			for (const [form, button] of [['/indicators/new', 'Add the indicator'], ['/targets/new', 'Set the target'], ['/observations/new', 'Save the figure']]) {
				assert.equal((await p.goto(form)).status(), 200);
				await axeCheck(p, form);
				assert.equal((await submit(p, p.getByRole('button', { name: button }))).status(), 400);
				assert.ok((await p.locator('.error-summary li').count()) >= 3, `${form}: errors to check`);
				await axeCheck(p, `${form} with errors`);
			}
			for (const form of ['/indicators/child-protection/figures', '/indicators/child-protection/edit', '/targets/demo-looked-after-scotland/edit', '/targets/demo-looked-after-scotland/delete',
				'/observations/child-protection/S92000003/2023-07-31/delete']) {
				assert.equal((await p.goto(form)).status(), 200);
				await axeCheck(p, form);
			}
		} finally {
			await p.close();
		}
	});
});
