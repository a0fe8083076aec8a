// Tests of the Node package (pkg/node, built by build.sh). Run: node --test bindings/wasm/tests/
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

// Load the package through its own package.json ("exports"), as a user would.
const require = createRequire(import.meta.url);
const { Checker, hasBundledLexicon, version } = require('namefix-wasm');

const golden = new URL('../../../tests/golden/', import.meta.url);
const read = (name) => readFileSync(new URL(name, golden), 'utf8');

// UTF-8 byte offset -> UTF-16 index (JavaScript string index) in `text`.
function utf16Index(text, byte) {
  const bytes = Buffer.from(text, 'utf8');
  assert.ok(byte <= bytes.length, `byte offset ${byte} past the end`);
  return bytes.subarray(0, byte).toString('utf8').length;
}

const TSV =
  'tv:heartstopper\tHeartstopper\t\ttv\t100\n' +
  'person:olivia-colman\tOlivia Colman\t\tperson\t80\n' +
  'person:alice-oseman\tAlice Oseman\t\tperson\t50\n' +
  'tv:happy-valley\tHappy Valley\t\ttv\t80\n';

test('package metadata', () => {
  assert.equal(hasBundledLexicon(), true);
  assert.match(version(), /^\d+\.\d+\.\d+/);
});

test('check: seed article matches the gold edits', () => {
  const text = read('heartstopper-bloopers.txt');
  const gold = read('heartstopper-bloopers.edits.tsv')
    .split('\n')
    .filter((line) => line.trim() !== '' && !line.startsWith('#'))
    .map((line) => {
      const [start, end, original, replacement] = line.split('\t');
      return { start: Number(start), end: Number(end), original, replacement };
    });
  assert.ok(gold.length >= 10);

  const got = Checker.bundled().check(text);
  assert.deepEqual(
    got.map(({ start, end, original, replacement }) => ({ start, end, original, replacement })),
    gold,
  );
  for (const c of got) {
    assert.equal(c.startUtf16, utf16Index(text, c.start));
    assert.equal(c.endUtf16, utf16Index(text, c.end));
    assert.equal(text.slice(c.startUtf16, c.endUtf16), c.original);
    assert.equal(typeof c.id, 'string');
    assert.ok(c.id.length > 0);
    assert.equal(typeof c.kind, 'string');
    assert.ok(c.score > 0 && c.score <= 1, `score ${c.score}`);
    assert.equal(typeof c.matchKind, 'string');
  }
  const colman = got.find((c) => c.original === 'Olivia Coleman');
  assert.equal(colman.kind, 'person');
  assert.equal(colman.replacement, 'Olivia Colman');
});

test('fix: seed article equals the gold text', () => {
  const checker = new Checker();
  assert.equal(checker.fix(read('heartstopper-bloopers.txt')), read('heartstopper-bloopers.gold.txt'));
});

test('check: UTF-16 indices after emoji and CJK', () => {
  const text = '😀🎉 東京 Olivia Coleman won.';
  const [c, ...rest] = Checker.bundled().check(text);
  assert.equal(rest.length, 0);
  assert.equal(c.original, 'Olivia Coleman');
  assert.equal(c.replacement, 'Olivia Colman');
  // 2 emoji (4 bytes, 2 UTF-16 units each), space, 2 CJK chars (3 bytes, 1 unit each), space.
  assert.equal(c.start, 4 + 4 + 1 + 3 + 3 + 1);
  assert.equal(c.end, c.start + 'Olivia Coleman'.length);
  assert.equal(c.startUtf16, 2 + 2 + 1 + 1 + 1 + 1);
  assert.equal(c.startUtf16, text.indexOf('Olivia'));
  assert.equal(c.endUtf16, c.startUtf16 + 'Olivia Coleman'.length);
  assert.equal(text.slice(c.startUtf16, c.endUtf16), 'Olivia Coleman');
  assert.equal(Checker.bundled().fix(text), '😀🎉 東京 Olivia Colman won.');
});

test('check: lone surrogates keep UTF-16 indices aligned', () => {
  // A lone surrogate reaches Rust as U+FFFD: 3 bytes, but still one UTF-16 unit.
  const text = '\uD83D x \uDE00 heart stopper';
  const [c] = Checker.bundled().check(text);
  assert.equal(c.replacement, 'Heartstopper');
  assert.equal(text.slice(c.startUtf16, c.endUtf16), 'heart stopper');
});

test('check: nothing to fix', () => {
  const checker = Checker.bundled();
  assert.deepEqual(checker.check(''), []);
  assert.deepEqual(checker.check('Heartstopper is by Alice Oseman.'), []);
  assert.equal(checker.fix('Nothing to see here.'), 'Nothing to see here.');
});

test('lookup', () => {
  const checker = Checker.bundled();
  const m = checker.lookup('heart stopper');
  assert.equal(m.name, 'Heartstopper');
  assert.equal(m.kind, 'tv');
  assert.equal(typeof m.id, 'string');
  assert.ok(m.score > 0.5 && m.score <= 1);
  assert.equal(typeof m.matchKind, 'string');
  assert.deepEqual(Object.keys(m).sort(), ['id', 'kind', 'matchKind', 'name', 'score']);
  assert.equal(checker.lookup('Olivia Coleman').name, 'Olivia Colman');
  assert.equal(checker.lookup('qqzzxv wwpkkt'), null);
  assert.ok(checker.entityCount > 10000);
});

