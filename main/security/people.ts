/**
 * What this client knows of people, keyed by their identity fingerprint (never by nickname): the nicknames each
 * key was seen with, whether its files are always accepted ("trusted"), and for each nickname the key it was last
 * seen with, so a nickname held by another key shows as a new device and is never trusted automatically.
 * Private JSON file `{version: 1, people: {fp: {nicks: [...], trusted, firstSeen}}, lastByNick: {nickKey: fp}}`,
 * re-read and written atomically on every change, one write at a time; an unreadable file is a CorruptFileError.
 * Nicknames are compared by `nickKey` (NFC, case-insensitive), as the room does.
 *
 * API: `People.load(file)`, `.isNewDevice(nick, fp)`, `.seen(nick, fp) → {newDevice}`, `.isTrusted(fp)`,
 * `.setTrusted(fp, trusted)`, `.get(fp)`, `.lastFingerprint(nick)`, `.settled()`.
 */
import { nickKey } from '../protocol/nickname.js';
import { CorruptFileError, parseVersionedJson, readTextIfExists, writePrivateFileAtomic } from './atomic-file.js';
import { WriteQueue } from '../write-queue.js';

export interface Person {
  /** Nicknames seen with this key, most recent last (at most MAX_NICKS_PER_PERSON). */
  nicks: string[];
  /** "Always accept files from" this key. */
  trusted: boolean;
  /** ISO 8601 time this key was first seen. */
  firstSeen: string;
}

interface PeopleDoc {
  people: Record<string, Person>;
  lastByNick: Record<string, string>;
}

export const MAX_NICKS_PER_PERSON = 16;
const WHAT = 'People';
const FINGERPRINT = /^[0-9a-f]{64}$/;

export class People {
  private readonly writes = new WriteQueue();

  private constructor(
    readonly file: string,
    private doc: PeopleDoc,
  ) {}

  static async load(file: string): Promise<People> {
    return new People(file, await readPeople(file));
  }

  get(fingerprint: string): Person | undefined {
    return own(this.doc.people, fingerprint);
  }

  /** The key `nick` was last seen with, if any. */
  lastFingerprint(nick: string): string | undefined {
    return own(this.doc.lastByNick, nickKey(nick));
  }

  /** True when `nick` was last seen with a different key than `fingerprint`. */
  isNewDevice(nick: string, fingerprint: string): boolean {
    const last = this.lastFingerprint(nick);
    return last !== undefined && last !== fingerprint;
  }

  isTrusted(fingerprint: string): boolean {
    return this.get(fingerprint)?.trusted === true;
  }

  /** Records that `nick` is held by `fingerprint` now; says whether that is a new device for the nickname. */
  async seen(nick: string, fingerprint: string, now: Date = new Date()): Promise<{ newDevice: boolean }> {
    const newDevice = this.isNewDevice(nick, fingerprint);
    await this.change(fingerprint, (doc) => {
      const person = personIn(doc, fingerprint, now);
      person.nicks = [...person.nicks.filter((known) => nickKey(known) !== nickKey(nick)), nick].slice(
        -MAX_NICKS_PER_PERSON,
      );
      doc.lastByNick[nickKey(nick)] = fingerprint;
    });
    return { newDevice };
  }

  /** Sets "always accept files from" this key. */
  setTrusted(fingerprint: string, trusted: boolean, now: Date = new Date()): Promise<void> {
    return this.change(fingerprint, (doc) => {
      personIn(doc, fingerprint, now).trusted = trusted;
    });
  }

  /** Resolves once every change asked for so far is written (or failed). */
  settled(): Promise<void> {
    return this.writes.settled();
  }

  private change(fingerprint: string, apply: (doc: PeopleDoc) => void): Promise<void> {
    if (!FINGERPRINT.test(fingerprint))
      return Promise.reject(new TypeError('a fingerprint is 64 lower-case hex digits'));
    return this.writes.run(async () => {
      const doc = await readPeople(this.file);
      apply(doc);
      await writePrivateFileAtomic(this.file, JSON.stringify({ version: 1, ...doc }, null, 2));
      this.doc = doc;
    });
  }
}

function personIn(doc: PeopleDoc, fingerprint: string, now: Date): Person {
  const existing = own(doc.people, fingerprint);
  if (existing) return existing;
  const person: Person = { nicks: [], trusted: false, firstSeen: now.toISOString() };
  doc.people[fingerprint] = person;
  return person;
}

function own<T>(record: Record<string, T>, key: string): T | undefined {
  return Object.hasOwn(record, key) ? record[key] : undefined;
}

async function readPeople(file: string): Promise<PeopleDoc> {
  const text = await readTextIfExists(file);
  if (text === undefined) return { people: {}, lastByNick: {} };
  const record = parseVersionedJson(file, WHAT, text);
  const { people, lastByNick } = record;
  if (!isObject(people) || !isObject(lastByNick)) {
    throw new CorruptFileError(file, WHAT, '"people" or "lastByNick" is not an object');
  }
  const doc: PeopleDoc = { people: {}, lastByNick: {} };
  for (const [fp, value] of Object.entries(people)) {
    const entry = value as Partial<Person> | null;
    if (
      !FINGERPRINT.test(fp) ||
      !isObject(entry) ||
      !Array.isArray(entry.nicks) ||
      !entry.nicks.every((nick) => typeof nick === 'string') ||
      typeof entry.trusted !== 'boolean' ||
      typeof entry.firstSeen !== 'string'
    ) {
      throw new CorruptFileError(file, WHAT, `bad entry for ${fp}`);
    }
    doc.people[fp] = { nicks: entry.nicks, trusted: entry.trusted, firstSeen: entry.firstSeen };
  }
  for (const [nick, fp] of Object.entries(lastByNick)) {
    if (typeof fp !== 'string' || !FINGERPRINT.test(fp)) throw new CorruptFileError(file, WHAT, `bad key of ${nick}`);
    doc.lastByNick[nick] = fp;
  }
  return doc;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
