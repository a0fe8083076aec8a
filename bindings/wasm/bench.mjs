// Sizes and timings of the WebAssembly package. Build first (./build.sh), then:
//
//   node bindings/wasm/bench.mjs            # from anywhere
//
// Prints .wasm sizes (raw, gzip -9, brotli), start-up times measured in fresh Node
// processes (median of 5), and `check`/`fix` throughput on ~100 KB of prose.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { createRequire } from 'node:module';
import { brotliCompressSync, gzipSync } from 'node:zlib';

const here = new URL('.', import.meta.url);
const root = new URL('../../', here);
const path = (url) => decodeURIComponent(new URL(url).pathname);
const require = createRequire(import.meta.url);

const kb = (n) => `${(n / 1024).toFixed(0)} KiB`;
const mb = (n) => `${(n / 1024 / 1024).toFixed(2)} MiB`;
const ms = (n) => `${n.toFixed(1)} ms`;
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

console.log(`node ${process.version}, ${cpus()[0]?.model ?? 'unknown CPU'} (${cpus().length} cores)`);

// 1. Sizes.
console.log('\n.wasm size            raw        gzip -9     brotli');
for (const dir of ['node', 'node-lite', 'web']) {
  const file = new URL(`pkg/${dir}/namefix_wasm_bg.wasm`, here);
  if (!existsSync(file)) continue;
  const bytes = readFileSync(file);
  const gz = gzipSync(bytes, { level: 9 }).length;
  const br = brotliCompressSync(bytes).length;
  console.log(`pkg/${dir.padEnd(12)} ${mb(bytes.length).padStart(10)} ${mb(gz).padStart(11)} ${mb(br).padStart(10)}`);
}

// 2. Start-up, each sample in a fresh process (so the lazy bundled matcher is cold).
function inChild(src) {
  const out = execFileSync(process.execPath, ['--input-type=module', '-e', src], {
    cwd: path(here),
    encoding: 'utf8',
  });
  return JSON.parse(out);
}
function startup(label, src, runs = 5) {
  const samples = Array.from({ length: runs }, () => inChild(src));
  const keys = Object.keys(samples[0]);
  const cols = keys.map((k) => `${k} ${k.endsWith('Bytes') ? mb(median(samples.map((s) => s[k]))) : ms(median(samples.map((s) => s[k])))}`);
  console.log(`${label}\n  ${cols.join('\n  ')}`);
}
const seedPath = path(new URL('tests/golden/heartstopper-bloopers.txt', root));
const lexiconPath = path(new URL('data/lexicon.tsv', root));
const prelude = `
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
const require = createRequire(${JSON.stringify(path(new URL('bench.mjs', here)))});
const seed = readFileSync(${JSON.stringify(seedPath)}, 'utf8');
const now = () => Number(process.hrtime.bigint()) / 1e6;
`;
console.log('\nstart-up (median of 5 fresh processes)');
startup(
  'bundled (namefix-wasm):',
  `${prelude}
  let t = now();
  const { Checker, memoryBytes } = require('namefix-wasm');
  const load = now() - t;
  t = now();
  const checker = Checker.bundled();
  const build = now() - t;
  t = now();
  checker.check(seed);
  const firstCheck = now() - t;
  t = now();
  checker.check(seed);
  const secondCheck = now() - t;
  console.log(JSON.stringify({ 'require (compile + instantiate)': load,
    'Checker.bundled() (builds the matcher)': build, 'first check (3 KB seed article)': firstCheck,
    'second check': secondCheck,
    'wasm memoryBytes': memoryBytes() }));`,
);
startup(
  'bundled, prepareCheck() before the first check (a page that prepares while idle):',
  `${prelude}
  const { Checker } = require('namefix-wasm');
  const checker = Checker.bundled();
  let t = now();
  checker.prepareCheck();
  const prepare = now() - t;
  t = now();
  checker.check(seed);
  const firstCheck = now() - t;
  console.log(JSON.stringify({ 'checker.prepareCheck()': prepare,
    'first check (3 KB seed article)': firstCheck }));`,
);
startup(
  'lite (namefix-wasm/lite) + the same lexicon loaded at run time:',
  `${prelude}
  let t = now();
  const { Checker, memoryBytes } = require('namefix-wasm/lite');
  const load = now() - t;
  t = now();
  const tsv = readFileSync(${JSON.stringify(lexiconPath)}, 'utf8');
  const read = now() - t;
  t = now();
  const checker = Checker.fromTsv(tsv);
  const fromTsv = now() - t;
  t = now();
  checker.check(seed);
  const firstCheck = now() - t;
  console.log(JSON.stringify({ 'require (compile + instantiate)': load,
    'read lexicon.tsv (4.7 MB)': read, 'Checker.fromTsv': fromTsv, 'first check (3 KB seed article)': firstCheck,
    'wasm memoryBytes': memoryBytes() }));`,
);

// 3. Throughput, warm, in this process.
const { Checker } = require('namefix-wasm');
const checker = Checker.bundled();
function repeatTo(text, bytes) {
  let out = '';
  while (Buffer.byteLength(out) < bytes) out += text + '\n\n';
  return out;
}
const squad = readFileSync(new URL('tests/eval/clean-text/squad-paragraphs.txt', root), 'utf8');
const seed = readFileSync(seedPath, 'utf8');
const texts = {
  // The first ~100 KB of clean Wikipedia paragraphs (few or no fixes).
  'squad-paragraphs, 100 KB': squad.slice(0, squad.indexOf('\n', 100_000) + 1),
  // The seed article (11 fixes per 3 KB) repeated to 100 KB.
  'seed article x34, 100 KB': repeatTo(seed, 100_000),
};
function throughput(fn, text) {
  fn(text); // warm up
  const bytes = Buffer.byteLength(text);
  let n = 0;
  const t0 = performance.now();
  let t = t0;
  while (t - t0 < 2000 || n < 3) {
    fn(text);
    n++;
    t = performance.now();
  }
  return { mbps: (bytes * n) / 1e6 / ((t - t0) / 1000), msPerCall: (t - t0) / n };
}
console.log('\nthroughput (warm, bundled lexicon)');
for (const [name, text] of Object.entries(texts)) {
  const fixes = checker.check(text).length;
  for (const [op, fn] of [['check', (s) => checker.check(s)], ['fix', (s) => checker.fix(s)]]) {
    const r = throughput(fn, text);
    console.log(`  ${op.padEnd(5)} ${name}: ${r.mbps.toFixed(2)} MB/s (${ms(r.msPerCall)} per call, ${fixes} corrections)`);
  }
}
const mentions = ['heart stopper', 'Olivia Coleman', 'Cormac Hyde Corrin', 'Heartstopper', 'qqzzxv wwpkkt'];
{
  const n = 20_000;
  const t0 = performance.now();
  for (let i = 0; i < n; i++) checker.lookup(mentions[i % mentions.length]);
  console.log(`  lookup: ${(((performance.now() - t0) * 1000) / n).toFixed(1)} µs per mention (mix of ${mentions.length})`);
}
