/**
 * Customer value → Fit and save (issue 10): the sidebar fits the customer-value models (KPI_SPEC §8) to a deal table
 * that is too large to fit within a custom function's 30 s, and keeps the fit in the document (developer metadata, so a
 * copy of the workbook keeps it). CLV_PARAMS, P_ALIVE, EXPECTED_PURCHASES, CLV_TABLE and LTV(…, "bgnbd") then use it
 * while the customer summary it was made from is unchanged (src/engine/clv/savedFits.ts).
 */
import type { CallEnv } from '../engine/callEnv';
import { fitToSave } from '../engine/clv/index';
import { readSavedFits, withFit, type SavedFit } from '../engine/clv/savedFits';
import { KpiError } from '../engine/errors';
import { wordsOf } from '../engine/settings';
import type { CustomerValueFit, FitCustomerValueOptions } from './api';
import { CLV_FITS_KEY, readSettings, readText, writeJson } from './documentSettings';
import { checkTableChosen, readGrid, TableError } from './sheetTables';
import { underDocumentLock } from './documentLock';

type Spreadsheet = GoogleAppsScript.Spreadsheet.Spreadsheet;

/** The fits the document keeps, validated: a broken entry (or list) is dropped and named in `problems`, never a crash. */
export function readCustomerValueFits(ss: Spreadsheet): { fits: SavedFit[]; problems: string[] } {
  return readSavedFits(readText(ss.getDeveloperMetadata(), CLV_FITS_KEY));
}

/**
 * Fits the models to the deal table and stores the fit with the document's others (one per calibration end and unit,
 * the latest 8); one at a time per document, under the lock a build takes. The table is read as the functions read
 * their range: its own headers first, the mapping the document keeps for its sheet for the rest, and the document's
 * status and type words, so that the fit's customer summary is the one the functions compute. Throws an Error with the
 * engine's message, after the sheet's name, for a table it cannot fit.
 */
export function fitCustomerValue(options: FitCustomerValueOptions): CustomerValueFit {
  checkTableChosen(options);
  return underDocumentLock('A summary is being built in this spreadsheet: try again in a minute.', () => {
    const ss = SpreadsheetApp.getActiveSpreadsheet();
    const sheet = options.table.sheet;
    const grid = readGrid(ss, options.table);
    // The range's own cells, as a custom function gets them: a saved mapping's indices count from its first column.
    const deals = grid.offset === 0 ? grid.values : grid.values.map((r) => r.slice(grid.offset));
    const saved = readSettings(ss);
    const env: CallEnv = { timeZone: ss.getSpreadsheetTimeZone(), words: wordsOf(saved), mappings: saved.mappings, sheetOfRange: () => sheet };
    let fit: SavedFit;
    try {
      fit = fitToSave(deals, options.calibrationEnd ?? '', options.unit ?? '', env);
    } catch (error) {
      if (error instanceof KpiError) throw new TableError(`${sheet}: ${error.message}`);
      throw error;
    }
    // A broken stored list is replaced: the fits in it could not be used anyway.
    const fits = withFit(readCustomerValueFits(ss).fits, fit);
    writeJson(ss, CLV_FITS_KEY, fits);
    return {
      customers: fit.customers, repeatCustomers: fit.repeatCustomers,
      bgnbd: { r: fit.bgnbd.r, alpha: fit.bgnbd.alpha, a: fit.bgnbd.a, b: fit.bgnbd.b, ll: fit.bgnbd.ll },
      gammaGamma: { p: fit.gammaGamma.p, q: fit.gammaGamma.q, gamma: fit.gammaGamma.gamma, ll: fit.gammaGamma.ll },
      calibrationEnd: fit.calibrationEnd, unit: fit.unit, fittedAt: fit.fittedAt, savedFits: fits.length,
    };
  });
}
