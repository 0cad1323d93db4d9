import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

const { loadRater } = vi.hoisted(() => ({ loadRater: vi.fn() }));
vi.mock('./passphrase', async (original) => ({
  ...(await original<typeof import('./passphrase')>()),
  loadRater,
}));

import type { PassphraseStrength } from './bindings/PassphraseStrength';
import { PassphraseAssessment } from './strength.svelte';

/** Rates by length alone, and counts its calls. */
const rate = vi.fn((passphrase: string): PassphraseStrength => {
  const acceptable = passphrase.length >= 20;
  return { score: acceptable ? 4 : 1, acceptable, problem: acceptable ? null : 'Longer.' };
});

beforeEach(() => {
  vi.useFakeTimers();
  rate.mockClear();
  loadRater.mockReset();
});

afterEach(() => {
  vi.useRealTimers();
});

describe('PassphraseAssessment', () => {
  it('rates after a pause in typing, and only the last text typed', async () => {
    loadRater.mockResolvedValue(rate);
    const assessment = new PassphraseAssessment(100);
    await vi.advanceTimersByTimeAsync(0);
    assessment.update('copper');
    assessment.update('copper lantern');
    assessment.update('copper lantern orchard');
    expect(rate).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(100);
    expect(rate.mock.calls).toEqual([['copper lantern orchard']]);
    expect(assessment.strength?.acceptable).toBe(true);
    expect(assessment.isAcceptable('copper lantern orchard')).toBe(true);
    // A keystroke later, the rating no longer counts until the new text is rated.
    assessment.update('copper lantern orchard!');
    expect(assessment.isAcceptable('copper lantern orchard!')).toBe(false);
    expect(assessment.strength?.acceptable).toBe(true);
    await vi.advanceTimersByTimeAsync(100);
    expect(assessment.isAcceptable('copper lantern orchard!')).toBe(true);
    assessment.update('');
    expect(assessment.strength).toBeNull();
    assessment.dispose();
  });

  it('rates what was typed before the rating had loaded, once it has', async () => {
    let loaded: (rater: typeof rate) => void = () => undefined;
    loadRater.mockReturnValue(new Promise((resolve) => (loaded = resolve)));
    const assessment = new PassphraseAssessment(100);
    assessment.update('typed before the rating was ready');
    await vi.advanceTimersByTimeAsync(500);
    expect(assessment.strength).toBeNull();
    loaded(rate);
    await vi.advanceTimersByTimeAsync(100);
    expect(rate.mock.calls).toEqual([['typed before the rating was ready']]);
    expect(assessment.isAcceptable('typed before the rating was ready')).toBe(true);
    assessment.dispose();
  });

  it('leaves the verdict to the core when the rating cannot load', async () => {
    loadRater.mockRejectedValue(new Error('not loaded'));
    const assessment = new PassphraseAssessment(100);
    await vi.advanceTimersByTimeAsync(0);
    expect(assessment.unavailable).toBe(true);
    expect(assessment.strength).toBeNull();
    // Only the length is checked here; the core rates the passphrase on submit.
    expect(assessment.isAcceptable('too short')).toBe(false);
    expect(assessment.isAcceptable('long enough here')).toBe(true);
    assessment.dispose();
  });

  it('stops rating once its form is gone', async () => {
    loadRater.mockResolvedValue(rate);
    const assessment = new PassphraseAssessment(100);
    await vi.advanceTimersByTimeAsync(0);
    assessment.update('copper lantern orchard violet');
    assessment.dispose();
    await vi.advanceTimersByTimeAsync(500);
    expect(rate).not.toHaveBeenCalled();
    expect(assessment.strength).toBeNull();
  });
});
