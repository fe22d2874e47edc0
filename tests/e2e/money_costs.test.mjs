// /money/costs in a real browser (Debian's chromium through playwright-core): with
// JavaScript off, a person chooses a council and gets its placement costs beside
// Scotland's and the cost of failure; a member of staff sets the council's own weekly
// cost of a kind of place with the form, a mistake first; then axe, with JavaScript on,
// on the page (with records and for a year without) and on the form with its errors:
// nothing serious or critical.
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';

import { demoDb, keep, startServer, tempDir } from '../integration/helpers.mjs';
import { axeCheck, follow, openBrowser, signIn, submit } from './browser.mjs';

const PASSWORD = 'a long enough password for tests';

describe('the costs page in a browser', () => {
	let server;
	let b;

	before(async () => {
		const db = demoDb();
		const data = path.join(tempDir(), 'synth');
		assert.equal(keep(['synth', '--children', '1200', '--councils', '2', '--seed', '5', '--year', '2025', '--out', data]).status, 0);
		for (const c of ['S12000049', 'S12000036']) {
			const r = keep(['import', 'records', path.join(data, c), '--council', c, '--year', '2025', '--db', db]);
			assert.equal(r.status, 0, r.stderr);
		}
		assert.equal(keep(['user', 'add', 'staff@costs.test', '--role', 'staff', '--db', db], { input: `${PASSWORD}\n` }).status, 0);
		server = await startServer(db);
		b = await openBrowser(server);
	});

	after(async () => {
		await b?.browser.close();
		await server?.stop();
	});

	test('choosing a council without JavaScript shows its costs beside Scotland, and the cost of failure', async () => {
		const page = await b.noScript.newPage();
		await page.goto('/money/costs');
		assert.equal(await page.locator('h1').textContent(), 'What placements cost, and the cost of failure');
		await page.locator('#c-area').selectOption({ label: 'Glasgow City' });
		const res = await follow(page, page.locator('main form.filter button[type="submit"]'));
		assert.equal(res.status(), 200);
		assert.match(page.url(), /[?&]area=S12000049/);
		assert.equal(await page.locator('caption').first().textContent(),
			'Child-days and their cost by kind of place, 2024-25: Glasgow City and Scotland');
		assert.equal(await page.locator('#cost-of-failure').textContent(), 'The cost of failure');
		assert.match(await page.locator('main').textContent(), /The Money \(Independent Care Review, 2020\): £875,000,000 a year/);
		assert.deepEqual(b.offSite, []);
		await page.close();
	});

	test('staff set a council\'s own weekly cost with the form, a mistake first', async () => {
		const page = await b.noScript.newPage();
		assert.equal((await signIn(page, 'staff@costs.test', PASSWORD)).status(), 303);
		await page.goto('/money/costs?area=S12000036');
		await follow(page, page.locator('main a[href="/money/costs/S12000036/edit"]'));
		await page.locator('#type').selectOption('kinship');
		await page.locator('#weekly_cost').fill('a lot');
		const bad = await submit(page, page.locator('main form button[type="submit"]:not([name])'));
		assert.equal(bad.status(), 400);
		assert.match(await page.locator('#weekly_cost-error').textContent(), /Enter the cost a week in pounds/);
		await page.locator('#weekly_cost').fill('250');
		await page.locator('#price_year').fill('2024-25');
		await page.locator('#source').fill('The council\'s budget book, 2024-25');
		const ok = await submit(page, page.locator('main form button[type="submit"]:not([name])'));
		assert.equal(ok.status(), 303, 'saved, and sent back to the page');
		assert.match(page.url(), /\/money\/costs\?area=S12000036$/);
		assert.match(await page.locator('main').textContent(), /The council's own figure: The council's budget book, 2024-25/);
		await page.close();
	});

	test('axe: nothing serious or critical, on the page, a year without records, and the form with errors', async () => {
		const page = await b.withScript.newPage();
		for (const url of ['/money/costs?area=S12000049', '/money/costs?year=1990-91']) {
			await page.goto(url);
			await axeCheck(page, url);
		}
		assert.equal((await signIn(page, 'staff@costs.test', PASSWORD)).status(), 303);
		await page.goto('/money/costs/S12000049/edit');
		await axeCheck(page, 'the form');
		await submit(page, page.locator('main form button[type="submit"]:not([name])'));
		await axeCheck(page, 'the form with its errors');
		await page.close();
	});
});
