// bench/place/highs.mjs DIR ROUNDS: HiGHS (npm highs, WebAssembly) on each stage's model
// that `keep place plan --mps DIR` wrote (stage1.mps ... stage6.mps, in order). For each
// stage: the model read once per round from the file's text, solved, timed inside node
// from reading the model to the answer (the median of ROUNDS); the status and the
// objective. Prints JSON: {"stages": [{"file", "status", "objective", "seconds"}]}.
import fs from 'node:fs';
import path from 'node:path';
import highsLoader from 'highs';

const [dir, roundsText] = process.argv.slice(2);
const rounds = Number(roundsText || 1);
if (!dir || !(rounds >= 1)) {
	console.error('usage: node bench/place/highs.mjs DIR ROUNDS');
	process.exit(2);
}
const files = fs
	.readdirSync(dir)
	.filter((f) => /^stage\d+\.mps$/.test(f))
	.sort((a, b) => Number(a.match(/\d+/)[0]) - Number(b.match(/\d+/)[0]));
if (!files.length) {
	console.error(`bench/place: no stageN.mps in ${dir}`);
	process.exit(1);
}
const highs = await highsLoader();
const median = (xs) => {
	const s = [...xs].sort((a, b) => a - b);
	return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const statusName = Object.fromEntries(Object.entries(highs.constants.modelStatus).map(([k, v]) => [v, k]));
const stages = [];
for (const f of files) {
	const text = fs.readFileSync(path.join(dir, f), 'utf8');
	const times = [];
	let status = '';
	let objective = null;
	for (let r = 0; r < rounds; r++) {
		const t0 = process.hrtime.bigint();
		[status, objective] = highs.withModel({ format: 'mps', data: text }, (m) => {
			m.options.set({ output_flag: false });
			m.run();
			return [statusName[m.getModelStatus()], m.getObjectiveValue()];
		});
		times.push(Number(process.hrtime.bigint() - t0) / 1e9);
	}
	stages.push({ file: f, status, objective, seconds: median(times) });
}
console.log(JSON.stringify({ stages }));
