// Evidence submissions (issue 3): multipart uploads of real small PDF, DOCX, ODT and CSV
// files made here; files refused by their content whatever their name says; the 20 MiB
// limit; input kept on a wrong form; who sees unpublished evidence (page, organisation
// page, file, API); editors of another organisation; publishing; the audit records;
// and the CSRF check on a multipart form.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { crc32, demoDb, keep, postForm, request, signIn, startServer } from './helpers.mjs';

const PASSWORD = 'a long enough password';
const ACCOUNTS = [
	['staff@example.org', ['--role', 'staff']],
	['admin@example.org', ['--role', 'admin']],
	['board@example.org', ['--role', 'board']],
	['editor@example.org', ['--role', 'editor', '--organisation', 'cosla']],
	['viewer@example.org', ['--role', 'viewer', '--organisation', 'cosla']],
	['other@example.org', ['--role', 'editor', '--organisation', 'scottish-government']],
	['otherviewer@example.org', ['--role', 'viewer', '--organisation', 'scottish-government']],
];

// ---- real small files ----

// A ZIP of stored (uncompressed) entries with their CRC-32s: what a word processor
// writes, only without compression.
function zip(entries) {
	const locals = [];
	const centrals = [];
	let offset = 0;
	for (const [name, text] of entries) {
		const data = Buffer.from(text, 'utf8');
		const n = Buffer.from(name, 'utf8');
		const crc = crc32(data);
		const local = Buffer.alloc(30);
		local.writeUInt32LE(0x04034b50, 0);
		local.writeUInt16LE(20, 4);
		local.writeUInt32LE(crc, 14);
		local.writeUInt32LE(data.length, 18);
		local.writeUInt32LE(data.length, 22);
		local.writeUInt16LE(n.length, 26);
		const central = Buffer.alloc(46);
		central.writeUInt32LE(0x02014b50, 0);
		central.writeUInt16LE(20, 4);
		central.writeUInt16LE(20, 6);
		central.writeUInt32LE(crc, 16);
		central.writeUInt32LE(data.length, 20);
		central.writeUInt32LE(data.length, 24);
		central.writeUInt16LE(n.length, 28);
		central.writeUInt32LE(offset, 42);
		locals.push(local, n, data);
		centrals.push(central, n);
		offset += 30 + n.length + data.length;
	}
	const cd = Buffer.concat(centrals);
	const end = Buffer.alloc(22);
	end.writeUInt32LE(0x06054b50, 0);
	end.writeUInt16LE(entries.length, 8);
	end.writeUInt16LE(entries.length, 10);
	end.writeUInt32LE(cd.length, 12);
	end.writeUInt32LE(offset, 16);
	return Buffer.concat([...locals, cd, end]);
}

const PDF = Buffer.from(
	'%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n' +
	'3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n', 'latin1');
const DOCX = zip([
	['[Content_Types].xml', '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>'],
	['_rels/.rels', '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"/>'],
	['word/document.xml', '<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"/>'],
]);
const ODT = zip([
	['mimetype', 'application/vnd.oasis.opendocument.text'],
	['content.xml', '<?xml version="1.0"?><office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"/>'],
	['META-INF/manifest.xml', '<?xml version="1.0"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"/>'],
]);
const CSV = Buffer.from('council area,children\r\n"Glasgow City",1200\r\n', 'utf8');
const EXE = Buffer.concat([Buffer.from('MZ\x90\x00\x03\x00\x00\x00\x04\x00', 'latin1'), Buffer.alloc(64)]);
const PNG = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex');

const TYPES = {
	pdf: 'application/pdf',
	docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
	odt: 'application/vnd.oasis.opendocument.text',
	csv: 'text/csv',
};

