// keep import records --format ssda903 (issue 5, "Data in" item 2; docs/data-spec.md,
// "England's SSDA903 files"): England's files as published, through the command line.
// An import writes periods of care, placements and legal reasons under one import and
// one audit record; importing again replaces it; a bad file writes nothing; files keep
// does not read are noted and left; neither the database nor the audit log holds a raw
// child id or a whole home postcode (only its district).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';

import { keep, tempDir } from './helpers.mjs';

const ENV = { KEEP_TODAY: '2026-01-15' };
const COUNCIL = 'S12000036';

const FILES = {
	'Header.csv': [
		'CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB',
		'ENGQX901,1,03/04/2015,WBRI,A123456789012,,',
		'ENGQX902,2,10/10/2010,BAFR,A123456789013,0,',
	],
	'Episodes.csv': [
		'CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE,HOME_POST,PL_POST,URN',
		'ENGQX901,01/02/2020,S,C1,N1,U4,PR1,01/05/2020,X1,,M1 7QX,M2 3BB,SC123456',
		'ENGQX901,01/05/2020,L,C2,N1,U4,PR1,01/09/2021,X1,,M1 7QX,M2 3BB,SC123456',
		'ENGQX901,01/09/2021,P,C2,N1,K2,PR5,,,CARPL,M1 7QX,EH4 1AB,XXXXXXX',
		'ENGQX902,05/06/2019,S,V2,N2,P1,PR0,05/07/2019,E4A,,M1 7QX,,',
	],
	// ENGQX902 had been adopted (P1; only the year of the order is known) and came back
	// into care on 5 June 2019: an adoption breakdown.
	'PrevPerm.csv': [
		'CHILD,DOB,PREV_PERM,LA_PERM,DATE_PERM',
		'ENGQX902,10/10/2010,P1,SCO,zz/zz/2017',
	],
	'PlacedAdoption.csv': [
		'CHILD,DOB,DATE_PLACED,DATE_PLACED_CEASED,REASON_PLACED_CEASED',
		'ENGQX902,10/10/2010,01/07/2019,01/08/2019,RD1',
	],
	'Reviews.csv': ['CHILD,DOB,REVIEW,REVIEW_CODE'],
};

function writeDir(dir, files) {
	mkdirSync(dir, { recursive: true });
	for (const [name, lines] of Object.entries(files)) writeFileSync(path.join(dir, name), lines.join('\r\n') + '\r\n');
	return dir;
}

function sqlite(db, sql) {
	const r = spawnSync('sqlite3', [db, sql], { encoding: 'utf8' });
	if (r.error) throw new Error(`sqlite3: ${r.error.message}`);
	assert.equal(r.status, 0, r.stderr);
	return r.stdout.trim();
}

function newDb() {
	const dir = tempDir();
	const db = path.join(dir, 'keep.db');
	const r = keep(['init', '--db', db], { env: ENV });
	assert.equal(r.status, 0, r.stderr);
	return { dir, db };
}

function importRecords(db, args) {
	return keep(['import', 'records', '--format', 'ssda903', ...args, '--db', db], { env: ENV });
}

const COUNTS = ['care_child', 'care_episode', 'care_placement', 'care_legal', 'care_adoption_breakdown', 'audit'];
function counts(db) {
	return COUNTS.map((t) => `${t}=${sqlite(db, `SELECT count(*) FROM ${t}`)}`).join(' ');
}

