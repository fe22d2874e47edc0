// A scenario of The Money in a real browser (Debian's chromium through playwright-core),
// with JavaScript off as the forms must work without it: a member of staff adds one by
// the form, first wrongly (each problem by its field), then rightly, and sees it in
// words; then axe, with JavaScript on, on the list, the demo's scenario, the form and the
// form with its problems: nothing serious or critical.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { demoDb, keep, startServer } from '../integration/helpers.mjs';
import { axeCheck, openBrowser, signIn, submit } from './browser.mjs';

const STAFF = 'staff@promise.test';
const PASSWORD = 'a passphrase for the browser 9';

describe('a scenario in a browser', () => {
	let server;
	let db;
	let browser;
	let noScript;
	let withScript;
	let offSite;

	before(async () => {
		db = demoDb();
		const r = keep(['user', 'add', STAFF, '--role', 'staff', '--db', db], { input: `${PASSWORD}\n` });
		assert.equal(r.status, 0, r.stderr);
		server = await startServer(db);
		({ browser, noScript, withScript, offSite } = await openBrowser(server));
	});
	after(async () => {
		await browser?.close();
		const r = await server?.stop();
		if (r) assert.equal(r.code, 0, r.stderr);
	});

	test('added by the form without JavaScript: wrongly, then rightly', async () => {
		const page = await noScript.newPage();
		await signIn(page, STAFF, PASSWORD);
		await page.goto('/money/scenarios');
		await page.getByRole('link', { name: 'Add a scenario' }).click();
		await page.waitForLoadState('domcontentloaded');
		await page.locator('#slug').fill('borders-early-help');
		await page.locator('#name').fill('Borders early help');
		await page.locator('#area').selectOption({ label: 'Scottish Borders' });
		await page.locator('#inv0_what').fill('Family support');
		await page.locator('#inv0_per_year').fill('750,000');
		await page.locator('#inv0_from').fill('2026-04-01');
		await page.locator('#eff1_kind').selectOption('entries');
		await page.locator('#eff1_low_pct').fill('-150');
		await page.locator('#eff1_high_pct').fill('-5');
		let res = await submit(page, page.getByRole('button', { name: 'Add the scenario' }));
		assert.equal(res.status(), 400);
		assert.match(await page.title(), /^Error: add a scenario/);
		const summary = page.locator('.error-summary');
		assert.match(await summary.innerText(), /Effect 2: a change of -150% is impossible/, 'numbered as the rows are shown');
		assert.equal(await page.locator('#eff1_low_pct').getAttribute('aria-invalid'), 'true');
		assert.equal(await page.locator('#inv0_per_year').inputValue(), '750,000', 'the rows come back as typed');
		await page.locator('#eff1_low_pct').fill('-15');
		await page.locator('#eff1_starts_after_months').fill('18');
		res = await submit(page, page.getByRole('button', { name: 'Add the scenario' }));
		assert.equal(res.status(), 303);
		assert.equal(new URL(page.url()).pathname, '/money/scenarios/borders-early-help');
		const main = await page.locator('main').innerText();
		assert.match(main, /fewer children coming into care: 5% to 15% fewer, from 18 months after the money starts/);
		assert.match(main, /£750,000/);
		assert.match(main, /Scottish Borders/);
		await page.close();
	});

	test('axe: the list, the demo scenario, the form and the form with its problems', async () => {
		const page = await withScript.newPage();
		await page.goto('/money/scenarios');
		await axeCheck(page, 'the list of scenarios');
		await page.goto('/money/scenarios/whole-family-wellbeing-fund');
		await axeCheck(page, "the demo's scenario");
		await signIn(page, STAFF, PASSWORD);
		await page.goto('/money/scenarios/whole-family-wellbeing-fund/edit');
		await axeCheck(page, 'the form to change a scenario');
		await page.locator('#name').fill('');
		await page.locator('#eff0_high_pct').fill('-50');
		const res = await submit(page, page.getByRole('button', { name: 'Save the changes' }));
		assert.equal(res.status(), 400);
		await axeCheck(page, 'the form with its problems');
		assert.deepEqual(offSite, []);
		await page.close();
	});
});
