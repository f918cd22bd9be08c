// Accessibility check of the page as it is now, with axe-core: every page passes with no violation
// (DESIGN.md). On failure, the error lists each violated rule, its impact, its help page and the
// offending elements, so the fix can start from the test output alone.
import { AxeBuilder } from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import type { Result } from 'axe-core';

export interface AxeOptions {
  /** CSS selectors to leave out (only with a comment saying why). */
  exclude?: string[];
  /** Rule ids to skip (only with a comment saying why). */
  disableRules?: string[];
}

export function formatViolations(violations: Result[]): string {
  return violations.map((v) => {
    const nodes = v.nodes.slice(0, 5).map((n) => `    - ${n.target.join(' ')}\n      ${n.failureSummary?.replace(/\n/g, '\n      ') ?? ''}\n      ${n.html.slice(0, 200)}`);
    const more = v.nodes.length > 5 ? [`    … et ${v.nodes.length - 5} autre(s) élément(s)`] : [];
    return [`  [${v.impact ?? 'n/a'}] ${v.id}: ${v.help} (${v.helpUrl})`, ...nodes, ...more].join('\n');
  }).join('\n');
}

/** Runs axe-core on the page and fails the test with the list of violations, if any. */
export async function expectNoAxeViolations(page: Page, opts: AxeOptions = {}): Promise<void> {
  await test.step(`axe-core : ${new URL(page.url()).pathname}${new URL(page.url()).search}`, async () => {
    let builder = new AxeBuilder({ page });
    for (const selector of opts.exclude ?? []) builder = builder.exclude(selector);
    if (opts.disableRules?.length) builder = builder.disableRules(opts.disableRules);
    const { violations } = await builder.analyze();
    expect(violations.length, `axe-core: ${violations.length} violation(s) on ${page.url()}\n${formatViolations(violations)}`).toBe(0);
  });
}
