// The reports' pages in a real browser: without JavaScript (the contents' links lead to
// their sections, the forms on /reports lead to an organisation's and a council area's
// report, the PDF link gives a PDF) and checked with axe (nothing serious or critical).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { demoDb, request, startServer } from '../integration/helpers.mjs';
import { axeCheck, openBrowser } from './browser.mjs';

const ENV = { KEEP_TODAY: '2025-11-01' };

const PAGES = [
	{ path: '/reports', h1: 'Reports' },
	{ path: '/reports/annual/2024', h1: 'The Promise: annual report 2024-25' },
	{ path: '/reports/organisations/scottish-government', h1: 'Scottish Government: report' },
	{ path: '/reports/areas/S12000005', h1: 'Clackmannanshire: report' },
];

describe('the reports in a browser', () => {
	let server;
	let browser;
	let noScript;
	let withScript;
	let offSite; // anything a page tried to fetch from elsewhere

	before(async () => {
		server = await startServer(demoDb(), { env: ENV });
		({ browser, noScript, withScript, offSite } = await openBrowser(server));
	});

	after(async () => {
		await browser?.close();
		const r = await server?.stop();
		if (r) assert.equal(r.code, 0, `keep serve did not stop cleanly (${r.code ?? r.signal}):\n${r.stderr}`);
	});

	for (const p of PAGES) {
		test(`${p.path}: works without JavaScript, in the layout`, { timeout: 60000 }, async () => {
			const page = await noScript.newPage();
			try {
				const res = await page.goto(p.path);
				assert.equal(res.status(), 200);
				assert.equal(await page.locator('h1').count(), 1, 'one h1');
				assert.equal((await page.locator('h1').innerText()).trim(), p.h1);
				assert.equal(await page.getByRole('link', { name: 'Leave this site quickly' }).count(), 1);
				assert.equal(await page.locator('nav[aria-label="Main"] a[aria-current="page"]').innerText(), 'Reports');
				if (p.path === '/reports') return;
				// The data date, the PDF, and the contents leading to every section.
				assert.match(await page.locator('.data-date').innerText(), /^The data is as on \d+ \w+ \d{4}, /);
				const pdf = await page.getByRole('link', { name: 'Download this report as a PDF' }).getAttribute('href');
				assert.equal(pdf, `${p.path}.pdf`);
				const got = await request(`${server.url}${pdf}`);
				assert.equal(got.headers['content-type'], 'application/pdf');
				const links = page.locator('nav.report-toc a');
				const n = await links.count();
				assert.ok(n >= 4, 'a table of contents');
				for (let i = 0; i < n; i++) {
					const href = await links.nth(i).getAttribute('href');
					assert.match(href, /^#./);
					assert.equal(await page.locator(href).count(), 1, `the contents' link ${href} has its heading`);
				}
				await links.nth(n - 1).click();
				await page.waitForURL(/#./);
			} finally {
				await page.close();
			}
		});
	}

	test("the forms on /reports lead to an organisation's and a council area's report", { timeout: 60000 }, async () => {
		const page = await noScript.newPage();
		try {
			await page.goto('/reports');
			await page.getByLabel('Organisation').selectOption({ label: 'COSLA' });
			await page.getByRole('button', { name: "Show the organisation's report" }).click();
			await page.waitForURL(/\/reports\/organisations\/cosla$/);
			assert.equal((await page.locator('h1').innerText()).trim(), 'COSLA: report');
			await page.goto('/reports');
			await page.getByLabel('Council area').selectOption({ label: 'Fife' });
			await page.getByRole('button', { name: "Show the council area's report" }).click();
			await page.waitForURL(/\/reports\/areas\/S12000047$/);
			assert.equal((await page.locator('h1').innerText()).trim(), 'Fife: report');
			// From the list to a year's report.
			await page.goto('/reports');
			await page.getByRole('link', { name: 'Annual report 2024-25', exact: true }).click();
			await page.waitForURL(/\/reports\/annual\/2024$/);
		} finally {
			await page.close();
		}
	});

	for (const p of PAGES) {
		test(`${p.path}: axe finds nothing serious or critical`, { timeout: 120000 }, async () => {
			const page = await withScript.newPage();
			try {
				const res = await page.goto(p.path);
				assert.equal(res.status(), 200);
				await axeCheck(page, p.path);
			} finally {
				await page.close();
			}
		});
	}

	test('no page asked for anything from another site', () => {
		assert.deepEqual(offSite, []);
	});
});
