// /places and a service's page in a real browser (Debian's chromium through
// playwright-core): with JavaScript off, a person filters the register by council area;
// a provider's editor adds a vacancy return with the form (a wrong date first: the error
// summary links to the field). Then axe, with JavaScript on, on /places, a service's page
// for the public and for the editor, and the return form with errors: nothing serious or
// critical.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';

import { demoDb, keep, startServer, tempDir } from '../integration/helpers.mjs';
import { axeCheck, follow, openBrowser, signIn, submit } from './browser.mjs';

const PASSWORD = 'correct horse battery staple 7';

describe('The register of care services in a browser', () => {
	let server;
	let b;

	before(async () => {
		const db = demoDb();
		const f = path.join(tempDir(), 'services.csv');
		writeFileSync(f, 'regno,name,provider,sector,type,council,outside_scotland,age_from,age_to,places,max_siblings,needs,' +
			'weekly_cost,status,registered,ended,organisation\n' +
			'CS2003000001,Fife Fostering,Fife Council,council,fostering,S12000047,no,0,17,120,4,disability,,active,2003-04-01,,fife-council\n' +
			'CS2005113322,Hill House,A Charity,third,residential_house,S12000017,no,12,17,4,2,emotional,4200,active,2005-06-01,,\n');
		assert.equal(keep(['place', 'import', 'services', f, '--db', db]).status, 0);
		const r = keep(['user', 'add', 'editor@fife.test', '--role', 'editor', '--organisation', 'fife-council', '--db', db], { input: `${PASSWORD}\n` });
		assert.equal(r.status, 0, r.stderr);
		server = await startServer(db);
		b = await openBrowser(server);
	});

	after(async () => {
		await b?.browser.close();
		await server?.stop();
	});

	test('filtering by council area without JavaScript', async () => {
		const page = await b.noScript.newPage();
		await page.goto('/places');
		assert.equal(await page.locator('h1').textContent(), 'Care services and places');
		await page.locator('#p-council').selectOption({ label: 'Highland' });
		const res = await follow(page, page.locator('main form.filter button[type="submit"]'));
		assert.equal(res.status(), 200);
		assert.match(page.url(), /[?&]council=S12000017/);
		const names = await page.locator('main table').nth(1).locator('tbody th').allTextContents();
		assert.deepEqual(names, ['Hill House']);
		assert.deepEqual(b.offSite, []);
		await page.close();
	});

	test('an editor adds a vacancy return, is told what is wrong first', async () => {
		const page = await b.noScript.newPage();
		assert.equal((await signIn(page, 'editor@fife.test', PASSWORD)).status(), 303);
		await page.goto('/places/services/CS2003000001');
		await page.locator('#date').fill('2025-02-30');
		await page.locator('#places').fill('2');
		await page.locator('#age_from').fill('0');
		await page.locator('#age_to').fill('9');
		await page.locator('#max_siblings').fill('2');
		const bad = await submit(page, page.locator('main form.form button[type="submit"]'));
		assert.equal(bad.status(), 400);
		assert.match(await page.title(), /^Error: /);
		assert.equal(await page.locator('.error-summary a').getAttribute('href'), '#date');
		assert.equal(await page.locator('#places').inputValue(), '2');
		await page.locator('#date').fill('2025-02-28');
		const ok = await submit(page, page.locator('main form.form button[type="submit"]'));
		assert.equal(ok.status(), 303);
		assert.match(await page.locator('main table').textContent(), /28 February 2025/);
		await page.close();
	});

	test('axe: nothing serious or critical on /places, a service\'s page and the return form', async () => {
		const page = await b.withScript.newPage();
		for (const url of ['/places', '/places?council=S12000047&type=fostering', '/places/services/CS2003000001']) {
			await page.goto(url);
			await axeCheck(page, url);
		}
		assert.equal((await signIn(page, 'editor@fife.test', PASSWORD)).status(), 303);
		await page.goto('/places/services/CS2003000001');
		await axeCheck(page, 'a service\'s page, signed in, with the return form');
		await page.locator('#places').fill('');
		await submit(page, page.locator('main form.form button[type="submit"]'));
		assert.match(await page.title(), /^Error: /);
		await axeCheck(page, 'the return form with errors');
		await page.close();
	});
});
