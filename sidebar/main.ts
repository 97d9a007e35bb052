/**
 * The sidebar: pick a deal table (or insert the template), check its columns, choose the period, KPIs and options,
 * build the summary, see what was skipped, and explain a summary cell; below, three collapsible panels: customer value
 * (fit the models to the table and save the fit for the functions), the scheduled rebuild with its alert rules, and the
 * spreadsheet's settings (words, fiscal year, currency, benchmarks). Plain DOM code; every value from the server is put in
 * as text (dom.ts). Stable ids and data-testid attributes are listed in sidebar/README.md.
 */
import type {
  AlertOp, BuildOptions, BuildResult, CellExplanation, ClvUnit, ColumnMapping, Granularity, Locale, ScheduleFrequency, ScheduleState, Settings,
  SidebarState, TableInspection, TableRef,
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
import {
  ALERT_OPS, BENCHMARKS, STATUS_CLASSES, TYPE_CLASSES, currencyOk, fromRuleRows, fromSettingsForm, shownNumber, toRuleRow,
  toSettingsForm, type RuleRow, type SettingsForm,
} from './settings';

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

/** A collapsible panel: a `<details>` with its title. */
function panel(id: string, title: string, ...children: HTMLElement[]): HTMLDetailsElement {
  return h('details', { id, class: 'panel', 'data-testid': id }, h('summary', {}, title), ...children);
}

/**
 * A panel's messages: a status line ("Saved.") and an error line in the alert style, each empty when there is nothing
 * to say. The error line is an assertive live region, not a second role="alert": the page's one alert region is #error.
 */
function messages(prefix: string): { ok: HTMLElement; bad: HTMLElement; say(text: string): void; fail(e: unknown): void } {
  const ok = h('p', { id: `${prefix}-status`, class: 'ok', role: 'status', 'data-testid': `${prefix}-status` });
  const bad = h('p', { id: `${prefix}-error`, class: 'alert', 'aria-live': 'assertive', 'data-testid': `${prefix}-error` });
  return {
    ok, bad,
    say(text) {
      ok.textContent = text;
      bad.textContent = '';
    },
    fail(e) {
      ok.textContent = '';
      bad.textContent = errorMessage(e);
    },
  };
}

/** The schedule frequencies, in the select's order. */
const FREQUENCIES: readonly ScheduleFrequency[] = ['off', 'daily', 'weekly'];
/** The customer-value models' units, in the select's order. */
const CLV_UNITS: readonly ClvUnit[] = ['day', 'week', 'month'];
/** An alert comparison's label. */
const OP_KEYS: Record<AlertOp, Key> = { '<': 'op_lt', '<=': 'op_le', '>': 'op_gt', '>=': 'op_ge' };

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
  let plans = sideChoices(state, 'plan');
  let spends = sideChoices(state, 'spend');
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

  // ---- The template ----
  const templateSample = h('input', { type: 'checkbox', id: 'template-sample', 'data-testid': 'template-sample' });
  const templateButton = h('button', { type: 'button', id: 'insert-template', 'data-testid': 'insert-template' }, t('insertTemplate'));
  const templateStatus = h('p', { id: 'template-status', class: 'ok', role: 'status', 'data-testid': 'template-status' });
  let inserting = false;
  /** The pickers after the spreadsheet changed: the table kept if it is still there, else the template's deal sheet. */
  const refreshTables = (fresh: SidebarState, added: readonly string[]): void => {
    const before = tablePick.value;
    const next = tableChoices(fresh);
    tables = next.concat(tables.filter((c) => c.kind === 'selection' && !next.some((n) => n.key === c.key)));
    const kept = before !== '' && tables.some((c) => c.key === before);
    fillTables(kept ? before : (tables.find((c) => c.kind === 'table' && added.includes(c.ref.sheet)) ?? tables[0])?.key ?? null);
    plans = sideChoices(fresh, 'plan');
    spends = sideChoices(fresh, 'spend');
    fillSide(plan, plans);
    fillSide(spend, spends);
    if (!kept) inspect();
  };
  templateButton.addEventListener('click', () => {
    if (inserting) return;
    inserting = true;
    templateButton.setAttribute('aria-busy', 'true');
    templateStatus.textContent = t('inserting');
    clearError();
    call('insertTemplate', { locale, sample: templateSample.checked }).then(
      (res) => {
        templateStatus.textContent = t('templateAdded', { sheets: res.sheets.join(', ') });
        return call('sidebarState').then((fresh) => refreshTables(fresh, res.sheets), showError);
      },
      (e) => {
        templateStatus.textContent = '';
        showError(e);
      },
    ).then(() => {
      inserting = false;
      templateButton.removeAttribute('aria-busy');
    });
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
  /** Fills a plan or spend picker, keeping its value when it is still offered. */
  function fillSide(sel: HTMLSelectElement, list: readonly SideChoice[], value = sel.value): void {
    clear(sel);
    sel.appendChild(h('option', { value: '' }, t('none')));
    for (const c of list) sel.appendChild(h('option', { value: c.key }, t('sideOption', { sheet: c.ref.sheet, range: c.ref.range ?? '' })));
    sel.value = list.some((c) => c.key === value) ? value : '';
  }
  const plan = h('select', { id: 'plan', 'data-testid': 'plan' });
  fillSide(plan, plans, init.plan);
  const spend = h('select', { id: 'spend', 'data-testid': 'spend' });
  fillSide(spend, spends, init.spend);
  const live = h('input', { type: 'checkbox', id: 'live', 'data-testid': 'live' });
  live.checked = init.live;
  const history = h('input', { type: 'checkbox', id: 'history', 'data-testid': 'history' });
  history.checked = init.history;
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
  /** The options the form chooses (the build's, and the SQL's), or null once the missing choice is shown. */
  function chosen(): BuildOptions | null {
    const table = current();
    if (!table || !inspection) {
      showError(t('errNoTable'));
      return null;
    }
    const kpis = checkedKpis(state.kpis.map((k) => k.id), inspection.kpis, excluded);
    if (!kpis.length) {
      showError(t('errNoKpi'));
      return null;
    }
    const find = (list: readonly SideChoice[], key: string): TableRef | null => list.find((c) => c.key === key)?.ref ?? null;
    return toBuildOptions({
      table: table.ref, mapping, period: period.value, granularity: granularity.value as Granularity,
      kpis, allowed: inspection.kpis, plan: find(plans, plan.value), spend: find(spends, spend.value),
      live: live.checked, history: history.checked, locale: summaryLocale.value === 'ru' ? 'ru' : 'en',
    });
  }
  function runBuild(): void {
    if (building) return;
    const table = current();
    const options = chosen();
    if (!table || !options) return;
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

  // ---- Copy as BigQuery SQL: the choices as one query over the canonical deal table ----
  const sqlButton = h('button', { type: 'button', id: 'copy-sql' }, t('copySql'));
  const sqlBox = h('section', { id: 'sql' });
  sqlButton.addEventListener('click', () => {
    const options = chosen();
    if (!options) return;
    clearError();
    call('bigQuerySql', options).then((r) => {
      const area = h('textarea', { readonly: true, rows: 8, 'aria-label': t('copySql') });
      const said = h('p', { role: 'status' });
      const done = (ok: boolean): void => {
        said.textContent = t(ok ? 'sqlCopied' : 'sqlCtrlC');
      };
      area.value = r.sql;
      fillWith(sqlBox,
        h('p', {}, t('sqlFor', { sheet: options.table.sheet, period: r.period || '—', by: t(`gran_${r.granularity}` as Key), n: r.kpis.length })),
        area, said,
        r.skipped.length > 0 && h('ul', { 'aria-label': t('sqlSkipped') }, ...r.skipped.map((x) => h('li', {}, `${x.kpi}: ${x.reason}`))),
        h('p', { class: 'muted' }, t('sqlNote')));
      area.select();
      // The sidebar's frame may refuse the clipboard API: then the old command on the selected text, else Ctrl+C by hand.
      Promise.resolve().then(() => navigator.clipboard.writeText(r.sql)).then(() => done(true), () => {
        area.select();
        try {
          done(document.execCommand('copy'));
        } catch {
          done(false);
        }
      });
    }, showError);
  });

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

  // ---- Customer value: fit the models and save them in the document ----
  const clvMsg = messages('clv');
  const clvEnd = h('input', {
    type: 'text', id: 'clv-end', 'data-testid': 'clv-end', autocomplete: 'off', spellcheck: 'false', placeholder: t('clvEndPlaceholder'),
  });
  const clvUnit = select({ id: 'clv-unit', 'data-testid': 'clv-unit' }, CLV_UNITS.map((u) => [u, t(`gran_${u}` as Key)] as const), 'week');
  const clvButton = h('button', { type: 'button', id: 'clv-fit', 'data-testid': 'clv-fit' }, t('clvFit'));
  const clvResult = h('div', { id: 'clv-result', 'data-testid': 'clv-result' });
  let fitting = false;
  const param = (v: number): string =>
    new Intl.NumberFormat(locale === 'ru' ? 'ru-RU' : 'en-US', { maximumSignificantDigits: 4 }).format(v);
  clvButton.addEventListener('click', () => {
    if (fitting) return;
    const table = current();
    if (!table) {
      clvMsg.fail(t('errNoTable'));
      return;
    }
    fitting = true;
    clvButton.disabled = true;
    clvButton.setAttribute('aria-busy', 'true');
    clear(clvResult);
    clvMsg.say(t('clvFitting'));
    call('fitCustomerValue', { table: table.ref, calibrationEnd: clvEnd.value.trim() || undefined, unit: clvUnit.value as ClvUnit }).then(
      (r) => {
        clvMsg.say('');
        const rows: [string, number][] = [
          ['r', r.bgnbd.r], ['alpha', r.bgnbd.alpha], ['a', r.bgnbd.a], ['b', r.bgnbd.b], ['bgnbd_ll', r.bgnbd.ll],
          ['p', r.gammaGamma.p], ['q', r.gammaGamma.q], ['gamma', r.gammaGamma.gamma], ['gg_ll', r.gammaGamma.ll],
        ];
        fillWith(clvResult,
          h('p', { id: 'clv-fitted' }, t('clvFitted', {
            table: table.ref.sheet, customers: formatCount(r.customers, locale), repeat: formatCount(r.repeatCustomers, locale),
            end: r.calibrationEnd, unit: t(`gran_${r.unit}` as Key).toLowerCase(),
          })),
          h('table', { id: 'clv-params', class: 'parts' }, h('tbody', {},
            ...rows.map(([name, v]) => h('tr', { 'data-param': name }, h('th', { scope: 'row' }, name), h('td', { class: 'num' }, param(v)))))),
          h('p', { class: 'ok' }, t('clvUsed')),
          h('p', { class: 'muted' }, t('clvKept', { n: r.savedFits })));
      },
      clvMsg.fail,
    ).then(() => {
      fitting = false;
      clvButton.disabled = false;
      clvButton.removeAttribute('aria-busy');
    });
  });
  const clvPanel = panel('clv-panel', t('clvTitle'), h('div', {},
    h('p', { class: 'muted' }, t('clvHint')),
    field('clv-end', t('clvEnd'), clvEnd),
    field('clv-unit', t('clvUnit'), clvUnit),
    h('div', { class: 'row' }, clvButton),
    clvMsg.ok,
    clvMsg.bad,
    clvResult));

  // ---- Schedule and alerts ----
  const isRate = (kpi: string): boolean => kpiById.get(kpi)?.unit === 'rate';
  const freqText = (f: ScheduleFrequency): string => t(`freq_${f}` as Key);
  const scheduleMsg = messages('schedule');
  const frequency = select({ id: 'schedule-frequency', 'data-testid': 'schedule-frequency' },
    FREQUENCIES.map((f) => [f, freqText(f)] as const), 'off');
  const scheduleNow = h('p', { id: 'schedule-now', class: 'muted', 'data-testid': 'schedule-now' });
  const ruleList = h('ul', { id: 'alert-rules', class: 'rules', 'data-testid': 'alert-rules' });
  const rulesNote = h('p', { id: 'alert-rules-note', class: 'muted' });
  const addRuleButton = h('button', { type: 'button', id: 'add-rule', class: 'small', 'data-testid': 'add-rule' }, t('addRule'));
  const saveScheduleButton = h('button', { type: 'button', id: 'save-schedule', 'data-testid': 'save-schedule' }, t('saveSchedule'));
  interface RuleControls {
    li: HTMLLIElement; kpi: HTMLSelectElement; op: HTMLSelectElement; value: HTMLInputElement;
    labels: HTMLLabelElement[]; unit: HTMLElement; remove: HTMLButtonElement;
  }
  let rules: RuleControls[] = [];
  /** False while the document names no rules (the benchmarks' defaults apply) and the user changed none. */
  let rulesExplicit = false;
  let ruleSeq = 0;
  let lastRun: ScheduleState['lastRun'];
  let scheduleBusy = false;
  let scheduleDirty = false;
  let scheduleLoaded = false;
  const renumberRules = (): void => {
    rules.forEach((r, i) => {
      const n = i + 1;
      const rate = isRate(r.kpi.value);
      const [kpiLabel, opLabel, valueLabel] = r.labels;
      kpiLabel.textContent = t('rule', { n });
      opLabel.textContent = t('ruleOp', { n });
      valueLabel.textContent = t('ruleValue', { n, unit: rate ? '(%)' : '' }).trim();
      r.unit.textContent = rate ? '%' : '';
      r.remove.setAttribute('aria-label', t('removeRule', { n }));
      r.li.setAttribute('data-rule', String(n));
    });
    rulesNote.textContent = rules.length ? '' : t(rulesExplicit ? 'alertsNone' : 'alertsDefault');
    rulesNote.hidden = rules.length > 0;
  };
  const addRule = (row: RuleRow): RuleControls => {
    const id = ++ruleSeq;
    const kpiOptions = state.kpis.map((k) => [k.id, k.title] as const);
    const kpi = select({ id: `rule-kpi-${id}`, class: 'rule-kpi' },
      kpiById.has(row.kpi) ? kpiOptions : [...kpiOptions, [row.kpi, row.kpi] as const], row.kpi);
    const op = select({ id: `rule-op-${id}`, class: 'rule-op' }, ALERT_OPS.map((o) => [o, t(OP_KEYS[o])] as const), row.op);
    const value = h('input', { type: 'number', id: `rule-value-${id}`, class: 'rule-value', step: 'any', inputmode: 'decimal' });
    value.value = row.value;
    const unit = h('span', { class: 'unit', 'aria-hidden': 'true' });
    const remove = h('button', { type: 'button', class: 'small rule-remove' }, t('remove'));
    const labels = [h('label', { for: kpi.id }), h('label', { for: op.id, class: 'sr-only' }), h('label', { for: value.id, class: 'sr-only' })];
    const li = h('li', { class: 'rule' }, labels[0], kpi, h('div', { class: 'row' }, labels[1], op, labels[2], value, unit, remove));
    const r: RuleControls = { li, kpi, op, value, labels, unit, remove };
    kpi.addEventListener('change', renumberRules);
    remove.addEventListener('click', () => {
      const i = rules.indexOf(r);
      rules.splice(i, 1);
      li.remove();
      rulesExplicit = true;
      scheduleDirty = true;
      renumberRules();
      (rules[i]?.remove ?? rules[i - 1]?.remove ?? addRuleButton).focus();
    });
    rules.push(r);
    ruleList.appendChild(li);
    renumberRules();
    return r;
  };
  addRuleButton.addEventListener('click', () => {
    rulesExplicit = true;
    scheduleDirty = true;
    addRule({ kpi: kpiById.has('win_rate') ? 'win_rate' : state.kpis[0]?.id ?? '', op: '<', value: '' }).kpi.focus();
  });
  const runTime = (iso: string): string => `${iso.slice(0, 16).replace('T', ' ')} UTC`;
  const showNow = (f: ScheduleFrequency): void => {
    fillWith(scheduleNow, t('scheduleNow', { frequency: freqText(f) }),
      lastRun && h('br'),
      lastRun && (lastRun.ok
        ? t('lastRunOk', { at: runTime(lastRun.at), n: lastRun.fired ?? 0 })
        : t('lastRunFailed', { at: runTime(lastRun.at), reason: lastRun.reason ?? '' })));
  };
  const fillSchedule = (s: ScheduleState): void => {
    frequency.value = s.frequency;
    for (const r of rules) r.li.remove();
    rules = [];
    rulesExplicit = s.alerts !== undefined;
    for (const rule of s.alerts ?? []) addRule(toRuleRow(rule, isRate));
    renumberRules();
    lastRun = s.lastRun;
    showNow(s.frequency);
    scheduleDirty = false;
  };
  const scheduleBody = h('div', {},
    field('schedule-frequency', t('frequency'), frequency),
    scheduleNow,
    h('h3', {}, t('alertsLegend')),
    rulesNote,
    ruleList,
    h('div', { class: 'row' }, addRuleButton),
    h('div', { class: 'row' }, saveScheduleButton),
    scheduleMsg.ok,
    scheduleMsg.bad);
  scheduleBody.addEventListener('input', () => {
    scheduleDirty = true;
  });
  const schedulePanel = panel('schedule-panel', t('scheduleTitle'), scheduleBody);
  const busyPanel = (body: HTMLElement, busy: boolean): void => {
    if (busy) body.setAttribute('aria-busy', 'true');
    else body.removeAttribute('aria-busy');
  };
  schedulePanel.addEventListener('toggle', () => {
    if (!schedulePanel.open || scheduleBusy || (scheduleLoaded && scheduleDirty)) return;
    scheduleBusy = true;
    busyPanel(scheduleBody, true);
    scheduleMsg.say(t('loading'));
    call('readSchedule').then(
      (s) => {
        fillSchedule(s);
        scheduleLoaded = true;
        scheduleMsg.say('');
      },
      scheduleMsg.fail,
    ).then(() => {
      scheduleBusy = false;
      busyPanel(scheduleBody, false);
    });
  });
  renumberRules();
  saveScheduleButton.addEventListener('click', () => {
    if (scheduleBusy) return;
    const alerts = fromRuleRows(rules.map((r) => ({ kpi: r.kpi.value, op: r.op.value as AlertOp, value: r.value.value })), isRate);
    if (typeof alerts === 'number') {
      scheduleMsg.fail(t('errRuleValue', { n: alerts }));
      rules[alerts - 1].value.focus();
      return;
    }
    const f = frequency.value as ScheduleFrequency;
    scheduleBusy = true;
    busyPanel(scheduleBody, true);
    scheduleMsg.say(t('saving'));
    call('setSchedule', rulesExplicit ? { frequency: f, alerts } : { frequency: f }).then(
      () => {
        scheduleMsg.say(t('scheduleSaved', { frequency: freqText(f) }));
        showNow(f);
        scheduleDirty = false;
      },
      scheduleMsg.fail,
    ).then(() => {
      scheduleBusy = false;
      busyPanel(scheduleBody, false);
    });
  });

  // ---- Settings ----
  const settingsMsg = messages('settings');
  const problemsList = h('ul', {});
  const problemsBox = h('div', { id: 'settings-problems', class: 'alert', 'data-testid': 'settings-problems' },
    h('p', {}, t('settingsProblems')), problemsList);
  problemsBox.hidden = true;
  const showProblems = (list: readonly string[] | undefined): void => {
    fillWith(problemsList, ...(list ?? []).map((x) => h('li', {}, x)));
    problemsBox.hidden = !list?.length;
  };
  const wordArea = (c: string): HTMLTextAreaElement =>
    h('textarea', { id: `words-${c}`, 'data-words': c, 'data-testid': `words-${c}`, rows: 2, spellcheck: 'false', 'aria-describedby': 'words-hint' });
  const statusAreas = STATUS_CLASSES.map((c) => [c, wordArea(c)] as const);
  const typeAreas = TYPE_CLASSES.map((c) => [c, wordArea(c)] as const);
  const monthFormat = new Intl.DateTimeFormat(locale === 'ru' ? 'ru-RU' : 'en-US', { month: 'long', timeZone: 'UTC' });
  const monthName = (m: number): string => {
    const name = monthFormat.format(new Date(Date.UTC(2000, m - 1, 1)));
    return name.charAt(0).toUpperCase() + name.slice(1);
  };
  const fiscal = select({ id: 'fiscal-year-start', 'data-testid': 'fiscal-year-start' },
    Array.from({ length: 12 }, (_, i) => [String(i + 1), monthName(i + 1)] as const), '1');
  const currency = h('input', {
    type: 'text', id: 'currency', 'data-testid': 'currency', maxlength: 3, autocomplete: 'off', spellcheck: 'false', placeholder: 'USD',
  });
  const benchInputs = BENCHMARKS.map((b) => [b.key, h('input', {
    type: 'number', id: `bench-${b.key}`, 'data-benchmark': b.key, min: 0, step: 'any', inputmode: 'decimal',
    placeholder: shownNumber(b.default, b.rate),
  })] as const);
  const saveSettingsButton = h('button', { type: 'button', id: 'save-settings', 'data-testid': 'save-settings' }, t('saveSettings'));
  saveSettingsButton.disabled = true;
  let settingsBusy = false;
  let settingsDirty = false;
  let settingsLoaded = false;
  const values = (list: readonly (readonly [string, HTMLInputElement | HTMLTextAreaElement])[]): Record<string, string> =>
    Object.fromEntries(list.map(([k, el]) => [k, el.value]));
  const settingsForm = (): SettingsForm => ({
    statusWords: values(statusAreas), typeWords: values(typeAreas), fiscalYearStart: fiscal.value, currency: currency.value,
    benchmarks: values(benchInputs),
  });
  const fillSettings = (s: Settings & { problems?: string[] }): void => {
    const f = toSettingsForm(s);
    for (const [c, el] of statusAreas) el.value = f.statusWords[c];
    for (const [c, el] of typeAreas) el.value = f.typeWords[c];
    fiscal.value = f.fiscalYearStart;
    currency.value = f.currency;
    for (const [k, el] of benchInputs) el.value = f.benchmarks[k];
    showProblems(s.problems);
    settingsLoaded = true;
    settingsDirty = false;
    saveSettingsButton.disabled = false;
  };
  const wordsField = (c: string, el: HTMLTextAreaElement): HTMLElement => field(el.id, t(`words_${c}` as Key), el);
  const settingsBody = h('div', {},
    h('p', { class: 'muted' }, t('settingsHint')),
    problemsBox,
    h('fieldset', {}, h('legend', {}, t('statusWordsLegend')),
      h('p', { id: 'words-hint', class: 'muted' }, t('wordsHint')),
      ...statusAreas.map(([c, el]) => wordsField(c, el))),
    h('fieldset', {}, h('legend', {}, t('typeWordsLegend')),
      ...typeAreas.map(([c, el]) => wordsField(c, el))),
    field('fiscal-year-start', t('fiscalYearStart'), fiscal),
    field('currency', t('currency'), currency),
    h('fieldset', {}, h('legend', {}, t('benchmarksLegend')),
      h('p', { class: 'muted' }, t('benchmarksHint')),
      h('div', { class: 'pairs' }, ...benchInputs.flatMap(([k, el]) => [h('label', { for: el.id }, t(`bench_${k}` as Key)), el]))),
    h('div', { class: 'row' }, saveSettingsButton),
    settingsMsg.ok,
    settingsMsg.bad);
  settingsBody.addEventListener('input', () => {
    settingsDirty = true;
  });
  const settingsPanel = panel('settings-panel', t('settingsTitle'), settingsBody);
  /** Runs one settings call at a time, the panel marked busy meanwhile. */
  const settingsCall = (pending: string, run: () => Promise<Settings & { problems?: string[] }>, done: string): void => {
    settingsBusy = true;
    busyPanel(settingsBody, true);
    settingsMsg.say(pending);
    run().then(
      (s) => {
        fillSettings(s);
        settingsMsg.say(done);
      },
      settingsMsg.fail,
    ).then(() => {
      settingsBusy = false;
      busyPanel(settingsBody, false);
    });
  };
  settingsPanel.addEventListener('toggle', () => {
    if (!settingsPanel.open || settingsBusy || (settingsLoaded && settingsDirty)) return;
    settingsCall(t('loading'), () => call('settings'), '');
  });
  saveSettingsButton.addEventListener('click', () => {
    if (settingsBusy || !settingsLoaded) return;
    if (!currencyOk(currency.value)) {
      settingsMsg.fail(t('errCurrency'));
      currency.focus();
      return;
    }
    const form = settingsForm();
    // The document's settings read again just before, so that a build meanwhile keeps its lastBuild.
    settingsCall(t('saving'), () => call('settings').then((base) => call('saveSettings', fromSettingsForm(base, form))), t('saved'));
  });

  // ---- The page ----
  append(form, [
    h('fieldset', {}, h('legend', {}, t('tableLegend')),
      field('table', t('table'), tablePick),
      tableNote,
      h('div', { class: 'row' }, useSelection),
      h('p', { class: 'muted' }, t('templateHint')),
      h('div', { class: 'check' }, templateSample, h('label', { for: 'template-sample' }, t('templateSample'))),
      h('div', { class: 'row' }, templateButton),
      templateStatus),
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
      h('div', { class: 'check' }, history, h('label', { for: 'history' }, t('history'))),
      field('locale', t('locale'), summaryLocale)),
    buildButton,
    h('div', { class: 'row' }, sqlButton),
  ]);
  fillWith(app,
    h('h1', {}, t('title')),
    form,
    errorBox,
    progress,
    status,
    result,
    sqlBox,
    h('section', { class: 'explain' },
      explainButton,
      h('p', { id: 'explain-hint', class: 'muted' }, t('explainHint')),
      explainPanel),
    clvPanel,
    schedulePanel,
    settingsPanel);
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
