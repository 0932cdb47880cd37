import { describe, expect, it } from 'vitest';
import { Http1ResponseParser } from './http1-response-parser.ts';

function parse(pieces: string[], wantBody = true) {
  const events: string[] = [];
  const parser = new Http1ResponseParser({
    onHead: (status) => events.push(`head ${status}`),
    onBody: (chunk) => events.push(`body ${chunk.toString()}`),
    onComplete: (keepAlive) => events.push(`done keepAlive=${keepAlive}`),
  });
  parser.wantBody = wantBody;
  for (const piece of pieces) {
    // A shared read buffer bigger than the data, reused (and scribbled over) between reads.
    const buffer = Buffer.alloc(256, 'x');
    const length = buffer.write(piece, 'latin1');
    const problem = parser.feed(buffer, length);
    if (problem) events.push(`error ${problem}`);
    buffer.fill('#');
  }
  return events;
}

describe('Http1ResponseParser', () => {
  it('reads a content-length body split anywhere, heads included', () => {
    const response = 'HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello';
    for (let cut = 1; cut < response.length; cut++) {
      const events = parse([response.slice(0, cut), response.slice(cut)]);
      expect(events[0]).toBe('head 200');
      expect(
        events
          .filter((e) => e.startsWith('body'))
          .map((e) => e.slice(5))
          .join(''),
      ).toBe('hello');
      expect(events.at(-1)).toBe('done keepAlive=true');
    }
  });

  it('decodes chunked bodies with trailers, split mid-size-line', () => {
    expect(
      parse([
        'HTTP/1.1 201 Created\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nab',
        'c\r\n1',
        '0\r\n0123456789abcdef\r\n0\r\nX-T: 1\r\n\r\n',
      ]),
    ).toEqual(['head 201', 'body ab', 'body c', 'body 0123456789abcdef', 'done keepAlive=true']);
  });

  it('honours Connection: close, HTTP/1.0, 204 and bodies delimited by close', () => {
    expect(parse(['HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 0\r\n\r\n'])).toEqual([
      'head 200',
      'done keepAlive=false',
    ]);
    expect(parse(['HTTP/1.0 204 No Content\r\n\r\n'])).toEqual(['head 204', 'done keepAlive=false']);
    expect(parse(['HTTP/1.1 200 OK\r\n\r\nuntil close'])).toEqual(['head 200', 'body until close']);
  });

  it('skips interim 100 Continue responses and rejects garbage', () => {
    expect(
      parse(['HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 404 Not Found\r\ncontent-length: 2\r\n\r\nno']),
    ).toEqual(['head 404', 'body no', 'done keepAlive=true']);
    expect(parse(['SSH-2.0-OpenSSH\r\n\r\n'])).toEqual(['error not an HTTP/1.x response']);
  });
});