test('prepareCheck: the same corrections after it', () => {
  const checker = Checker.bundled();
  const text = 'We watched heart stopper with Olivia Coleman.';
  checker.prepareCheck();
  checker.prepareCheck();
  assert.equal(checker.fix(text), 'We watched Heartstopper with Olivia Colman.');
  const own = Checker.fromTsv(TSV);
  own.prepareCheck();
  assert.equal(own.entityCount, 4);
});

test('fromTsv: own lexicon', () => {
  const checker = Checker.fromTsv(TSV);
  assert.equal(checker.entityCount, 4);
  const exact = checker.lookup('Heartstopper');
  assert.deepEqual(exact, {
    id: 'tv:heartstopper',
    name: 'Heartstopper',
    kind: 'tv',
    score: exact.score,
    matchKind: 'exact',
  });
  const text = 'heart stopper is by Alice Osseman, who also likes Happy Valleyand more.';
  assert.deepEqual(
    checker.check(text).map((c) => [c.original, c.replacement, c.id]),
    [
      ['heart stopper', 'Heartstopper', 'tv:heartstopper'],
      ['Alice Osseman', 'Alice Oseman', 'person:alice-oseman'],
      ['Happy Valleyand', 'Happy Valley and', 'tv:happy-valley'],
    ],
  );
  assert.equal(checker.fix(text), 'Heartstopper is by Alice Oseman, who also likes Happy Valley and more.');
});

test('fromTsv: a bad line throws with its line number', () => {
  const bad = TSV + 'x:1\tSome Name\t\tplanet\t10\n';
  assert.throws(
    () => Checker.fromTsv(bad),
    (err) => {
      assert.ok(err instanceof Error);
      assert.match(err.message, /^lexicon:5: unknown kind "planet"/);
      assert.equal(err.line, 5);
      return true;
    },
  );
  assert.throws(() => Checker.fromTsv('a\tAlpha\n\tNo id\n'), { message: 'lexicon:2: empty id', line: 2 });
});

test('fromJsonl: own lexicon and errors', () => {
  const checker = Checker.fromJsonl(
    '{"id": "p:1", "name": "Olivia Colman", "kind": "person", "weight": 80}\n' +
      '{"id": "tv:1", "name": "Heartstopper", "kind": "tv", "weight": 100}\n',
  );
  assert.equal(checker.lookup('Olivia Coleman').id, 'p:1');
  assert.throws(() => Checker.fromJsonl('{"id": "p:1", "name": "A"}\n{not json\n'), /^Error: lexicon:2: /);
});

test('options: threshold, ignoreKinds, ignore', () => {
  const c = Checker.fromTsv(TSV);
  const text = 'We watched heart stopper; Olivia Coleman was in it.';
  const all = c.check(text);
  assert.deepEqual(all.map((x) => x.id), ['tv:heartstopper', 'person:olivia-colman']);
  assert.deepEqual(c.check(text, { ignoreKinds: ['person'] }).map((x) => x.id), ['tv:heartstopper']);
  assert.deepEqual(c.check(text, { ignore: ['tv:heartstopper'] }).map((x) => x.id), ['person:olivia-colman']);
  const fuzzy = all[1].score;
  assert.equal(c.check(text, { threshold: Math.min(1, fuzzy + 0.001) }).length, 1);
  assert.equal(c.fix(text, { ignore: ['tv:heartstopper'] }), 'We watched heart stopper; Olivia Colman was in it.');
  const hit = c.lookup('Olivia Coleman');
  assert.equal(c.lookup('Olivia Coleman', { threshold: hit.score })?.name, 'Olivia Colman');
  assert.equal(c.lookup('Olivia Coleman', { threshold: Math.min(1, hit.score + 0.001) }), null);
  assert.equal(c.lookup('Olivia Coleman', { ignoreKinds: ['person'] }), null);
});

test('candidates', () => {
  const c = Checker.fromTsv(TSV);
  const list = c.candidates('Olivia Coleman', 2);
  assert.ok(list.length >= 1 && list.length <= 2);
  assert.equal(list[0].name, 'Olivia Colman');
  assert.throws(() => c.candidates('x', -1), TypeError);
});

test('wrong argument types throw TypeError / RangeError', () => {
  const c = Checker.fromTsv(TSV);
  assert.throws(() => c.check(42), TypeError);
  assert.throws(() => c.check(null), TypeError);
  assert.throws(() => c.fix({}), TypeError);
  assert.throws(() => c.lookup(undefined), TypeError);
  assert.throws(() => Checker.fromTsv(7), TypeError);
  assert.throws(() => c.check('x', { threshold: 'high' }), TypeError);
  assert.throws(() => c.check('x', { threshold: 5 }), RangeError);
  assert.throws(() => c.check('x', { threshold: NaN }), RangeError);
  assert.throws(() => c.check('x', { ignoreKinds: ['planet'] }), RangeError);
  assert.throws(() => c.check('x', { ignore: 'tv:heartstopper' }), TypeError);
  assert.throws(() => c.check('x', { treshold: 0.9 }), TypeError);
  assert.throws(() => c.check('x', 0.9), TypeError);
  // The checker still works afterwards.
  assert.equal(c.check('heart stopper').length, 1);
});
