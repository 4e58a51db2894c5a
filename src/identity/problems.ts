/** The identity module's error codes. A failed sign-in never says whether the user exists. */
import { defineProblems, type CodesOf } from '../problems.js';

export const IDENTITY_PROBLEMS = defineProblems({
  UNAUTHENTICATED: {
    status: 401,
    meaning: 'Sign in (session cookie) or send a valid API token; also a wrong password, or an expired, revoked or forged credential.',
  },
  FORBIDDEN: { status: 403, meaning: 'The signed-in user’s role does not allow this.' },
  WEAK_PASSWORD: { status: 400, meaning: 'A new password is shorter than 10 characters (or longer than 1,024).' },
  ALREADY_EXISTS: { status: 409, meaning: 'A user or agency of that name exists already.' },
});

declare module '../problems.js' {
  interface ProblemCodes extends CodesOf<typeof IDENTITY_PROBLEMS> {}
}
