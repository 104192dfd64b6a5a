/**
 * axe-core in a person's page: injects it (through the DevTools protocol, which the page's strict CSP does not
 * govern), runs the WCAG 2.0/2.1 A and AA rules plus best practices, and turns violations into a readable report
 * (rule, impact, the failing elements' selectors and axe's own summary, e.g. the contrast ratio it measured).
 */
import axe from 'axe-core';
import type { Page } from 'playwright-core';

export const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'];

export interface AxeFinding {
  rule: string;
  impact: string;
  help: string;
  nodes: { target: string; summary: string }[];
}

interface PageAxe {
  run(context: unknown, options: unknown): Promise<{ violations: RawViolation[] }>;
}
interface RawViolation {
  id: string;
  impact?: string | null;
  help: string;
  nodes: { target: unknown[]; failureSummary?: string }[];
}

/** Runs axe on the whole page; `exclude` lists selectors a rule truly cannot judge (each caller says why). */
export async function axeFindings(page: Page, exclude: string[] = []): Promise<AxeFinding[]> {
  const loaded = await page.evaluate(() => 'axe' in globalThis);
  if (!loaded) await page.evaluate(axe.source);
  const violations = await page.evaluate(
    async ({ tags, excluded }) => {
      const run = (globalThis as unknown as { axe: PageAxe }).axe;
      const result = await run.run(
        { include: [['html']], exclude: excluded.map((selector) => [selector]) },
        { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] },
      );
      return result.violations;
    },
    { tags: AXE_TAGS, excluded: exclude },
  );
  return violations.map((violation) => ({
    rule: violation.id,
    impact: violation.impact ?? 'unknown',
    help: violation.help,
    nodes: violation.nodes.map((node) => ({
      target: node.target.map(String).join(' >> '),
      summary: (node.failureSummary ?? '').replace(/\s+/g, ' ').trim().slice(0, 240),
    })),
  }));
}

/** The report of one screen: one block per rule, one line per failing element. */
export function formatFindings(screen: string, findings: readonly AxeFinding[]): string {
  const blocks = findings.map((finding) => {
    const shown = finding.nodes.slice(0, 8).map((node) => `    ${node.target}\n      ${node.summary}`);
    const more = finding.nodes.length > 8 ? [`    … and ${finding.nodes.length - 8} more`] : [];
    const head = `  ${finding.rule} (${finding.impact}, ${finding.nodes.length} node(s)): ${finding.help}`;
    return [head, ...shown, ...more].join('\n');
  });
  return `axe: ${findings.length} violation(s) on "${screen}"\n${blocks.join('\n')}`;
}

/** Fails with the readable report when axe finds anything on this screen. */
export async function expectNoAxeViolations(page: Page, screen: string, exclude: string[] = []): Promise<void> {
  const findings = await axeFindings(page, exclude);
  if (findings.length > 0) throw new Error(formatFindings(screen, findings));
}
