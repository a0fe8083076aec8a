// The browser/bundler glue (pkg/web, pkg/web-lite; built by `build.sh --web`), driven from
// Node with initSync. Skipped when those directories are absent.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';

for (const dir of ['web', 'web-lite']) {
  const glue = new URL(`../pkg/${dir}/namefix_wasm.js`, import.meta.url);
  test(`pkg/${dir}: initSync, then check`, { skip: !existsSync(glue) && `pkg/${dir} not built` }, async () => {
    const mod = await import(glue);
    mod.initSync({ module: readFileSync(new URL('namefix_wasm_bg.wasm', glue)) });
    const checker =
      dir === 'web'
        ? mod.Checker.bundled()
        : mod.Checker.fromTsv('person:olivia-colman\tOlivia Colman\t\tperson\t80\n');
    const text = '😀🎉 東京 Olivia Coleman won.';
    const [c] = checker.check(text);
    assert.equal(c.replacement, 'Olivia Colman');
    assert.equal(text.slice(c.startUtf16, c.endUtf16), 'Olivia Coleman');
    assert.equal(mod.hasBundledLexicon(), dir === 'web');
  });
}
