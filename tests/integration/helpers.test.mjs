// The test helpers' own checks: what they compute for the other tests (the CRC-32 of the
// ZIP files the evidence tests upload) and what they refuse on keep's stderr (a sanitizer's
// report, or its runtime's own warning, such as a missing symbolizer).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { assertNoSanitizerReport, crc32 } from './helpers.mjs';

describe('test helpers', () => {
	test('crc32 gives the CRC-32 of ZIP files (its check value, and known ones)', () => {
		assert.equal(crc32(Buffer.from('123456789')), 0xcbf43926);
		assert.equal(crc32(Buffer.alloc(0)), 0);
		assert.equal(crc32(Buffer.from('a')), 0xe8b7be43);
		assert.equal(crc32(Buffer.from('The quick brown fox jumps over the lazy dog')), 0x414fa339);
	});

	test("a sanitizer's report or its runtime's warning on stderr fails, quoting the line", () => {
		const refused = [
			['==4242==WARNING: invalid path to external symbolizer!\n', /llvm-symbolizer.*==4242==WARNING: invalid path/s],
			["==7==ERROR: External symbolizer path is set to '/x' which isn't a known symbolizer.\n", /==7==ERROR: External/],
			['Wrote a.pdf.\n==9==WARNING: ASan is ignoring requested __asan_handle_no_return\n', /==9==WARNING: ASan is ignoring/],
			['==1==ERROR: AddressSanitizer: heap-use-after-free on address 0x1\n', /sanitizer report/],
			['src/x.c:3:4: runtime error: signed integer overflow\n', /sanitizer report/],
		];
		for (const [stderr, message] of refused) {
			assert.throws(() => assertNoSanitizerReport(stderr, 'keep x'), message, JSON.stringify(stderr));
		}
	});

	test("keep's own words on stderr pass, a WARNING among them", () => {
		for (const stderr of ['', 'keep: WARNING: the file is large\n', 'keep import: 3 problems; nothing was imported\n']) {
			assert.doesNotThrow(() => assertNoSanitizerReport(stderr, 'keep x'));
		}
	});
});
