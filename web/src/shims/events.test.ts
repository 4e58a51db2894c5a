import { describe, expect, it } from 'vitest';
import { EventEmitter } from './events.js';

describe('EventEmitter shim', () => {
  it('calls listeners in order with the emitted arguments', () => {
    const e = new EventEmitter();
    const seen: unknown[] = [];
    e.on('x', (a, b) => seen.push(['first', a, b]));
    e.on('x', (a) => seen.push(['second', a]));
    expect(e.emit('x', 1, 2)).toBe(true);
    expect(seen).toEqual([['first', 1, 2], ['second', 1]]);
  });

  it('removes a listener with off and reports no listeners', () => {
    const e = new EventEmitter();
    let calls = 0;
    const l = () => calls++;
    e.on('x', l);
    e.off('x', l);
    expect(e.emit('x')).toBe(false);
    expect(calls).toBe(0);
    expect(e.listenerCount('x')).toBe(0);
  });

  it('fires a once listener a single time', () => {
    const e = new EventEmitter();
    let calls = 0;
    e.once('x', () => calls++);
    e.emit('x');
    e.emit('x');
    expect(calls).toBe(1);
  });
});
