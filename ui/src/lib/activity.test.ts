import { describe, expect, it, vi } from 'vitest';
import { reportActivity } from './activity';
import { Countdown, secondsFromMessage } from './countdown.svelte';
import { formatWait } from './format';

describe('reportActivity', () => {
  it('reports at once, then at most once per interval', () => {
    const target = new EventTarget();
    const report = vi.fn(async () => undefined);
    let now = 1_000;
    const stop = reportActivity(target, report, 10_000, () => now);

    target.dispatchEvent(new Event('pointermove'));
    expect(report).toHaveBeenCalledTimes(1);

    now += 4_000;
    target.dispatchEvent(new Event('keydown'));
    target.dispatchEvent(new Event('wheel'));
    expect(report).toHaveBeenCalledTimes(1);

    now += 6_000;
    target.dispatchEvent(new Event('pointerdown'));
    expect(report).toHaveBeenCalledTimes(2);

    stop();
    now += 60_000;
    target.dispatchEvent(new Event('keydown'));
    expect(report).toHaveBeenCalledTimes(2);
  });

  it('ignores a failed report', async () => {
    const target = new EventTarget();
    const report = vi.fn(async () => {
      throw new Error('gone');
    });
    reportActivity(target, report);
    target.dispatchEvent(new Event('keydown'));
    await Promise.resolve();
    expect(report).toHaveBeenCalledTimes(1);
  });
});

describe('Countdown', () => {
  it('runs down to zero against the clock', () => {
    vi.useFakeTimers();
    try {
      const countdown = new Countdown();
      countdown.start(3);
      expect(countdown.remaining).toBe(3);
      expect(countdown.running).toBe(true);
      vi.advanceTimersByTime(1_000);
      expect(countdown.remaining).toBe(2);
      vi.advanceTimersByTime(2_000);
      expect(countdown.remaining).toBe(0);
      expect(countdown.running).toBe(false);
    } finally {
      vi.useRealTimers();
    }
  });

  it('reads the seconds out of the core’s message as a fallback', () => {
    expect(secondsFromMessage('Too many failed attempts. Try again in 30 seconds.')).toBe(30);
    expect(secondsFromMessage('Try later.')).toBeNull();
  });

  it('formats waits as minutes and seconds', () => {
    expect(formatWait(0)).toBe('0:00');
    expect(formatWait(42)).toBe('0:42');
    expect(formatWait(125)).toBe('2:05');
  });
});
