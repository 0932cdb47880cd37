// The e-mission entry format and request-body checks: every problem is one line naming where it is.
import { RequestError } from './errors.ts';

export interface EntryMetadata {
  key: string;
  write_ts: number;
  read_ts?: number;
  time_zone?: string;
  type: string;
  platform?: string;
  [field: string]: unknown;
}

/** One entry as phones upload it and find_entries returns it. */
export interface Entry {
  metadata: EntryMetadata;
  data: Record<string, unknown>;
}

/** An entry as stored: the columns the queries filter on, pulled out of the document. */
export interface StoredEntry extends Entry {
  key: string;
  writeTs: number;
  /** `data.ts`, or the write time for entries without a sensed time. */
  ts: number;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function bad(message: string): never {
  throw new RequestError(400, message);
}

/** The body must be a JSON object carrying `user` as a non-empty string. */
export function userOf(body: unknown): string {
  if (!isObject(body)) bad('the body must be a JSON object');
  const user = body.user;
  if (typeof user !== 'string' || user.length === 0)
    bad('body.user must be a non-empty string (the user token)');
  return user;
}

const LOCATION_FIELDS = ['latitude', 'longitude'] as const;

/** Checks one uploaded entry; `where` names it in the message, e.g. `phone_to_server[3]`. */
export function checkEntry(value: unknown, where: string): StoredEntry {
  if (!isObject(value)) bad(`${where} must be an object with metadata and data`);
  const { metadata, data } = value;
  if (!isObject(metadata)) bad(`${where}.metadata must be an object`);
  if (!isObject(data)) bad(`${where}.data must be an object`);
  if (typeof metadata.key !== 'string' || metadata.key === '') bad(`${where}.metadata.key must be a string`);
  if (typeof metadata.type !== 'string' || metadata.type === '')
    bad(`${where}.metadata.type must be a string`);
  if (typeof metadata.write_ts !== 'number' || !Number.isFinite(metadata.write_ts)) {
    bad(`${where}.metadata.write_ts must be a number (Unix seconds)`);
  }
  if (metadata.time_zone !== undefined && typeof metadata.time_zone !== 'string') {
    bad(`${where}.metadata.time_zone must be a string`);
  }
  if (data.ts !== undefined && (typeof data.ts !== 'number' || !Number.isFinite(data.ts))) {
    bad(`${where}.data.ts must be a number (Unix seconds)`);
  }
  if (metadata.key === 'background/location') {
    for (const field of LOCATION_FIELDS) {
      if (typeof data[field] !== 'number') bad(`${where}.data.${field} must be a number`);
    }
  }
  const meta = metadata as EntryMetadata;
  return {
    metadata: meta,
    data,
    key: meta.key,
    writeTs: meta.write_ts,
    ts: typeof data.ts === 'number' ? data.ts : meta.write_ts,
  };
}

/** `/usercache/put`: `{user, phone_to_server: [entry…]}`, every entry checked before anything is written. */
export function putBodyOf(body: unknown): StoredEntry[] {
  userOf(body);
  const list = (body as Record<string, unknown>).phone_to_server;
  if (!Array.isArray(list)) bad('body.phone_to_server must be an array of entries');
  return list.map((entry, index) => checkEntry(entry, `phone_to_server[${index}]`));
}

export interface FindQuery {
  keys: string[];
  start: number;
  end: number;
}

/** `/datastreams/find_entries/timestamp`: `{user, key_list, start_time, end_time}`. */
export function findBodyOf(body: unknown): FindQuery {
  userOf(body);
  const { key_list: keys, start_time: start, end_time: end } = body as Record<string, unknown>;
  if (!Array.isArray(keys) || keys.length === 0 || !keys.every((key) => typeof key === 'string')) {
    bad('body.key_list must be a non-empty array of keys such as "background/location"');
  }
  if (typeof start !== 'number' || typeof end !== 'number' || !(start <= end)) {
    bad('body.start_time and body.end_time must be Unix seconds with start_time <= end_time');
  }
  return { keys, start, end };
}
