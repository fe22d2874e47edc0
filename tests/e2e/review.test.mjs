// The review pages in a real browser without JavaScript: the area filter is a plain GET
// form, and the priority view's links land on the target's own section of /review.
// (axe runs on /review, /review/priorities and /gaps in pages.test.mjs.)
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { demoDbMeasured, startServer } from '../integration/helpers.mjs';
import { openBrowser } from './browser.mjs';

describe('the review pages in a browser', () => {
	let server;
	let browser;
	let context;

	before(async () => {
		server = await startServer(demoDbMeasured(), { env: { KEEP_TODAY: '2025-11-01' } });
		({ browser, noScript: context } = await openBrowser(server));
	});

	after(async () => {
		await browser?.close();
		const r = await server?.stop();
		if (r) assert.equal(r.code, 0, `keep serve did not stop cleanly:\n${r.stderr}`);
	});

	test('choosing an area and pressing Show lists that area\'s targets only', { timeout: 60000 }, async () => {
		const page = await context.newPage();
		try {
			await page.goto('/review');
			assert.equal(await page.locator('section.target').count(), 7);
			await page.getByLabel('Show the targets for').selectOption({ label: 'Clackmannanshire' });
			await page.getByRole('button', { name: 'Show', exact: true }).click();
			await page.waitForURL(/\/review\?area=S12000005$/);
			assert.equal((await page.locator('h1').innerText()).trim(), 'Pace and performance: Clackmannanshire');
			const ids = await page.locator('section.target').evaluateAll((els) => els.map((e) => e.id));
			assert.deepEqual(ids, ['demo-siblings-clackmannanshire']);
			// The chart is drawn, with its accessible name from its title.
			const chart = page.getByRole('img', { name: /Clackmannanshire/ });
			assert.equal(await chart.count(), 1);
			assert.ok((await chart.boundingBox()).width > 200, 'the chart has room');
		} finally {
			await page.close();
		}
	});

	test('a target on the priority view links to its section of /review', { timeout: 60000 }, async () => {
		const page = await context.newPage();
		try {
			await page.goto('/review/priorities');
			await page.getByRole('link', { name: /Restraint incidents per 100 children/ }).click();
			await page.waitForURL(/\/review#demo-restraint-scotland$/);
			const section = page.locator('#demo-restraint-scotland');
			assert.equal(await section.count(), 1);
			assert.match(await section.locator('.status').first().innerText(), /Off track/);
		} finally {
			await page.close();
		}
	});
});
