// Indicators, targets and figures in a real browser (Debian's chromium through
// playwright-core): a member of the Oversight Board, with JavaScript off, adds an
// indicator (wrongly, then rightly), sets a target on it and records a suppressed
// figure, all from /indicators; then axe, with JavaScript on, on /indicators and on each
// of the forms, empty and with errors: nothing serious or critical.
import AxeBuilder from '@axe-core/playwright';
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { chromium } from 'playwright-core';

import { demoDb, keep, startServer } from '../integration/helpers.mjs';
import { LAUNCH } from './browser.mjs';

const BOARD = 'member@board.test';
const PASSWORD = 'a passphrase for the browser 9';
const BAD_IMPACTS = new Set(['serious', 'critical']);

function describeViolations(violations) {
	return violations
		.map((v) => [`- ${v.id} (${v.impact}): ${v.help}`, `  ${v.helpUrl}`,
			...v.nodes.slice(0, 5).map((n) => `  at ${n.target.join(' ')}: ${n.html.slice(0, 200)}\n    ${(n.failureSummary || '').replaceAll('\n', '\n    ')}`),
		].join('\n'))
		.join('\n');
}

describe('indicators, targets and figures in a browser', () => {
	let server;
	let db;
	let browser;
	let noScript;
	let withScript;

	// Only the server under test may be reached.
	async function keepOnSite(context) {
		await context.route('**/*', (route) => {
			const url = new URL(route.request().url());
			if ((url.hostname === '127.0.0.1' && url.port === String(server.port)) || url.protocol === 'data:') return route.continue();
			return route.abort();
		});
	}

	// Clicks what locator finds and waits for the navigation it starts (method GET or
	// POST); returns the response. A request that gets no answer fails at once.
	async function follow(p, locator, method = 'GET') {
		const navigation = (r) => r.isNavigationRequest() && r.method() === method;
		const answered = p.waitForResponse((r) => navigation(r.request()), { timeout: 10000 });
		const failed = p.waitForEvent('requestfailed', { predicate: navigation, timeout: 10000 }).then((r) => {
			throw new Error(`${r.method()} ${r.url()} got no answer: ${r.failure()?.errorText}`);
		});
		answered.catch(() => {});
		failed.catch(() => {});
		const [res] = await Promise.all([Promise.race([answered, failed]), locator.click({ timeout: 5000 })]);
		await p.waitForLoadState('domcontentloaded');
		return res;
	}
	const submit = (p, button) => follow(p, button, 'POST');

	async function signIn(p) {
		await p.goto('/login');
		await p.locator('#email').fill(BOARD);
		await p.locator('#password').fill(PASSWORD);
		return submit(p, p.locator('main form[action="/login"] button[type="submit"]'));
	}

	async function axe(p, what) {
		const result = await new AxeBuilder({ page: p }).analyze();
		const bad = result.violations.filter((v) => BAD_IMPACTS.has(v.impact));
		assert.equal(bad.length, 0, `axe on ${what}:\n${describeViolations(bad)}`);
	}

	before(async () => {
		db = demoDb();
		const add = keep(['user', 'add', BOARD, '--role', 'board', '--db', db], { input: `${PASSWORD}\n` });
		assert.equal(add.status, 0, add.stderr);
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
		const r = await server?.stop();
		if (r) assert.equal(r.code, 0, `keep serve did not stop cleanly (${r.code ?? r.signal}):\n${r.stderr}`);
	});

	test('without JavaScript: an indicator, a target on it and a suppressed figure, from /indicators', { timeout: 120000 }, async () => {
		const p = await noScript.newPage();
		try {
			assert.equal((await signIn(p)).status(), 303);
			await p.goto('/');
			await follow(p, p.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Indicators' }));
			assert.equal(new URL(p.url()).pathname, '/indicators');
			await follow(p, p.getByRole('link', { name: 'Add an indicator' }));
			assert.equal(new URL(p.url()).pathname, '/indicators/new');
			await p.getByLabel('Title', { exact: true }).fill('Care leavers in education, work or training');
			const wrong = await submit(p, p.getByRole('button', { name: 'Add the indicator' }));
			assert.equal(wrong.status(), 400);
			const summary = p.locator('.error-summary');
			assert.equal(await summary.getByRole('link', { name: 'Choose how often it is published.' }).getAttribute('href'), '#frequency');
			assert.equal(await p.locator('#title').inputValue(), 'Care leavers in education, work or training');
			assert.equal(await p.locator('#unit').getAttribute('aria-invalid'), 'true');

			await p.getByLabel('What it counts', { exact: true }).fill('per cent');
			await p.getByLabel('Where the figures come from', { exact: true }).fill('Scottish Government');
			await p.getByLabel('How often it is published', { exact: true }).selectOption({ label: 'Every year' });
			await p.getByLabel('The Story of Progress vision statement', { exact: false }).fill('Aftercare');
			assert.equal((await submit(p, p.getByRole('button', { name: 'Add the indicator' }))).status(), 303);
			const slug = 'care-leavers-in-education-work-or-training';
			assert.equal(new URL(p.url()).pathname + new URL(p.url()).hash, `/indicators#${slug}`);
			const section = p.locator(`section[aria-labelledby="${slug}"]`);
			assert.equal((await section.getByRole('heading', { level: 2 }).innerText()).trim(), 'Care leavers in education, work or training');

			await follow(p, section.getByRole('link', { name: 'Set a target for Care leavers in education, work or training' }));
			assert.equal(await p.locator('#indicator').inputValue(), slug, 'the form starts with the indicator chosen');
			await p.locator('#area').selectOption({ label: 'Fife' });
			await p.getByLabel('Baseline figure', { exact: true }).fill('60');
			await p.getByLabel('Date of the baseline figure', { exact: true }).fill('2024-07-31');
			await p.getByLabel('Target figure', { exact: true }).fill('75.5');
			await p.getByLabel('Due date', { exact: true }).fill('2024-07-31');
			await p.getByLabel('Which way is better', { exact: true }).selectOption('higher');
			const early = await submit(p, p.getByRole('button', { name: 'Set the target' }));
			assert.equal(early.status(), 400);
			assert.equal((await p.locator('#due-error').innerText()).trim(), 'The due date must be after the baseline date (31 July 2024).');
			assert.equal(await p.locator('#value').inputValue(), '75.5');
			await p.getByLabel('Due date', { exact: true }).fill('2030-07-31');
			assert.equal((await submit(p, p.getByRole('button', { name: 'Set the target' }))).status(), 303);
			const target = section.locator('ul.targets li');
			assert.match(await target.innerText(), /^Fife: from 60 per cent on 31 July 2024 to 75\.5 per cent by 31 July 2030 \(a higher figure is better\)/);
			assert.equal(await target.getByRole('link').first().getAttribute('href'), `/review#${slug}-fife`);

			await p.goto('/indicators');
			await follow(p, p.getByRole('link', { name: 'Add a figure' }));
			await p.locator('#indicator').selectOption(slug);
			await p.locator('#area').selectOption({ label: 'Fife' });
			await p.getByLabel('Period', { exact: true }).fill('2025-07-31');
			await p.getByLabel('The figure is suppressed', { exact: false }).check();
			await p.getByLabel('Where the figure comes from', { exact: true }).fill('Scottish Government');
			assert.equal((await submit(p, p.getByRole('button', { name: 'Save the figure' }))).status(), 303);
			const row = p.locator(`section[aria-labelledby="${slug}"] table tbody tr`);
			assert.deepEqual(await row.locator('td').allInnerTexts(), ['Fife', '31 July 2025', 'Suppressed', 'Scottish Government']);
		} finally {
			await p.close();
		}
	});

	test('axe: /indicators and every form, empty and with its errors', { timeout: 180000 }, async () => {
		const p = await withScript.newPage();
		try {
			assert.equal((await signIn(p)).status(), 303);
			assert.equal((await p.goto('/indicators')).status(), 200);
			await axe(p, '/indicators');
			for (const [form, button] of [['/indicators/new', 'Add the indicator'], ['/targets/new', 'Set the target'], ['/observations/new', 'Save the figure']]) {
				assert.equal((await p.goto(form)).status(), 200);
				await axe(p, form);
				assert.equal((await submit(p, p.getByRole('button', { name: button }))).status(), 400);
				assert.ok((await p.locator('.error-summary li').count()) >= 3, `${form}: errors to check`);
				await axe(p, `${form} with errors`);
			}
			for (const form of ['/indicators/looked-after/edit', '/targets/demo-looked-after-scotland/edit', '/targets/demo-looked-after-scotland/delete']) {
				assert.equal((await p.goto(form)).status(), 200);
				await axe(p, form);
			}
		} finally {
			await p.close();
		}
	});
});
