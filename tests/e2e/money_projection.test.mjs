// /money/projection in a real browser (Debian's chromium through playwright-core): with
// JavaScript off, a person chooses a council, then Scotland with the demo's scenario, in
// the form and gets its charts (images with their words), tables and the backtest; then
// axe, with JavaScript on, with and without a scenario: nothing serious or critical.
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';

import { demoDb, keep, startServer, tempDir } from '../integration/helpers.mjs';
import { axeCheck, follow, openBrowser } from './browser.mjs';

describe('the projection page in a browser', () => {
	let server;
	let b;

	before(async () => {
		const db = demoDb();
		const data = path.join(tempDir(), 'synth');
		assert.equal(keep(['synth', '--children', '600', '--councils', '2', '--seed', '5', '--year', '2025', '--out', data]).status, 0);
		for (const c of ['S12000049', 'S12000036']) {
			const r = keep(['import', 'records', path.join(data, c), '--council', c, '--year', '2025', '--db', db]);
			assert.equal(r.status, 0, r.stderr);
		}
		server = await startServer(db);
		b = await openBrowser(server);
	});

	after(async () => {
		await b?.browser.close();
		await server?.stop();
	});

	test('choosing an area and a scenario without JavaScript', async () => {
		const page = await b.noScript.newPage();
		page.setDefaultTimeout(60000);
		await page.goto('/money/projection');
		assert.equal(await page.locator('h1').textContent(), 'Children and cost to March 2030: Scotland');
		await page.locator('#p-area').selectOption({ label: 'City of Edinburgh' });
		let res = await follow(page, page.locator('main form button[type="submit"]'));
		assert.equal(res.status(), 200);
		assert.match(page.url(), /[?&]area=S12000036/);
		assert.equal(await page.locator('h1').textContent(), 'Children and cost to March 2030: City of Edinburgh');
		// Two charts, each an image named by its title and described in words.
		const charts = page.getByRole('img');
		assert.equal(await charts.count(), 2);
		assert.equal(await charts.first().getAttribute('aria-labelledby'), 'fan-children-t fan-children-d');
		assert.match(await page.locator('#fan-children-d').textContent(), /by month from July 2025 to March 2030/);
		assert.equal(await page.locator('#trust').textContent(), 'How far to trust this');
		assert.ok((await page.locator('table.backtest').count()) >= 1);
		// The scenario is Scotland's: Scotland's page offers it.
		await page.goto('/money/projection?area=S92000003');
		await page.locator('#p-scenario').selectOption({ label: 'Whole Family Wellbeing Fund' });
		res = await follow(page, page.locator('main form button[type="submit"]'));
		assert.equal(res.status(), 200);
		assert.match(page.url(), /scenario=whole-family-wellbeing-fund/);
		assert.match(await page.locator('#scenario').textContent(), /The scenario: Whole Family Wellbeing Fund/);
		assert.match(await page.locator('.made-up').textContent(), /made up/);
		assert.deepEqual(b.offSite, []);
		await page.close();
	});

	test('axe: nothing serious or critical, with and without a scenario, and the page for an area with no records', async () => {
		const page = await b.withScript.newPage();
		page.setDefaultTimeout(60000);
		for (const url of ['/money/projection?area=S12000049', '/money/projection?area=S92000003&scenario=whole-family-wellbeing-fund', '/money/projection?area=S12000005']) {
			await page.goto(url);
			await axeCheck(page, url);
		}
		await page.close();
	});
});
