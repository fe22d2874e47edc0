// The reports (issue 4): built from a small fixed dataset (tests/golden/report-fixture.sql)
// as on a fixed day, their TEXT checked against tests/golden/ (pdftotext of the PDF, the
// HTML's text), never their bytes; every PDF page drawn (pdftoppm) and not blank; what a
// report must never hold; the command line's errors; the same reports on the web.
//
// UPDATE_GOLDEN=1 node --test tests/integration/report.test.mjs rewrites the golden files
// (read the diff before committing it).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';

import { ROOT, keep, request, startServer, tempDir } from './helpers.mjs';

const PASSWORD = 'correct horse battery staple 7';

const TODAY = '2025-06-30';
const ENV = { KEEP_TODAY: TODAY };
const GOLDEN = path.join(ROOT, 'tests', 'golden');

function run(cmd, args, opts = {}) {
	const r = spawnSync(cmd, args, { encoding: opts.encoding ?? 'utf8', input: opts.input, maxBuffer: 64 * 1024 * 1024 });
	if (r.error) throw r.error;
	assert.equal(r.status, 0, `${cmd} ${args.join(' ')}: ${r.stderr}`);
	return r.stdout;
}

// One line per line of text, trimmed, without empty lines or form feeds.
function lines(text) {
	return text
		.replaceAll('\f', '\n')
		.split('\n')
		.map((l) => l.replace(/\s+/g, ' ').trim())
		.filter((l) => l !== '')
		.join('\n') + '\n';
}

function pdfText(file) {
	return lines(run('pdftotext', ['-enc', 'UTF-8', file, '-']));
}

