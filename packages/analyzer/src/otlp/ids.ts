// Trace and span ids as the contract wants them: lowercase hex. OTLP JSON says hex, but protobuf-JSON
// encoders (grpc-gateway, protobufjs toObject) write bytes as base64, so both are accepted.

/**
 * `value` in lowercase when it is all hex digits, else undefined. A loop over the character codes rather
 * than a regex and toLowerCase: this runs three times per span, and ids are nearly always lowercase
 * already, so the string itself is returned.
 */
function lowerHex(value: string): string | undefined {
  let upper = false;
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if ((c >= 48 && c <= 57) || (c >= 97 && c <= 102)) continue;
    if (c >= 65 && c <= 70) upper = true;
    else return undefined;
  }
  return upper ? value.toLowerCase() : value;
}

/** Lowercase hex of `bytes` id bytes from a hex or base64 string; '' for empty; undefined when invalid. */
export function idFromJson(value: unknown, bytes: 8 | 16): string | undefined {
  if (value === undefined || value === null || value === '') return '';
  if (typeof value !== 'string') return undefined;
  if (value.length === bytes * 2) {
    const hex = lowerHex(value);
    if (hex !== undefined) return hex;
  }
  const decoded = decodeBase64(value);
  if (decoded?.length !== bytes) return undefined;
  return hexOf(decoded, 0, bytes);
}

function decodeBase64(value: string): Uint8Array | undefined {
  if (!/^[A-Za-z0-9+/_-]+={0,2}$/.test(value)) return undefined;
  const binary = atob(value.replace(/-/g, '+').replace(/_/g, '/'));
  const out = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) out[i] = binary.charCodeAt(i);
  return out;
}

const HEX_BYTE: string[] = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

/** Lowercase hex of `length` bytes of `buf` from `offset` (a table lookup: this runs twice per span). */
export function hexOf(buf: Uint8Array, offset: number, length: number): string {
  let out = '';
  for (let i = offset; i < offset + length; i++) out += HEX_BYTE[buf[i]!];
  return out;
}

/** True when every byte of the id is zero (OTLP's "no parent"). */
export function isZeroId(hex: string): boolean {
  for (let i = 0; i < hex.length; i++) if (hex.charCodeAt(i) !== 48) return false;
  return true;
}