describe('evidence', () => {
	let server;
	let db;
	const s = {};
	before(async () => {
		db = demoDb();
		for (const [email, args] of ACCOUNTS) {
			const r = keep(['user', 'add', email, ...args, '--db', db], { input: `${PASSWORD}\n` });
			assert.equal(r.status, 0, r.stderr);
		}
		server = await startServer(db);
		for (const [email] of ACCOUNTS) s[email.split('@')[0]] = await signIn(server.url, email, PASSWORD);
	});
	after(async () => {
		const r = await server.stop();
		assert.equal(r.code, 0, r.stderr);
	});

	// A multipart POST as a browser sends it (fetch builds the body and its boundary).
	// fields: {name: value or [values]}; file: {name, type, bytes} or undefined.
	async function upload(path, session, fields, file, { csrf = true } = {}) {
		const form = new FormData();
		if (csrf) form.append('csrf', session.csrf);
		for (const [k, v] of Object.entries(fields)) for (const x of [].concat(v)) form.append(k, x);
		if (file) form.append('file', new Blob([file.bytes], { type: file.type }), file.name);
		const r = await fetch(`${server.url}${path}`, {
			method: 'POST', body: form, redirect: 'manual', headers: { Cookie: session.cookie },
		});
		return { status: r.status, location: r.headers.get('location'), body: await r.text() };
	}

	const get = (path, session) => request(`${server.url}${path}`, { headers: session ? { Cookie: session.cookie } : {} });
	const getBytes = async (path, session) => {
		const r = await fetch(`${server.url}${path}`, { headers: session ? { Cookie: session.cookie } : {} });
		return { status: r.status, headers: r.headers, bytes: Buffer.from(await r.arrayBuffer()) };
	};
	const audit = (id) => JSON.parse(keep(['audit', '--entity', 'evidence', '--id', id, '--db', db, '--format', 'json']).stdout);
	const allAudit = () => keep(['audit', '--db', db, '--format', 'json']).stdout;

	const FIELDS = {
		kind: 'report', title: 'Our first report', will_do: 'Listen to children.\n\n- Meet monthly\n- Write back',
		support_needed: 'Training.', help_offered: 'Rooms for meetings.', actions: ['planning', 'schools-and-exclusion'],
	};

	test('an editor uploads a real PDF, DOCX, ODT and CSV; each is stored by its content and downloads as sent', async () => {
		const files = [
			['pdf', { name: 'Our report.pdf', type: 'application/pdf', bytes: PDF }],
			['docx', { name: 'plan.docx', type: 'application/octet-stream', bytes: DOCX }],
			['odt', { name: 'plan.odt', type: '', bytes: ODT }],
			['csv', { name: 'figures.txt', type: 'text/plain', bytes: CSV }],
		];
		for (const [ext, file] of files) {
			const title = `Upload as ${ext}`;
			const r = await upload('/organisations/cosla/evidence/new', s.editor, { ...FIELDS, title }, file);
			assert.equal(r.status, 303, r.body);
			const slug = `cosla-upload-as-${ext}`;
			assert.equal(r.location, `/evidence/${slug}`);
			const page = await get(`/evidence/${slug}`, s.editor);
			assert.equal(page.status, 200);
			assert.match(page.body, new RegExp(`<h1>${title}</h1>`));
			assert.match(page.body, /<dd>Report<\/dd>/);
			assert.match(page.body, /Not published: only the organisation/);
			assert.match(page.body, /<li><a href="\/actions\/planning">/);
			assert.match(page.body, /<li>Meet monthly<\/li>/);
			const size = file.bytes.length;
			assert.ok(page.body.includes(`Download ${file.name.replace('.', '.')}</a> (${size} bytes)`), page.body);
			const dl = await getBytes(`/evidence/${slug}/file`, s.editor);
			assert.equal(dl.status, 200);
			assert.equal(dl.headers.get('content-type'), TYPES[ext]);
			const safe = file.name.replace(/\.[^.]*$/, '').replace(/ /g, '-') + '.' + ext;
			assert.equal(dl.headers.get('content-disposition'), `attachment; filename="${safe}"`);
			assert.equal(dl.headers.get('cache-control'), 'no-store');
			assert.deepEqual(dl.bytes, file.bytes);
			const api = await get(`/api/v1/evidence/${slug}`, s.editor);
			assert.equal(JSON.parse(api.body).data.file_type, TYPES[ext]);
			assert.equal(JSON.parse(api.body).data.file_size, size);
		}
	});

	test('a file that is not what its name says is refused by its content, with the input kept', async () => {
		const before = allAudit();
		for (const file of [
			{ name: 'plan.pdf', type: 'application/pdf', bytes: EXE },
			{ name: 'setup.exe', type: 'application/x-msdownload', bytes: EXE },
			{ name: 'figures.csv', type: 'text/csv', bytes: PNG },
		]) {
			const r = await upload('/organisations/cosla/evidence/new', s.editor, { ...FIELDS, title: 'Kept <title>' }, file);
			assert.equal(r.status, 400, file.name);
			assert.match(r.body, /<title>Error: Add evidence - keep<\/title>/);
			assert.match(r.body, /<p class="error-message" id="file-error">The file must be a PDF, a Word document \(DOCX\), an OpenDocument text \(ODT\) or a CSV file\. This one is none of those\.<\/p>/);
			assert.match(r.body, /<li><a href="#file">The file must be a PDF/);
			assert.match(r.body, /value="Kept &lt;title&gt;"/);
			assert.match(r.body, /<textarea id="support_needed" name="support_needed" rows="4">Training\.<\/textarea>/);
			assert.match(r.body, /<option value="planning" selected>/);
			assert.match(r.body, /<input type="radio" id="kind-report" name="kind" value="report" checked>/);
			assert.match(r.body, /If you chose a file, choose it again/);
		}
		assert.equal(allAudit(), before, 'nothing was written');
	});

	test('a file of 20 MiB and one byte is refused with the field message; 20 MiB exactly is taken', async () => {
		const big = Buffer.alloc(20 * 1024 * 1024 + 1, 0x20);
		big.write('%PDF-1.4\n');
		const r = await upload('/organisations/cosla/evidence/new', s.editor, { ...FIELDS, title: 'Too big' },
			{ name: 'big.pdf', type: 'application/pdf', bytes: big });
		assert.equal(r.status, 400);
		assert.match(r.body, /id="file-error">The file is larger than 20 MB\. Choose a smaller file\.<\/p>/);
		assert.match(r.body, /value="Too big"/);
		const ok = await upload('/organisations/cosla/evidence/new', s.editor, { ...FIELDS, title: 'Just fits' },
			{ name: 'big.pdf', type: 'application/pdf', bytes: big.subarray(0, 20 * 1024 * 1024) });
		assert.equal(ok.status, 303, ok.body);
		const dl = await getBytes('/evidence/cosla-just-fits/file', s.staff);
		assert.equal(dl.bytes.length, 20 * 1024 * 1024);
	});

	test('every wrong field says what is wrong beside it, and nothing is saved', async () => {
		const before = allAudit();
		const r = await upload('/organisations/cosla/evidence/new', s.editor,
			{ kind: 'essay', title: '', will_do: 'x'.repeat(10001), actions: ['no-such-action'] });
		assert.equal(r.status, 400);
		assert.match(r.body, /id="kind-error">Choose what kind of evidence this is: a plan, a report or a survey response\.<\/p>/);
		assert.match(r.body, /id="title-error">Enter a title\.<\/p>/);
		assert.match(r.body, /id="will_do-error">Keep it under 10,000 characters\.<\/p>/);
		assert.match(r.body, /id="actions-error">Choose only actions from the list\.<\/p>/);
		assert.equal(allAudit(), before);
	});

	test('the form works urlencoded too, without a file', async () => {
		const r = await postForm(`${server.url}/organisations/cosla/evidence/new`,
			{ csrf: s.editor.csrf, kind: 'survey-response', title: 'Survey without a file' }, s.editor.cookie);
		assert.equal(r.status, 303, r.body);
		const page = await get('/evidence/cosla-survey-without-a-file', s.editor);
		assert.match(page.body, /<dd>Survey response<\/dd>/);
		assert.match(page.body, /No file attached/);
	});

	test('unpublished evidence is seen by its organisation, staff, board and admins only: 404 for anyone else', async () => {
		const slug = 'cosla-upload-as-pdf';
		for (const who of ['editor', 'viewer', 'staff', 'board', 'admin']) {
			assert.equal((await get(`/evidence/${slug}`, s[who])).status, 200, who);
			assert.equal((await getBytes(`/evidence/${slug}/file`, s[who])).status, 200, who);
			assert.equal((await get(`/api/v1/evidence/${slug}`, s[who])).status, 200, who);
			assert.match((await get('/organisations/cosla', s[who])).body, /Upload as pdf<\/a>: Report, submitted [^<]* \(not published\)/, who);
		}
		for (const who of [undefined, 'other', 'otherviewer']) {
			const page = await get(`/evidence/${slug}`, s[who]);
			assert.equal(page.status, 404, who);
			assert.match(page.body, /No evidence called &#39;cosla-upload-as-pdf&#39;\.|No evidence called &#x27;cosla-upload-as-pdf&#x27;\./);
			const missing = await get('/evidence/cosla-no-such-thing', s[who]);
			assert.equal(missing.status, 404);
			assert.equal(page.body.replace(/cosla-upload-as-pdf/g, 'X'), missing.body.replace(/cosla-no-such-thing/g, 'X'),
				'hidden evidence answers exactly as evidence that does not exist');
			assert.equal((await getBytes(`/evidence/${slug}/file`, s[who])).status, 404, who);
			const api = await get(`/api/v1/evidence/${slug}`, s[who]);
			assert.equal(api.status, 404, who);
			assert.deepEqual(JSON.parse(api.body), { error: { code: 'not_found', message: `no published evidence called '${slug}'` } });
			const list = JSON.parse((await get('/api/v1/evidence?limit=500', s[who])).body);
			assert.deepEqual(list.data, [], who);
			const filtered = JSON.parse((await get('/api/v1/evidence?organisation=cosla', s[who])).body);
			assert.deepEqual(filtered.data, [], who);
			const org = await get('/organisations/cosla', s[who]);
			assert.doesNotMatch(org.body, /Upload as pdf/, who);
			assert.match(org.body, /No evidence to show yet\./);
			assert.equal((await get(`/evidence/${slug}/edit`, s[who])).status, who ? 404 : 303, who);
		}
		// Staff see all of it in the API; cosla's viewer sees cosla's when asking for cosla's.
		const staffList = JSON.parse((await get('/api/v1/evidence?limit=500', s.staff)).body);
		assert.ok(staffList.data.some((x) => x.id === slug));
		const viewerList = JSON.parse((await get('/api/v1/evidence?organisation=cosla', s.viewer)).body);
		assert.ok(viewerList.data.some((x) => x.id === slug));
		assert.equal(viewerList.data[0].published, false);
	});

	test('an editor of another organisation cannot add or change cosla evidence', async () => {
		const before = allAudit();
		assert.equal((await get('/organisations/cosla/evidence/new', s.other)).status, 403);
		const r = await upload('/organisations/cosla/evidence/new', s.other, FIELDS, { name: 'a.pdf', type: 'application/pdf', bytes: PDF });
		assert.equal(r.status, 403);
		assert.match(r.body, /You can add evidence only for your own organisation\./);
		// Unpublished: as if it were not there.
		assert.equal((await upload('/evidence/cosla-upload-as-pdf/edit', s.other, FIELDS)).status, 404);
		// Viewers and board members see it but may not change it.
		assert.equal((await upload('/evidence/cosla-upload-as-pdf/edit', s.viewer, FIELDS)).status, 403);
		assert.equal((await upload('/evidence/cosla-upload-as-pdf/edit', s.board, FIELDS)).status, 403);
		assert.equal(allAudit(), before);
		const page = await get('/organisations/cosla', s.other);
		assert.doesNotMatch(page.body, /Add evidence/);
		assert.match((await get('/organisations/cosla', s.editor)).body, /<a href="\/organisations\/cosla\/evidence\/new">Add evidence<\/a>/);
	});

	test('staff publish and unpublish; editors and board cannot; the audit holds before and after', async () => {
		const slug = 'cosla-upload-as-docx';
		for (const who of ['editor', 'board']) {
			const r = await postForm(`${server.url}/evidence/${slug}/publish`, { csrf: s[who].csrf, publish: '1' }, s[who].cookie);
			assert.equal(r.status, 403, who);
			assert.doesNotMatch((await get(`/evidence/${slug}`, s[who])).body, /Publish it for everyone/);
		}
		assert.match((await get(`/evidence/${slug}`, s.staff)).body, /<button type="submit">Publish it for everyone to see<\/button>/);
		const r = await postForm(`${server.url}/evidence/${slug}/publish`, { csrf: s.staff.csrf, publish: '1' }, s.staff.cookie);
		assert.equal(r.status, 303);
		assert.equal(r.headers.location, `/evidence/${slug}`);
		const page = await get(`/evidence/${slug}`);
		assert.equal(page.status, 200);
		assert.match(page.body, /Published on \d+ [A-Z][a-z]+ \d{4}/);
		assert.equal((await getBytes(`/evidence/${slug}/file`)).status, 200);
		const list = JSON.parse((await get('/api/v1/evidence')).body);
		assert.deepEqual(list.data.map((x) => x.id), [slug]);
		assert.equal(list.data[0].published, true);
		assert.match((await get('/organisations/cosla')).body, /Upload as docx<\/a>: Report/);
		assert.match((await get('/actions/planning')).body, /<a href="\/evidence\/cosla-upload-as-docx">Upload as docx<\/a>: Report from COSLA/);

		const records = audit(slug);
		assert.deepEqual(records.map((x) => [x.actor, x.verb]), [['editor@example.org', 'create'], ['staff@example.org', 'update']]);
		assert.equal(records[0].before, null);
		assert.equal(records[0].after.title, 'Upload as docx');
		assert.equal(records[0].after.file_type, TYPES.docx);
		assert.deepEqual(records[0].after.actions, ['planning', 'schools-and-exclusion']);
		assert.equal(records[1].before.published, false);
		assert.equal(records[1].after.published, true);
		assert.match((await get(`/evidence/${slug}`, s.staff)).body, /Changed by staff@example.org on [^:]+: published no → yes; published_at none → \d{4}-\d\d-\d\d/);

		const un = await postForm(`${server.url}/evidence/${slug}/publish`, { csrf: s.admin.csrf, publish: '0' }, s.admin.cookie);
		assert.equal(un.status, 303);
		assert.equal((await get(`/evidence/${slug}`)).status, 404);
		assert.deepEqual(JSON.parse((await get('/api/v1/evidence')).body).data, []);
	});

	test('changing evidence: fields, a new file, removing it; each change audited', async () => {
		const slug = 'cosla-upload-as-odt';
		const form = await get(`/evidence/${slug}/edit`, s.editor);
		assert.equal(form.status, 200);
		assert.match(form.body, /value="Upload as odt"/);
		assert.match(form.body, /The file now is plan\.odt \(\d+ bytes\)\./);
		const r = await upload(`/evidence/${slug}/edit`, s.editor, { ...FIELDS, title: 'Renamed', actions: [] },
			{ name: 'new.csv', type: 'text/csv', bytes: CSV });
		assert.equal(r.status, 303, r.body);
		const dl = await getBytes(`/evidence/${slug}/file`, s.editor);
		assert.deepEqual(dl.bytes, CSV);
		assert.equal(dl.headers.get('content-type'), 'text/csv');
		const rec = audit(slug).at(-1);
		assert.equal(rec.verb, 'update');
		assert.equal(rec.before.title, 'Upload as odt');
		assert.equal(rec.after.title, 'Renamed');
		assert.equal(rec.before.file_name, 'plan.odt');
		assert.equal(rec.after.file_name, 'new.csv');
		assert.deepEqual(rec.after.actions, []);
		const rm = await upload(`/evidence/${slug}/edit`, s.staff, { ...FIELDS, title: 'Renamed', actions: [], remove_file: '1' });
		assert.equal(rm.status, 303);
		assert.equal((await getBytes(`/evidence/${slug}/file`, s.editor)).status, 404);
		assert.equal(audit(slug).at(-1).after.file_name, null);
	});

	test('markup in every field and in the file name is shown as text, and the download name is safe', async () => {
		const x = '<script>alert(1)</script>"\'';
		const r = await upload('/organisations/cosla/evidence/new', s.editor,
			{ kind: 'plan', title: `Markup ${x}`, will_do: x, support_needed: x, help_offered: x },
			{ name: `"><img src=x onerror=alert(1)>.pdf`, type: 'application/pdf', bytes: PDF });
		assert.equal(r.status, 303, r.body);
		const slug = r.location.split('/')[2];
		for (const path of [`/evidence/${slug}`, `/evidence/${slug}/edit`, '/organisations/cosla']) {
			const page = await get(path, s.editor);
			assert.equal(page.status, 200, path);
			assert.doesNotMatch(page.body, /<script>alert|<img src=x/, path);
			assert.match(page.body, /&lt;script&gt;alert\(1\)&lt;\/script&gt;/, path);
		}
		const dl = await getBytes(`/evidence/${slug}/file`, s.editor);
		// The browser sends the quote as %22 (as the HTML standard asks); '%' is not safe either.
		assert.equal(dl.headers.get('content-disposition'), 'attachment; filename="22-img-src-x-onerror-alert-1.pdf"');
	});

	test('a multipart form without its CSRF token, or with a wrong one, is refused with 403 and changes nothing', async () => {
		const before = allAudit();
		const file = { name: 'a.pdf', type: 'application/pdf', bytes: PDF };
		const none = await upload('/organisations/cosla/evidence/new', s.editor, { ...FIELDS, title: 'No token' }, file, { csrf: false });
		assert.equal(none.status, 403);
		assert.match(none.body, /This form could not be accepted/);
		const wrong = await upload('/organisations/cosla/evidence/new', { ...s.editor, csrf: 'f'.repeat(64) }, { ...FIELDS, title: 'Wrong token' }, file);
		assert.equal(wrong.status, 403);
		assert.equal(allAudit(), before);
		assert.equal((await get('/evidence/cosla-no-token', s.staff)).status, 404);
	});

	test('a multipart body that is cut short is a 400 that says where', async () => {
		const body = `--XX\r\nContent-Disposition: form-data; name="csrf"\r\n\r\n${s.editor.csrf}\r\n--XX\r\nContent-Disposition: form-data; name="title"\r\n\r\ncut`;
		const r = await request(`${server.url}/organisations/cosla/evidence/new`, {
			method: 'POST', body, headers: { 'Content-Type': 'multipart/form-data; boundary=XX', Cookie: s.editor.cookie },
		});
		assert.equal(r.status, 400);
		assert.match(r.body, /The form could not be read: multipart form: at byte 173: part 2 is not closed by the boundary: the form was cut short\./);
	});
});
