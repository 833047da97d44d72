import { ArgumentMetadata } from '@nestjs/common';
import { IsEmail, IsString, MinLength } from 'class-validator';
import { ProblemException } from './problem';
import { createValidationPipe } from './validation';

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
