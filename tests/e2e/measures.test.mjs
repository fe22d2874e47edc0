// /measures in a real browser (Debian's chromium through playwright-core): with
// JavaScript off, a person chooses a council in the form and gets its table beside
// Scotland's, suppressed cells shown as [c] with the reason for screen readers, and the
// key; then axe, with JavaScript on, with data and for a year without: nothing serious or
// critical.
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';

import { demoDb, keep, startServer, tempDir } from '../integration/helpers.mjs';
import { axeCheck, follow, openBrowser } from './browser.mjs';

describe('the measures page in a browser', () => {
	let server;
	let b;

	before(async () => {
		const db = demoDb();
		const data = path.join(tempDir(), 'synth');
		assert.equal(keep(['synth', '--children', '1200', '--councils', '2', '--seed', '5', '--year', '2024', '--out', data]).status, 0);
		for (const c of ['S12000049', 'S12000036']) {
			const r = keep(['import', 'records', path.join(data, c), '--council', c, '--year', '2024', '--db', db]);
			assert.equal(r.status, 0, r.stderr);
		}
		server = await startServer(db);
		b = await openBrowser(server);
	});

	after(async () => {
		await b?.browser.close();
		await server?.stop();
	});

	test('choosing a council without JavaScript shows its table beside Scotland', async () => {
		const page = await b.noScript.newPage();
		await page.goto('/measures');
		assert.equal(await page.locator('h1').textContent(), 'Measures');
		await page.locator('#m-council').selectOption({ label: 'City of Edinburgh' });
		const res = await follow(page, page.locator('main form button[type="submit"]'));
		assert.equal(res.status(), 200);
		assert.match(page.url(), /[?&]council=S12000036/);
		assert.equal(
			await page.locator('caption').textContent(),
			'The measures for the year to 31 July 2024: City of Edinburgh and Scotland (the sum of 2 councils with data)',
		);
		assert.deepEqual(await page.locator('thead th').allTextContents(), ['Measure', 'City of Edinburgh', 'Scotland']);
		const hidden = page.locator('tbody td .visually-hidden');
		assert.ok((await hidden.count()) > 0, 'some cells are confidential');
		assert.match(await hidden.first().textContent(), /^ \(confidential: /);
		assert.equal(await page.locator('#key').textContent(), 'Key');
		assert.deepEqual(b.offSite, []);
		await page.close();
	});

	test('axe: nothing serious or critical, with data and without', async () => {
		const page = await b.withScript.newPage();
		for (const url of ['/measures?year=2024&council=S12000049', '/measures?year=2019']) {
			await page.goto(url);
			await axeCheck(page, url);
		}
		await page.close();
	});
});