// What a person reads of an HTML report: block elements on lines of their own, the
// charts' SVG left out (their words are in the figure's description and in the PDF).
function htmlText(html) {
	const text = html
		.replace(/<style>[\s\S]*?<\/style>/g, '')
		.replace(/<title>[\s\S]*?<\/title>/, '')
		.replace(/<svg[\s\S]*?<\/svg>/g, '')
		.replace(/<\/(p|h[1-6]|li|caption|tr|figcaption|nav|header)>|<ol>|<ul>/g, '\n')
		.replace(/<\/t[hd]>/g, ' | ')
		.replace(/<[^>]+>/g, '')
		.replace(/&#39;/g, "'")
		.replace(/&quot;/g, '"')
		.replace(/&lt;/g, '<')
		.replace(/&gt;/g, '>')
		.replace(/&amp;/g, '&');
	return lines(text);
}

function golden(name, actual) {
	const file = path.join(GOLDEN, name);
	if (process.env.UPDATE_GOLDEN) writeFileSync(file, actual);
	assert.ok(existsSync(file), `${file} is missing: run with UPDATE_GOLDEN=1 to make it`);
	assert.equal(actual, readFileSync(file, 'utf8'), `${name} differs from the golden text`);
}

// The pages of a PDF as greyscale images (PGM, which needs no library to read): how
// many pixels of each are not white.
function inkPerPage(pdf, dir) {
	const prefix = path.join(dir, 'page');
	run('pdftoppm', ['-gray', '-r', '40', pdf, prefix]);
	const files = readdirSync(dir).filter((f) => f.startsWith('page') && f.endsWith('.pgm')).sort();
	return files.map((f) => {
		const data = readFileSync(path.join(dir, f));
		// "P5\n<w> <h>\n<max>\n" then one byte per pixel.
		const head = data.toString('latin1', 0, 64).match(/^P5\s+(\d+)\s+(\d+)\s+(\d+)\s/);
		assert.ok(head, `${f} is a PGM image`);
		const [w, h] = [Number(head[1]), Number(head[2])];
		const pixels = data.subarray(head[0].length);
		assert.equal(pixels.length, w * h, `${f}: one byte per pixel`);
		let ink = 0;
		for (const p of pixels) if (p < 200) ink++;
		return ink;
	});
}

function fixtureDb() {
	const dir = tempDir('keep-report-');
	const db = path.join(dir, 'fixture.db');
	const r = keep(['init', '--db', db], { env: ENV });
	assert.equal(r.status, 0, r.stderr);
	run('sqlite3', [db], { input: readFileSync(path.join(GOLDEN, 'report-fixture.sql'), 'utf8') });
	return { dir, db };
}

describe('reports', () => {
	let fx;
	before(() => {
		fx = fixtureDb();
	});

	test('the annual report as a PDF says what the golden text says', () => {
		const out = path.join(fx.dir, 'annual.pdf');
		const r = keep(['report', 'annual', '--year', '2024', '--format', 'pdf', '--out', out, '--db', fx.db], { env: ENV });
		assert.equal(r.status, 0, r.stderr);
		assert.equal(r.stdout, `Wrote ${out}.\n`);
		assert.equal(r.stderr, '', 'no progress when not on a terminal');
		assert.equal(readFileSync(out).subarray(0, 5).toString(), '%PDF-');
		golden('annual-2024.pdf.txt', pdfText(out));
	});

	test('the annual report as HTML says what the golden text says', () => {
		const r = keep(['report', 'annual', '--year', '2024', '--format', 'html', '--out', '-', '--db', fx.db], { env: ENV });
		assert.equal(r.status, 0, r.stderr);
		assert.match(r.stdout, /^<!doctype html>\n<html lang="en-GB">/);
		// Its own style, nothing fetched from elsewhere.
		assert.match(r.stdout, /<style>/);
		assert.doesNotMatch(r.stdout, /<link |<script|src="http/);
		// One chart: Scotland's target (Clackmannanshire's is in a table).
		assert.equal((r.stdout.match(/<svg class="chart"/g) || []).length, 1);
		golden('annual-2024.html.txt', htmlText(r.stdout));
	});

	test('the PDF is A4 with its fonts embedded, and no page is blank', () => {
		const out = path.join(fx.dir, 'pages.pdf');
		assert.equal(keep(['report', 'annual', '--year', '2024', '--format', 'pdf', '--out', out, '--db', fx.db], { env: ENV }).status, 0);
		const info = run('pdfinfo', [out]);
		assert.match(info, /Page size:\s+595 x 842 pts \(A4\)/);
		assert.match(info, /Title:\s+The Promise: annual report 2024-25\n/);
		const pages = Number(info.match(/Pages:\s+(\d+)/)[1]);
		const fonts = run('pdffonts', [out]).split('\n').slice(2).filter((l) => l.trim());
		assert.ok(fonts.length > 0);
		for (const f of fonts) assert.match(f, /DejaVuSans.*\byes\s+yes\b/, `font embedded as a subset: ${f}`);
		const dir = tempDir('keep-report-png-');
		const ink = inkPerPage(out, dir);
		assert.equal(ink.length, pages, 'pdftoppm drew every page');
		ink.forEach((n, i) => assert.ok(n > 150, `page ${i + 1} of ${pages} is blank (${n} pixels not white)`));
	});

	test('reports hold no email address, no unpublished evidence', () => {
		for (const args of [['annual', '--year', '2024'], ['organisation', 'care-charity'], ['area', 'S12000005']]) {
			const r = keep(['report', ...args, '--out', '-', '--db', fx.db], { env: ENV });
			assert.equal(r.status, 0, r.stderr);
			assert.doesNotMatch(r.stdout, /[\w.+-]+@[\w-]+\.\w/, `${args[0]}: an email address`);
			assert.doesNotMatch(r.stdout, /A draft nobody may see/, `${args[0]}: unpublished evidence`);
		}
		const org = htmlText(keep(['report', 'organisation', 'care-charity', '--out', '-', '--db', fx.db], { env: ENV }).stdout);
		assert.match(org, /^Our advocacy plan \| Plan \| 1 May 2024 \| 10 May 2024 \|$/m);
		assert.match(org, /^Open an advocacy service in every council area \| 30 September 2024 \| Done \| The service is open in all 32 council areas\. \|$/m);
	});

	test("a council area's report charts its local targets and names its gaps", () => {
		const r = keep(['report', 'area', 'S12000005', '--out', '-', '--db', fx.db], { env: ENV });
		assert.equal(r.status, 0, r.stderr);
		assert.equal((r.stdout.match(/<svg class="chart"/g) || []).length, 1);
		const text = htmlText(r.stdout);
		assert.match(text, /^Clackmannanshire: report$/m);
		assert.match(text, /^Care leavers in work or study: Clackmannanshire$/m);
		assert.match(text, /^Clackmannanshire Council: A home for every care leaver who asks for one \(due 31 December 2024; Not started\)$/m);
		assert.match(text, /^This council area has a local target\.$/m);
	});

	test('the default file name, and the errors', () => {
		const dir = tempDir('keep-report-cwd-');
		let r = keep(['report', 'annual', '--year', '2024', '--db', fx.db], { env: ENV, cwd: dir });
		assert.equal(r.status, 0, r.stderr);
		assert.equal(r.stdout, 'Wrote keep-annual-2024.html.\n');
		assert.ok(existsSync(path.join(dir, 'keep-annual-2024.html')));
		r = keep(['report', 'organisation', 'quiet-trust', '--format', 'pdf', '--db', fx.db], { env: ENV, cwd: dir });
		assert.equal(r.stdout, 'Wrote keep-organisation-quiet-trust.pdf.\n');

		const cases = [
			[['organisation', 'nope'], 1, "keep report organisation: no organisation called 'nope'\n"],
			[['area', 'S99999999'], 1, "keep report area: no council area called 'S99999999'\n"],
			[['annual', '--year', '20x4'], 2, "keep report annual: --year: '20x4' is not a year (four digits, 2000-2099)\nTry 'keep report annual --help'.\n"],
			[['annual'], 2, "keep report annual: --year YYYY is needed (the report year from 1 April YYYY)\nTry 'keep report annual --help'.\n"],
			[['annual', '--year', '2024', '--format', 'doc'], 2, "keep report annual: --format: 'doc' is not a format keep writes (html or pdf)\nTry 'keep report annual --help'.\n"],
			[['yearly'], 2, "keep report: there is no 'report yearly': expected annual, organisation or area\nTry 'keep report --help'.\n"],
		];
		for (const [args, status, stderr] of cases) {
			r = keep(['report', ...args, '--db', fx.db], { env: ENV, cwd: dir });
			assert.equal(r.stderr, stderr, args.join(' '));
			assert.equal(r.status, status, args.join(' '));
			assert.equal(r.stdout, '', `${args.join(' ')}: nothing written`);
		}
		assert.deepEqual(readdirSync(dir).sort(), ['keep-annual-2024.html', 'keep-organisation-quiet-trust.pdf']);
	});

	describe('on the web', () => {
		let server;
		before(async () => {
			server = await startServer(fx.db, { env: ENV });
		});
		after(async () => {
			if (server) await server.stop();
		});

		test('/reports lists the years that have data and offers both forms', async () => {
			const r = await request(`${server.url}/reports`);
			assert.equal(r.status, 200);
			// Assessments from May 2023, the data as on 30 June 2025: three Plan years.
			const years = [...r.body.matchAll(/<a href="\/reports\/annual\/(\d{4})">Annual report ([^<]+)<\/a>/g)].map((m) => `${m[1]} ${m[2]}`);
			// 2025-26 is still running on 30 June 2025: a draft, and the list says so.
			assert.deepEqual(years, ['2025 2025-26 (draft: the year is still running)', '2024 2024-25', '2023 2023-24']);
			assert.match(r.body, /<a href="\/reports\/annual\/2024\.pdf">PDF/);
			// Each year says which plan it reports against.
			assert.match(r.body, /of the annual report 2024-25<\/span><\/a>\), against Fixture plan of route maps<\/li>/);
			assert.match(r.body, /of the annual report 2023-24<\/span><\/a>\), against Plan 21-24<\/li>/);
			assert.match(r.body, /<option value="care-charity">Care Charity<\/option>/);
			assert.match(r.body, /<option value="S12000005">Clackmannanshire<\/option>/);
			assert.match(r.body, /<a href="\/reports" aria-current="page">Reports<\/a>/);
		});

		test('a report page holds the same report as the file', async () => {
			const file = keep(['report', 'annual', '--year', '2024', '--out', '-', '--db', fx.db], { env: ENV }).stdout;
			const r = await request(`${server.url}/reports/annual/2024`);
			assert.equal(r.status, 200);
			const article = (s) => s.slice(s.indexOf('<article class="report">'), s.indexOf('</article>'));
			assert.ok(article(r.body).length > 1000);
			assert.equal(article(r.body), article(file));
			assert.match(r.body, /<a href="\/reports\/annual\/2024\.pdf">Download this report as a PDF<\/a>/);
			assert.match(r.body, /<nav class="report-toc" aria-labelledby="contents">/);
		});

		test('the PDFs, and what is not a report', async () => {
			for (const [p, name] of [
				['/reports/annual/2024.pdf', 'keep-annual-2024.pdf'],
				['/reports/organisations/care-charity.pdf', 'keep-organisation-care-charity.pdf'],
				['/reports/areas/S12000005.pdf', 'keep-area-S12000005.pdf'],
			]) {
				const r = await request(`${server.url}${p}`);
				assert.equal(r.status, 200, p);
				assert.equal(r.headers['content-type'], 'application/pdf');
				assert.equal(r.headers['content-disposition'], `inline; filename="${name}"`);
				assert.ok(r.body.startsWith('%PDF-'));
				// Again, from the cache: the same headers.
				const again = await request(`${server.url}${p}`);
				assert.equal(again.headers['content-disposition'], `inline; filename="${name}"`);
			}
			for (const p of ['/reports/annual/20x4', '/reports/annual/2024.doc', '/reports/organisations/nope', '/reports/areas/S99999999.pdf']) {
				assert.equal((await request(`${server.url}${p}`)).status, 404, p);
			}
			const pick = await request(`${server.url}/reports/organisations?organisation=care-charity`);
			assert.equal(pick.status, 303);
			assert.equal(pick.headers.location, '/reports/organisations/care-charity');
			assert.equal((await request(`${server.url}/reports/areas?area=`)).headers.location, '/reports');
		});
	});
});

