import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { HandlerTable } from '../main/app/dispatch.js';
import { dispatch } from '../main/app/dispatch.js';
import { FileRegistry } from '../main/app/file-registry.js';
import { DROP_TTL_MS, gateRegisterPaths, MAX_PATHS_PER_QUESTION, PathGate } from './path-gate.js';

let dir = '';
let clock = 0;
let asked: string[][] = [];
let answer = false;
let gate: PathGate;
let registry: FileRegistry;
let handlers: HandlerTable;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'sarangbang-path-gate-'));
  clock = 1_000;
  asked = [];
  answer = false;
  gate = new PathGate({
    confirm: async (paths) => {
      asked.push([...paths]);
      return answer;
    },
    now: () => clock,
  });
  registry = new FileRegistry();
  // Only the channel under test is real; the rest of the table is never reached here.
  const base = { 'files.registerPaths': ({ paths }: { paths: string[] }) => registry.register(paths) };
  handlers = gateRegisterPaths(base as unknown as HandlerTable, gate);
});
afterEach(() => rm(dir, { recursive: true, force: true }));

async function file(name: string): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, name);
  return path;
}

const register = (paths: string[]) => dispatch(handlers, 'files.registerPaths', { paths });

describe('the path gate in front of files.registerPaths', () => {
  it('asks, showing every full path, before registering a path the user never chose; "No" registers nothing', async () => {
    const key = await file('id_ed25519');
    expect(await register([key])).toMatchObject({ ok: false, error: { code: 'cancelled' } });
    expect(asked).toEqual([[key]]);
    answer = true;
    expect(await register([key])).toMatchObject({ ok: true, result: [{ name: 'id_ed25519' }] });
    expect(asked).toEqual([[key], [key]]);
  });

  it('registers paths its own file dialog returned without asking', async () => {
    const report = await file('report.pdf');
    gate.rememberPicked([report]);
    expect(await register([report])).toMatchObject({ ok: true, result: [{ name: 'report.pdf' }] });
    expect(await register([report])).toMatchObject({ ok: true });
    expect(asked).toEqual([]);
  });

  it('admits a reported drop once, within a few seconds, and asks after that', async () => {
    const photo = await file('photo.jpg');
    gate.rememberDropped([photo]);
    clock += DROP_TTL_MS - 1;
    expect(await register([photo])).toMatchObject({ ok: true });
    expect(asked).toEqual([]);
    expect(await register([photo])).toMatchObject({ error: { code: 'cancelled' } });
    expect(asked).toEqual([[photo]]);

    gate.rememberDropped([photo]);
    clock += DROP_TTL_MS;
    expect(await register([photo])).toMatchObject({ error: { code: 'cancelled' } });
    expect(asked).toHaveLength(2);
  });

  it('asks only about the unchosen paths of a mixed batch, and a "No" registers none of them', async () => {
    const dropped = await file('dropped.txt');
    const other = await file('other.txt');
    gate.rememberDropped([dropped]);
    expect(await register([dropped, other])).toMatchObject({ error: { code: 'cancelled' } });
    expect(asked).toEqual([[other]]);
  });

  it(`refuses more than ${MAX_PATHS_PER_QUESTION} unchosen paths at once without asking`, async () => {
    const many = await Promise.all(Array.from({ length: MAX_PATHS_PER_QUESTION + 1 }, (_, i) => file(`f${i}`)));
    expect(await register(many)).toMatchObject({ error: { code: 'cancelled', message: /Send files/ } });
    expect(asked).toEqual([]);
  });
});
