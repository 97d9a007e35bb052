/**
 * The sidebar: pick a deal table, check its columns, choose the period, KPIs and options, build the summary,
 * see what was skipped, and explain a summary cell. Plain DOM code; every value from the server is put in
 * as text (dom.ts). Stable ids and data-testid attributes are listed in sidebar/README.md.
 */
import type {
  BuildResult, CellExplanation, ColumnMapping, Granularity, Locale, SidebarState, TableInspection, TableRef,
} from '../src/addon/api';
import { call, errorMessage } from './call';
import { append, clear, fillWith, h } from './dom';
import { columnLetters, firstColumn, formatCount, formatValue, sheetUrl, skippedRows } from './format';
import { translator, type Key, type Translate } from './i18n';
import {
  FIELDS, GRANULARITIES, checkedKpis, initialChoices, missingFields, selectionChoice, sideChoices, tableChoices,
  tableKey, toBuildOptions, withField, type SideChoice, type TableChoice,
} from './options';
import { STEPS, stepStates, type Outcome } from './progress';

/** How many of an explanation's deal rows are listed as links. */
const EXPLAIN_ROWS_SHOWN = 100;

function byId<T extends HTMLElement>(id: string): T {
  return document.getElementById(id) as T;
}

/** A labelled control in a block: the label above, the control below. */
function field(id: string, label: string, control: HTMLElement, ...more: (HTMLElement | null)[]): HTMLElement {
  return h('div', { class: 'field' }, h('label', { for: id }, label), control, ...more);
}

/** A `<select>` with options [value, text]. */
function select(attrs: Record<string, string>, options: readonly (readonly [string, string])[], value: string): HTMLSelectElement {
  const el = h('select', attrs);
  for (const [v, text] of options) el.appendChild(h('option', { value: v }, text));
  el.value = value;
  return el;
}

/** A table that scrolls inside its own box, reachable with the keyboard. */
function scrollBox(label: string, table: HTMLTableElement, testid: string): HTMLElement {
  return h('div', { class: 'scroll', tabindex: 0, role: 'region', 'aria-label': label, 'data-testid': `${testid}-box` }, table);
}

