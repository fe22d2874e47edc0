// How the browser tests start Debian's chromium through playwright-core: never a
// downloaded browser, and no traffic off this machine (as root it needs --no-sandbox).
export const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';

export const LAUNCH = {
	executablePath: CHROMIUM,
	args: [
		'--no-sandbox',
		'--disable-gpu',
		'--disable-background-networking',
		'--disable-component-update',
		'--no-first-run',
		'--disable-sync',
		'--disable-quic',
	],
};

import AxeBuilder from '@axe-core/playwright';
import assert from 'node:assert/strict';
import { chromium } from 'playwright-core';

// What axe may find: nothing serious or critical; moderate and minor findings are
// printed as test diagnostics.
const BAD_IMPACTS = new Set(['serious', 'critical']);

function describeViolations(violations) {
	return violations
		.map((v) =>
			[
				`- ${v.id} (${v.impact}): ${v.help}`,
				`  ${v.helpUrl}`,
				...v.nodes.slice(0, 5).map((n) => `  at ${n.target.join(' ')}: ${n.html.slice(0, 200)}\n    ${(n.failureSummary || '').replaceAll('\n', '\n    ')}`),
			].join('\n'),
		)
		.join('\n');
}

// Runs axe on the page p (in a context with JavaScript on) and fails on anything serious
// or critical, naming what (the page or form) in the message.
export async function axeCheck(p, what) {
	const result = await new AxeBuilder({ page: p }).analyze();
	const bad = result.violations.filter((v) => BAD_IMPACTS.has(v.impact));
	const minor = result.violations.filter((v) => !BAD_IMPACTS.has(v.impact));
	if (minor.length) console.log(`# ${what}: axe, moderate or minor:\n${describeViolations(minor)}`);
	assert.equal(bad.length, 0, `axe on ${what}:\n${describeViolations(bad)}`);
}

// Starts chromium with two contexts on server (from startServer): noScript, with
// JavaScript off as the pages must work without it, and withScript (axe needs it). Only
// the server under test may be reached: anything else is refused and its address kept
// in offSite, for a test to assert it stays empty. A step that cannot go on fails in
// seconds (timeout), not at the test's time limit.
export async function openBrowser(server, { timeout = 10000 } = {}) {
	const browser = await chromium.launch(LAUNCH);
	const offSite = [];
	const contexts = [];
	for (const javaScriptEnabled of [false, true]) {
		const context = await browser.newContext({ javaScriptEnabled, bypassCSP: javaScriptEnabled, baseURL: server.url });
		context.setDefaultTimeout(timeout);
		await context.route('**/*', (route) => {
			const url = new URL(route.request().url());
			if ((url.hostname === '127.0.0.1' && url.port === String(server.port)) || url.protocol === 'data:') return route.continue();
			offSite.push(url.href);
			return route.abort();
		});
		contexts.push(context);
	}
	return { browser, noScript: contexts[0], withScript: contexts[1], offSite };
}

// Clicks what locator finds on page p and waits for the page it leads to (a navigation
// with method); returns its response. A navigation that gets no answer (the server is
// gone) fails at once, not at a timeout.
export async function follow(p, locator, method = 'GET') {
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

// Submits the form that button is in; returns the response to the POST (a 303's answer
// is followed by the browser: the page then shows where it led).
export const submit = (p, button) => follow(p, button, 'POST');

// Signs in on /login with the form, as a person would; returns the POST's response.
export async function signIn(p, email, password) {
	await p.goto('/login');
	await p.locator('#email').fill(email);
	await p.locator('#password').fill(password);
	return submit(p, p.locator('main form[action="/login"] button[type="submit"]'));
}
