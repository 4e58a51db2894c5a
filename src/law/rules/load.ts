import type { ClassRule } from '../rule-schema.js';
export async function loadRules(): Promise<ClassRule[]> {
  return [];
}
