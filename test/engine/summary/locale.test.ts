import { describe, expect, it } from 'vitest';
import { referenceDeals } from '../../helpers';
import { build, rowIn, rowsOf, vs } from './summaryHelpers';

describe('summary: Russian labels', () => {
  const plan = [['Месяц', 'Менеджер', 'План'], ['2024-03', 'Anna', 400000], ['2024-03', 'Boris', 100000]];
  const layout = build(referenceDeals(), { locale: 'ru', plan });

  it('names the sheet, the title and the subtitle in Russian', () => {
    expect(layout.name).toBe('Сводка KPI');
    expect(layout.rows[0][0].v).toBe('Сводка KPI продаж');
    expect(layout.rows[1][0].v).toBe(
      'Лист сделок: Deals · Период: 2024-03 (последний полный месяц с данными) · строк прочитано: 15, использовано: 15 · сформировано 2025-01-01',
    );
  });
  it('titles the blocks and headers in Russian', () => {
    expect(layout.blocks.map((b) => b.title)).toEqual([
      'Обзор', 'По периодам', 'По менеджерам за 2024-03', 'Воронка', 'Ценность клиентов на 2024-03-31', 'Качество данных',
    ]);
    expect(vs(rowsOf(layout, 'overview')[1])).toEqual([
      'Показатель', 'Значение: 2024-03', 'Предыдущий: 2024-02', 'Изменение', 'Тренд', 'План', 'Статус',
    ]);
    expect(rowsOf(layout, 'byPeriod')[1][0].v).toBe('Месяц');
    expect(vs(rowsOf(layout, 'dataQuality')[2])).toEqual(['Прочитано строк', 15]);
  });
  it('uses the catalog\'s Russian KPI titles and Russian status words', () => {
    expect(vs(rowIn(layout, 'overview', 'Объём продаж').cells.slice(0, 3))).toEqual(['Объём продаж', 400000, 250000]);
    // Plan 500 000 in total, sales 400 000: 80 %, below plan.
    expect(rowIn(layout, 'overview', 'Объём продаж').cells[6]).toEqual({ v: 'Плохо', style: 'value', status: 'bad' });
    expect(rowIn(layout, 'byRep', 'Anna').cells[3]).toMatchObject({ v: 1, status: 'good' });
    expect(rowsOf(layout, 'byRep')[1].map((c) => c.v)).toContain('Доля выигранных сделок');
  });
  it('writes dates in the Russian order and explains the change rule in Russian', () => {
    expect(layout.formats.date).toBe('dd.mm.yyyy');
    expect(rowsOf(layout, 'overview')[1][3].note).toContain('в процентных пунктах');
  });
});
