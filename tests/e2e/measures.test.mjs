// /measures in a real browser (Debian's chromium through playwright-core): with
// JavaScript off, a person chooses a year and a council in the form and gets that
// council's table beside Scotland's, suppressed cells shown as [c] with the reason for
// screen readers, and the key; then axe, with JavaScript on: nothing serious or critical.
import AxeBuilder from '@axe-core/playwright';
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { chromium } from 'playwright-core';

import { demoDb, keep, startServer, tempDir } from '../integration/helpers.mjs';
import { LAUNCH } from './browser.mjs';

const BAD_IMPACTS = new Set(['serious', 'critical']);

describe('the measures page in a browser', () => {
	let server;
	let browser;
	let noScript;
	let withScript;

	async function keepOnSite(context) {
		await context.route('**/*', (route) => {
			const url = new URL(route.request().url());
			if ((url.hostname === '127.0.0.1' && url.port === String(server.port)) || url.protocol === 'data:') return route.continue();
			return route.abort();
		});
	}

	before(async () => {
		const db = demoDb();
		const data = path.join(tempDir(), 'synth');
		assert.equal(keep(['synth', '--children', '1200', '--councils', '2', '--seed', '5', '--year', '2024', '--out', data]).status, 0);
		for (const c of ['S12000049', 'S12000036']) {
			const r = keep(['import', 'records', path.join(data, c), '--council', c, '--year', '2024', '--db', db]);
			assert.equal(r.status, 0, r.stderr);
		}
		server = await startServer(db);
		browser = await chromium.launch(LAUNCH);
		noScript = await browser.newContext({ javaScriptEnabled: false, baseURL: server.url });
		withScript = await browser.newContext({ javaScriptEnabled: true, bypassCSP: true, baseURL: server.url });
		noScript.setDefaultTimeout(10000);
		withScript.setDefaultTimeout(10000);
		await keepOnSite(noScript);
		await keepOnSite(withScript);
	});

	after(async () => {
		await browser?.close();
		await server?.stop();
	});

	test('choosing a council without JavaScript shows its table beside Scotland', async () => {
		const page = await noScript.newPage();
		await page.goto('/measures');
		assert.equal(await page.locator('h1').textContent(), 'Measures');
		await page.locator('#m-council').selectOption({ label: 'City of Edinburgh' });
		await Promise.all([page.waitForURL(/council=S12000036/), page.locator('main form button[type="submit"]').click()]);
		assert.match(await page.locator('caption').textContent(), /^The measures for the year to 31 July 2024: City of Edinburgh and Scotland \(the sum of 2 councils with data\)$/);
		assert.deepEqual(await page.locator('thead th').allTextContents(), ['Measure', 'City of Edinburgh', 'Scotland']);
		const hidden = page.locator('tbody td .visually-hidden');
		assert.ok((await hidden.count()) > 0, 'some cells are confidential');
		assert.match(await hidden.first().textContent(), /^ \(confidential: /);
		assert.equal(await page.locator('#key').textContent(), 'Key');
		await page.close();
	});

	test('axe: nothing serious or critical, with data and without', async () => {
		const page = await withScript.newPage();
		for (const url of ['/measures?year=2024&council=S12000049', '/measures?year=2019']) {
			await page.goto(url);
			const result = await new AxeBuilder({ page }).analyze();
			const bad = result.violations.filter((v) => BAD_IMPACTS.has(v.impact));
			assert.equal(bad.length, 0, `axe on ${url}:\n${bad.map((v) => `- ${v.id}: ${v.help} at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`).join('\n')}`);
		}
		await page.close();
	});
});
