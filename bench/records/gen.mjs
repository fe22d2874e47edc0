// Writes a valid dataset in keep's native format for care records (docs/data-spec.md)
// into DIR, for the import bench and the tests: N children of council S12000036, each
// with one or two episodes and about 2.5 placements, sibling pairs, school changes,
// legal reasons, adoption breakdowns and restraints. Deterministic (a fixed seed).
//
//   node bench/records/gen.mjs DIR [CHILDREN]     (default 400000)

import { mkdirSync, openSync, writeSync, closeSync } from 'node:fs';
import path from 'node:path';

const [dir, nArg] = process.argv.slice(2);
if (!dir) {
	console.error('usage: node bench/records/gen.mjs DIR [CHILDREN]');
	process.exit(2);
}
const N = Number(nArg || 400000);
const COUNCIL = 'S12000036';
mkdirSync(dir, { recursive: true });

let seed = 12345;
const rand = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x80000000);
const pick = (a) => a[Math.floor(rand() * a.length)];
const DAY = 86400000;
const base = Date.UTC(2000, 0, 1);
const iso = (d) => new Date(base + d * DAY).toISOString().slice(0, 10);
const LAST = Math.floor((Date.UTC(2025, 6, 31) - base) / DAY);

class Out {
	constructor(name, header) {
		this.fd = openSync(path.join(dir, name), 'w');
		this.parts = [header + '\n'];
		this.size = 0;
		this.rows = 0;
	}
	row(s) {
		this.parts.push(s + '\n');
		this.rows++;
		if (this.parts.length >= 8192) this.flush();
	}
	flush() {
		writeSync(this.fd, this.parts.join(''));
		this.parts = [];
	}
	close() {
		this.flush();
		closeSync(this.fd);
	}
}

const children = new Out('children.csv', 'child,council,date_of_birth,sex,ethnic_group,disability');
const episodes = new Out('episodes.csv', 'child,start,end,end_reason');
const placements = new Out('placements.csv', 'child,start,end,type,provider,council,outside_scotland,location');
const legal = new Out('legal.csv', 'child,start,end,reason');
const siblings = new Out('siblings.csv', 'child,sibling,relationship');
const schools = new Out('school_changes.csv', 'child,date,from_school,to_school,with_placement_move');
const adoptions = new Out('adoption_breakdowns.csv', 'child,order_date,disruption_date');
const restraints = new Out('restraints.csv', 'child,date,setting');

const TYPES = ['kinship', 'foster_council', 'foster_purchased', 'home_parents', 'residential_council_home', 'secure'];
const COUNCILS = ['S12000036', 'S12000033', 'S12000049', 'S12000034'];
for (let i = 0; i < N; i++) {
	const id = `RAWID-${String(i).padStart(7, '0')}`;
	const birth = Math.floor(rand() * (LAST - 2000));
	children.row(`${id},${COUNCIL},${iso(birth)},${pick(['male', 'female'])},${pick(['white_scottish', 'mixed', 'asian', 'not_known'])},${pick(['yes', 'no', 'not_known'])}`);
	// One or two episodes after the birth, within the return year's end.
	let at = birth + Math.floor(rand() * 600);
	const nep = rand() < 0.2 ? 2 : 1;
	for (let e = 0; e < nep && at < LAST - 10; e++) {
		const len = 30 + Math.floor(rand() * 1500);
		const open = e === nep - 1 && rand() < 0.5;
		const end = open ? null : Math.min(at + len, LAST);
		episodes.row(`${id},${iso(at)},${end === null ? '' : iso(end)},${end === null ? '' : pick(['home', 'kinship', 'adopted'])}`);
		legal.row(`${id},${iso(at)},,${pick(['cso', 'section_25'])}`);
		// Placements back to back within the episode (a move on a day: one ends, the next starts).
		const np = e === 0 ? 2 : 1;
		let ps = at;
		const stop = end === null ? LAST : end;
		for (let p = 0; p < np && ps <= stop; p++) {
			const last = p === np - 1;
			const pe = last ? end : Math.min(ps + Math.floor((stop - ps) / 2), stop);
			const t = pick(TYPES);
			const c = pick(COUNCILS);
			placements.row(`${id},${iso(ps)},${pe === null ? '' : iso(pe)},${t},P${i % 997},${c},no,EH${1 + (i % 17)} ${i % 10}AB`);
			if (t === 'residential_council_home' && rand() < 0.2) restraints.row(`${id},${iso(ps)},residential`);
			if (p > 0 && rand() < 0.3) schools.row(`${id},${iso(ps)},S${i % 500},S${(i + 1) % 500},yes`);
			if (pe === null) break;
			ps = pe;
		}
		if (end === null) break;
		at = end + 1 + Math.floor(rand() * 300);
	}
	if (i > 0 && rand() < 0.3) siblings.row(`${id},RAWID-${String(i - 1).padStart(7, '0')},${pick(['full', 'half'])}`);
	if (rand() < 0.002 && birth + 800 < LAST) adoptions.row(`${id},${iso(birth + 400)},${iso(birth + 700)}`);
}
let total = 0;
for (const o of [children, episodes, placements, legal, siblings, schools, adoptions, restraints]) {
	o.close();
	total += o.rows;
}
console.log(`${dir}: ${N} children, ${placements.rows} placements, ${total} rows`);
