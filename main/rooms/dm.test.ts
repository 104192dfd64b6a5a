import { describe, expect, it } from 'vitest';
import { type FramedTestClient, useTestRoom } from '../gateway/test-support.js';

const testRoom = useTestRoom({ textGreetingMs: 5000 });

async function room(...nicks: string[]): Promise<FramedTestClient[]> {
  const port = await testRoom.start();
  const users: FramedTestClient[] = [];
  for (const nick of nicks) users.push(await testRoom.login(port, nick));
  return users;
}

describe('1:1 edge cases', () => {
  it('two users asking each other start the 1:1 at once', async () => {
    const [a, b] = await room('a', 'b');
    await a!.ok('with', { to: 'b' });
    await b!.nextOf('with.request');
    await b!.ok('with', { to: 'a' });
    expect(await a!.nextOf('with.started')).toEqual({ t: 'with.started', peer: 'b' });
    expect(await b!.nextOf('with.started')).toEqual({ t: 'with.started', peer: 'a' });
  });

  it('cancelling a request tells both; other requests end as busy when a 1:1 starts', async () => {
    const [a, b, c] = await room('a', 'b', 'c');
    await a!.ok('with', { to: 'b' });
    await b!.nextOf('with.request');
    await a!.ok('end');
    expect(await b!.nextOf('with.ended')).toMatchObject({ peer: 'a', reason: 'cancelled', by: 'a' });
    expect(await a!.nextOf('with.ended')).toMatchObject({ peer: 'b', reason: 'cancelled', by: 'a' });
    expect(await b!.request('with.answer', { from: 'a', accept: true })).toMatchObject({ code: 'no_pending_request' });

    await a!.ok('with', { to: 'b' });
    await c!.ok('with', { to: 'b' });
    await b!.next((f) => f.t === 'with.request' && f.from === 'c');
    await b!.ok('with.answer', { from: 'c', accept: true });
    expect(await a!.nextOf('with.ended')).toMatchObject({ peer: 'b', reason: 'busy', by: 'b' });
    expect(await b!.next((f) => f.t === 'with.ended' && f.peer === 'a')).toMatchObject({ reason: 'busy' });
    expect(await a!.request('with', { to: 'b' })).toMatchObject({ code: 'user_busy' });
    expect(await b!.request('with', { to: 'a' })).toMatchObject({ code: 'already_in_dm' });
  });

  it('refuses a request to an away user, and a request from an away user wakes it first', async () => {
    const [a, b] = await room('a', 'b');
    await b!.ok('sleep');
    expect(await a!.request('with', { to: 'b' })).toMatchObject({ code: 'user_away' });
    await b!.ok('with', { to: 'a' });
    expect(await b!.nextOf('awake')).toEqual({ t: 'awake', missed: 0, held: 0 });
    await a!.nextOf('with.request');
  });

  it('a renamed asker can still be answered under the new name', async () => {
    const [a, b] = await room('a', 'b');
    await a!.ok('with', { to: 'b' });
    await b!.nextOf('with.request');
    await a!.ok('nick', { nick: 'alpha' });
    await b!.ok('with.answer', { from: 'alpha', accept: true });
    expect(await a!.nextOf('with.started')).toEqual({ t: 'with.started', peer: 'b' });
  });
});
