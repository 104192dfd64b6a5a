import { screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { App } from './App';
import { makeSettings } from './test-support/fake-api';
import { renderWithApp } from './test-support/render';
import { chat, labRoom, roomSnapshot } from './test-support/room-fixture';

const RLO = '\u202E';
const CORPUS = [
  '<img src=x onerror=alert(1)>',
  '<script>alert(1)</script>',
  '<a href="javascript:alert(1)">click</a>',
  'javascript:alert(document.cookie)',
  `invoice${RLO}fdp.exe`,
  '\u001b[31mRED\u001b[0m\u001b]0;pwned\u0007',
  '<svg onload=alert(1)>',
  '"><iframe src=//evil>',
];
const HUGE = 'N'.repeat(10_240);

/** Nothing peer-supplied may become an element, an event handler, a non-http link or leak a control character. */
function expectInert(root: HTMLElement) {
  expect(root.querySelector('img, script, iframe, svg[onload], object, embed')).toBeNull();
  for (const el of root.querySelectorAll('*')) {
    for (const attr of el.getAttributeNames()) expect(attr.startsWith('on')).toBe(false);
  }
  for (const a of root.querySelectorAll('a')) expect(a.getAttribute('href') ?? '').toMatch(/^https?:\/\//);
  const text = root.textContent ?? '';
  if (text.includes(RLO)) {
    const culprit = [...root.querySelectorAll('*')].filter(
      (el) => el.children.length === 0 && el.textContent?.includes(RLO),
    );
    throw new Error(`U+202E shown in: ${culprit.map((el) => el.outerHTML.slice(0, 200)).join(' | ')}`);
  }
  expect(text).not.toContain('\u001b');
}

describe('XSS corpus renders as inert text', () => {
  it('in messages, whispers, 1:1 messages, nicknames and away text', () => {
    const nasty = [...CORPUS, HUGE];
    const users = [
      ...labRoom.users,
      ...nasty.map((nick, i) => ({
        nick,
        status: (i % 2 ? 'away' : 'active') as 'away' | 'active',
        awayText: CORPUS[i % CORPUS.length],
      })),
    ];
    const { emit, container } = renderWithApp(<App />, {
      snapshot: roomSnapshot({ room: { ...labRoom, users, dmPeer: CORPUS[0] } }),
    });
    for (const text of nasty) {
      emit('room', chat(text, text));
      emit('room', chat(text, text, { scope: 'whisper', to: 'atom' }));
      emit('room', { t: 'status', ts: 1, nick: text, status: 'away', awayText: text });
      emit('room', { t: 'notice', code: 'x', text });
    }
    emit('room', chat(CORPUS[0]!, CORPUS[1]!, { scope: 'dm', to: 'atom' }));
    expectInert(container);
    expectInert(document.body);
    // The markup is visible as text, not swallowed.
    expect(screen.getAllByText('<img src=x onerror=alert(1)>').length).toBeGreaterThan(0);
    expect(screen.getAllByText('invoicefdp.exe').length).toBeGreaterThan(0);
    expect(screen.getAllByText('RED').length).toBeGreaterThan(0);
    // A 10 KB nickname is cut for display.
    const row = screen.getByRole('listitem', { name: /^N{10,}/ });
    expect(row.textContent!.length).toBeLessThan(300);
  });

  it('in file offers and transfers', async () => {
    const { emit, user } = renderWithApp(<App />, { snapshot: roomSnapshot() });
    emit('file.offer', {
      offerId: 'o',
      from: CORPUS[0]!,
      totalBytes: CORPUS.length,
      expiresInMs: 60_000,
      autoAccepted: false,
      files: [...CORPUS, HUGE].map((name, index) => ({ index, name, size: 1 })),
    });
    CORPUS.forEach((name, i) =>
      emit('transfer.update', {
        transferId: `t${i}`,
        offerId: 'o',
        direction: 'receive',
        peer: CORPUS[i]!,
        name,
        size: 1,
        bytes: 0,
        state: 'failed',
        message: name,
        resumable: false,
        canShowInFolder: false,
        createdAt: i,
      }),
    );
    expectInert(document.body);
    expect(screen.getAllByText(`invoicefdp.exe`).length).toBeGreaterThan(0);
    await user.click(screen.getByRole('button', { name: 'Decline' }));
    await user.click(screen.getByRole('button', { name: 'Transfers' }));
    expectInert(document.body);
  });

  it('in recent rooms', () => {
    const settings = makeSettings({
      recentRooms: [{ host: '<img src=x onerror=alert(1)>', port: 1, name: `${RLO}moor`, lastJoinedAt: 1 }],
    });
    const { container } = renderWithApp(<App />, {
      snapshot: roomSnapshot({ settings, room: null, connection: { phase: 'idle' } }),
    });
    expectInert(container);
    expect(container.textContent).toContain('moor');
  });
});
