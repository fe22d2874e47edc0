// A plan for requests for a place in a real browser (Debian's chromium through
// playwright-core), with JavaScript off as the forms must work without it: a member of
// staff uploads a file of requests (first one with a problem, then a good one), sees the
// plan with its comparison, and a council's editor rejects a recommendation with a
// reason; then axe, with JavaScript on, on the list with its form, the form with its
// problem, and a plan's page: nothing serious or critical.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';

import { demoDb, keep, startServer } from '../integration/helpers.mjs';
import { axeCheck, openBrowser, signIn, submit } from './browser.mjs';

const STAFF = 'staff@promise.test';
const GLASGOW = 'editor@glasgow.test';
const PASSWORD = 'a passphrase for the browser 9';
const HEAD = 'request,band,needs,together,home,school,urgency\n';

describe('a plan for requests in a browser', () => {
	let server, db, browser, noScript, withScript, offSite, good, bad;

	before(async () => {
		db = demoDb();
		for (const [email, args] of [[STAFF, ['--role', 'staff']], [GLASGOW, ['--role', 'editor', '--organisation', 'glasgow-city-council']]]) {
			const r = keep(['user', 'add', email, ...args, '--db', db], { input: `${PASSWORD}\n` });
			assert.equal(r.status, 0, r.stderr);
		}
		good = path.join(path.dirname(db), 'requests.csv');
		writeFileSync(good, `${HEAD}R1,5_9,,yes,S12000049,,today\nR1,10_15,emotional,yes,S12000049,,today\nR2,16_17,,no,S12000036,,week\n`);
		bad = path.join(path.dirname(db), 'named.csv');
		writeFileSync(bad, 'request,band,needs,together,home,school,urgency,surname\n');
		server = await startServer(db);
		({ browser, noScript, withScript, offSite } = await openBrowser(server));
	});
	after(async () => {
		await browser?.close();
		const r = await server?.stop();
		if (r) assert.equal(r.code, 0, r.stderr);
	});

	test('uploaded without JavaScript: a file with a problem, then a good one; decided by the council', async () => {
		const page = await noScript.newPage();
		await signIn(page, STAFF, PASSWORD);
		await page.goto('/places/plan');
		let res = await submit(page, page.getByRole('button', { name: 'Make the plan' }));
		assert.equal(res.status(), 400);
		assert.match(await page.locator('.error-summary').innerText(), /Choose the file of requests/);
		await page.locator('#requests').setInputFiles(bad);
		res = await submit(page, page.getByRole('button', { name: 'Make the plan' }));
		assert.equal(res.status(), 400);
		assert.match(await page.locator('.error-summary').innerText(), /named\.csv:1:49: the column 'surname' is refused: requests are pseudonymous/);
		await page.locator('#requests').setInputFiles(good);
		res = await submit(page, page.getByRole('button', { name: 'Make the plan' }));
		assert.equal(res.status(), 303);
		assert.equal(new URL(page.url()).pathname, '/places/plan/1');
		const main = await page.locator('main').innerText();
		assert.match(main, /Request R1/);
		assert.match(main, /2 children from Glasgow City/);
		assert.match(main, /How the ways of planning compare/);
		await page.close();

		// the council's editor, in a browser of their own (also without JavaScript)
		const theirs = await browser.newContext({ javaScriptEnabled: false, baseURL: server.url });
		theirs.setDefaultTimeout(10000);
		const council = await theirs.newPage();
		await signIn(council, GLASGOW, PASSWORD);
		await council.goto('/places/plan/1');
		assert.doesNotMatch(await council.locator('main').innerText(), /Request R2/);
		await council.locator('#reject-R1').check();
		await council.locator('#reason-R1').fill('The school is too far');
		res = await submit(council, council.getByRole('button', { name: 'Record the decision' }));
		assert.equal(res.status(), 303);
		assert.match(await council.locator('#request-R1').innerText(), /Rejected by editor@glasgow\.test on .*: The school is too far/);
		await theirs.close();
	});

	test('axe: the list with its form, the form with its problem, and a plan', async () => {
		const page = await withScript.newPage();
		await signIn(page, STAFF, PASSWORD);
		await page.goto('/places/plan');
		await axeCheck(page, 'the plans and the form');
		await page.locator('#requests').setInputFiles(bad);
		const res = await submit(page, page.getByRole('button', { name: 'Make the plan' }));
		assert.equal(res.status(), 400);
		await axeCheck(page, 'the form with its problem');
		await page.goto('/places/plan/1');
		await axeCheck(page, 'a plan');
		assert.deepEqual(offSite, []);
		await page.close();
	});
});
