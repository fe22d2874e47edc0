// Submitting evidence in a real browser (Debian's chromium through playwright-core): an
// editor, with JavaScript off, finds "Add evidence" on their organisation's page, sends
// the form wrongly (a program renamed as a PDF, no title), then rightly with a real file
// chosen in the file input, and lands on the evidence's page, whose download gives the
// same bytes back. Then axe, with JavaScript on, on the form, the form with its errors
// and the evidence's page: nothing serious or critical.
import AxeBuilder from '@axe-core/playwright';
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { chromium } from 'playwright-core';

import { demoDb, keep, startServer } from '../integration/helpers.mjs';
import { LAUNCH } from './browser.mjs';

const EMAIL = 'editor@cosla.test';
const PASSWORD = 'a passphrase for the browser 9';
const ORG = 'cosla';
const BAD_IMPACTS = new Set(['serious', 'critical']);
const PDF = Buffer.from('%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n', 'latin1');
const EXE = Buffer.concat([Buffer.from('MZ\x90\x00\x03\x00', 'latin1'), Buffer.alloc(32)]);

function describeViolations(violations) {
	return violations
		.map((v) => [`- ${v.id} (${v.impact}): ${v.help}`, ...v.nodes.slice(0, 5).map((n) => `  at ${n.target.join(' ')}: ${n.html.slice(0, 200)}`)].join('\n'))
		.join('\n');
}

describe('submitting evidence in a browser', () => {
	let server;
	let browser;
	let noScript;
	let withScript;
	let page;
	let slug;

	async function keepOnSite(context) {
		await context.route('**/*', (route) => {
			const url = new URL(route.request().url());
			if ((url.hostname === '127.0.0.1' && url.port === String(server.port)) || url.protocol === 'data:') return route.continue();
			return route.abort();
		});
	}

	// Clicks locator and waits for the answer to the navigation it starts (method).
	async function follow(p, locator, method = 'GET') {
		const answered = p.waitForResponse((r) => r.request().isNavigationRequest() && r.request().method() === method, { timeout: 10000 });
		const [res] = await Promise.all([answered, locator.click({ timeout: 5000 })]);
		await p.waitForLoadState('domcontentloaded');
		return res;
	}

	async function signIn(p) {
		await p.goto('/login');
		await p.locator('#email').fill(EMAIL);
		await p.locator('#password').fill(PASSWORD);
		const res = await follow(p, p.locator('main form[action="/login"] button[type="submit"]'), 'POST');
		assert.equal(res.status(), 303);
	}

	async function axe(p, what) {
		const result = await new AxeBuilder({ page: p }).analyze();
		const bad = result.violations.filter((v) => BAD_IMPACTS.has(v.impact));
		assert.equal(bad.length, 0, `axe on ${what}:\n${describeViolations(bad)}`);
	}

	before(async () => {
		const db = demoDb();
		const add = keep(['user', 'add', EMAIL, '--role', 'editor', '--organisation', ORG, '--db', db], { input: `${PASSWORD}\n` });
		assert.equal(add.status, 0, add.stderr);
		server = await startServer(db);
		browser = await chromium.launch(LAUNCH);
		noScript = await browser.newContext({ javaScriptEnabled: false, baseURL: server.url, acceptDownloads: true });
		withScript = await browser.newContext({ javaScriptEnabled: true, bypassCSP: true, baseURL: server.url });
		noScript.setDefaultTimeout(10000);
		withScript.setDefaultTimeout(10000);
		await keepOnSite(noScript);
		await keepOnSite(withScript);
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
		await axe(p, 'the evidence form');
		await follow(p, p.getByRole('button', { name: 'Submit the evidence' }), 'POST');
		assert.equal(await p.locator('.error-summary').count(), 1);
		await axe(p, 'the evidence form with errors');
		await p.goto(`/evidence/${slug}`);
		await axe(p, 'the evidence page');
		await p.goto(`/evidence/${slug}/edit`);
		await axe(p, 'the form to change evidence');
		await p.close();
	});
});