// A year that has ended is reported as it was at its end, from the commitments'
// dated timeline; a year still running is a draft.
describe('a report of a year that has ended', () => {
	test("changing a commitment's status, or adding one, after the year does not change its report", async () => {
		const { db } = fixtureDb();
		const report = () => {
			const r = keep(['report', 'annual', '--year', '2024', '--format', 'html', '--out', '-', '--db', db], { env: ENV });
			assert.equal(r.status, 0, r.stderr);
			return htmlText(r.stdout);
		};
		const before = report();
		assert.match(before, /Commitments by status on 31 March 2025 \(all organisations, all actions\)\nStatus \| Commitments \|\nNot started \| 1 \|\nUnder way \| 1 \|\nDone \| 1 \|\nDropped \| 1 \|\nNot recorded \| 0 \|\nAll \| 4 \|/);
		assert.match(before, /Commitments are shown with the status they had on 31 March 2025, from their dated timeline/);
		assert.doesNotMatch(before, /draft/i);
		// Staff change the commitment done in the year to dropped, and add one, after the year
		// (the timeline is dated by the clock, after 31 March 2025).
		assert.equal(keep(['user', 'add', 'staff@report.test', '--role', 'staff', '--db', db], { input: `${PASSWORD}\n` }).status, 0);
		const server = await startServer(db, { env: ENV });
		try {
			const s = await fetch(`${server.url}/api/v1/session`, {
				method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ email: 'staff@report.test', password: PASSWORD }),
			});
			const token = (await s.json()).data.token;
			const api = (method, p, body) => fetch(`${server.url}${p}`, {
				method, headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' }, body: JSON.stringify(body),
			});
			assert.equal((await api('PATCH', '/api/v1/commitments/cc-advocacy', { status: 'dropped' })).status, 200);
			assert.equal((await api('POST', '/api/v1/commitments', { organisation: 'quiet-trust', action: 'advocacy', text: 'A later promise', status: 'under_way' })).status, 201);
		} finally {
			await server.stop();
		}
		const now = keep(['report', 'annual', '--year', '2025', '--format', 'html', '--out', '-', '--db', db], { env: ENV });
		assert.match(htmlText(now.stdout), /Dropped \| 2 \|/, 'the change is there for the year still running');
		assert.equal(report(), before);
	});

	test('a report of a year still running says plainly that it is a draft', () => {
		const { db } = fixtureDb();
		const r = keep(['report', 'annual', '--year', '2025', '--format', 'html', '--out', '-', '--db', db], { env: ENV });
		assert.equal(r.status, 0, r.stderr);
		const text = htmlText(r.stdout);
		assert.match(text, /^The Promise: annual report 2025-26 \(draft\)$/m);
		assert.match(text, /This is a draft: the year runs to 31 March 2026, so this is not yet the year's report\./);
	});
});
