import { InputError } from '@loadlens/types';
import { describe, expect, it } from 'vitest';
import { parseHostPort, parseWrapFlags } from './wrap-options.ts';

function problem(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(InputError);
    return (error as Error).message;
  }
  throw new Error('expected an InputError');
}

describe('wrap flags', () => {
  it('applies the documented defaults', () => {
    const options = parseWrapFlags({ target: 'http://127.0.0.1:8080' });
    expect(options).toMatchObject({
      listen: { host: '127.0.0.1', port: 9080 },
      side: { host: '127.0.0.1', port: 0 },
      sampleRatio: 1,
      maxBodyBytes: 100 * 1024 * 1024,
      headerTimeoutMs: 10_000,
      idleTimeoutMs: 60_000,
      upstreamTimeoutMs: 60_000,
      maxConnections: 8192,
      watch: [],
      command: [],
    });
  });

  it('reads ratios, percentages, durations, repeated and comma-separated watches and the command', () => {
    const options = parseWrapFlags({
      sample: '10%',
      headerTimeout: '500ms',
      watch: ['postgres', '123,nginx'],
      profile: 'cpu',
      command: ['node', 'server.js'],
    });
    expect(options).toMatchObject({
      sampleRatio: 0.1,
      headerTimeoutMs: 500,
      watch: ['postgres', '123', 'nginx'],
      target: undefined,
    });
    expect(parseWrapFlags({ target: 'http://h:1', sample: '0.25' }).sampleRatio).toBe(0.25);
    expect(parseHostPort(':9', '--x')).toEqual({ host: '127.0.0.1', port: 9 });
    expect(parseHostPort('[::1]:9', '--x')).toEqual({ host: '::1', port: 9 });
  });

  it('names the flag and the bad value in one line', () => {
    expect(problem(() => parseWrapFlags({}))).toBe(
      'wrap: give --target http://host:port, or a command to start after -- (see loadlens wrap --help)',
    );
    expect(problem(() => parseWrapFlags({ target: 'localhost:8080' }))).toBe(
      '--target: only http:// targets are supported, got "localhost:8080"',
    );
    expect(problem(() => parseWrapFlags({ target: 'http://h:1/api' }))).toBe(
      '--target: give the origin only (http://host:port), got "http://h:1/api"',
    );
    expect(problem(() => parseWrapFlags({ target: 'http://h:1', sample: '2' }))).toBe(
      '--sample: expected a ratio between 0 and 1 like 0.1 or 10%, got "2"',
    );
    expect(problem(() => parseWrapFlags({ target: 'http://h:1', listen: 'nope' }))).toBe(
      '--listen: expected host:port like 127.0.0.1:9080, got "nope"',
    );
    expect(problem(() => parseWrapFlags({ target: 'http://h:1', headerTimeout: 'soon' }))).toBe(
      '--header-timeout: expected a duration like 10s or 500ms, got "soon"',
    );
    expect(problem(() => parseWrapFlags({ target: 'http://h:1', maxBodyMb: '-1' }))).toBe(
      '--max-body-mb: expected a positive number of megabytes, got "-1"',
    );
    expect(problem(() => parseWrapFlags({ target: 'http://h:1', profile: 'heap' }))).toBe(
      '--profile: the only profile is "cpu", got "heap"',
    );
    expect(problem(() => parseWrapFlags({ target: 'http://h:1', profile: 'cpu' }))).toBe(
      '--profile cpu needs the server started by wrap (a Node command after --)',
    );
  });
});

describe('--target-log', () => {
  it('is taken with a command and refused without one', () => {
    expect(parseWrapFlags({ targetLog: 'app.log', command: ['node', 'server.js'] }).targetLog).toBe(
      'app.log',
    );
    expect(() => parseWrapFlags({ target: 'http://127.0.0.1:1', targetLog: 'app.log' })).toThrow(
      '--target-log needs the server started by wrap (a command after --)',
    );
  });
});
