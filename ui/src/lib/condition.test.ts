import { describe, expect, it } from 'vitest';
import { Illness, illness } from './condition';

describe('words for what the client is seen for', () => {
  it('names each condition group in its own words', () => {
    expect(illness('major_depression')).toBe('the depression');
    expect(illness('perinatal_depression')).toBe('the depression');
    expect(illness('dysthymia')).toBe('the persistent depression');
    expect(illness('bulimia_nervosa')).toBe('the bulimia');
    expect(illness('ptsd')).toBe('the PTSD');
    expect(illness('other')).toBe('the difficulties');
    expect(illness(null)).toBe('the difficulties');
    expect(Illness('bulimia_nervosa')).toBe('Bulimia');
    expect(Illness('ptsd')).toBe('PTSD');
    expect(Illness('dysthymia')).toBe('Persistent depression');
  });
});
