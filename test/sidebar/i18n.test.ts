/** The sidebar's dictionary: the same labels in English and Russian. */
import { describe, expect, it } from 'vitest';
import { DICTIONARIES, fill, translator, type Key } from '../../sidebar/i18n';
import { FIELDS, GRANULARITIES } from '../../sidebar/options';
import { STEPS } from '../../sidebar/progress';

const marks = (text: string): string[] => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('the dictionary', () => {
  const { en, ru } = DICTIONARIES;

  it('has the same keys in both languages', () => {
    expect(Object.keys(ru).sort()).toEqual(Object.keys(en).sort());
  });

  it('has a non-empty label for every key, with the same {marks} in both languages', () => {
    for (const key of Object.keys(en) as Key[]) {
      expect(en[key].trim(), key).not.toBe('');
      expect(ru[key].trim(), key).not.toBe('');
      expect(marks(ru[key]), key).toEqual(marks(en[key]));
    }
  });

  it('is translated: Russian labels are in Cyrillic (but for language names and pure patterns)', () => {
    const same = (Object.keys(en) as Key[]).filter((k) => !/[А-Яа-яЁё]/.test(ru[k]));
    expect(same.sort()).toEqual(['headerOption', 'locale_en', 'sideOption'].sort());
  });

  it('has a label for every field, granularity, progress step and step state', () => {
    const keys = new Set(Object.keys(en));
    for (const f of FIELDS) expect(keys.has(`field_${f}`), f).toBe(true);
    for (const g of GRANULARITIES) expect(keys.has(`gran_${g}`), g).toBe(true);
    for (const s of STEPS) expect(keys.has(`step_${s}`), s).toBe(true);
    for (const s of ['pending', 'active', 'done', 'failed']) expect(keys.has(`state_${s}`), s).toBe(true);
  });
});

describe('translator', () => {
  it('picks the language and fills in values', () => {
    expect(translator('en')('rowsRead', { n: 12 })).toBe('Rows read: 12');
    expect(translator('ru')('rowsRead', { n: 12 })).toBe('Прочитано строк: 12');
    expect(translator('de')('build')).toBe('Build summary');
  });

  it('leaves unknown marks as they are and puts values in literally', () => {
    expect(fill('{a} and {b}', { a: '$& <b>' })).toBe('$& <b> and {b}');
    expect(fill('{toString}', {})).toBe('{toString}');
  });
});
