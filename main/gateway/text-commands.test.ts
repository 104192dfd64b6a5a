/**
 * Plain-text commands the README lists beside the framed ones (issue 13's smaller items, seen in nc): `/w`,
 * `/accept` and `/decline`, `/filesend` explained, a nickname with a space refused, `/list` aligned by display width,
 * and a pending 1:1 request whose asker left announced as a cancelled request.
 */
import { describe, expect, it } from 'vitest';
import { displayWidth } from './text-format.js';
import { useTestRoom } from './test-support.js';

const room = useTestRoom({ textGreetingMs: 200 });

describe('plain-text commands', () => {
  it('/w whispers like /to', async () => {
    const port = await room.start();
    const atom = await room.text(port, 'atom');
    const bob = await room.text(port, 'bob');
    atom.line('/w bob psst');
    expect(await bob.next(/귓속말/u)).toBe('[귓속말] [atom] psst');
  });

  it('/accept and /decline answer a 1:1 request by name or the latest', async () => {
    const port = await room.start();
    const nc = await room.text(port, 'nc');
    const alice = await room.login(port, 'alice');
    const bob = await room.login(port, 'bob');
    await alice.ok('with', { to: 'nc' });
    await bob.ok('with', { to: 'nc' });
    await nc.next(/^\[bob\]님이 1:1 대화를 요청/u);
    nc.line('/decline bob');
    expect(await nc.next(/거절/u)).toBe("* [bob]님의 1:1 대화 요청을 거절했습니다. (You declined bob's request.)");
    expect(await bob.nextOf('with.ended')).toMatchObject({ reason: 'declined' });
    nc.line('/accept');
    expect(await nc.next(/대화 시작/u)).toMatch(/^\[alice\]님과 1:1 대화 시작/u);
    expect(await alice.nextOf('with.started')).toMatchObject({ peer: 'nc' });
    nc.line('/accept');
    expect(await nc.next(/^!/u)).toBe('! Nobody has asked you for a 1:1. (no_pending_request)');
  });

  it('/filesend says files need the app or the terminal client', async () => {
    const port = await room.start();
    const nc = await room.text(port, 'nc');
    nc.line('/filesend bob data.txt');
    expect(await nc.next(/^!/u)).toMatch(
      /^! 파일은 .*\(Files need the Sarangbang app or the terminal client, sarangbang join; .*\) \(transfer_unsupported\)$/u,
    );
  });

  it('refuses a nickname with a space instead of keeping its first word', async () => {
    const port = await room.start();
    const nc = await room.text(port, 'nc');
    nc.line('/nick 김 철수');
    expect(await nc.next(/^!/u)).toBe('! A nickname cannot contain spaces: "김 철수"; try 김_철수. (nick_invalid)');
    expect(room.server.room.find('nc')).toBeDefined();
    expect(room.server.room.find('김')).toBeUndefined();
  });

  it('/list pads names by display width: Hangul takes two columns', async () => {
    expect(displayWidth('김철수')).toBe(6);
    expect(displayWidth('atom')).toBe(4);
    const port = await room.start();
    const nc = await room.text(port, 'nc');
    await room.text(port, '김철수');
    nc.line('/list');
    await nc.next(/User List/u);
    const lines = [await nc.next(/^\* {3}name/u), await nc.next(/^\* {3}nc/u), await nc.next(/^\* {3}김철수/u)];
    const statusColumn = lines.map((line) => displayWidth(line.slice(0, line.search(/(status|active)/u))));
    expect(new Set(statusColumn).size).toBe(1);
  });

  it('a pending request whose asker left is a cancelled request; a started 1:1 whose partner left is over', async () => {
    const port = await room.start();
    const nc = await room.text(port, 'nc');
    const asker = await room.login(port, 'asker');
    await asker.ok('with', { to: 'nc' });
    await nc.next(/1:1 대화를 요청/u);
    asker.close();
    expect(await nc.next(/^\[asker\]님이 나가서/u)).toBe(
      '[asker]님이 나가서 1:1 대화 요청이 취소되었습니다. (asker left; the 1:1 request is cancelled)',
    );
    const partner = await room.login(port, 'partner');
    await partner.ok('with', { to: 'nc' });
    await nc.next(/1:1 대화를 요청/u);
    nc.line('y');
    await nc.next(/대화 시작/u);
    partner.close();
    expect(await nc.next(/^\[partner\]님이 나가서/u)).toBe(
      '[partner]님이 나가서 1:1 대화가 끝났습니다. (partner left; the 1:1 is over)',
    );
  });
});
