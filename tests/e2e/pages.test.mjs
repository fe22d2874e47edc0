// The public pages in a real browser (Debian's chromium through playwright-core), the
// way a person meets them: without JavaScript, by following links and the search
// form, and checked with axe for WCAG failures that matter (serious or critical).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { demoDb, startServer } from '../integration/helpers.mjs';
import { axeCheck, openBrowser } from './browser.mjs';

// Every kind of page, with what a reader must find on it.
const PAGES = [
	{ path: '/', h1: 'Keeping The Promise', h2: ['The Five Foundations'] },
	{ path: '/plans/plan-21-24', h1: 'Plan 21-24', h2: ['Priority areas'] },
	{
		path: '/actions/planning',
		h1: 'Planning',
		h2: [
			'What is required by Plan 21-24?',
			'What has The Promise Scotland heard so far?',
			'What has been committed to so far?',
			'Who are the lead organisations?',
		],
	},
	{ path: '/plans/plan-24-30', h1: 'Plan 24-30', h2: ['Foundations'] },
	{
		path: '/actions/where-children-live',
		h1: 'Where children live',
		h2: ['Where is Scotland now?', 'Where should Scotland be by 2030?', 'Milestones', 'Who leads?', 'Where this comes from'],
	},
	{
		path: '/actions/money-and-commissioning',
		h1: 'Money and commissioning',
		h2: ['Where is Scotland now?', 'Targets', 'Who leads?'],
	},
	{ path: '/foundations/care', h1: 'Care', h2: ['What serves this foundation'] },
	{ path: '/organisations', h1: 'Organisations', h2: [] },
	{ path: '/organisations/scottish-government', h1: 'Scottish Government', h2: [] },
	{ path: '/board', h1: 'Oversight Board', h2: ['Does the rule hold?', 'Serving today', 'Past and future members'] },
	{ path: '/review', h1: 'Pace and performance', h2: ['Summary', 'How the status is worked out'] },
	{ path: '/review/priorities', h1: 'Good enough and fast enough?', h2: ['Planning', 'Not linked to an action'] },
	{ path: '/gaps', h1: 'Gaps', h2: ['Contents', 'Council areas with no local target (31)'] },
	{ path: '/search?q=secure', h1: 'Search', h2: [], mark: true },
	{ path: '/login', h1: 'Sign in', h2: [] },
	{ path: '/no-such-page', status: 404, h2: [] },
];

describe('the pages in a browser', () => {
	let server;
	let browser;
	let noScript; // a context with JavaScript off, as the pages must work without it
	let withScript; // axe needs JavaScript to run in the page
	let offSite; // anything a page tried to fetch from elsewhere

	before(async () => {
		server = await startServer(demoDb());
		({ browser, noScript, withScript, offSite } = await openBrowser(server));
	});

	after(async () => {
		await browser?.close();
		const r = await server?.stop();
		if (r) assert.equal(r.code, 0, `keep serve did not stop cleanly (${r.code ?? r.signal}):\n${r.stderr}`);
	});

	for (const p of PAGES) {
		test(`${p.path}: works without JavaScript and has the layout`, { timeout: 60000 }, async () => {
			const page = await noScript.newPage();
			try {
				const res = await page.goto(p.path);
				assert.equal(res.status(), p.status ?? 200);
				assert.match(res.headers()['content-type'], /^text\/html/);

				const skip = page.getByRole('link', { name: 'Skip to main content' });
				assert.equal(await skip.count(), 1, 'one skip link');
				const target = await skip.getAttribute('href');
				assert.match(target, /^#./);
				assert.equal(await page.locator(target).count(), 1, `the skip link's target ${target} is on the page`);
				assert.equal(await page.locator('main').count(), 1, 'one <main>');

				assert.equal(await page.locator('nav[aria-label="Breadcrumb"]').count(), 1, 'a breadcrumb nav');
				assert.equal(await page.getByRole('link', { name: 'Leave this site quickly' }).count(), 1, 'the quick exit link');

				assert.equal(await page.locator('h1').count(), 1, 'one h1');
				if (p.h1) assert.equal((await page.locator('h1').innerText()).trim(), p.h1);
				for (const h of p.h2) {
					assert.equal(await page.getByRole('heading', { level: 2, name: h, exact: true }).count(), 1, `an h2 "${h}"`);
				}
				assert.ok((await page.title()).trim().length > 0, 'a title');
				assert.match(await page.locator('html').getAttribute('lang'), /^en/);
				if (p.mark) {
					const marks = page.locator('main mark');
					assert.ok((await marks.count()) > 0, 'the matches are marked');
					assert.match(await marks.first().innerText(), /secure/i);
				}
			} finally {
				await page.close();
			}
		});
	}

	test('links lead from the overview to an action and on to an organisation', { timeout: 60000 }, async () => {
		const page = await noScript.newPage();
		try {
			await page.goto('/');
			const toAction = page.locator('main a[href^="/actions/"]').first();
			assert.ok((await toAction.count()) > 0, 'the overview links to actions');
			const title = (await toAction.innerText()).trim();
			await toAction.click();
			await page.waitForURL(/\/actions\/[^/]+$/);
			assert.equal((await page.locator('h1').innerText()).trim(), title, 'the action page is titled as its link');

			// The planning action names lead organisations; any action that links one will do.
			let toOrg = page.locator('main a[href^="/organisations/"]').first();
			if ((await toOrg.count()) === 0) {
				await page.goto('/actions/planning');
				toOrg = page.locator('main a[href^="/organisations/"]').first();
			}
			assert.ok((await toOrg.count()) > 0, 'the action page links to organisations');
			const name = (await toOrg.innerText()).trim();
			await toOrg.click();
			await page.waitForURL(/\/organisations\/[^/]+$/);
			assert.equal((await page.locator('h1').innerText()).trim(), name, 'the organisation page is named as its link');
		} finally {
			await page.close();
		}
	});

	test('the search form finds and marks what was typed', { timeout: 60000 }, async () => {
		const page = await noScript.newPage();
		try {
			await page.goto('/');
			const box = page.locator('form[action="/search"] input[name="q"]').first();
			await box.fill('secure');
			await box.press('Enter');
			await page.waitForURL(/\/search\?(.*&)?q=secure/);
			const marks = page.locator('main mark');
			assert.ok((await marks.count()) > 0, 'no <mark> in the results');
			assert.match(await marks.first().innerText(), /secure/i);
		} finally {
			await page.close();
		}
	});

	for (const p of PAGES) {
		test(`${p.path}: axe finds nothing serious or critical`, { timeout: 120000 }, async () => {
			const page = await withScript.newPage();
			try {
				const res = await page.goto(p.path);
				assert.equal(res.status(), p.status ?? 200);
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
