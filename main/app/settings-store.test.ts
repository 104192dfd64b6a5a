import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MAX_RECENT_ROOMS, SettingsStore } from './settings-store.js';

let dir: string;
let file: string;
const defaults = { downloadDir: '/home/u/Downloads/Sarangbang', osLocale: 'en-US' };

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'sb-settings-'));
  file = join(dir, 'settings.json');
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('SettingsStore', () => {
  it('starts with defaults on first run, Korean when the OS is Korean', async () => {
    const en = await SettingsStore.open(file, defaults);
    expect(en.get()).toMatchObject({
      nickname: '',
      language: 'en',
      theme: 'system',
      hostPort: 30000,
      notifications: true,
      askWhereToSave: false,
    });
    const ko = await SettingsStore.open(file, { ...defaults, osLocale: 'ko-KR' });
    expect(ko.get().language).toBe('ko');
  });

  it('persists updates atomically and reloads them', async () => {
    const store = await SettingsStore.open(file, defaults);
    await store.update({ nickname: 'atom', theme: 'dark', language: 'ko' });
    const again = await SettingsStore.open(file, defaults);
    expect(again.get()).toMatchObject({ nickname: 'atom', theme: 'dark', language: 'ko' });
    expect((await readdir(dir)).filter((n) => n.endsWith('.tmp'))).toEqual([]);
  });

  it('keeps the last of many concurrent updates on disk', async () => {
    const store = await SettingsStore.open(file, defaults);
    await Promise.all(Array.from({ length: 20 }, (_, i) => store.update({ hostPort: 30000 + i })));
    const onDisk = JSON.parse(await readFile(file, 'utf8')) as { hostPort: number };
    expect(onDisk.hostPort).toBe(30019);
  });

  it('rejects an invalid update and keeps the previous value', async () => {
    const store = await SettingsStore.open(file, defaults);
    await expect(store.update({ theme: 'neon' as never })).rejects.toThrow(/theme/);
    expect(store.get().theme).toBe('system');
  });

  it('falls back per field when the file holds bad values, and moves a corrupt file aside', async () => {
    await writeFile(file, JSON.stringify({ nickname: 'bo', theme: 42, hostPort: 99999 }));
    const store = await SettingsStore.open(file, defaults);
    expect(store.get()).toMatchObject({ nickname: 'bo', theme: 'system', hostPort: 30000 });

    await writeFile(file, '{ not json');
    const fresh = await SettingsStore.open(file, defaults);
    expect(fresh.get().nickname).toBe('');
    expect(await readFile(`${file}.bad`, 'utf8')).toBe('{ not json');
  });

  it('keeps conversation history forever by default; 30 days or off when chosen, a bad value falls back', async () => {
    const store = await SettingsStore.open(file, defaults);
    expect(store.get().historyRetention).toBe('forever');
    await store.update({ historyRetention: '30d' });
    expect((await SettingsStore.open(file, defaults)).get().historyRetention).toBe('30d');
    await expect(store.update({ historyRetention: '7d' as never })).rejects.toThrow(/historyRetention/);
    await writeFile(file, JSON.stringify({ historyRetention: 'sometimes' }));
    expect((await SettingsStore.open(file, defaults)).get().historyRetention).toBe('forever');
  });

  it('remembers recent rooms newest first, unique by host:port, bounded', async () => {
    const store = await SettingsStore.open(file, defaults);
    await store.rememberRoom({ host: '10.0.0.1', port: 30000 }, 1);
    await store.rememberRoom({ host: '10.0.0.2', port: 30000 }, 2);
    await store.rememberRoom({ host: '10.0.0.1', port: 30000, nick: 'atom' }, 3);
    expect(store.get().recentRooms.map((r) => [r.host, r.nick])).toEqual([
      ['10.0.0.1', 'atom'],
      ['10.0.0.2', undefined],
    ]);
    for (let i = 0; i < 15; i++) await store.rememberRoom({ host: `h${i}`, port: 1 }, 10 + i);
    expect(store.get().recentRooms).toHaveLength(MAX_RECENT_ROOMS);
    expect(store.get().recentRooms[0]?.host).toBe('h14');
    await store.forgetRoom({ host: 'H14', port: 1 });
    expect(store.get().recentRooms[0]?.host).toBe('h13');
  });

  it('keeps the rooms of one many-room host apart (by room key), and forgets one of them', async () => {
    const store = await SettingsStore.open(file, defaults);
    await store.rememberRoom({ host: '10.0.0.1', port: 30000, name: 'lobby' }, 1);
    await store.rememberRoom({ host: '10.0.0.1', port: 30000, name: 'math', room: 'math' }, 2);
    await store.rememberRoom({ host: '10.0.0.1', port: 30000, name: 'Math', room: 'Math' }, 3);
    expect(store.get().recentRooms.map((r) => r.room)).toEqual(['Math', undefined]);
    await store.forgetRoom({ host: '10.0.0.1', port: 30000, room: 'MATH' });
    expect(store.get().recentRooms.map((r) => r.name)).toEqual(['lobby']);
    const again = await SettingsStore.open(file, defaults);
    await again.rememberRoom({ host: '10.0.0.1', port: 30000, room: '수학반' }, 4);
    expect((await SettingsStore.open(file, defaults)).get().recentRooms.map((r) => r.room)).toEqual([
      '수학반',
      undefined,
    ]);
  });
});
