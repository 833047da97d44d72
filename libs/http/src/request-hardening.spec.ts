import { BodyRefusal, MAX_JSON_DEPTH, jsonDepth, verifyJsonBody } from './request-hardening';

const refusal = (body: Buffer) => {
  try {
    verifyJsonBody(undefined, undefined, body);
    return undefined;
  } catch (error) {
    return (error as BodyRefusal).problem.slug;
  }
};

describe('JSON body checks', () => {
  it('measures nesting outside strings', () => {
    expect(jsonDepth(Buffer.from('{"a":[1,{"b":"[[[{{{"}],"c":"\\"{"}'))).toBe(3);
    expect(jsonDepth(Buffer.from('[]'))).toBe(1);
  });

  it('refuses bodies nested too deep and bytes that are not UTF-8', () => {
    expect(refusal(Buffer.from('['.repeat(MAX_JSON_DEPTH) + ']'.repeat(MAX_JSON_DEPTH)))).toBeUndefined();
    expect(refusal(Buffer.from('['.repeat(MAX_JSON_DEPTH + 1) + ']'.repeat(MAX_JSON_DEPTH + 1)))).toBe('too-deep');
    expect(refusal(Buffer.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xff, 0x22, 0x7d]))).toBe('invalid-utf8');
    expect(refusal(Buffer.from('{"name":"Zoë 😀"}'))).toBeUndefined();
  });
});