describe('keep import records --format ssda903', () => {
	test('a directory of SSDA903 files imports as periods of care, placements and legal reasons', () => {
		const { dir, db } = newDb();
		const data = writeDir(path.join(dir, 'ssda903'), FILES);
		const r = importRecords(db, [data, '--council', COUNCIL, '--year', '2025']);
		assert.equal(r.status, 0, r.stderr);
		assert.equal(
			r.stderr,
			`${data}/PlacedAdoption.csv: not read: keep has no table for what PlacedAdoption.csv holds\n` +
				`${data}/Reviews.csv: not read: keep has no table for what Reviews.csv holds\n`,
		);
		assert.equal(
			r.stdout.split('\n')[0],
			'Imported the care records of S12000036 for the year to 31 July 2025: 2 children, 2 episodes, 3 placements, 3 legal reasons, 1 adoption breakdown.',
		);
		assert.equal(
			sqlite(db, 'SELECT birth_month, sex, ethnic_group, disability FROM care_child ORDER BY birth_month'),
			'2010-10|female|african|not_known\n2015-04|male|white_other_british|not_known',
		);
		assert.equal(
			sqlite(db, 'SELECT starts, ends, end_reason FROM care_episode ORDER BY starts'),
			'2019-06-05|2019-07-05|home\n2020-02-01||',
		);
		assert.equal(
			sqlite(db, "SELECT starts, ifnull(ends, '-'), type, ifnull(provider, '-'), ifnull(council, '-'), ifnull(outside_scotland, 'not known'), location, home FROM care_placement ORDER BY starts"),
			[
				// No PL_POST: where it is is not known (not outside Scotland).
				'2019-06-05|2019-07-05|home_parents|-|-|not known||M1',
				'2020-02-01|2021-09-01|foster_council|SC123456|-|1|M2|M1',
				'2021-09-01|-|residential_voluntary_home|-|S12000036|0|EH4|M1',
			].join('\n'),
		);
		assert.equal(
			sqlite(db, "SELECT starts, ifnull(ends, '-'), reason FROM care_legal ORDER BY starts"),
			'2019-06-05|2019-07-05|section_25\n2020-02-01|2020-05-01|interim_cso\n2020-05-01|-|cso',
		);
		assert.equal(sqlite(db, "SELECT ifnull(order_date, 'not known'), disruption_date FROM care_adoption_breakdown"), 'not known|2019-06-05');
		assert.equal(sqlite(db, "SELECT verb FROM audit WHERE entity = 'records-import'"), 'create');
		// A return holds its own year, so it gives that year's measures and no earlier one's.
		assert.equal(sqlite(db, 'SELECT whole_history FROM records_import'), '0');
		const m2025 = keep(['measures', '--council', COUNCIL, '--year', '2025', '--db', db], { env: ENV });
		assert.equal(m2025.status, 0, m2025.stderr);
		assert.match(m2025.stdout, /^City of Edinburgh \(S12000036\), the year to 31 July 2025, from the import S12000036\/2025\n/);
		const m2024 = keep(['measures', '--year', '2024', '--db', db], { env: ENV });
		assert.equal(m2024.status, 0, m2024.stderr);
		assert.equal(m2024.stdout, 'No council has care records for the year to 31 July 2024.\n');
		// Neither the child ids nor the home postcode are anywhere in the database.
		for (const file of [db, `${db}-wal`]) {
			if (!existsSync(file)) continue;
			const bytes = readFileSync(file);
			for (const s of ['ENGQX901', 'ENGQX902', 'M1 7QX', 'M17QX'])
				assert.equal(bytes.indexOf(Buffer.from(s)), -1, `${file} holds '${s}'`);
		}
	});

	test('importing the same council and year again replaces the earlier import', () => {
		const { dir, db } = newDb();
		const data = writeDir(path.join(dir, 'ssda903'), FILES);
		assert.equal(importRecords(db, [data, '--council', COUNCIL, '--year', '2025']).status, 0);
		const fewer = { ...FILES, 'Episodes.csv': [FILES['Episodes.csv'][0], FILES['Episodes.csv'][4]] };
		delete fewer['PrevPerm.csv'];
		delete fewer['PlacedAdoption.csv'];
		delete fewer['Reviews.csv'];
		const files = Object.keys(fewer).map((f) => path.join(writeDir(path.join(dir, 'again'), fewer), f));
		const r = importRecords(db, [...files, '--council', COUNCIL, '--year', '2025']);
		assert.equal(r.status, 0, r.stderr);
		assert.equal(r.stdout.split('\n')[1], 'This replaces the earlier import of S12000036 for 2025.');
		assert.equal(counts(db).replace(/ audit=\d+/, ''), 'care_child=2 care_episode=1 care_placement=1 care_legal=1 care_adoption_breakdown=0');
		assert.equal(sqlite(db, 'SELECT count(*) FROM records_import'), '1');
		assert.equal(sqlite(db, "SELECT group_concat(verb) FROM audit WHERE entity = 'records-import'"), 'create,update');
		// PrevPerm.csv left out: adoption breakdowns are "not collected", not "none".
		assert.equal(sqlite(db, "SELECT ifnull(adoption_breakdowns, 'null') FROM records_import"), 'null');
	});

	test('periods of care under short breaks alone are left out, and the import says how many', () => {
		const { dir, db } = newDb();
		const files = {
			'Header.csv': FILES['Header.csv'],
			'Episodes.csv': [
				FILES['Episodes.csv'][0],
				'ENGQX901,01/02/2020,S,V3,N2,R1,PR1,05/02/2020,E8,,,,',
				'ENGQX901,01/03/2020,S,V4,N2,R1,PR1,01/04/2020,E8,,,,',
				'ENGQX902,05/06/2019,S,V2,N2,P1,PR0,05/07/2019,E4A,,,,',
			],
		};
		const data = writeDir(path.join(dir, 'short'), files);
		const r = importRecords(db, [data, '--council', COUNCIL, '--year', '2025']);
		assert.equal(r.status, 0, r.stderr);
		assert.deepEqual(r.stdout.split('\n').slice(0, 2), [
			'Imported the care records of S12000036 for the year to 31 July 2025: 2 children, 1 episode, 1 placement, 1 legal reason.',
			"2 periods of care under short breaks alone (LS V3 or V4) were left out: Scotland's statistics do not count respite care as being looked after.",
		]);
		assert.equal(sqlite(db, 'SELECT starts FROM care_episode'), '2019-06-05');
	});

	test('a bad file writes nothing and names every problem', () => {
		const { dir, db } = newDb();
		const data = writeDir(path.join(dir, 'ssda903'), FILES);
		assert.equal(importRecords(db, [data, '--council', COUNCIL, '--year', '2025']).status, 0);
		const before = counts(db);
		const bad = {
			...FILES,
			'Episodes.csv': [
				FILES['Episodes.csv'][0],
				'ENGQX901,2020-02-01,S,C1,N1,U4,PR1,,,,,,',
				'ENGQX999,01/02/2020,S,C9,N1,U4,PR1,,,,,,',
			],
			'Other.csv': ['x'],
		};
		const badDir = writeDir(path.join(dir, 'bad'), bad);
		const r = importRecords(db, [badDir, '--council', COUNCIL, '--year', '2025']);
		assert.equal(r.status, 1);
		assert.equal(r.stdout, '');
		assert.equal(
			r.stderr,
			[
				`${badDir}/PlacedAdoption.csv: not read: keep has no table for what PlacedAdoption.csv holds`,
				`${badDir}/Reviews.csv: not read: keep has no table for what Reviews.csv holds`,
				`${badDir}/Other.csv: not a file of England's SSDA903 return; their names are Header.csv, Episodes.csv, PrevPerm.csv, PlacedAdoption.csv, Reviews.csv, UASC.csv, OC2.csv, OC3.csv, AD1.csv and Missing.csv (docs/data-spec.md)`,
				`${badDir}/Episodes.csv:2:10: '2020-02-01' is not a date: write a real date as DD/MM/YYYY`,
				`${badDir}/Episodes.csv:3:1: this child is not in Header.csv`,
				`${badDir}/Episodes.csv:3:23: 'C9' is not a code for LS: write C1, C2, D1, E1, V2, V3, V4, J1, J2, J3, L1, L2 or L3`,
				'keep import: 4 problems in the records: nothing was imported',
				'',
			].join('\n'),
		);
		assert.equal(counts(db), before);
	});

	test('--format names a format keep knows', () => {
		const { db } = newDb();
		const r = keep(['import', 'records', '--format', 'csv', '.', '--council', COUNCIL, '--year', '2025', '--db', db], { env: ENV });
		assert.equal(r.status, 2);
		assert.match(r.stderr, /--format 'csv' is not a format of care records: write native \(keep's, the default\) or ssda903 \(England's SSDA903 return\)/);
		const other = keep(['import', 'commitments', 'x.csv', '--format', 'ssda903', '--db', db]);
		assert.equal(other.status, 2);
		assert.equal(other.stderr.split('\n')[0], 'keep import: --format is for keep import records and keep import plan');
	});
});
