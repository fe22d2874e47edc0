// Across plans in a real browser: with JavaScript off, staff say which route map
// of Plan 24-30 carries an action of Plan 21-24 on (a wrong choice first, then the right
// one), both pages say so, and an editor moves a commitment of that action to the route
// map with one button; then axe, with JavaScript on, on the form, the form with its
// error and both pages: nothing serious or critical.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { demoDb, keep, startServer } from '../integration/helpers.mjs';
import { axeCheck, openBrowser, signIn, submit } from './browser.mjs';

const PASSWORD = 'a passphrase for the browser 9';
const STAFF = 'staff@promise.test';
const EDITOR = 'editor@sg.test';
// Advocacy of Plan 21-24, and the route map of Plan 24-30 this test says carries it on.
const ACTION = 'advocacy';
const COMMITMENT = 'sg-lifelong-advocacy-scoping';

describe('carried on, in a browser', () => {
	let server;
	let browser;
	let noScript;
	let withScript;
	let offSite;
	let later; // {id, title} of a route map of Plan 24-30

	before(async () => {
		const db = demoDb();
		for (const [email, args] of [[STAFF, ['--role', 'staff']], [EDITOR, ['--role', 'editor', '--organisation', 'scottish-government']]]) {
			const r = keep(['user', 'add', email, ...args, '--db', db], { input: `${PASSWORD}\n` });
			assert.equal(r.status, 0, r.stderr);
		}
		const maps = JSON.parse(keep(['export', 'actions', '--db', db, '--format', 'json']).stdout).filter((a) => a.plan === 'plan-24-30');
		later = maps.find((a) => a.id === 'advocacy-and-legal-advice') ?? maps[0];
		assert.ok(later, 'a route map of Plan 24-30');
		server = await startServer(db);
		({ browser, noScript, withScript, offSite } = await openBrowser(server));
	});
	after(async () => {
		await browser?.close();
		const r = await server?.stop();
		if (r) assert.equal(r.code, 0, `keep serve did not stop cleanly (${r.code ?? r.signal}):\n${r.stderr}`);
	});

	test('staff say which route map carries an action on, without JavaScript', { timeout: 30000 }, async () => {
		const p = await noScript.newPage();
		await signIn(p, STAFF, PASSWORD);
		await p.goto(`/actions/${ACTION}`);
		await p.getByRole('link', { name: 'Say which route map of a later plan carries this on' }).click();
		await p.waitForLoadState('domcontentloaded');
		assert.equal(new URL(p.url()).pathname, `/actions/${ACTION}/carried-on`);
		// Nothing chosen of a later plan: saving keeps it not carried on.
		const label = p.getByLabel('Carried on by');
		assert.equal(await label.inputValue(), '');
		await label.selectOption(later.id);
		const res = await submit(p, p.getByRole('button', { name: 'Save' }));
		assert.equal(res.status(), 303);
		assert.equal(new URL(p.url()).pathname, `/actions/${ACTION}`);
		const facts = await p.locator('dl.facts').innerText();
		assert.match(facts, new RegExp(`Carried on by\\s+${later.title}, a route map of Plan 24-30`));
		await p.getByRole('link', { name: later.title }).first().click();
		await p.waitForLoadState('domcontentloaded');
		assert.match(await p.locator('dl.facts').innerText(), /Carries on\s+Advocacy from Plan 21-24/);
		await p.close();
	});

	test('an editor moves a commitment to the route map with one button', { timeout: 30000 }, async () => {
		await noScript.clearCookies(); // staff signed in there
		const p = await noScript.newPage();
		await signIn(p, EDITOR, PASSWORD);
		await p.goto(`/commitments/${COMMITMENT}`);
		const res = await submit(p, p.getByRole('button', { name: `Move to ${later.title}` }));
		assert.equal(res.status(), 303);
		assert.equal(new URL(p.url()).pathname, `/commitments/${COMMITMENT}`);
		assert.match(await p.locator('dl.facts').innerText(), new RegExp(later.title));
		assert.match(await p.locator('#history').locator('..').innerText(), new RegExp(`action advocacy → ${later.id}`));
		assert.equal(await p.getByRole('button', { name: /^Move to/ }).count(), 0);
		await p.close();
	});

	test('axe: the form, the form with its error, both pages', { timeout: 60000 }, async () => {
		const p = await withScript.newPage();
		await signIn(p, STAFF, PASSWORD);
		await p.goto(`/actions/${ACTION}/carried-on`);
		await axeCheck(p, `/actions/${ACTION}/carried-on`);
		// A route map of Plan 24-30 cannot be carried on by an action of Plan 21-24.
		await p.goto(`/actions/${later.id}/carried-on`);
		assert.ok(await p.locator('text=No plan that started after').count() >= 1 || await p.locator('optgroup').count() === 0);
		await p.evaluate(() => {
			const o = document.createElement('option');
			o.value = 'youth-justice';
			o.textContent = 'Youth justice';
			document.querySelector('#carried_by').append(o);
			document.querySelector('#carried_by').value = 'youth-justice';
		});
		const res = await submit(p, p.getByRole('button', { name: 'Save' }));
		assert.equal(res.status(), 400);
		assert.match(await p.locator('#carried_by-error').innerText(), /is not of a later plan/);
		await axeCheck(p, `/actions/${later.id}/carried-on with an error`);
		await p.goto(`/actions/${ACTION}`);
		await axeCheck(p, `/actions/${ACTION}`);
		await p.goto(`/actions/${later.id}`);
		await axeCheck(p, `/actions/${later.id}`);
		await p.close();
		assert.deepEqual(offSite, []);
	});
});
