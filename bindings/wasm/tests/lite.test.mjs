// The build without the bundled lexicon (pkg/node-lite, `namefix-wasm/lite`).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const lite = require('namefix-wasm/lite');

test('lite: no bundled lexicon', () => {
  assert.equal(lite.hasBundledLexicon(), false);
  assert.throws(() => lite.Checker.bundled(), /no bundled lexicon/);
  assert.throws(() => new lite.Checker(), /no bundled lexicon/);
});

test('lite: the bundled lexicon loaded at run time gives the gold edits', () => {
  const tsv = readFileSync(new URL('../../../data/lexicon.tsv', import.meta.url), 'utf8');
  const checker = lite.Checker.fromTsv(tsv);
  const golden = new URL('../../../tests/golden/', import.meta.url);
  const text = readFileSync(new URL('heartstopper-bloopers.txt', golden), 'utf8');
  const gold = readFileSync(new URL('heartstopper-bloopers.gold.txt', golden), 'utf8');
  assert.equal(checker.fix(text), gold);
});
