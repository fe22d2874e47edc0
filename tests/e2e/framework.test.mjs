// The Promise Progress Framework in a real browser (Debian's chromium through
// playwright-core): a member of the Oversight Board, with JavaScript off, links an
// indicator to an outcome (wrongly: the form comes back with the message by the field;
// then rightly) and finds it under its vision statement on /review/vision; then axe, with
// JavaScript on, on /review/vision and on the indicator form with errors: nothing serious
// or critical.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { demoDb, keep, startServer } from '../integration/helpers.mjs';
import { axeCheck, follow, openBrowser, signIn as signInAs, submit } from './browser.mjs';

const BOARD = 'member@framework.test';
const PASSWORD = 'a passphrase for the framework 4';

describe('the Promise Progress Framework in a browser', () => {
	let server;
	let browser;
	let noScript;
	let withScript;
	let offSite;

	before(async () => {
		const db = demoDb();
		const add = keep(['user', 'add', BOARD, '--role', 'board', '--db', db], { input: `${PASSWORD}\n` });
		assert.equal(add.status, 0, add.stderr);
		server = await startServer(db);
		({ browser, noScript, withScript, offSite } = await openBrowser(server));
	});

	after(async () => {
		await browser?.close();
		const r = await server?.stop();
		if (r) assert.equal(r.code, 0, `keep serve did not stop cleanly (${r.code ?? r.signal}):\n${r.stderr}`);
	});

	test('without JavaScript: an indicator linked to an outcome shows under its vision statement', { timeout: 120000 }, async () => {
		const p = await noScript.newPage();
		try {
			assert.equal((await signInAs(p, BOARD, PASSWORD)).status(), 303);
			await p.goto('/indicators');
			const section = p.locator('section[aria-labelledby="measure-siblings-all-share"]');
			await follow(p, section.getByRole('link', { name: /Change the indicator/ }));
			assert.equal(new URL(p.url()).pathname, '/indicators/measure-siblings-all-share/edit');
			// A level that is not one of the list (as a hand-made request could send) is refused by the field.
			await p.locator('#level').evaluate((s) => { s.options[1].value = 'central'; });
			await p.getByLabel('Core or contextual', { exact: true }).selectOption({ label: 'Core indicator' });
			const wrong = await submit(p, p.getByRole('button', { name: 'Save the changes' }));
			assert.equal(wrong.status(), 400);
			assert.equal(await p.locator('.error-summary').getByRole('link', { name: 'Choose core or contextual, or leave it as not known.' }).getAttribute('href'), '#level');
			assert.equal(await p.locator('#level').getAttribute('aria-invalid'), 'true');

			await p.getByLabel('The outcome it serves', { exact: true }).selectOption({ label: 'The number of young care experienced people receiving support increases.' });
			await p.getByLabel('Core or contextual', { exact: true }).selectOption({ label: 'Contextual indicator' });
			await p.getByLabel('Process or outcome', { exact: true }).selectOption({ label: 'Outcome indicator: a longer-term impact' });
			assert.equal((await submit(p, p.getByRole('button', { name: 'Save the changes' }))).status(), 303);

			await p.goto('/review');
			await follow(p, p.getByRole('link', { name: 'by vision statement' }));
			assert.equal(new URL(p.url()).pathname, '/review/vision');
			// The contents link to each statement on the same page.
			await p.getByRole('navigation', { name: 'Vision statements' }).getByRole('link', { name: 'Vision statement 9: Aftercare' }).click();
			assert.equal(new URL(p.url()).hash, '#aftercare');
			const aftercare = p.locator('section[aria-labelledby="aftercare"]');
			const ind = aftercare.locator('.vision-indicator').filter({ has: p.getByRole('link', { name: 'Children in a sibling group placed with all their brothers and sisters' }) });
			assert.equal(await ind.count(), 1);
			assert.match(await ind.innerText(), /Core or contextual\s+Contextual indicator/);
			assert.match(await ind.innerText(), /Off track|At risk|On track|Reached|No data yet/);
		} finally {
			await p.close();
		}
	});

	test('axe: /review/vision and the indicator form with errors', { timeout: 120000 }, async () => {
		const p = await withScript.newPage();
		try {
			await p.goto('/review/vision');
			await axeCheck(p, '/review/vision');
			assert.equal((await signInAs(p, BOARD, PASSWORD)).status(), 303);
			await p.goto('/indicators/new');
			await p.locator('#kind').evaluate((s) => { s.options[1].value = 'output'; });
			await p.getByLabel('Process or outcome', { exact: true }).selectOption({ index: 1 });
			await submit(p, p.getByRole('button', { name: 'Add the indicator' }));
			assert.match(await p.locator('#kind-error').innerText(), /Choose process or outcome/);
			await axeCheck(p, 'the indicator form with errors');
		} finally {
			await p.close();
		}
		assert.deepEqual(offSite, []);
	});
});
