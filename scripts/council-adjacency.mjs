#!/usr/bin/env node
// scripts/council-adjacency.mjs TOPOJSON COUNCILS.csv > data/council-adjacency.csv
//
// Derives which of Scotland's council areas share a land boundary from a TopoJSON file
// of their boundaries (docs/places.md "Councils next to each other" says which file).
// TopoJSON stores each stretch of boundary once, as an "arc", and each area lists the
// arcs around it; so two areas share a boundary exactly when some arc is listed by both.
// A coastline arc is listed by one area only, so the sea (a firth, a ferry crossing)
// never makes two areas neighbours. Areas are matched to keep's council table
// (data/council-areas.csv: code,name) by name, so that the GSS codes are today's.
import { readFileSync } from 'node:fs';

const [topoPath, councilsPath] = process.argv.slice(2);
if (!topoPath || !councilsPath) {
	process.stderr.write('usage: council-adjacency.mjs TOPOJSON COUNCILS.csv\n');
	process.exit(2);
}
const topo = JSON.parse(readFileSync(topoPath, 'utf8'));
const councils = readFileSync(councilsPath, 'utf8').trim().split('\n').slice(1).map((l) => {
	const i = l.indexOf(',');
	return { code: l.slice(0, i), name: l.slice(i + 1).replace(/^"|"$/g, '') };
});
// The boundary file names one area by its older English name.
const alias = { 'Eilean Siar': 'Na h-Eileanan Siar' };

const objects = Object.values(topo.objects);
if (objects.length !== 1) throw new Error('expected one object of areas');
const areas = objects[0].geometries;
const codeOf = new Map();
for (const g of areas) {
	const name = g.properties.LAD13NM ?? g.properties.name;
	const c = councils.find((k) => k.name === (alias[name] ?? name));
	if (!c) throw new Error(`area '${name}' is not in the council table`);
	if ([...codeOf.values()].includes(c.code)) throw new Error(`'${name}' matched twice`);
	codeOf.set(g, c.code);
}
if (codeOf.size !== councils.length) throw new Error(`${codeOf.size} areas, ${councils.length} councils`);

// Which areas list each arc (an arc ~a is arc a walked backwards).
const users = new Map();
const walk = (a, code) => {
	if (Array.isArray(a)) return a.forEach((x) => walk(x, code));
	const arc = a < 0 ? ~a : a;
	if (!users.has(arc)) users.set(arc, new Set());
	users.get(arc).add(code);
};
for (const g of areas) walk(g.arcs, codeOf.get(g));

const pairs = new Set();
for (const set of users.values()) {
	const list = [...set].sort();
	for (let i = 0; i < list.length; i++)
		for (let j = i + 1; j < list.length; j++) pairs.add(`${list[i]},${list[j]}`);
}
process.stdout.write('a,b\n' + [...pairs].sort().map((p) => p + '\n').join(''));
