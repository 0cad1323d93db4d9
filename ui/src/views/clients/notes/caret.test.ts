import { describe, expect, it } from 'vitest';
import { caretIn, restoreCaret } from './caret';

describe('the caret of a draft', () => {
  it('is read from a text area and put back where it was', () => {
    const area = document.createElement('textarea');
    document.body.append(area);
    area.value = 'She argued with her sister.';
    restoreCaret(area, 7);
    expect(document.activeElement).toBe(area);
    expect(caretIn('narrative', area)).toEqual({ field: 'narrative', offset: 7 });
    area.remove();
  });

  it('is at 0 in an input without a selection, or with no element', () => {
    const number = document.createElement('input');
    number.type = 'number';
    document.body.append(number);
    restoreCaret(number, 3);
    expect(caretIn('mood', number)).toEqual({ field: 'mood', offset: 0 });
    expect(caretIn('gone', null)).toEqual({ field: 'gone', offset: 0 });
    number.remove();
  });
});
