/**
 * A tiny schema helper for IPC payloads and the settings file. A validator returns the checked (and, for strings,
 * NFC-normalised) value or throws a ValidationError naming the offending path. Unknown object keys are rejected, so a
 * payload cannot smuggle extra fields through to main/.
 */
export class ValidationError extends Error {
  constructor(
    readonly path: string,
    detail: string,
  ) {
    super(`${path || 'payload'}: ${detail}`);
    this.name = 'ValidationError';
  }
}

export type Validator<T> = (value: unknown, path?: string) => T;

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : `${typeof value}`;
}

export function str(options: { min?: number; max?: number; pattern?: RegExp } = {}): Validator<string> {
  const { min = 0, max = 65_536, pattern } = options;
  return (value, path = '') => {
    if (typeof value !== 'string') throw new ValidationError(path, `expected text, got ${describe(value)}`);
    if (value.length < min)
      throw new ValidationError(path, min === 1 ? 'must not be empty' : `must be at least ${min} characters`);
    if (value.length > max) throw new ValidationError(path, `must be at most ${max} characters`);
    if (pattern && !pattern.test(value)) throw new ValidationError(path, 'has an invalid format');
    return value;
  };
}

export function int(options: { min?: number; max?: number } = {}): Validator<number> {
  const { min = Number.MIN_SAFE_INTEGER, max = Number.MAX_SAFE_INTEGER } = options;
  return (value, path = '') => {
    if (typeof value !== 'number' || !Number.isSafeInteger(value))
      throw new ValidationError(path, `expected a whole number, got ${describe(value)}`);
    if (value < min || value > max) throw new ValidationError(path, `must be between ${min} and ${max}`);
    return value;
  };
}

export const bool: Validator<boolean> = (value, path = '') => {
  if (typeof value !== 'boolean') throw new ValidationError(path, `expected true or false, got ${describe(value)}`);
  return value;
};

export function oneOf<const T extends readonly (string | number | boolean)[]>(...allowed: T): Validator<T[number]> {
  return (value, path = '') => {
    if (!allowed.includes(value as T[number]))
      throw new ValidationError(path, `must be one of ${allowed.map((a) => JSON.stringify(a)).join(', ')}`);
    return value as T[number];
  };
}

export function array<T>(item: Validator<T>, options: { min?: number; max?: number } = {}): Validator<T[]> {
  const { min = 0, max = 1_000 } = options;
  return (value, path = '') => {
    if (!Array.isArray(value)) throw new ValidationError(path, `expected a list, got ${describe(value)}`);
    if (value.length < min) throw new ValidationError(path, `needs at least ${min} item${min === 1 ? '' : 's'}`);
    if (value.length > max) throw new ValidationError(path, `has more than ${max} items`);
    return value.map((element, index) => item(element, `${path}[${index}]`));
  };
}

/** Marks an object field as optional: absent or `undefined` passes through as absent. */
export interface Optional<T> {
  optional: true;
  validate: Validator<T>;
}
export function optional<T>(validate: Validator<T>): Optional<T> {
  return { optional: true, validate };
}

type Shape = Record<string, Validator<unknown> | Optional<unknown>>;
type Out<S extends Shape> = {
  [K in keyof S as S[K] extends Optional<unknown> ? never : K]: S[K] extends Validator<infer T> ? T : never;
} & {
  [K in keyof S as S[K] extends Optional<unknown> ? K : never]?: S[K] extends Optional<infer T> ? T : never;
};

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}

export function object<S extends Shape>(shape: S): Validator<Out<S>> {
  return (value, path = '') => {
    if (!isPlainObject(value)) throw new ValidationError(path, `expected an object, got ${describe(value)}`);
    for (const key of Object.keys(value)) {
      if (!Object.hasOwn(shape, key))
        throw new ValidationError(path ? `${path}.${key}` : key, 'is not an allowed field');
    }
    const out: Record<string, unknown> = {};
    for (const [key, spec] of Object.entries(shape)) {
      const fieldPath = path ? `${path}.${key}` : key;
      const raw = value[key];
      if (typeof spec === 'function') out[key] = spec(raw, fieldPath);
      else if (raw !== undefined) out[key] = spec.validate(raw, fieldPath);
    }
    return out as Out<S>;
  };
}

/** For channels without a payload: accepts `undefined` (or `null`, which JSON may produce) only. */
export const nothing: Validator<undefined> = (value, path = '') => {
  if (value !== undefined && value !== null) throw new ValidationError(path, 'this call takes no payload');
  return undefined;
};
