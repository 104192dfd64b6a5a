// The supply-chain rules of .github/workflows (issue 15): pinned actions, least privilege, no token left in .git,
// no dependency install scripts except the ones named, and a release that is signed or says it is not.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { root } from './packaging.js';

interface Step {
  name?: string;
  uses?: string;
  run?: string;
  with?: Record<string, unknown>;
}
interface Job {
  permissions?: Record<string, string>;
  steps: Step[];
}
interface Workflow {
  permissions?: unknown;
  jobs: Record<string, Job>;
}

const FILES = ['ci.yml', 'release.yml'];
const load = async (name: string) => {
  const text = await readFile(join(root, '.github', 'workflows', name), 'utf8');
  return { text, workflow: parse(text) as Workflow };
};

describe('the GitHub workflows', () => {
  it('pin every action by full commit SHA, with the release it is in a comment', async () => {
    for (const name of FILES) {
      const { text, workflow } = await load(name);
      const uses = Object.values(workflow.jobs).flatMap((job) => job.steps.flatMap((step) => step.uses ?? []));
      expect(uses.length, name).toBeGreaterThan(0);
      for (const use of uses) expect(use, `${name}: ${use}`).toMatch(/^[\w.-]+\/[\w.-]+@[0-9a-f]{40}$/);
      for (const line of text.split('\n').filter((l) => /^\s*-?\s*uses:/.test(l)))
        expect(line, name).toMatch(/@[0-9a-f]{40} # v\d+\.\d+\.\d+$/);
    }
  });

  it('grant nothing by default, and contents: write only to the release job that uploads', async () => {
    for (const name of FILES) {
      const { workflow } = await load(name);
      expect(workflow.permissions, name).toEqual({});
      for (const [jobName, job] of Object.entries(workflow.jobs)) {
        expect(job.permissions, `${name} ${jobName}`).toBeDefined();
        const writes = Object.entries(job.permissions ?? {}).filter(([, level]) => level === 'write');
        if (name === 'release.yml' && jobName === 'publish') expect(writes).toEqual([['contents', 'write']]);
        else expect(writes, `${name} ${jobName}`).toEqual([]);
      }
    }
    const { workflow } = await load('release.yml');
    expect(workflow.jobs['publish']!.steps.some((s) => s.uses?.startsWith('actions/checkout@'))).toBe(false);
    expect(workflow.jobs['publish']!.steps.some((s) => /\bnpm\b/.test(s.run ?? ''))).toBe(false);
  });

  it('check out without keeping the token, and install dependencies without their scripts', async () => {
    for (const name of FILES) {
      const { workflow } = await load(name);
      for (const [jobName, job] of Object.entries(workflow.jobs)) {
        for (const step of job.steps) {
          if (step.uses?.startsWith('actions/checkout@'))
            expect(step.with?.['persist-credentials'], `${name} ${jobName}`).toBe(false);
          if (/\bnpm (ci|install|i)\b/.test(step.run ?? ''))
            expect(step.run, `${name} ${jobName}`).toMatch(/npm ci --ignore-scripts/);
        }
      }
    }
  });

  it('refuse an unsigned release unless it is allowed and named unsigned', async () => {
    const { text } = await load('release.yml');
    expect(text).toContain('ALLOW_UNSIGNED_RELEASE');
    expect(text).toMatch(/title=Sarangbang \$version \(unsigned\)/);
    expect(text).toMatch(/::error::No signing material[\s\S]*?exit 1/);
  });

  it('run the scenarios in Electron and the packaged app on all three systems', async () => {
    const { workflow } = await load('ci.yml');
    const runs = (job: string) => workflow.jobs[job]!.steps.map((s) => s.run ?? '').join('\n');
    expect(runs('electron')).toContain('npm run e2e:electron');
    expect(runs('electron')).toContain('node node_modules/electron/install.js');
    expect(runs('packaged')).toMatch(/npm run dist:/);
    expect(runs('packaged')).toContain('npm run check:fuses');
    expect(runs('packaged')).toContain('npm run e2e:packaged');
  });
});
