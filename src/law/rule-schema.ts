import { z } from 'zod';
export const ClassRuleSchema = z.object({ id: z.string(), version: z.string(), jurisdiction: z.enum(['US', 'CN', 'UN']) }).passthrough();
export type ClassRule = z.infer<typeof ClassRuleSchema>;
