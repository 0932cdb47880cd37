// The protobuf writer's hex fields (trace and span ids): decoded digit by digit, either case, and never
// fewer bytes than the length prefix promises.
import { describe, expect, it } from 'vitest';
import { ProtobufWriter } from './protobuf-writer.ts';

function hexField(value: string): Buffer {
  return Buffer.from(new ProtobufWriter(4).hex(4, value).finish());
}

describe('ProtobufWriter.hex', () => {
  it('writes the tag, the length and the bytes of an id, in either case', () => {
    const id = '0af7651916cd43dd8448eb211c80319c';
    expect(hexField(id)).toEqual(Buffer.concat([Buffer.from([0x22, 16]), Buffer.from(id, 'hex')]));
    expect(hexField(id.toUpperCase())).toEqual(hexField(id));
    expect(hexField('b7ad6b7169203331').subarray(2).toString('hex')).toBe('b7ad6b7169203331');
  });

  it('keeps the promised length when a character is not a hex digit', () => {
    const field = hexField('zz01éé02');
    expect(field[1]).toBe(4);
    expect(field.subarray(2)).toEqual(Buffer.from([0x00, 0x01, 0x00, 0x02]));
  });
});
