import { describe, expect, it } from 'vitest';
import type { JobContext } from '../jobs/handler.js';
import { ProblemError } from '../problems.js';
import { classifyJob, MAX_JOB_STRUCTURES, validateClassifyJob } from './classify-job.js';
import { loadClassifier } from './index.js';
import { JURISDICTIONS, today } from './verdict.js';

const FENTANYL = 'CCC(=O)N(c1ccccc1)C1CCN(CCc2ccccc2)CC1';

function codeOf(input: unknown): string | undefined {
  try {
    validateClassifyJob(input);
    return undefined;
  } catch (err) {
    expect(err).toBeInstanceOf(ProblemError);
    return (err as ProblemError).problem.code;
  }
}

function context(signal = new AbortController().signal, resume: { startAt: number; summarySoFar: Record<string, number> } = { startAt: 0, summarySoFar: {} }) {
  const lines: string[] = [];
  const progress: number[] = [];
  const ctx: JobContext = { signal, ...resume, progress: (done) => void progress.push(done), emit: (l) => lines.push(...l) };
  return { ctx, lines, progress };
}

describe('classify job: input', () => {
  it('fills in today and every jurisdiction, and keeps the structures as given', () => {
    expect(validateClassifyJob({ structures: ['CCO', ' CCN '] })).toEqual({ structures: ['CCO', ' CCN '], asOf: today(), jurisdictions: [...JURISDICTIONS] });
    expect(validateClassifyJob({ structures: ['CCO'], asOf: '2020-02-29', jurisdictions: ['US', 'US', 'CN'] })).toEqual({ structures: ['CCO'], asOf: '2020-02-29', jurisdictions: ['US', 'CN'] });
    expect(classifyJob.total(validateClassifyJob({ structures: ['CCO', 'CCN', 'CCC'] }))).toBe(3);
  });

  it.each([
    [{ structures: ['CCO'], asOf: '2021-02-29' }, 'INVALID_DATE'],
    [{ structures: ['CCO'], asOf: '2021-2-3' }, 'INVALID_DATE'],
    [{ structures: ['CCO'], jurisdictions: ['XX'] }, 'UNKNOWN_JURISDICTION'],
    [{ structures: ['CCO'], jurisdictions: [] }, 'INVALID_REQUEST'],
    [{ structures: [] }, 'INVALID_REQUEST'],
    [{ structures: 'CCO' }, 'INVALID_REQUEST'],
    [{ structures: ['CCO', 3] }, 'INVALID_REQUEST'],
    [{ structures: ['CCO'], extra: 1 }, 'INVALID_REQUEST'],
    [null, 'INVALID_REQUEST'],
    [{ structures: Array.from({ length: MAX_JOB_STRUCTURES + 1 }, () => 'C') }, 'BATCH_TOO_LARGE'],
  ])('refuses %#: %s', (input, code) => {
    expect(codeOf(input)).toBe(code);
  });

  it('names the bad field', () => {
    try {
      validateClassifyJob({ structures: ['CCO', 3] });
      expect.unreachable();
    } catch (err) {
      expect((err as ProblemError).problem.where).toEqual({ field: 'structures.1' });
    }
  });
});

describe('classify job: run', () => {
  it('answers each structure with the Verdict JSON of the classifier, in input order, with progress and a summary', async () => {
    const structures = Array.from({ length: 120 }, (_, i) => [FENTANYL, 'CCO', 'C1CC', 'c1ccccc1', ''][i % 5]);
    const input = validateClassifyJob({ structures, asOf: '2025-01-01', jurisdictions: ['US', 'CN'] });
    const { ctx, lines, progress } = context();
    const summary = await classifyJob.run(input, ctx);

    expect(lines).toHaveLength(120);
    const classifier = await loadClassifier();
    for (const i of [0, 1, 2, 3, 4, 119]) expect(lines[i]).toBe(JSON.stringify(classifier.classify(structures[i], { asOf: '2025-01-01', jurisdictions: ['US', 'CN'] })));
    expect(lines.map((l) => JSON.parse(l).input)).toEqual(structures);
    expect(summary).toMatchObject({ controlled: 24, errors: 48, 'controlled.US': 24, 'controlled.CN': 24, 'rule.US-CSA-II': 24 });
    expect(progress).toEqual([50, 100, 120]);
  });

  it('resumes after the units an earlier attempt finished, counting them in the summary', async () => {
    const structures = Array.from({ length: 120 }, (_, i) => [FENTANYL, 'CCO', 'C1CC', 'c1ccccc1', ''][i % 5]);
    const input = validateClassifyJob({ structures, asOf: '2025-01-01', jurisdictions: ['US', 'CN'] });
    const whole = context();
    const at: Record<number, Record<string, number>> = {};
    const all = await classifyJob.run(input, { ...whole.ctx, progress: (done, summary) => void (at[done] = summary) });
    const resumed = context(undefined, { startAt: 50, summarySoFar: at[50] });
    const summary = await classifyJob.run(input, resumed.ctx);
    expect(resumed.lines).toEqual(whole.lines.slice(50));
    expect(resumed.progress).toEqual([100, 120]);
    expect(summary).toEqual(all);
    expect(whole.lines).toHaveLength(120);
  });

  it('stops between slices when cancelled', async () => {
    const controller = new AbortController();
    const { ctx, lines } = context(controller.signal);
    const input = validateClassifyJob({ structures: Array.from({ length: 500 }, () => 'CCO') });
    const running = classifyJob.run(input, { ...ctx, progress: (done) => void (done >= 100 && controller.abort()) });
    await expect(running).rejects.toThrow();
    expect(lines.length).toBe(100);
  });
});
