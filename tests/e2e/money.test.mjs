// /money and the spend line form in a real browser (Debian's chromium through
// playwright-core): with JavaScript off, a person chooses a council area and reads its
// spending, made-up figures marked as made up; an organisation's editor adds a line with
// the form (a wrong amount first: the error summary links to the field), sees it in the
// sums, and deletes it. Then axe, with JavaScript on, on /money (Scotland, a council) and
// on the form with and without errors: nothing serious or critical.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { demoDb, keep, startServer } from '../integration/helpers.mjs';
import { axeCheck, follow, openBrowser, signIn, submit } from './browser.mjs';

const PASSWORD = 'correct horse battery staple 7';

describe('The Money in a browser', () => {
	let server;
	let b;

	before(async () => {
		const db = demoDb();
		const r = keep(['user', 'add', 'editor@fife.test', '--role', 'editor', '--organisation', 'fife-council', '--db', db], { input: `${PASSWORD}\n` });
		assert.equal(r.status, 0, r.stderr);
		server = await startServer(db);
		b = await openBrowser(server);
	});

	after(async () => {
		await b?.browser.close();
		await server?.stop();
	});

	test('choosing an area without JavaScript shows its spending, made-up figures marked', async () => {
		const page = await b.noScript.newPage();
		await page.goto('/money');
		assert.equal(await page.locator('h1').textContent(), 'The Money');
		assert.equal(await page.locator('#spend').textContent(), 'What is spent: Scotland');
		await page.locator('#money-area').selectOption({ label: 'Highland' });
		const res = await follow(page, page.locator('main form.filter button[type="submit"]'));
		assert.equal(res.status(), 200);
		assert.match(page.url(), /[?&]area=S12000017/);
		assert.equal(await page.locator('#spend').textContent(), 'What is spent: Highland');
		assert.match(await page.locator('main').textContent(), /Some of these figures are made up for the demonstration/);
		const rows = await page.locator('table').first().locator('tbody th').allTextContents();
		assert.deepEqual(rows, ['2022-23 (made up for the demonstration)', '2023-24 (made up for the demonstration)',
			'2024-25 (made up for the demonstration)', '2025-26 (made up for the demonstration)']);
		assert.deepEqual(b.offSite, []);
		await page.close();
	});

	test('an editor adds a line with the form, is told what is wrong, and deletes it', async () => {
		const page = await b.noScript.newPage();
		assert.equal((await signIn(page, 'editor@fife.test', PASSWORD)).status(), 303);
		await page.goto('/money?area=S12000047&year=2024-25');
		const total = (await page.locator('#year + p, #year ~ p').first().textContent());
		await follow(page, page.getByRole('link', { name: 'Add a spend line' }));
		assert.equal(await page.locator('h1').textContent(), 'Add a spend line');
		assert.equal(await page.locator('#organisation option[selected]').textContent(), 'Fife Council');
		await page.locator('#area').selectOption({ label: 'Fife' });
		await page.locator('#year').fill('2024-25');
		await page.locator('#heading').selectOption({ label: 'Mental health services' });
		await page.locator('#level').selectOption({ label: 'Services' });
		await page.locator('#kind').selectOption({ label: 'Early help and prevention' });
		await page.locator('#amount').fill('£1,000');
		await page.locator('#source').fill('Fife Council budget');
		let res = await submit(page, page.locator('main form button[type="submit"]'));
		assert.equal(res.status(), 400);
		assert.equal(await page.locator('.error-summary a').getAttribute('href'), '#amount');
		assert.match(await page.locator('#amount-error').textContent(), /whole pounds as digits only/);
		assert.equal(await page.locator('#amount').getAttribute('aria-invalid'), 'true');
		await page.locator('#amount').fill('1000');
		res = await submit(page, page.locator('main form button[type="submit"]'));
		assert.equal(res.status(), 303);
		assert.match(page.url(), /\/money\?area=S12000047$/);
		await page.goto('/money?area=S12000047&year=2024-25');
		assert.notEqual(await page.locator('#year + p, #year ~ p').first().textContent(), total);
		const line = page.locator('ul.spend-lines li', { hasText: 'Mental health services' });
		assert.match(await line.textContent(), /Fife Council: Mental health services, £1,000 \(Early help and prevention; Services\)\. Source: Fife Council budget\./);
		await follow(page, line.getByRole('link', { name: 'Delete this line' }));
		assert.equal(await page.locator('h1').textContent(), 'Delete this spend line?');
		res = await submit(page, page.locator('main form button[type="submit"]'));
		assert.equal(res.status(), 303);
		assert.equal(await page.locator('ul.spend-lines li', { hasText: 'Mental health services' }).count(), 0);
		await page.close();
	});

	test('axe: nothing serious or critical on /money and the form', async () => {
		const page = await b.withScript.newPage();
		for (const url of ['/money', '/money?area=S12000005&year=2022-23', '/money?area=S12000049']) {
			await page.goto(url);
			await axeCheck(page, url);
		}
		assert.equal((await signIn(page, 'editor@fife.test', PASSWORD)).status(), 303);
		await page.goto('/money/spend/new');
		await axeCheck(page, 'the spend line form');
		await submit(page, page.locator('main form button[type="submit"]'));
		assert.match(await page.title(), /^Error: /);
		await axeCheck(page, 'the spend line form with errors');
		await page.close();
	});
});