function mount(state: SidebarState, app: HTMLElement, errorBox: HTMLElement): void {
  const t: Translate = translator(state.locale);
  const locale: Locale = state.locale;
  document.documentElement.lang = locale;
  const fieldLabel = (f: string): string => (FIELDS.includes(f as (typeof FIELDS)[number]) ? t(`field_${f}` as Key) : f);

  let tables: TableChoice[] = tableChoices(state);
  const plans = sideChoices(state, 'plan');
  const spends = sideChoices(state, 'spend');
  const init = initialChoices(state, tables, plans, spends);
  const kpiById = new Map(state.kpis.map((k) => [k.id, k]));

  let inspection: TableInspection | null = null;
  let mapping: ColumnMapping = {};
  const excluded = new Set(init.excluded);
  let inspectSeq = 0;
  let inspecting = false;
  let building = false;
  let explaining = false;

  const showError = (e: unknown): void => {
    errorBox.textContent = errorMessage(e);
    errorBox.scrollIntoView?.({ block: 'nearest' });
  };
  const clearError = (): void => {
    errorBox.textContent = '';
  };
  const current = (): TableChoice | undefined => tables.find((c) => c.key === tablePick.value);

  // ---- The deal table ----
  const tablePick = h('select', { id: 'table', 'data-testid': 'table-picker' });
  const tableNote = h('p', { id: 'table-note', class: 'muted' });
  const useSelection = h('button', { type: 'button', id: 'use-selection', 'data-testid': 'use-selection' }, t('useSelection'));

  const tableLabel = (c: TableChoice): string => {
    if (c.kind === 'selection') return t('tableSelection', { sheet: c.ref.sheet, range: c.ref.range ?? '' });
    if (c.kind === 'saved') return t('tableSaved', { table: c.key });
    return c.ref.range
      ? t('tableOption', { sheet: c.ref.sheet, range: c.ref.range, rows: formatCount(c.rows ?? 0, locale) })
      : t('tableSheet', { sheet: c.ref.sheet, rows: formatCount(c.rows ?? 0, locale) });
  };
  const fillTables = (value: string | null): void => {
    clear(tablePick);
    if (!tables.length) tablePick.appendChild(h('option', { value: '' }, t('noTable')));
    for (const c of tables) tablePick.appendChild(h('option', { value: c.key, 'data-kind': c.kind }, tableLabel(c)));
    if (value !== null) tablePick.value = value;
    tableNote.textContent = tables.length ? '' : t('noTables');
    tableNote.hidden = tables.length > 0;
  };
  fillTables(init.table);

  tablePick.addEventListener('change', () => inspect());
  useSelection.addEventListener('click', () => {
    clearError();
    useSelection.setAttribute('aria-busy', 'true');
    call('sidebarState').then(
      (fresh) => {
        const sel = fresh.selection;
        if (!sel) {
          showError(t('errNoSelection'));
          return;
        }
        const key = tableKey(sel);
        tables = tables.filter((c) => c.kind !== 'selection');
        const choice = selectionChoice({ tables: fresh.tables, selection: sel });
        if (choice && !tables.some((c) => c.key === key)) tables.push(choice);
        fillTables(key);
        inspect();
      },
      showError,
    ).then(() => useSelection.removeAttribute('aria-busy'));
  });

  // ---- The columns ----
  const mappingGrid = h('div', { class: 'grid', id: 'mapping', 'data-testid': 'mapping' });
  const selects = new Map<string, HTMLSelectElement>();
  let mappingFor = '';
  let mappingTable = '';
  const renderMapping = (insp: TableInspection, table: TableChoice): void => {
    const key = JSON.stringify([table.key, insp.headers]);
    if (key !== mappingFor) {
      mappingFor = key;
      mappingTable = table.key;
      clear(mappingGrid);
      selects.clear();
      const start = firstColumn(table.ref.range);
      const options: [string, string][] = [['', t('notMapped')]];
      insp.headers.forEach((header, i) => {
        const text = header.trim() ? header : t('blankHeader');
        options.push([String(i), t('headerOption', { header: text, column: columnLetters(start + i) })]);
      });
      for (const f of FIELDS) {
        const id = `map-${f}`;
        const sel = select({ id, 'data-field': f, 'data-testid': `mapping-${f}` }, options, '');
        sel.addEventListener('change', () => {
          mapping = withField(mapping, f, sel.value);
          inspect(mapping);
        });
        selects.set(f, sel);
        append(mappingGrid, [h('label', { for: id }, fieldLabel(f)), sel]);
      }
    }
    for (const f of FIELDS) {
      const v = insp.mapping[f];
      const sel = selects.get(f);
      if (sel) sel.value = v === null || v === undefined ? '' : String(v);
    }
  };

  // ---- The preview ----
  const inspectStatus = h('p', { id: 'inspect-status', class: 'muted', role: 'status' });
  const preview = h('div', { id: 'preview', 'data-testid': 'preview' });
  const renderPreview = (insp: TableInspection | null): void => {
    clear(preview);
    if (!insp) return;
    preview.appendChild(h('p', { id: 'rows-summary', 'data-testid': 'rows-summary' },
      t('rowsSummary', { rows: formatCount(insp.rows, locale), issues: formatCount(insp.issues, locale) })));
    if (!insp.preview.length) return;
    const fields = FIELDS.filter((f) => insp.mapping[f] !== null && insp.mapping[f] !== undefined);
    const head = h('tr', {}, h('th', { scope: 'col' }, t('previewRow')),
      ...fields.map((f) => h('th', { scope: 'col' }, fieldLabel(f))), h('th', { scope: 'col' }, t('previewIssues')));
    const body = h('tbody');
    for (const r of insp.preview) {
      const bad = r.issues.length > 0;
      body.appendChild(h('tr', { class: bad ? 'issue' : null, 'data-row': r.row },
        h('th', { scope: 'row' }, bad ? `${r.row} ⚠` : r.row),
        ...fields.map((f) => h('td', {}, r.values[f] ?? '')),
        h('td', { class: 'wrap' }, r.issues.join('; '))));
    }
    const table = h('table', { id: 'preview-table', 'data-testid': 'preview-table' },
      h('caption', { class: 'sr-only' }, t('preview')), h('thead', {}, head), body);
    preview.appendChild(scrollBox(t('preview'), table, 'preview'));
  };

  // ---- The KPIs ----
  const kpiList = h('ul', { id: 'kpis', class: 'kpis', 'data-testid': 'kpi-list' });
  const kpiBoxes = new Map<string, { box: HTMLInputElement; item: HTMLLIElement; why: HTMLElement }>();
  for (const k of state.kpis) {
    const id = `kpi-${k.id}`;
    const box = h('input', { type: 'checkbox', id, value: k.id, 'data-kpi': k.id });
    box.addEventListener('change', () => {
      if (box.checked) excluded.delete(k.id);
      else excluded.add(k.id);
    });
    const why = h('span', { class: 'sr-only' });
    const item = h('li', { class: 'check', 'data-kpi': k.id }, box, h('label', { for: id }, k.title, why));
    kpiBoxes.set(k.id, { box, item, why });
    kpiList.appendChild(item);
  }
  const allowed = (): string[] => (inspection ? inspection.kpis : []);
  const renderKpis = (): void => {
    const ok = new Set(allowed());
    for (const k of state.kpis) {
      const entry = kpiBoxes.get(k.id);
      if (!entry) continue;
      const on = ok.has(k.id);
      entry.box.disabled = !on;
      entry.box.checked = on && !excluded.has(k.id);
      entry.item.classList.toggle('off', !on);
      const missing = missingFields(k.needs, inspection?.mapping);
      const why = on ? '' : missing.length ? t('kpiNeeds', { fields: missing.map(fieldLabel).join(', ') }) : t('kpiUnavailable');
      entry.item.title = why;
      entry.box.title = why;
      entry.why.textContent = why ? ` (${why})` : '';
    }
  };
  const kpiAll = h('button', { type: 'button', id: 'kpis-all', class: 'small' }, t('kpisAll'));
  const kpiNone = h('button', { type: 'button', id: 'kpis-none', class: 'small' }, t('kpisNone'));
  kpiAll.addEventListener('click', () => {
    for (const id of allowed()) excluded.delete(id);
    renderKpis();
  });
  kpiNone.addEventListener('click', () => {
    for (const id of allowed()) excluded.add(id);
    renderKpis();
  });

  // ---- Period and options ----
  const granularity = select({ id: 'granularity', 'data-testid': 'granularity' },
    GRANULARITIES.map((g) => [g, t(`gran_${g}` as Key)] as const), init.granularity);
  const period = h('input', {
    type: 'text', id: 'period', 'data-testid': 'period', autocomplete: 'off', spellcheck: 'false',
    placeholder: t('periodPlaceholder'), 'aria-describedby': 'period-help',
  });
  period.value = init.period;
  const sideSelect = (id: string, list: readonly SideChoice[], value: string): HTMLSelectElement =>
    select({ id, 'data-testid': id }, [['', t('none')],
      ...list.map((c) => [c.key, t('sideOption', { sheet: c.ref.sheet, range: c.ref.range ?? '' })] as const)], value);
  const plan = sideSelect('plan', plans, init.plan);
  const spend = sideSelect('spend', spends, init.spend);
  const live = h('input', { type: 'checkbox', id: 'live', 'data-testid': 'live' });
  live.checked = init.live;
  const summaryLocale = select({ id: 'locale', 'data-testid': 'locale' },
    [['en', t('locale_en')], ['ru', t('locale_ru')]], init.locale);

  // ---- Build, progress, result ----
  const buildButton = h('button', { type: 'submit', id: 'build', class: 'primary', 'data-testid': 'build' }, t('build'));
  const progress = h('ol', { id: 'progress', 'data-testid': 'progress', 'aria-label': t('progress') });
  progress.hidden = true;
  const stepItems = STEPS.map((s) => {
    const mark = h('span', { class: 'sr-only' });
    const item = h('li', { 'data-step': s, 'data-state': 'pending' }, t(`step_${s}` as Key), mark);
    progress.appendChild(item);
    return { item, mark };
  });
  const showProgress = (elapsed: number, outcome: Outcome): void => {
    stepStates(elapsed, outcome).forEach((st, i) => {
      const { item, mark } = stepItems[i];
      item.setAttribute('data-state', st);
      if (st === 'active') item.setAttribute('aria-current', 'step');
      else item.removeAttribute('aria-current');
      mark.textContent = ` (${t(`state_${st}` as Key)})`;
    });
  };
  const status = h('p', { id: 'status', class: 'sr-only', role: 'status' });
  const result = h('section', { id: 'result', 'data-testid': 'result', tabindex: -1, 'aria-labelledby': 'result-title' });
  result.hidden = true;

  const goToRow = (sheet: string, row: number): void => {
    clearError();
    call('selectRow', sheet, row).catch(showError);
  };
  const rowButton = (sheet: string, row: number): HTMLButtonElement => {
    const b = h('button', { type: 'button', class: 'link', 'data-row': row, 'aria-label': t('goToRow', { row }) }, row);
    b.addEventListener('click', () => goToRow(sheet, row));
    return b;
  };

  const renderResult = (res: BuildResult, table: TableRef): void => {
    fillWith(result,
      h('h2', { id: 'result-title' }, t('resultTitle')),
      h('p', {}, h('a', {
        id: 'result-link', 'data-testid': 'result-link', href: sheetUrl(res.url, res.sheetId), target: '_blank', rel: 'noopener',
      }, t('openSheet', { sheet: res.sheet }))),
      h('ul', { class: 'stats', id: 'result-stats' },
        h('li', {}, t('resultPeriod', { period: res.period })),
        h('li', { 'data-stat': 'read' }, t('rowsRead', { n: formatCount(res.rowsRead, locale) })),
        h('li', { 'data-stat': 'used' }, t('rowsUsed', { n: formatCount(res.rowsUsed, locale) })),
        h('li', { 'data-stat': 'skipped' }, t('rowsSkipped', { n: formatCount(skippedRows(res), locale) })),
        h('li', { 'data-stat': 'live' }, t('liveFigures', { live: formatCount(res.liveFigures, locale), n: formatCount(res.figures, locale) }))));
    if (!res.issues.length) {
      result.appendChild(h('p', { id: 'no-issues' }, t('noIssues')));
      return;
    }
    result.appendChild(h('h3', { id: 'issues-title' }, t('issuesTitle')));
    if (res.issuesTotal > res.issues.length) {
      result.appendChild(h('p', { class: 'muted' },
        t('issuesShown', { shown: formatCount(res.issues.length, locale), total: formatCount(res.issuesTotal, locale) })));
    }
    const body = h('tbody');
    for (const issue of res.issues) {
      body.appendChild(h('tr', { 'data-row': issue.row },
        h('td', {}, rowButton(table.sheet, issue.row)),
        h('td', {}, issue.column),
        h('td', { class: 'wrap' }, issue.value),
        h('td', { class: 'wrap' }, issue.reason)));
    }
    const table_ = h('table', { id: 'issues', 'data-testid': 'issues', 'aria-labelledby': 'issues-title' },
      h('thead', {}, h('tr', {}, ...(['colRow', 'colColumn', 'colValue', 'colReason'] as const).map((k) => h('th', { scope: 'col' }, t(k))))),
      body);
    result.appendChild(scrollBox(t('issuesTitle'), table_, 'issues'));
  };

  const updateBuild = (): void => {
    buildButton.disabled = building || inspecting || !inspection;
  };

  // ---- Inspecting the table ----
  function inspect(withMapping?: ColumnMapping): void {
    const table = current();
    inspection = null;
    if (!table) {
      renderPreview(null);
      renderKpis();
      updateBuild();
      return;
    }
    const seq = ++inspectSeq;
    inspecting = true;
    inspectStatus.textContent = t('inspecting');
    preview.setAttribute('aria-busy', 'true');
    updateBuild();
    clearError();
    call('inspectTable', table.ref, withMapping).then(
      (insp) => {
        if (seq !== inspectSeq) return;
        inspection = insp;
        mapping = { ...insp.mapping };
        renderMapping(insp, table);
        renderPreview(insp);
      },
      (e) => {
        if (seq !== inspectSeq) return;
        renderPreview(null);
        // Another table's columns are no use; this table's stay, so that a bad choice can be undone.
        if (mappingTable !== table.key) {
          clear(mappingGrid);
          selects.clear();
          mappingFor = '';
          mappingTable = '';
        }
        showError(e);
      },
    ).then(() => {
      if (seq !== inspectSeq) return;
      inspecting = false;
      inspectStatus.textContent = '';
      preview.removeAttribute('aria-busy');
      renderKpis();
      updateBuild();
    });
  }

  // ---- Building ----
  const form = h('form', { id: 'build-form', novalidate: true });
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    runBuild();
  });
  function runBuild(): void {
    if (building) return;
    const table = current();
    if (!table || !inspection) {
      showError(t('errNoTable'));
      return;
    }
    const kpis = checkedKpis(state.kpis.map((k) => k.id), inspection.kpis, excluded);
    if (!kpis.length) {
      showError(t('errNoKpi'));
      return;
    }
    const find = (list: readonly SideChoice[], key: string): TableRef | null => list.find((c) => c.key === key)?.ref ?? null;
    const options = toBuildOptions({
      table: table.ref, mapping, period: period.value, granularity: granularity.value as Granularity,
      kpis, allowed: inspection.kpis, plan: find(plans, plan.value), spend: find(spends, spend.value),
      live: live.checked, locale: summaryLocale.value === 'ru' ? 'ru' : 'en',
    });
    clearError();
    result.hidden = true;
    building = true;
    updateBuild();
    buildButton.textContent = t('building');
    form.setAttribute('aria-busy', 'true');
    status.textContent = t('building');
    const started = Date.now();
    progress.hidden = false;
    showProgress(0, 'running');
    const timer = setInterval(() => showProgress(Date.now() - started, 'running'), 250);
    const finish = (outcome: Outcome): void => {
      clearInterval(timer);
      showProgress(Date.now() - started, outcome);
      building = false;
      buildButton.textContent = t('build');
      form.removeAttribute('aria-busy');
      updateBuild();
    };
    call('buildSummary', options).then(
      (res) => {
        finish('done');
        renderResult(res, table.ref);
        result.hidden = false;
        status.textContent = t('built');
        result.focus();
      },
      (e) => {
        finish('failed');
        status.textContent = '';
        showError(e);
        buildButton.focus();
      },
    );
  }

  // ---- Explaining a cell ----
  const explainButton = h('button', { type: 'button', id: 'explain', 'data-testid': 'explain', 'aria-describedby': 'explain-hint' }, t('explain'));
  const explainPanel = h('section', { id: 'explain-panel', 'data-testid': 'explain-panel', tabindex: -1, 'aria-labelledby': 'explain-title' });
  explainPanel.hidden = true;
  const renderExplain = (x: CellExplanation): void => {
    const sheet = x.sheet;
    const unit = kpiById.get(x.kpi)?.unit;
    const dl = h('dl', { class: 'facts' },
      h('dt', {}, t('explainPeriod')), h('dd', { 'data-fact': 'period' }, x.period),
      x.group !== null && h('dt', {}, t('explainGroup')), x.group !== null && h('dd', { 'data-fact': 'group' }, x.group),
      h('dt', {}, t('explainValue')), h('dd', { 'data-fact': 'value' }, formatValue(x.value, unit, locale)),
      h('dt', {}, t('explainFormula')), h('dd', { 'data-fact': 'formula' }, x.formula));
    fillWith(explainPanel, h('h2', { id: 'explain-title' }, x.title), dl);
    if (x.parts.length) {
      explainPanel.appendChild(h('h3', {}, t('explainParts')));
      explainPanel.appendChild(h('table', { id: 'explain-parts', class: 'parts' }, h('tbody', {},
        ...x.parts.map((p) => h('tr', {}, h('th', { scope: 'row' }, p.label), h('td', { class: 'num' }, formatValue(p.value, undefined, locale)))))));
    }
    explainPanel.appendChild(h('h3', {}, t('explainRows', { n: formatCount(x.rows.length, locale) })));
    if (!x.rows.length) {
      explainPanel.appendChild(h('p', {}, t('noRows')));
      return;
    }
    const shown = x.rows.slice(0, EXPLAIN_ROWS_SHOWN);
    explainPanel.appendChild(h('p', { class: 'rows', id: 'explain-rows' }, ...shown.map((r) => rowButton(sheet, r))));
    if (x.rows.length > shown.length) {
      explainPanel.appendChild(h('p', { class: 'muted' }, t('explainRowsMore', { shown: shown.length })));
    }
  };
  explainButton.addEventListener('click', () => {
    if (explaining) return;
    explaining = true;
    explainButton.setAttribute('aria-busy', 'true');
    clearError();
    call('explainCell').then(
      (x) => {
        renderExplain(x);
        explainPanel.hidden = false;
        explainPanel.focus();
      },
      showError,
    ).then(() => {
      explaining = false;
      explainButton.removeAttribute('aria-busy');
    });
  });

  // ---- The page ----
  append(form, [
    h('fieldset', {}, h('legend', {}, t('tableLegend')),
      field('table', t('table'), tablePick),
      tableNote,
      h('div', { class: 'row' }, useSelection)),
    h('fieldset', {}, h('legend', {}, t('mappingLegend')),
      h('p', { class: 'muted' }, t('mappingHint')),
      mappingGrid,
      inspectStatus,
      preview),
    h('fieldset', {}, h('legend', {}, t('periodLegend')),
      field('granularity', t('granularity'), granularity),
      field('period', t('period'), period, h('p', { id: 'period-help', class: 'muted' }, t('periodHelp')))),
    h('fieldset', { id: 'kpi-fieldset' }, h('legend', {}, t('kpisLegend')),
      h('div', { class: 'row' }, kpiAll, kpiNone),
      kpiList),
    h('fieldset', {}, h('legend', {}, t('optionsLegend')),
      field('plan', t('plan'), plan),
      field('spend', t('spend'), spend),
      h('div', { class: 'check' }, live, h('label', { for: 'live' }, t('live'))),
      field('locale', t('locale'), summaryLocale)),
    buildButton,
  ]);
  fillWith(app,
    h('h1', {}, t('title')),
    form,
    errorBox,
    progress,
    status,
    result,
    h('section', { class: 'explain' },
      explainButton,
      h('p', { id: 'explain-hint', class: 'muted' }, t('explainHint')),
      explainPanel));
  renderKpis();
  updateBuild();
  inspect(init.mapping);
}

/** Starts the sidebar: loading text, the server's state, then the page. */
function start(): void {
  const app = byId<HTMLElement>('app');
  const errorBox = byId<HTMLElement>('error');
  const guess = typeof navigator !== 'undefined' && /^ru/i.test(navigator.language || '') ? 'ru' : 'en';
  const loading = byId<HTMLElement>('loading');
  if (loading) loading.textContent = translator(guess)('loading');
  call('sidebarState').then(
    (state) => mount(state, app, errorBox),
    (e) => {
      if (loading) loading.textContent = '';
      errorBox.textContent = errorMessage(e);
    },
  );
}

start();
