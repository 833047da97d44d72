import { ArgumentMetadata } from '@nestjs/common';
import { IsEmail, IsString, MinLength } from 'class-validator';
import { ProblemException } from './problem';
import { createValidationPipe, unstorableKey } from './validation';

class CreatePerson {
  @IsString()
  @MinLength(2)
  name: string;

  @IsEmail()
  email: string;
}

const metadata: ArgumentMetadata = { type: 'body', metatype: CreatePerson };

describe('validation pipe', () => {
  const pipe = createValidationPipe();

  it('passes a valid body through as the DTO class', async () => {
    const value = await pipe.transform({ name: 'Anna', email: 'anna@example.com' }, metadata);
    expect(value).toBeInstanceOf(CreatePerson);
  });

  it('refuses unknown fields and names every failing field in a problem', async () => {
    const failure = await pipe.transform({ name: 'A', email: 'nope', isAdmin: true }, metadata).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(ProblemException);
    const problem = failure as ProblemException;
    expect(problem.slug).toBe('validation-failed');
    expect(problem.getStatus()).toBe(400);
    const fields = (problem.extensions.errors as Array<{ field: string }>).map((e) => e.field).sort();
    expect(fields).toEqual(['email', 'isAdmin', 'name']);
  });
});

describe('free-form objects', () => {
  it('names the first key that cannot be stored, at any depth', () => {
    expect(unstorableKey({ source: 'ads', nested: { ok: [1, { fine: true }] } })).toBeUndefined();
    expect(unstorableKey({ 'utm.source': 'ads' })).toMatch('key "utm.source" is not allowed');
    expect(unstorableKey({ list: [{ $gt: 1 }] })).toMatch('key "$gt" in list[0] is not allowed');
    expect(unstorableKey({ a: { b: { c: { d: { e: { f: { g: { h: { i: { j: 1 } } } } } } } } } })).toMatch('nests deeper than 8 levels');
  });
});
