// E2E (issue 17, point 8): Settings speak a marketer's words, with the technical name only as a hint, in both
// languages; choosing a preset and applying it still works.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { launchWithSample, inShadow, openView, chooseLanguage } from "./helpers.mjs";

let env;
let page;

before(async () => {
  env = await launchWithSample();
  page = env.page;
  await openView(page, "settings");
});

after(async () => {
  await env?.close();
});

/** The labels, option texts and hints of the settings form. */
const words = () => inShadow(page, (root) => {
  const form = root.querySelector('[data-form="settings"]');
  return {
    labels: [...form.querySelectorAll("label, legend")].map((node) => node.textContent),
    options: [...form.querySelectorAll("option")].map((node) => node.textContent),
    hints: [...form.querySelectorAll(".field-hint")].map((node) => node.textContent),
  };
});
const DEVELOPER_WORDS = /\bbins?\b|README|grid|pymc|quantile|breakpoint|monetary|segment map|rank\b/i;

for (const [lang, button] of [["en", null], ["zh-CN", "zh-CN"]]) {
  test(`the settings in plain words (${lang}); technical names only in hints`, async () => {
    if (button) {
      await chooseLanguage(page, button);
      await page.waitForSelector(`clientele-dashboard .app[lang="${button}"]`);
    }
    const { labels, options, hints } = await words();
    for (const text of [...labels, ...options]) assert.doesNotMatch(text, DEVELOPER_WORDS, text);
    const hintText = hints.join(" ");
    assert.match(hintText, /bins/, "the technical name of the score scale, as a hint");
    assert.match(hintText, /rank[,、] ?quantile/, "the method's technical names, as a hint");
    // Choosing a preset shows what it needs and where it comes from.
    await page.selectOption('clientele-dashboard [data-setting="segmentMap"]', "pymc-5");
    const note = await page.textContent('clientele-dashboard [data-field="preset-note"]');
    assert.match(note, /pymc-marketing/);
    assert.equal(await page.inputValue('clientele-dashboard [data-setting="bins"]'), "4", "the preset's scale is set");
    await page.click('clientele-dashboard [data-action="apply-settings"]');
    await page.waitForSelector('clientele-dashboard [data-field="settings-feedback"]:not([data-code])');
    const caption = await page.textContent('clientele-dashboard [data-card="audit"]');
    assert.match(caption, lang === "en" ? /5 simple groups/ : /简单 5 群/);
    await page.click('clientele-dashboard [data-action="reset-settings"]');
    await page.waitForSelector('clientele-dashboard [data-field="settings-feedback"]');
    if (button) await page.click('clientele-dashboard button[data-lang="en"]');
  });
}

test("no problem on the page", () => {
  assert.deepEqual(env.log.problems, []);
});
