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

/** One rule not judged on the elements matching `selector`, because it truly cannot apply there; `why` says so. */
export interface AxeExemption {
  rule: string;
  selector: string;
  why: string;
}

interface PageAxe {
  run(context: unknown, options: unknown): Promise<{ violations: RawViolation[] }>;
}
interface RawViolation {
  id: string;
  impact?: string | null;
  help: string;
  nodes: { target: unknown[]; failureSummary?: string; element?: { matches(selector: string): boolean } }[];
}

/** Runs axe on the whole page, minus the exempted (rule, element) pairs. */
export async function axeFindings(page: Page, exemptions: readonly AxeExemption[] = []): Promise<AxeFinding[]> {
  const loaded = await page.evaluate(() => 'axe' in globalThis);
  if (!loaded) await page.evaluate(axe.source);
  const violations = await page.evaluate(
    async ({ tags, exempt }) => {
      const run = (globalThis as unknown as { axe: PageAxe }).axe;
      const result = await run.run(
        { include: [['html']] },
        { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'], elementRef: true },
      );
      return result.violations
        .map((violation) => ({
          id: violation.id,
          impact: violation.impact ?? null,
          help: violation.help,
          nodes: violation.nodes
            .filter((node) => !exempt.some((e) => e.rule === violation.id && node.element?.matches(e.selector)))
            .map((node) => ({ target: node.target.map(String), failureSummary: node.failureSummary ?? '' })),
        }))
        .filter((violation) => violation.nodes.length > 0);
    },
    { tags: AXE_TAGS, exempt: exemptions.map(({ rule, selector }) => ({ rule, selector })) },
  );
  return violations.map((violation) => ({
    rule: violation.id,
    impact: violation.impact ?? 'unknown',
    help: violation.help,
    nodes: violation.nodes.map((node) => ({
      target: node.target.join(' >> '),
      summary: node.failureSummary.replace(/\s+/g, ' ').trim().slice(0, 240),
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
export async function expectNoAxeViolations(
  page: Page,
  screen: string,
  exemptions: readonly AxeExemption[] = [],
): Promise<void> {
  const findings = await axeFindings(page, exemptions);
  if (findings.length > 0) throw new Error(formatFindings(screen, findings));
}
