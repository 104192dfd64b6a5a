/** The common start of most scenarios: a world, people past the first run, one of them hosting from the UI. */
import { startHarness, type Harness } from './harness.js';
import { freePort } from '../../main/free-port.js';
import type { PersonOptions } from './person.js';
import type { User } from './user.js';

export const ROOM_NAME = 'E2E room';

export interface Room {
  world: Harness;
  port: number;
  /** users[0] hosts; the others joined, in order. */
  users: User[];
}

/** Hosts from the first user's home screen and joins the rest through the join form; each sees everyone. */
export async function hostedRoom(world: Harness, names: string[], options: PersonOptions = {}): Promise<Room> {
  const users: User[] = [];
  for (const name of names) users.push(await world.user(name, { nickname: name, ...options }));
  const [host, ...guests] = users;
  if (!host) throw new Error('hostedRoom needs at least one name');
  const port = await freePort();
  await host.hostRoom(port, ROOM_NAME);
  for (const guest of guests) {
    await guest.joinRoom(port);
    await host.person(guest.name).waitFor();
  }
  for (const user of users) for (const other of users) await user.person(other.name).waitFor();
  return { world, port, users };
}

/** Runs a scenario in a fresh world and always tears it down. */
export async function inWorld(scenario: (world: Harness) => Promise<void>): Promise<void> {
  const world = await startHarness();
  try {
    await scenario(world);
  } finally {
    await world.close();
  }
}
