import { describe, expect, it } from 'vitest';
import type { RiskLevel } from '../../../lib/bindings/RiskLevel';
import { isRaised, lowersOpenFlag } from './risk';

describe('risk check rules', () => {
  it('knows which levels are raised', () => {
    expect(['moderate', 'high'].every((l) => isRaised(l as RiskLevel))).toBe(true);
    expect(['not_asked', 'no_concerns', 'low'].some((l) => isRaised(l as RiskLevel))).toBe(false);
    expect(isRaised(null)).toBe(false);
  });

  it('asks for the assessment only when a level lowers the open flag', () => {
    expect(lowersOpenFlag('low', 'high')).toBe(true);
    expect(lowersOpenFlag('moderate', 'high')).toBe(true);
    expect(lowersOpenFlag('no_concerns', 'moderate')).toBe(true);
    expect(lowersOpenFlag('high', 'high')).toBe(false);
    expect(lowersOpenFlag('high', 'moderate')).toBe(false);
    expect(lowersOpenFlag('not_asked', 'high')).toBe(false);
    expect(lowersOpenFlag('low', null)).toBe(false);
  });
});
