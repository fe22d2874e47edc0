// /places/sufficiency in a real browser (Debian's chromium through playwright-core): with
// JavaScript off, a person chooses a council and a year in the form and gets that council's
// tables; then axe, with JavaScript on, on every council and on one: nothing serious or
// critical.
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';

import { demoDb, keep, startServer, tempDir } from '../integration/helpers.mjs';
import { axeCheck, follow, openBrowser } from './browser.mjs';

describe('the sufficiency page in a browser', () => {
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

	test('choosing a council and a year without JavaScript', async () => {
		const page = await b.noScript.newPage();
		page.setDefaultTimeout(60000);
		await page.goto('/places/sufficiency');
		assert.equal(await page.locator('h1').textContent(), 'Enough places to 2030?');
		assert.equal(await page.locator('section.council h2').count(), 2);
		await page.locator('#s-council').selectOption({ label: 'Glasgow City' });
		await page.locator('#s-year').selectOption({ label: '2027-28' });
		const res = await follow(page, page.locator('main form button[type="submit"]'));
		assert.equal(res.status(), 200);
		assert.match(page.url(), /[?&]council=S12000049/);
		assert.match(page.url(), /[?&]year=2027-28/);
		assert.deepEqual(await page.locator('section.council h2').allTextContents(), ['Glasgow City']);
		assert.match(await page.locator('section.council table caption').nth(1).textContent(), /on 31 March 2028/);
		assert.equal(await page.locator('.quick-exit').count(), 1);
		assert.deepEqual(b.offSite, []);
		await page.close();
	});

	test('axe: nothing serious or critical, for every council and for one', async () => {
		const page = await b.withScript.newPage();
		page.setDefaultTimeout(60000);
		for (const url of ['/places/sufficiency', '/places/sufficiency?council=S12000049&year=2025-26', '/places/sufficiency?council=S12000005']) {
			await page.goto(url);
			await axeCheck(page, url);
		}
		await page.close();
	});
});
