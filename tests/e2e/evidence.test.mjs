// Submitting evidence in a real browser (Debian's chromium through playwright-core): an
// editor, with JavaScript off, finds "Add evidence" on their organisation's page, sends
// the form wrongly (a program renamed as a PDF, no title), then rightly with a real file
// chosen in the file input, and lands on the evidence's page, whose download gives the
// same bytes back. Then axe, with JavaScript on, on the form, the form with its errors
// and the evidence's page: nothing serious or critical.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { demoDb, keep, startServer } from '../integration/helpers.mjs';
import { axeCheck, follow, openBrowser, signIn as signInAs } from './browser.mjs';

const EMAIL = 'editor@cosla.test';
const PASSWORD = 'a passphrase for the browser 9';
const ORG = 'cosla';
const PDF = Buffer.from('%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n', 'latin1');
const EXE = Buffer.concat([Buffer.from('MZ\x90\x00\x03\x00', 'latin1'), Buffer.alloc(32)]);

describe('submitting evidence in a browser', () => {
	let server;
	let browser;
	let noScript;
	let withScript;
	let page;
	let slug;

	async function signIn(p) {
		assert.equal((await signInAs(p, EMAIL, PASSWORD)).status(), 303);
	}

	before(async () => {
		const db = demoDb();
		const add = keep(['user', 'add', EMAIL, '--role', 'editor', '--organisation', ORG, '--db', db], { input: `${PASSWORD}\n` });
		assert.equal(add.status, 0, add.stderr);
		server = await startServer(db);
		({ browser, noScript, withScript } = await openBrowser(server));
		page = await noScript.newPage();
	});

	after(async () => {
		await browser?.close();
		const r = await server?.stop();
		if (r) assert.equal(r.code, 0, `keep serve did not stop cleanly:\n${r.stderr}`);
	});

	test('with JavaScript off, a wrong form comes back with its errors and the input kept', { timeout: 30000 }, async () => {
		await signIn(page);
		await page.goto(`/organisations/${ORG}`);
		const res = await follow(page, page.getByRole('link', { name: 'Add evidence' }));
		assert.equal(res.status(), 200);
		assert.equal(new URL(page.url()).pathname, `/organisations/${ORG}/evidence/new`);
		for (const label of ['Plan', 'Report', 'Survey response', 'Title', 'What we will do', 'What support we need',
			'What help we can offer', 'Actions it speaks to', 'A file']) {
			assert.ok((await page.getByLabel(label, { exact: false }).count()) >= 1, `a field labelled "${label}"`);
		}
		await page.getByLabel('Report', { exact: true }).check();
		await page.locator('#will_do').fill('Meet the young people every month.');
		await page.locator('#file').setInputFiles({ name: 'report.pdf', mimeType: 'application/pdf', buffer: EXE });
		const bad = await follow(page, page.getByRole('button', { name: 'Submit the evidence' }), 'POST');
		assert.equal(bad.status(), 400);
		const summary = page.locator('.error-summary');
		assert.equal(await summary.getByRole('link', { name: 'Enter a title.' }).getAttribute('href'), '#title');
		assert.equal(await summary.getByRole('link', { name: /^The file must be a PDF/ }).getAttribute('href'), '#file');
		assert.equal(await page.locator('#title').getAttribute('aria-invalid'), 'true');
		assert.equal(await page.locator('#will_do').inputValue(), 'Meet the young people every month.');
		assert.equal(await page.getByLabel('Report', { exact: true }).isChecked(), true);
	});

	test('with JavaScript off, a real file chosen in the file input is uploaded and downloads the same', { timeout: 30000 }, async () => {
		await page.locator('#title').fill('Our plan for listening');
		await page.locator('#actions').selectOption(['planning']);
		await page.locator('#file').setInputFiles({ name: 'Our plan.pdf', mimeType: 'application/pdf', buffer: PDF });
		const res = await follow(page, page.getByRole('button', { name: 'Submit the evidence' }), 'POST');
		assert.equal(res.status(), 303);
		slug = new URL(page.url()).pathname.split('/')[2];
		assert.equal(slug, 'cosla-our-plan-for-listening');
		assert.equal((await page.locator('h1').innerText()).trim(), 'Our plan for listening');
		const link = page.getByRole('link', { name: 'Download Our plan.pdf' });
		assert.equal(await link.count(), 1);
		const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
		assert.equal(download.suggestedFilename(), 'Our-plan.pdf');
		const chunks = [];
		for await (const c of await download.createReadStream()) chunks.push(c);
		assert.deepEqual(Buffer.concat(chunks), PDF);
	});

	test('axe: the form, the form with errors and the evidence page', { timeout: 60000 }, async () => {
		const p = await withScript.newPage();
		await signIn(p);
		await p.goto(`/organisations/${ORG}/evidence/new`);
		await axeCheck(p, 'the evidence form');
		await follow(p, p.getByRole('button', { name: 'Submit the evidence' }), 'POST');
		assert.equal(await p.locator('.error-summary').count(), 1);
		await axeCheck(p, 'the evidence form with errors');
		await p.goto(`/evidence/${slug}`);
		await axeCheck(p, 'the evidence page');
		await p.goto(`/evidence/${slug}/edit`);
		await axeCheck(p, 'the form to change evidence');
		await p.close();
	});
});
